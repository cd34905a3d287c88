#!/usr/bin/env bash
# Creates bench/peers/.venv and installs the pinned peer simulators (requirements.txt) from PyPI.
# Idempotent: does nothing when the venv exists and was built from the same requirements.txt and imports work.
# Usage: bash bench/peers/setup_venv.sh            (prints the venv's python path on its last line)
#        FORCE=1 bash bench/peers/setup_venv.sh    (reinstall)
# Notes: torch comes from plain PyPI (the CPU-only index is not reachable from this workplace); the PyPI wheel
# pulls the nvidia-* CUDA runtime packages (~5-6 GB in the venv) but runs fine on CPU-only machines.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
VENV="$HERE/.venv"
REQ="$HERE/requirements.txt"
PY_BOOT="${PYTHON:-python3}"
STAMP="$VENV/.qdm-requirements.sha256"
want="$(sha256sum "$REQ" | cut -d' ' -f1)"

check() {
  "$VENV/bin/python" - <<'PY' >/dev/null 2>&1
import numpy, torch, pennylane, qiskit, qiskit_aer, pennylane_lightning
PY
}

if [[ "${FORCE:-0}" != "1" && -x "$VENV/bin/python" && -f "$STAMP" && "$(cat "$STAMP")" == "$want" ]] && check; then
  echo "peers venv up to date: $VENV" >&2
  echo "$VENV/bin/python"
  exit 0
fi

if [[ ! -x "$VENV/bin/python" ]]; then
  "$PY_BOOT" -m venv "$VENV"
fi
"$VENV/bin/python" -m pip install --disable-pip-version-check -q -r "$REQ"
check || { echo "peer venv import check failed" >&2; exit 1; }
echo "$want" > "$STAMP"
echo "peers venv ready: $VENV" >&2
echo "$VENV/bin/python"
