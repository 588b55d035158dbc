#!/usr/bin/env bash
# Installs what `make test` needs on a fresh Debian machine with Swift:
# Debian packages (ncurses headers, tmux, shellcheck) and a Python venv with the
# independent policy checkers (parliament, policy_sentry). Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."

apt_packages=(libncurses-dev tmux shellcheck)
missing=()
for pkg in "${apt_packages[@]}"; do
  dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
done
if [ "${#missing[@]}" -gt 0 ]; then
  echo "installing Debian packages: ${missing[*]}"
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
fi

venv=.venv-test
requirements=scripts/test-requirements.txt
stamp="$venv/.installed"
if [ ! -f "$stamp" ] || ! cmp -s "$requirements" "$stamp"; then
  echo "installing Python test tools into $venv"
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q --disable-pip-version-check -r "$requirements"
  cp "$requirements" "$stamp"
fi
