#!/usr/bin/env bash
# Make a local PostgreSQL server ready for the test suite, then print its URL.
#
# Safe to run again and again: each step is skipped when already done.
#   1. install Debian's `postgresql` package if `pg_ctlcluster` is missing (root only);
#   2. start the newest cluster if it is not running;
#   3. create a superuser role named after the current user if it is missing.
#
# The tests connect over the Unix socket in /var/run/postgresql, as the current
# user, so no password is needed. Without PostgreSQL, run the tests with
# CASERATE_SKIP_POSTGRES=1 to skip the PostgreSQL half (CI never does).
set -euo pipefail

SOCKET_DIR=/var/run/postgresql
ME="$(id -un)"

say() { printf 'postgres.sh: %s\n' "$*"; }

is_root() { [ "$(id -u)" -eq 0 ]; }

as_postgres() {
    # Run a command as the postgres system user (the server refuses to run as root).
    if [ "$ME" = postgres ]; then
        "$@"
    elif is_root; then
        runuser -u postgres -- "$@"
    elif command -v sudo >/dev/null 2>&1; then
        sudo -n -u postgres -- "$@"
    else
        return 1
    fi
}

# 1. Install.
if ! command -v pg_ctlcluster >/dev/null 2>&1; then
    if ! is_root; then
        say "PostgreSQL is not installed, and installing it needs root."
        say "Install it with: sudo apt-get install -y postgresql   (then run this script again),"
        say "or run the tests without it: CASERATE_SKIP_POSTGRES=1 make test"
        exit 0
    fi
    say "installing PostgreSQL (apt-get install postgresql) ..."
    apt-get update
    DEBIAN_FRONTEND=noninteractive apt-get install -y postgresql
fi

# 2. Start the newest cluster, creating one if the package made none.
cluster="$(pg_lsclusters --no-header | sort -k1,1V | tail -n 1)"
if [ -z "$cluster" ]; then
    version="$(ls /usr/lib/postgresql | sort -V | tail -n 1)"
    say "creating cluster $version/main ..."
    if is_root; then pg_createcluster "$version" main; else sudo -n pg_createcluster "$version" main; fi
    cluster="$(pg_lsclusters --no-header | sort -k1,1V | tail -n 1)"
fi
read -r version name port status _ <<<"$cluster"

if [ "${status%%,*}" != online ]; then
    say "starting cluster $version/$name ..."
    if is_root || [ "$ME" = postgres ]; then
        pg_ctlcluster "$version" "$name" start
    elif ! sudo -n pg_ctlcluster "$version" "$name" start 2>/dev/null; then
        say "cluster $version/$name is not running and starting it needs root:"
        say "    sudo pg_ctlcluster $version $name start"
        exit 1
    fi
fi

for _ in $(seq 1 30); do
    pg_isready -q -h "$SOCKET_DIR" -p "$port" && break
    sleep 1
done
if ! pg_isready -q -h "$SOCKET_DIR" -p "$port"; then
    say "cluster $version/$name did not accept connections within 30 s;"
    say "see /var/log/postgresql/postgresql-$version-$name.log"
    exit 1
fi

# 3. A role for the current user that may create the test databases.
can_create() {
    [ "$(psql -h "$SOCKET_DIR" -p "$port" -d postgres -tAc \
        "SELECT rolsuper OR rolcreatedb FROM pg_roles WHERE rolname = current_user" \
        2>/dev/null)" = t ]
}
if ! can_create; then
    say "creating the superuser role $ME ..."
    as_postgres psql -h "$SOCKET_DIR" -p "$port" -d postgres -qc \
        "CREATE ROLE \"$ME\" SUPERUSER LOGIN" 2>/dev/null || true
    if ! can_create; then
        say "could not set up the role $ME; as an administrator run:"
        say "    sudo -u postgres createuser --superuser $ME"
        exit 1
    fi
fi

url="postgresql+psycopg://$ME@/postgres?host=$SOCKET_DIR"
if [ "$port" != 5432 ]; then
    url="$url&port=$port"
fi
say "PostgreSQL $version/$name is ready."
say "tests use: CASERATE_TEST_PG_URL=$url (the default when the port is 5432)"
