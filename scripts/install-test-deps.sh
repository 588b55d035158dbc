#!/usr/bin/env bash
# Installs what `make test` needs on a fresh Debian machine with Swift:
# Debian packages (scripts/install-build-deps.sh with tmux and shellcheck) and a Python
# venv with the independent checkers and servers (scripts/test-requirements.txt). Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."

TEST=1 scripts/install-build-deps.sh

venv=.venv-test
requirements=scripts/test-requirements.txt
stamp="$venv/.installed"
if [ ! -f "$stamp" ] || ! cmp -s "$requirements" "$stamp"; then
  echo "installing Python test tools into $venv"
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q --disable-pip-version-check -r "$requirements"
  cp "$requirements" "$stamp"
fi
