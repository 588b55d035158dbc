#!/usr/bin/env bash
# Installs the venvs of the workflow conformance suite (Tests/workflows): the SageMaker Python
# SDK v2 with moto and principalmapper in .venv-workflows-v2, the SDK v3 with moto in
# .venv-workflows-v3 (the two SDK majors cannot share a venv). Pinned; safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."

for major in v2 v3; do
  venv=".venv-workflows-$major"
  requirements="scripts/workflow-requirements-$major.txt"
  stamp="$venv/.installed"
  if [ ! -f "$stamp" ] || ! cmp -s "$requirements" "$stamp"; then
    echo "installing the SageMaker SDK $major workflow tools into $venv"
    python3 -m venv "$venv"
    "$venv/bin/pip" install -q --disable-pip-version-check -r "$requirements"
    cp "$requirements" "$stamp"
  fi
done
