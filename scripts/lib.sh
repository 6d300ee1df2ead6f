# Shared by scripts/run and scripts/test: system packages and the virtualenv.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

apt_install() {
  # Install the Debian packages that are missing; a no-op when all are there.
  local missing=()
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  echo "Installing system packages: ${missing[*]}"
  local sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# What the portal itself needs: Python with venv, WeasyPrint's libraries, fonts covering Kazakh,
# gettext for the translations.
BASE_PACKAGES=(python3 python3-venv python3-dev build-essential libpango-1.0-0 libpangoft2-1.0-0
  libharfbuzz-subset0 fonts-dejavu-core gettext curl)

python_311() {
  for candidate in python3.11 python3; do
    if command -v "$candidate" >/dev/null && "$candidate" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))'; then
      echo "$candidate"; return 0
    fi
  done
  echo "Python 3.11 is required" >&2; return 1
}

ensure_venv() {
  # The versions pinned in requirements.lock (scripts/lock refreshes it), then the portal itself
  # without resolving again; reinstalled only when pyproject.toml or the lock changed since.
  local stamp=.venv/.installed
  [ -x .venv/bin/python ] || "$(python_311)" -m venv .venv
  if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ] || [ requirements.lock -nt "$stamp" ]; then
    echo "Installing Python packages into .venv (a few minutes the first time)"
    if ! { .venv/bin/pip install -q --upgrade pip \
      && .venv/bin/pip install -q -r requirements.lock \
      && .venv/bin/pip install -q --no-deps -e . && .venv/bin/pip check; } >.venv/install.log 2>&1
    then
      tail -n 30 .venv/install.log
      echo "If pyproject.toml changed, refresh the lock: scripts/lock" >&2
      return 1
    fi
    touch "$stamp"
  fi
  .venv/bin/python manage.py compilemessages -v0 --ignore=.venv
}
