#!/usr/bin/env bash
# Installs the venvs of the workflow conformance suite (Tests/workflows): the SageMaker Python
# SDK v2 with moto and principalmapper in .venv-workflows-v2, the SDK v3 with moto in
# .venv-workflows-v3 (the two SDK majors cannot share a venv). Safe to run again.
#
# scripts/workflow-requirements-<major>.txt say what the suite needs; scripts/workflow-lock-<major>.txt
# pin every package of a resolved install, installed with --no-deps so a fresh machine does not spend
# minutes in pip's resolver. After changing a requirements file, resolve once and refresh its lock:
#   python3 -m venv /tmp/v && /tmp/v/bin/pip install -r scripts/workflow-requirements-v2.txt && \
#   /tmp/v/bin/pip freeze > scripts/workflow-lock-v2.txt
set -euo pipefail
cd "$(dirname "$0")/.."

for major in v2 v3; do
  venv=".venv-workflows-$major"
  lock="scripts/workflow-lock-$major.txt"
  stamp="$venv/.installed"
  if [ ! -f "$stamp" ] || ! cmp -s "$lock" "$stamp"; then
    echo "installing the SageMaker SDK $major workflow tools into $venv"
    rm -rf "$venv"
    python3 -m venv "$venv"
    "$venv/bin/pip" install -q --disable-pip-version-check --no-deps -r "$lock"
    cp "$lock" "$stamp"
  fi
done
