# Shared by install-course.sh, update-course.sh and course-admin (sourced, not run).
# shellcheck shell=bash

COURSE=/srv/caserate-course          # the course checkout (the hub settings expect it here)
ETC=/etc/caserate-course             # the course's site files, outside the checkout
DATA="$ETC/data"                     # root only: the course secret, the trainer passcode
SHARED="$ETC/shared"                 # their copies for the learners' servers (group-readable)
LEARNERS_GROUP=jupyterhub-users      # TLJH puts every hub user in this group
TLJH=/opt/tljh
USER_PYTHON="$TLJH/user/bin/python"  # TLJH's environment for the learners' servers

say() { printf '%s: %s\n' "$(basename "$0")" "$*"; }
die() { say "$*" >&2; exit 1; }

require_tljh_root() {
    [ "$(id -u)" -eq 0 ] || die "run this as root (sudo)"
    [ -x "$USER_PYTHON" ] || die "no TLJH user environment at $TLJH/user: install TLJH first (https://tljh.jupyter.org)"
    [ -f "$COURSE/notebooks/home.ipynb" ] || die "no course at $COURSE: clone the course repository there first"
}

# Give the learners' servers (group $LEARNERS_GROUP) read-only copies of the files in
# $DATA. start-learner-server copies them again into each learner's private folder.
share_secrets() {
    getent group "$LEARNERS_GROUP" >/dev/null || groupadd --system "$LEARNERS_GROUP"
    install -d -o root -g root -m 700 "$DATA"
    install -d -o root -g "$LEARNERS_GROUP" -m 750 "$SHARED"
    for name in secret.key trainer-passcode; do
        if [ -f "$DATA/$name" ]; then
            install -o root -g "$LEARNERS_GROUP" -m 640 "$DATA/$name" "$SHARED/$name"
        else
            rm -f "$SHARED/$name"
        fi
    done
}

# The database address, for commands run by an administrator.
db_url() {
    cat "$ETC/db-url"
}
