"""The portal's URLs plus the load benchmark's floor (bench/load/instruments.py)."""

from django.urls import path

from bench.load import instruments
from pa_portal.urls import urlpatterns as portal_urlpatterns

urlpatterns = [*portal_urlpatterns, path("bench/floor", instruments.floor)]
