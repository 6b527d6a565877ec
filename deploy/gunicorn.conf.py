"""gunicorn settings of one web node, from the environment (see docs/deployment.md).

gunicorn -c deploy/gunicorn.conf.py pa_portal.wsgi
"""

import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# Threads overlap the waits on PostgreSQL; processes use the cores. Two of each per core is a
# start; bench/load measures what a machine really takes.
workers = int(os.environ.get("WEB_CONCURRENCY", "3"))
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
# Loading Django once before forking saves memory and start-up time; connections open per worker.
preload_app = True
# A recycled worker frees whatever a long day of requests left behind.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "5000"))
max_requests_jitter = max_requests // 10
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = 30
keepalive = 5
accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None
errorlog = "-"
proc_name = os.environ.get("GUNICORN_NAME", "pa-portal")
