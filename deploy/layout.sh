#!/usr/bin/env bash
# Start and stop the portal's production layout on loopback (docs/deployment.md).
#
#   deploy/layout.sh start single   one gunicorn node on 127.0.0.1:$SINGLE_PORT (8200)
#   deploy/layout.sh start proxy    nginx on 127.0.0.1:$PROXY_PORT (8100) in front of two
#                                   gunicorn nodes on :$NODE1_PORT (8101) and :$NODE2_PORT (8102)
#   deploy/layout.sh stop           stop whatever this script started (by its pid files)
#
# Both layouts also start two Celery workers: one on the default queue (e-mails, reminders)
# and one, at lower CPU priority, on the "pdf" queue (PDFs and packets). Everything else comes
# from the caller's environment: DATABASE_URL, CELERY_BROKER_URL, SECRET_KEY, ALLOWED_HOSTS …
# Processes, logs and pid files live in $RUN_DIR (var/layout).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
VENV=${VENV:-$ROOT/.venv}
RUN_DIR=${RUN_DIR:-$ROOT/var/layout}
SINGLE_PORT=${SINGLE_PORT:-8200}
PROXY_PORT=${PROXY_PORT:-8100}
NODE1_PORT=${NODE1_PORT:-8101}
NODE2_PORT=${NODE2_PORT:-8102}
# Per node; a single node gets the sum of both, so the two layouts use the same processes.
NODE_WORKERS=${NODE_WORKERS:-2}
NODE_THREADS=${NODE_THREADS:-4}
STATIC_ROOT=${STATIC_ROOT:-$ROOT/staticfiles}

started() { # name, command…: run in the background, remember its pid
  local name=$1
  shift
  "$@" >"$RUN_DIR/$name.log" 2>&1 &
  echo $! >"$RUN_DIR/$name.pid"
}

wait_http() { # url: until it answers 200, at most 60 s
  for _ in $(seq 1 120); do
    if [ "$(curl -s -o /dev/null -w '%{http_code}' "$1")" = "200" ]; then return 0; fi
    sleep 0.5
  done
  echo "no answer from $1" >&2
  return 1
}

web_node() { # name, port, workers
  started "$1" env GUNICORN_BIND="127.0.0.1:$2" WEB_CONCURRENCY="$3" GUNICORN_THREADS="$NODE_THREADS" \
    GUNICORN_NAME="pa-portal-$1" "$VENV/bin/gunicorn" -c "$ROOT/deploy/gunicorn.conf.py" pa_portal.wsgi
}

workers() {
  started worker-default "$VENV/bin/celery" -A pa_portal worker -Q celery -c 1 -n "default@%h" -l warning
  # PDFs are CPU-heavy and nobody waits on the page for them: the idle scheduling class, so the
  # renderer only takes CPU that the web nodes, PostgreSQL and the load generator leave.
  started worker-pdf chrt --idle 0 "$VENV/bin/celery" -A pa_portal worker -Q "${CELERY_PDF_QUEUE:-pdf}" -c 1 \
    -n "pdf@%h" -l warning
}

nginx_conf() {
  local prefix=$RUN_DIR/nginx
  mkdir -p "$prefix"/tmp/{body,proxy,fastcgi,uwsgi,scgi}
  # nginx's workers may run as another user (when started as root): let them write their buffers.
  chmod -R 0777 "$prefix/tmp"
  local servers="        server 127.0.0.1:$NODE1_PORT max_fails=3 fail_timeout=10s;
        server 127.0.0.1:$NODE2_PORT max_fails=3 fail_timeout=10s;"
  local access_log=${NGINX_ACCESS_LOG:-off}
  PREFIX=$prefix LISTEN="127.0.0.1:$PROXY_PORT" STATIC=$STATIC_ROOT SERVERS=$servers LOG=$access_log \
    "$VENV/bin/python" - "$ROOT/deploy/nginx.conf.template" "$prefix/nginx.conf" <<'PY'
import os, sys
text = open(sys.argv[1], encoding="utf-8").read()
for key, env in (("PREFIX", "PREFIX"), ("LISTEN", "LISTEN"), ("STATIC_ROOT", "STATIC"),
                 ("UPSTREAM_SERVERS", "SERVERS"), ("ACCESS_LOG", "LOG")):
    text = text.replace(f"@{key}@", os.environ[env])
open(sys.argv[2], "w", encoding="utf-8").write(text)
PY
  nginx -t -q -p "$prefix" -c "$prefix/nginx.conf"
}

start() {
  mkdir -p "$RUN_DIR"
  if ls "$RUN_DIR"/*.pid >/dev/null 2>&1; then
    echo "already running (pid files in $RUN_DIR); run '$0 stop' first" >&2
    exit 1
  fi
  case "$1" in
    single)
      web_node web "$SINGLE_PORT" $((NODE_WORKERS * 2))
      workers
      wait_http "http://127.0.0.1:$SINGLE_PORT/healthz"
      echo "http://127.0.0.1:$SINGLE_PORT"
      ;;
    proxy)
      nginx_conf
      web_node web1 "$NODE1_PORT" "$NODE_WORKERS"
      web_node web2 "$NODE2_PORT" "$NODE_WORKERS"
      workers
      started nginx nginx -p "$RUN_DIR/nginx" -c "$RUN_DIR/nginx/nginx.conf" -g "daemon off;"
      wait_http "http://127.0.0.1:$NODE1_PORT/healthz"
      wait_http "http://127.0.0.1:$NODE2_PORT/healthz"
      wait_http "http://127.0.0.1:$PROXY_PORT/healthz"
      echo "http://127.0.0.1:$PROXY_PORT"
      ;;
    *)
      echo "usage: $0 start single|proxy" >&2
      exit 2
      ;;
  esac
}

stop() {
  local pidfile pid
  for pidfile in "$RUN_DIR"/*.pid; do
    [ -e "$pidfile" ] || continue
    pid=$(cat "$pidfile")
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 40); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.5
    done
    kill -KILL "$pid" 2>/dev/null || true
    rm -f "$pidfile"
  done
}

case "${1:-}" in
  start) start "${2:-single}" ;;
  stop) stop ;;
  *)
    echo "usage: $0 start single|proxy | stop" >&2
    exit 2
    ;;
esac
