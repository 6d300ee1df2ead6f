#!/usr/bin/env bash
# Runs a benchmark script against a throwaway PostgreSQL, started here on a free port with a
# temporary data directory, migrated, and stopped on exit (the way scripts/test does it).
# Usage: bench/run-pg.sh bench/deadlines.py [arguments]
source "$(dirname "$0")/../scripts/lib.sh"
apt_install "${BASE_PACKAGES[@]}" postgresql
ensure_venv

pg_bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
pg_port=$(.venv/bin/python -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
workdir=$(mktemp -d /tmp/portal-bench.XXXXXX)
chmod 755 "$workdir"

as_pg() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
cleanup() {
  as_pg "$pg_bin/pg_ctl" -D "$workdir/pg" -m fast stop >/dev/null 2>&1 || true
  rm -rf "$workdir"
}
trap cleanup EXIT

mkdir "$workdir/pg"
[ "$(id -u)" -eq 0 ] && chown postgres "$workdir/pg"
as_pg "$pg_bin/initdb" -D "$workdir/pg" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >/dev/null
# Durability off only makes loading the rows faster; the timed queries read, they do not write.
as_pg "$pg_bin/pg_ctl" -D "$workdir/pg" -l "$workdir/pg/server.log" -w -o \
  "-p $pg_port -k $workdir/pg -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
  start >/dev/null
as_pg "$pg_bin/createdb" -h 127.0.0.1 -p "$pg_port" -U postgres portal

export DATABASE_URL="postgres://postgres@127.0.0.1:$pg_port/portal"
export DJANGO_SETTINGS_MODULE=config.settings
.venv/bin/python manage.py migrate -v0
.venv/bin/python "$@"
