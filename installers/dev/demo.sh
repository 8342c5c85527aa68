#!/usr/bin/env bash
# Runs the main job after the shared set-up (installers/dev/setup.sh).
#
# With no arguments: redacts a small built-in synthetic sample with
# `consentry redact text`, printing the redacted text and then the findings
# as JSON; then renders the same sample as a synthetic screenshot, redacts it
# with `consentry redact image` and prints the filled boxes (the redacted PNG
# is left in the temporary directory named on stderr). With arguments: runs
# `consentry "$@"`, for example
#   installers/dev/demo.sh redact text notes.txt --json
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
bash "$ROOT/installers/dev/setup.sh"

export VIRTUAL_ENV="$ROOT/.venv"
export PATH="$VIRTUAL_ENV/bin:$PATH"
export OMP_THREAD_LIMIT=1

if ! python -c 'import agent.cli' >/dev/null 2>&1; then
    printf 'demo: ERROR: the consentry CLI (agent/cli.py) is not importable:\n' >&2
    python -c 'import agent.cli' 2>&1 | tail -n 1 >&2 || true
    exit 1
fi

if (($# > 0)); then
    exec consentry "$@"
fi

# Everything in the sample is fake. The AWS-style key pair is derived from a
# fixed seed at run time so that no key-shaped literal sits in the repository.
read -r aws_key_id aws_secret < <(python - <<'PY'
import base64, hashlib
digest = hashlib.sha256(b"consentry demo key").digest()
key_id = "AKIA" + digest.hex().upper()[:16]
secret = base64.b64encode(hashlib.sha256(digest).digest() + digest).decode()[:40]
print(key_id, secret)
PY
)

sample="$(mktemp "${TMPDIR:-/tmp}/consentry-demo.XXXXXX")"
shots="$(mktemp -d "${TMPDIR:-/tmp}/consentry-demo-screens.XXXXXX")"
trap 'rm -f -- "$sample" "$shots/screen.png"' EXIT
cat >"$sample" <<EOF_SAMPLE
Hi team, the quarterly report is attached; the figures for March are final.
You can reach me at alice.martin@example.com or on +44 20 7946 0958.
Please charge the conference fee to card 4111 1111 1111 1111, expiry 12/29.
Refunds go to IBAN GB82 WEST 1234 5698 7654 32.
login: amartin  password: Tr0ub4dor&3horse
aws_access_key_id = ${aws_key_id}
aws_secret_access_key = ${aws_secret}
The meeting moved to Thursday at 3 pm in room 4.12; bring the printed agenda.
EOF_SAMPLE

printf '\n--- consentry redact text (redacted text) ---\n' >&2
consentry redact text "$sample"
printf '\n--- consentry redact text --json (findings) ---\n' >&2
consentry redact text "$sample" --json

# The same sample as a screenshot (rendered in memory from the synthetic text,
# written once so that the CLI can read it; the original is removed on exit).
python - "$sample" "$shots/screen.png" <<'PY'
import sys
from PIL import Image, ImageDraw, ImageFont

lines = open(sys.argv[1], encoding="utf-8").read().splitlines()
font = ImageFont.truetype("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", 16)
image = Image.new("RGB", (1400, 40 + 28 * len(lines)), "#ffffff")
draw = ImageDraw.Draw(image)
for row, line in enumerate(lines):
    draw.text((16, 16 + 28 * row), line, font=font, fill="#1f1f1f")
image.save(sys.argv[2])
PY
printf '
--- consentry redact image --json (boxes; redacted image: %s) ---
' "$shots/redacted.png" >&2
consentry redact image "$shots/screen.png" -o "$shots/redacted.png" --json
