#!/usr/bin/env bash
# Put the course on a server that runs The Littlest JupyterHub (TLJH).
#
# Once TLJH is installed, as root:
#     git clone <the course repository> /srv/caserate-course
#     bash /srv/caserate-course/deploy/jupyterhub/tljh/install-course.sh
#
# Safe to run again (after an update, or to share a new trainer passcode):
# each step keeps what is already there. It
#   1. installs PostgreSQL (Debian/Ubuntu package) if it is missing;
#   2. installs the course into TLJH's user environment (editable: `git pull` updates it);
#   3. creates the PostgreSQL role and database `caserate` with a random password,
#      writes their address to /etc/caserate-course/db-url (root only) and creates the tables;
#   4. creates the course secret (signs certificate codes) and shares it read-only with
#      the learners' servers;
#   5. links the hub settings (jupyterhub_config.d/caserate.py), and, when
#      /etc/caserate-course/lms.toml exists, the LMS launch (lms.py, with the course
#      installed into the hub's own environment); applies config.yaml with tljh-config
#      and reloads the hub;
#   6. installs a nightly timer that pulls course updates (update-course.sh).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source-path=SCRIPTDIR source=common.sh
. "$here/common.sh"
require_tljh_root
tljh_config="$(command -v tljh-config || echo "$TLJH/hub/bin/tljh-config")"
[ -x "$tljh_config" ] || die "tljh-config not found: is TLJH installed?"

# 1. PostgreSQL.
if ! command -v pg_lsclusters >/dev/null 2>&1; then
    say "installing PostgreSQL ..."
    apt-get update
    DEBIAN_FRONTEND=noninteractive apt-get install -y postgresql
fi
cluster() { pg_lsclusters --no-header | sort -k1,1V | tail -n 1; }
read -r _ _ pg_port pg_status _ <<<"$(cluster)"
if [ "${pg_status%%,*}" != online ]; then
    systemctl start postgresql
    read -r _ _ pg_port pg_status _ <<<"$(cluster)"
fi
[ "${pg_status%%,*}" = online ] || die "PostgreSQL does not start: see journalctl -u postgresql"
psql_admin() { runuser -u postgres -- psql -p "$pg_port" -v ON_ERROR_STOP=1 -qtA "$@"; }

# 2. The course, in TLJH's user environment.
chmod -R a+rX "$COURSE"
say "installing the course into $TLJH/user ..."
"$USER_PYTHON" -m pip install --quiet -e "$COURSE"

# 3. The database. The password is made here and kept only in $ETC/db-url.
install -d -o root -g root -m 755 "$ETC"
if [ ! -s "$ETC/db-url" ]; then
    password="$("$USER_PYTHON" -c 'import secrets; print(secrets.token_hex(24))')"
    if [ "$(psql_admin -c "SELECT 1 FROM pg_roles WHERE rolname = 'caserate'")" = 1 ]; then
        psql_admin -c "ALTER ROLE caserate LOGIN PASSWORD '$password'"
    else
        psql_admin -c "CREATE ROLE caserate LOGIN PASSWORD '$password'"
    fi
    umask 077
    printf 'postgresql+psycopg://caserate:%s@127.0.0.1:%s/caserate\n' "$password" "$pg_port" \
        >"$ETC/db-url"
    umask 022
fi
chmod 600 "$ETC/db-url"
if [ "$(psql_admin -c "SELECT 1 FROM pg_database WHERE datname = 'caserate'")" != 1 ]; then
    runuser -u postgres -- createdb -p "$pg_port" -O caserate caserate
fi
CASERATE_DB_URL="$(db_url)" "$USER_PYTHON" -c \
    'from caserate_kit.course.records import Store; print("Records:", Store().describe())'

# 4. The course secret: made once, never replaced (replacing it voids every certificate code).
install -d -o root -g root -m 700 "$DATA"
if [ ! -s "$DATA/secret.key" ]; then
    (umask 077 && head -c 32 /dev/urandom >"$DATA/secret.key")
fi
share_secrets

# 5. The hub: the course's settings, then TLJH's, then a reload.
install -d "$TLJH/config/jupyterhub_config.d"
ln -sfn "$here/caserate.py" "$TLJH/config/jupyterhub_config.d/caserate.py"
if [ -f "$ETC/lms.toml" ]; then
    say "the LMS launch: installing the course's LTI sign-in into $TLJH/hub ..."
    chmod 600 "$ETC/lms.toml"
    "$TLJH/hub/bin/python3" -c 'import sys; sys.exit(sys.version_info < (3, 11))' ||
        die "the LMS launch needs Python 3.11 or newer in $TLJH/hub (Ubuntu 24.04 has it)"
    "$TLJH/hub/bin/python3" -m pip install --quiet -e "$COURSE[hub]"
    ln -sfn "$here/../lms.py" "$TLJH/config/jupyterhub_config.d/lms.py"
else
    rm -f "$TLJH/config/jupyterhub_config.d/lms.py"
fi
"$USER_PYTHON" - "$here/config.yaml" <<'PY' | while read -r key value; do "$tljh_config" set "$key" "$value"; done
import sys
import yaml

def leaves(prefix, node):
    for key, value in node.items():
        name = f"{prefix}.{key}" if prefix else key
        if isinstance(value, dict):
            yield from leaves(name, value)
        else:
            yield name, str(value).lower() if isinstance(value, bool) else value

with open(sys.argv[1], encoding="utf-8") as handle:
    for name, value in leaves("", yaml.safe_load(handle)):
        print(name, value)
PY
"$tljh_config" reload hub

# 6. Nightly course updates.
install -m 644 "$here/systemd/caserate-course-update.service" /etc/systemd/system/
install -m 644 "$here/systemd/caserate-course-update.timer" /etc/systemd/system/
systemctl daemon-reload
systemctl enable --now caserate-course-update.timer

say "done. Learners who sign in to the hub land on the course home."
say "Administer the course with: sudo $here/course-admin --help"
