#!/usr/bin/env bash
# Runs the whole test suite, after the shared set-up (installers/dev/setup.sh).
# Arguments are passed to pytest: installers/dev/test.sh -k keystroke -x
# A run that collects no test (pytest exit code 5) is a failure.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
bash "$ROOT/installers/dev/setup.sh"

export VIRTUAL_ENV="$ROOT/.venv"
export PATH="$VIRTUAL_ENV/bin:$PATH"
# tesseract's OpenMP threads make OCR slower, not faster, on a small machine
# running several OCR calls at once, and make timings noisy.
export OMP_THREAD_LIMIT=1

cd "$ROOT"
status=0
python -m pytest "$@" || status=$?
if ((status == 5)); then
    printf 'test: ERROR: pytest collected no tests; that counts as a failure\n' >&2
fi
exit "$status"
