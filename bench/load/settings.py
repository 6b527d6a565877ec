"""The portal's settings with the load benchmark's instruments (bench/load/instruments.py):
run.sh exports DJANGO_SETTINGS_MODULE=bench.load.settings for the web nodes it measures. The
product's settings know nothing of them, so no environment variable can switch them on there."""

from pa_portal.settings import *  # noqa: F403
from pa_portal.settings import MIDDLEWARE

# Outermost, so the Server-Timing figures cover every other middleware and the view.
MIDDLEWARE = ["bench.load.instruments.ServerTimingMiddleware", *MIDDLEWARE]
ROOT_URLCONF = "bench.load.urls"
