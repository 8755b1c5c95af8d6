#!/usr/bin/env bash
# Start a throwaway PostgreSQL cluster for the store tests.
#
# Prints one line for the caller to eval:
#   export FLASHPOINT_TEST_PG_URL=postgresql://postgres@127.0.0.1:PORT/flashpoint_test
# Installs Debian's postgresql when no server binaries exist, runs initdb/pg_ctl from
# /usr/lib/postgresql/*/bin as the postgres user in a fresh temp dir, listens only on
# 127.0.0.1 on a free port (trust auth: loopback only, data thrown away), and creates the
# database. Idempotent: a cluster started earlier by this script and still running is
# reused (its location is kept in $FLASHPOINT_PG_STATE). Stop it with
#   pg_ctl -D "$(cat /tmp/flashpoint-pg.state)/data" stop
# Progress goes to stderr; stdout carries only the export line. Fails loudly.
set -euo pipefail

log() { echo "postgres.sh: $*" >&2; }
die() { log "FAILED: $*"; [[ -n "${PGLOG:-}" && -f "$PGLOG" ]] && tail -20 "$PGLOG" >&2; exit 1; }

STATE=${FLASHPOINT_PG_STATE:-/tmp/flashpoint-pg.state}
DBNAME=flashpoint_test

find_bindir() {
    local d
    d=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
    [[ -n "$d" && -x "$d/initdb" && -x "$d/pg_ctl" ]] && echo "$d"
}

as_pg() {  # run a command as the postgres user when we are root; as ourselves otherwise
    if [[ $(id -u) -eq 0 ]]; then
        if command -v runuser >/dev/null; then runuser -u postgres -- "$@"
        else su postgres -s /bin/sh -c "$(printf '%q ' "$@")"; fi
    else
        "$@"
    fi
}

if ! BIN=$(find_bindir); then
    log "no PostgreSQL server found; installing Debian's postgresql package"
    SUDO=""
    if [[ $(id -u) -ne 0 ]]; then
        command -v sudo >/dev/null || die "need root (or sudo) to apt-get install postgresql"
        SUDO=sudo
    fi
    export DEBIAN_FRONTEND=noninteractive
    $SUDO apt-get update -qq >&2 || die "apt-get update"
    $SUDO apt-get install -y -qq --no-install-recommends postgresql >&2 \
        || die "apt-get install postgresql"
    BIN=$(find_bindir) || die "postgresql installed but no /usr/lib/postgresql/*/bin/initdb"
fi

# Reuse a cluster this script started before, when it is still up.
if [[ -f "$STATE" ]]; then
    dir=$(cat "$STATE")
    if [[ -f "$dir/port" ]] && as_pg "$BIN/pg_ctl" -D "$dir/data" status >/dev/null 2>&1; then
        port=$(cat "$dir/port")
        if "$BIN/pg_isready" -q -h 127.0.0.1 -p "$port"; then
            log "reusing running cluster in $dir on port $port"
            echo "export FLASHPOINT_TEST_PG_URL=postgresql://postgres@127.0.0.1:$port/$DBNAME"
            exit 0
        fi
    fi
fi

dir=$(mktemp -d /tmp/flashpoint-pg.XXXXXX)
PGLOG="$dir/server.log"
if [[ $(id -u) -eq 0 ]]; then chown postgres: "$dir"; fi
chmod 700 "$dir"

port=$(python3 - <<'PY'
import socket
s = socket.socket()
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])
s.close()
PY
) || die "could not find a free port"

log "initdb in $dir (PostgreSQL $("$BIN/postgres" --version | awk '{print $3}'), port $port)"
as_pg "$BIN/initdb" -D "$dir/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 --no-sync \
    >"$dir/initdb.log" 2>&1 || { tail -20 "$dir/initdb.log" >&2; die "initdb"; }
as_pg touch "$PGLOG"
as_pg "$BIN/pg_ctl" -D "$dir/data" -l "$PGLOG" -w -t 60 \
    -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
    start >&2 || die "pg_ctl start"
"$BIN/createdb" -h 127.0.0.1 -p "$port" -U postgres "$DBNAME" || die "createdb $DBNAME"
as_pg sh -c "echo $port > '$dir/port'"
echo "$dir" >"$STATE"
log "cluster up; stop with: pg_ctl -D $dir/data stop"
echo "export FLASHPOINT_TEST_PG_URL=postgresql://postgres@127.0.0.1:$port/$DBNAME"
