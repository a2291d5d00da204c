#!/usr/bin/env bash
# Start the local PostgreSQL 15 cluster (Debian's postgresql-common layout), make sure a role
# `kerjasama` with CREATEDB (pytest-django creates test_kerjasama[_gwN]) and a database
# `kerjasama` exist, wait until the server accepts TCP connections, and print the DATABASE_URL.
#
#   export DATABASE_URL="$(scripts/ci-postgres.sh)"
#
# Needs root (or the postgres user). Everything but the URL goes to stderr.
# The password comes from PGPASSWORD_KERJASAMA (default: kerjasama-ci, a local-only test role).
set -euo pipefail

VERSION="${PG_VERSION:-15}"
CLUSTER="${PG_CLUSTER:-main}"
PORT="${PG_PORT:-5432}"
PASSWORD="${PGPASSWORD_KERJASAMA:-kerjasama-ci}"

log() { echo "ci-postgres: $*" >&2; }

as_postgres() {
    if [ "$(id -un)" = postgres ]; then "$@"; else runuser -u postgres -- "$@"; fi
}

command -v pg_lsclusters >/dev/null || { log "postgresql-common is not installed"; exit 1; }

if ! pg_lsclusters --no-header | awk -v v="$VERSION" -v c="$CLUSTER" '$1==v && $2==c {f=1} END {exit !f}'; then
    log "creating cluster $VERSION/$CLUSTER"
    pg_createcluster --port "$PORT" "$VERSION" "$CLUSTER" >&2
fi

status="$(pg_lsclusters --no-header | awk -v v="$VERSION" -v c="$CLUSTER" '$1==v && $2==c {print $4}')"
if [ "$status" != online ]; then
    log "starting cluster $VERSION/$CLUSTER"
    pg_ctlcluster "$VERSION" "$CLUSTER" start >&2
fi

for _ in $(seq 60); do
    pg_isready -q -h 127.0.0.1 -p "$PORT" && break
    sleep 0.5
done
pg_isready -h 127.0.0.1 -p "$PORT" >&2 || { log "server not ready after 30 s"; exit 1; }

# Idempotent: create the role, or reset its password and rights if it exists.
as_postgres psql -q -p "$PORT" -v ON_ERROR_STOP=1 -v pw="$PASSWORD" >&2 <<'SQL'
SELECT format('CREATE ROLE kerjasama LOGIN CREATEDB PASSWORD %L', :'pw')
 WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'kerjasama') \gexec
SELECT format('ALTER ROLE kerjasama LOGIN CREATEDB PASSWORD %L', :'pw') \gexec
SELECT 'CREATE DATABASE kerjasama OWNER kerjasama'
 WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = 'kerjasama') \gexec
SQL

# A throwaway test server (KERJASAMA_PG_THROWAWAY=1, set by .ci/run): no flush to disk at each
# commit. The test databases are created, migrated and dropped within the run; a crash loses
# nothing worth keeping. Never set it for a server that holds data.
if [ "${KERJASAMA_PG_THROWAWAY:-0}" = 1 ]; then
    log "throwaway server: fsync, synchronous_commit and full_page_writes off"
    as_postgres psql -q -p "$PORT" -v ON_ERROR_STOP=1 >&2 <<'SQL'
ALTER SYSTEM SET fsync = off;
ALTER SYSTEM SET synchronous_commit = off;
ALTER SYSTEM SET full_page_writes = off;
SELECT pg_reload_conf();
SQL
fi

# Prove the password login over TCP works before anyone relies on it.
PGPASSWORD="$PASSWORD" psql -q -h 127.0.0.1 -p "$PORT" -U kerjasama -d kerjasama -tAc 'SELECT 1' >/dev/null

# A throwaway server is also reached over its Unix socket, with the same password: each query's
# round trip is shorter than over TCP (the access matrix, 937 tests, took 145 s instead of
# 178 s, stop 21). Debian's pg_hba.conf lets a local socket in only by peer (the OS user
# `kerjasama`, which does not exist), so a password line for the role goes before it.
if [ "${KERJASAMA_PG_THROWAWAY:-0}" = 1 ]; then
    hba="$(as_postgres psql -q -p "$PORT" -tAc 'SHOW hba_file')"
    socket_dir="$(as_postgres psql -q -p "$PORT" -tAc 'SHOW unix_socket_directories' | cut -d, -f1)"
    if ! grep -Eq '^local[[:space:]]+all[[:space:]]+kerjasama[[:space:]]' "$hba"; then
        log "letting kerjasama in over the Unix socket with its password ($hba)"
        sed -i '0,/^local/s//local   all             kerjasama                               scram-sha-256\nlocal/' "$hba"
        as_postgres psql -q -p "$PORT" -tAc 'SELECT pg_reload_conf()' >/dev/null
    fi
    PGPASSWORD="$PASSWORD" psql -q -h "$socket_dir" -p "$PORT" -U kerjasama -d kerjasama -tAc 'SELECT 1' >/dev/null
    echo "postgres://kerjasama:${PASSWORD}@${socket_dir//\//%2F}:${PORT}/kerjasama"
    exit 0
fi

echo "postgres://kerjasama:${PASSWORD}@127.0.0.1:${PORT}/kerjasama"
