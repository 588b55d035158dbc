#!/usr/bin/env bash
# Installs the peers `make bench` measures smrole against, if missing: Debian's nodejs and a venv (.venv-bench)
# with the Role Manager CDK construct (scripts/bench/requirements.txt). parliament and the AWS CLI come with the
# test venv (make deps). A peer that cannot be installed is not fatal: bench.py reports it as skipped.
set -uo pipefail
cd "$(dirname "$0")/../.."

if ! command -v node >/dev/null 2>&1; then
  echo "installing Debian package: nodejs"
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  { $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq nodejs >/dev/null; } ||
    echo "bench: nodejs could not be installed; the CDK construct will be skipped" >&2
fi

venv=.venv-bench
requirements=scripts/bench/requirements.txt
stamp="$venv/.installed"
if [ ! -f "$stamp" ] || ! cmp -s "$requirements" "$stamp"; then
  echo "installing the CDK construct into $venv"
  if python3 -m venv "$venv" && "$venv/bin/pip" install -q --disable-pip-version-check -r "$requirements"; then
    cp "$requirements" "$stamp"
  else
    echo "bench: the CDK construct could not be installed; it will be skipped" >&2
  fi
fi
exit 0
