#!/usr/bin/env bash
# The deadline-day load benchmark, in one command (make bench-load). Traffic goes to 127.0.0.1 only.
#
#   bench/load/run.sh                 single node at 50 and 200 users, then nginx + two nodes at 200
#   SCENARIOS="single:50" bench/load/run.sh        just one run (layout:users, space-separated)
#
# Each run starts from the same seeded PostgreSQL database (pa_portal_load, copied from the
# template pa_portal_load_seed, which is rebuilt when migrations or the generator change), with
# a Redis-backed Celery worker per queue, gunicorn (deploy/layout.sh), and locust headless for
# DURATION seconds of steady state. Afterwards bench/load/verify.py checks every submitted agreement and
# bench/load/report.py writes the tables for docs/PERFORMANCE.md into bench/load/results/.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT"
VENV=${VENV:-$ROOT/.venv}
PY=$VENV/bin/python
SCENARIOS=${SCENARIOS:-"single:50 single:200 proxy:200"}
DURATION=${DURATION:-180}
SPAWN_RATE=${SPAWN_RATE:-2}
OFFICES=${OFFICES:-245}
DEPUTIES=${DEPUTIES:-3}
PGURL=${PGURL:-postgres://postgres@127.0.0.1:5432}
DB=pa_portal_load
SEED_DB=pa_portal_load_seed
OUT=${OUT:-$ROOT/bench/load/results/$(date -u +%Y%m%d-%H%M%S)}
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)  # absolute: nginx resolves relative paths against its own prefix

export PGHOST=127.0.0.1 PGPORT=5432 PGUSER=postgres
export DATABASE_URL="$PGURL/$DB"
export CELERY_BROKER_URL=${CELERY_BROKER_URL:-redis://127.0.0.1:6379/2}
export DEBUG=0 SECURE=0 SECRET_KEY="bench-load-only-$(date +%s)-not-a-secret"
export ALLOWED_HOSTS=127.0.0.1,localhost
# The web nodes (and every manage.py below) run with the benchmark's instruments: the Server-Timing
# middleware and /bench/floor (bench/load/settings.py); the product's own settings never have them.
export DJANGO_SETTINGS_MODULE=bench.load.settings PYTHONPATH="$ROOT${PYTHONPATH:+:$PYTHONPATH}"
export DB_CONN_MAX_AGE=${DB_CONN_MAX_AGE:-60}
export VAR_DIR=$OUT/var MEDIA_ROOT=$OUT/var/media LOG_LEVEL=WARNING
export RUN_DIR=$OUT/layout
export EMAIL_BACKEND=django.core.mail.backends.locmem.EmailBackend

psql_q() { psql -d postgres -v ON_ERROR_STOP=1 -tAc "$1"; }

cleanup() { "$ROOT/deploy/layout.sh" stop || true; }
trap cleanup EXIT

# --- the seeded template database ----------------------------------------------------------
fingerprint=$(cat */migrations/*.py bench/load/loadgen.py bench/load/seed_load.py pa_portal/hashers.py fixtures/demo/agreement-complete.json \
  fixtures/standards/*.json fixtures/policies/*.json 2>/dev/null | sha256sum | cut -c1-16)
fingerprint="$fingerprint-$OFFICES-$DEPUTIES"
current=$(psql_q "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname='$SEED_DB'")
if [ "$current" != "$fingerprint" ]; then
  echo "== seeding $SEED_DB ($OFFICES offices × $DEPUTIES deputies)"
  psql_q "DROP DATABASE IF EXISTS $SEED_DB" >/dev/null
  psql_q "CREATE DATABASE $SEED_DB" >/dev/null
  DATABASE_URL="$PGURL/$SEED_DB" "$PY" manage.py migrate --noinput -v0
  DATABASE_URL="$PGURL/$SEED_DB" "$PY" manage.py load_standards >/dev/null
  DATABASE_URL="$PGURL/$SEED_DB" "$PY" bench/load/seed_load.py --offices "$OFFICES" --deputies-per-office "$DEPUTIES"
  psql_q "COMMENT ON DATABASE $SEED_DB IS '$fingerprint'" >/dev/null
fi

echo "== collectstatic (manifest + compressed files)"
"$PY" manage.py collectstatic --noinput -v0

{
  echo "nproc: $(nproc); CPU: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
  free -h | sed 's/^/free -h: /'
  echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "postgres: $(psql_q 'SHOW server_version')"
  echo "python: $("$PY" -c 'import sys; print(sys.version.split()[0])'), gunicorn: $("$VENV/bin/python" -c "import gunicorn; print(gunicorn.__version__)"), locust: $("$VENV/bin/locust" --version | awk '{print $2}')"
  echo "duration per run: ${DURATION}s, spawn rate ${SPAWN_RATE}/s, think time ${THINK_MIN:-10}-${THINK_MAX:-30}s"
} | tee "$OUT/machine.txt"

status=0
for scenario in $SCENARIOS; do
  layout=${scenario%%:*}
  users=${scenario##*:}
  name="$layout-$users"
  dir=$OUT/$name
  mkdir -p "$dir"
  echo "== $name: $users users for ${DURATION}s ($layout)"
  psql_q "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname='$DB'" >/dev/null
  psql_q "DROP DATABASE IF EXISTS $DB" >/dev/null
  psql_q "CREATE DATABASE $DB TEMPLATE $SEED_DB" >/dev/null
  "$VENV/bin/python" -c "import redis; redis.Redis.from_url('$CELERY_BROKER_URL').flushdb()"
  "$PY" bench/load/prepare.py "$dir/accounts.json"
  host=$("$ROOT/deploy/layout.sh" start "$layout" | tail -1)
  curl -s -o /dev/null -D "$dir/static_headers.txt" --compressed \
    "$host$("$PY" manage.py shell -v0 -c "from django.templatetags.static import static; print(static('vendor/bootstrap/bootstrap.min.css'))")"
  # Locust stops itself after DURATION seconds of steady state (all signed in, 20 s warm-up);
  # --run-time and timeout are only the outer bounds.
  STEADY_SECONDS=$DURATION LOAD_ACCOUNTS="$dir/accounts.json" LOAD_RESULTS="$dir" timeout $((DURATION + users * 2 + 240)) \
    "$VENV/bin/locust" -f bench/load/locustfile.py --headless --only-summary \
    -u "$users" -r "$SPAWN_RATE" -t "$((DURATION + users * 2 + 120))s" --stop-timeout 30 \
    --host "$host" --csv "$dir/locust" --exit-code-on-error 0 >"$dir/locust.log" 2>&1 || status=1
  sleep 3 # let the last tasks finish
  "$ROOT/deploy/layout.sh" stop
  echo "load average at the end of $name: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$OUT/machine.txt"
  "$PY" bench/load/verify.py "$dir" || status=1
  "$PY" bench/load/report.py "$dir" "$name: $users users, $layout" >"$dir/summary.md"
  cat "$dir/summary.md"
done
echo "== results in $OUT"
exit $status
