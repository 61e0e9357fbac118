#!/usr/bin/env bash
# Starts a throwaway PostgreSQL server for the e2e token-store tests and
# prints the line that points them at it:
#
#	eval "$(bash e2e/pg.sh)"      # exports FRESHBOOKS_PG_DSN
#	bash e2e/pg.sh stop           # stops the server and deletes its files
#
# Idempotent: installs Debian's postgresql only when no initdb is found
# (apt, as root), makes the cluster only when missing, starts it only when
# stopped. The cluster lives in $FRESHBOOKS_PG_DIR (default
# /tmp/freshbooks-pg), runs as the postgres user when run by root, trusts
# local connections and listens on a Unix socket in that folder only (no
# TCP port, so nothing clashes with another server).
set -euo pipefail

dir="${FRESHBOOKS_PG_DIR:-/tmp/freshbooks-pg}"
db=freshbooks_test
port=5432 # only names the socket file: .s.PGSQL.5432 in $dir

say() { echo "e2e/pg.sh: $*" >&2; }

as_root() {
	if [ "$(id -u)" -eq 0 ]; then
		"$@"
	elif command -v sudo >/dev/null 2>&1; then
		sudo -n "$@"
	else
		say "need root to run: $*"
		return 1
	fi
}

find_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }

bin="$(find_bin)"
if [ -z "$bin" ] || [ ! -x "$bin/initdb" ]; then
	say "installing postgresql"
	as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
	as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq -o Dpkg::Use-Pty=0 postgresql >/dev/null
	bin="$(find_bin)"
	[ -n "$bin" ] && [ -x "$bin/initdb" ] || { say "initdb still missing"; exit 1; }
fi

# PostgreSQL refuses to run as root: run it as postgres then.
pg() {
	if [ "$(id -u)" -eq 0 ]; then
		runuser -u postgres -- "$@"
	else
		"$@"
	fi
}

if [ "${1:-}" = "stop" ]; then
	if [ -f "$dir/data/PG_VERSION" ]; then
		pg "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
	fi
	rm -rf "$dir"
	exit 0
fi

mkdir -p "$dir"
chmod 700 "$dir"
if [ "$(id -u)" -eq 0 ]; then chown postgres:postgres "$dir"; fi

if [ ! -f "$dir/data/PG_VERSION" ]; then
	say "initdb in $dir/data"
	pg "$bin/initdb" -D "$dir/data" -U postgres -A trust -E UTF8 --no-instructions >/dev/null
fi
if ! pg "$bin/pg_ctl" -D "$dir/data" status >/dev/null 2>&1; then
	say "starting the server (socket in $dir)"
	pg "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
		-o "-k $dir -c listen_addresses= -p $port -c max_connections=200" start >/dev/null
fi
if ! pg "$bin/psql" -h "$dir" -p "$port" -U postgres -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '$db'" | grep -q 1; then
	pg "$bin/createdb" -h "$dir" -p "$port" -U postgres "$db"
fi
echo "export FRESHBOOKS_PG_DSN='host=$dir port=$port user=postgres dbname=$db sslmode=disable'"
