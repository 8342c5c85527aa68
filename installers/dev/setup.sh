#!/usr/bin/env bash
# Development set-up shared by demo.sh and test.sh (and usable on its own).
#
# Idempotent, and quick when everything is already in place:
#   1. Debian/Ubuntu packages the tests and the OCR binding need (dpkg-query
#      decides what is missing; `apt-get update` runs only if something is).
#   2. A virtual environment at .venv in the repo root, on a Python >= 3.11,
#      preferring one whose tkinter imports (the end-to-end tests drive a Tk app).
#   3. `pip install -e '.[agent,collector,dev]'`, skipped while the stamp
#      .venv/.consentry-setup matches a hash of pyproject.toml, the extras and the
#      set of top-level packages (a new package needs a new editable mapping).
#   4. The optional tesserocr binding, built against the system tesseract; if
#      that fails it only warns: redaction falls back to the tesseract program.
#   5. tesserocr's prebuilt wheel, as pip gives it to a user, downloaded into
#      .venv/wheelhouse (not installed): a test installs it apart and checks the
#      binding finds the system's language data. Only warns if PyPI has none.
#
# All output goes to stderr, so a caller's stdout stays its own.
# Environment:
#   CONSENTRY_PYTHON   interpreter to build a new .venv from (default: python3)
#   CONSENTRY_NO_APT=1 never install system packages; only report what is missing
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
VENV="$ROOT/.venv"
STAMP="$VENV/.consentry-setup"
EXTRAS="agent,collector,dev"
# tesserocr is built from source so that it links the same libtesseract whose
# language data (tesseract-ocr-eng) is installed; the prebuilt wheel bundles its
# own tesseract (the engine points it at the system's data; see redaction/image/tessdata.py).
TESSEROCR_SPEC="tesserocr>=2.6,<3"
WHEELHOUSE="$VENV/wheelhouse"

APT_PACKAGES=(
    # OCR engine and its English model (the binary is the fallback engine)
    tesseract-ocr tesseract-ocr-eng
    # a real X display driven by real input for the end-to-end tests
    xvfb xdotool openbox x11-utils xterm
    # xterm's bitmap fonts (fixed, 9x15): the real-rendering screen corpus
    xfonts-base
    # headless Chromium and its WebDriver: real browser renderings of work pages
    chromium chromium-driver
    # a freedesktop system tray host (openbox has none) for the tray smoke test
    trayer
    # Tk for the test application (the system Python's tkinter)
    python3-tk
    # known fonts so OCR results on rendered text are reproducible
    fonts-dejavu-core fonts-liberation
    # to build the optional tesserocr binding
    libtesseract-dev libleptonica-dev pkg-config g++
)

log() { printf 'setup: %s\n' "$*" >&2; }
warn() { printf 'setup: WARNING: %s\n' "$*" >&2; }
die() {
    printf 'setup: ERROR: %s\n' "$*" >&2
    exit 1
}

as_root() {
    if [[ ${EUID:-$(id -u)} -eq 0 ]]; then
        "$@"
    elif command -v sudo >/dev/null 2>&1; then
        # A password prompt is acceptable at a terminal; elsewhere fail instead of hanging.
        if [[ -t 0 ]]; then sudo "$@"; else sudo -n "$@"; fi
    else
        die "not root and sudo is not available; as root run: $*"
    fi
}

# Prints the packages among "$@" that are not installed (one per line).
missing_packages() {
    local installed
    installed="$(dpkg-query -W -f='${Package} ${db:Status-Status}\n' "$@" 2>/dev/null |
        awk '$2 == "installed" { print $1 }' || true)"
    local p
    for p in "$@"; do
        grep -qxF "$p" <<<"$installed" || printf '%s\n' "$p"
    done
}

ensure_apt_packages() {
    if ! command -v dpkg-query >/dev/null 2>&1; then
        warn "not a Debian/Ubuntu system; install by hand: $*"
        return 0
    fi
    local missing
    mapfile -t missing < <(missing_packages "$@")
    ((${#missing[@]} == 0)) && return 0
    if [[ ${CONSENTRY_NO_APT:-0} == 1 ]]; then
        warn "CONSENTRY_NO_APT=1; missing system packages: ${missing[*]}"
        return 0
    fi
    log "installing system packages: ${missing[*]}"
    local apt=(env DEBIAN_FRONTEND=noninteractive apt-get -q -o DPkg::Lock::Timeout=300)
    as_root "${apt[@]}" update >&2
    as_root "${apt[@]}" install -y --no-install-recommends "${missing[@]}" >&2
}

py_version_ok() { "$1" -c 'import sys; sys.exit(sys.version_info < (3, 11))' >/dev/null 2>&1; }
py_has_tk() { "$1" -c 'import tkinter' >/dev/null 2>&1; }
py_has_venv() { "$1" -c 'import ensurepip, venv' >/dev/null 2>&1; }

# Chooses the interpreter for a new .venv: the first Python >= 3.11 whose
# tkinter imports, else the first Python >= 3.11 at all (with a warning).
choose_python() {
    local candidates=() c path first=""
    [[ -n ${CONSENTRY_PYTHON:-} ]] && candidates+=("$CONSENTRY_PYTHON")
    candidates+=(python3 /usr/bin/python3)
    for c in "${candidates[@]}"; do
        path="$(command -v "$c" 2>/dev/null)" || continue
        py_version_ok "$path" || continue
        # the interpreter itself, not a launcher such as a pyenv shim
        path="$("$path" -c 'import sys; print(sys.executable)')"
        [[ -z $first ]] && first="$path"
        if py_has_tk "$path"; then
            printf '%s\n' "$path"
            return 0
        fi
    done
    [[ -n $first ]] || die "no Python >= 3.11 found (tried: ${candidates[*]})"
    warn "no Python >= 3.11 with tkinter found; using $first (Tk tests will fail)"
    printf '%s\n' "$first"
}

ensure_venv() {
    if [[ -x $VENV/bin/python ]] && "$VENV/bin/python" -c '' >/dev/null 2>&1; then
        return 0
    fi
    if [[ -e $VENV ]]; then
        warn "$VENV is broken (its interpreter does not run); recreating it"
        rm -rf -- "$VENV"
    fi
    if [[ -z ${CONSENTRY_PYTHON:-} ]] && ! command -v python3 >/dev/null 2>&1; then
        ensure_apt_packages python3 python3-venv # a minimal image may have no Python at all
    fi
    local py
    py="$(choose_python)"
    if ! py_has_venv "$py"; then
        # Debian's own Python ships venv without ensurepip until python3-venv is installed.
        ensure_apt_packages python3-venv
        py_has_venv "$py" || die "$py cannot create virtual environments (no venv/ensurepip)"
    fi
    log "creating $VENV with $py ($("$py" -c 'import sys; print(sys.version.split()[0])'))"
    "$py" -m venv "$VENV" >&2
}

stamp_value() {
    local pkgs
    pkgs="$(cd "$ROOT" && shopt -s nullglob && printf '%s\n' */__init__.py)"
    {
        cat "$ROOT/pyproject.toml"
        printf 'extras=%s\n%s\n' "$EXTRAS" "$pkgs"
        "$VENV/bin/python" -c 'import sys; print(sys.version)'
    } | sha256sum | cut -d' ' -f1
}

ensure_python_packages() {
    local want
    want="$(stamp_value)"
    if [[ -f $STAMP && "$(<"$STAMP")" == "$want" ]]; then
        return 0
    fi
    local pip=("$VENV/bin/python" -m pip --disable-pip-version-check --no-input)
    log "installing the project: pip install -e '.[$EXTRAS]'"
    (cd "$ROOT" && "${pip[@]}" install -e ".[$EXTRAS]") >&2 ||
        die "pip install -e '.[$EXTRAS]' failed"

    if ! "$VENV/bin/python" -c 'import tesserocr' >/dev/null 2>&1; then
        log "building the optional tesserocr binding against the system tesseract"
        # Debian's own Python keeps its C headers in python3-dev; pyenv builds ship theirs.
        if ! "$VENV/bin/python" -c 'import os, sys, sysconfig
sys.exit(not os.path.exists(os.path.join(sysconfig.get_paths()["include"], "Python.h")))' &&
            [[ "$("$VENV/bin/python" -c 'import sys; print(sys.base_prefix)')" == /usr ]]; then
            (ensure_apt_packages python3-dev) || warn "could not install python3-dev"
        fi
        if ! "${pip[@]}" install --no-binary tesserocr "$TESSEROCR_SPEC" >&2; then
            warn "tesserocr did not build; OCR falls back to the tesseract program (to retry: rm $STAMP)"
        fi
    fi

    if ! "$VENV/bin/python" -c 'import tkinter' >/dev/null 2>&1; then
        warn "tkinter does not import in $VENV; Tk-based tests will fail" \
            "(recreate the venv from a Python with tkinter: rm -rf .venv; CONSENTRY_PYTHON=/usr/bin/python3)"
    fi
    printf '%s\n' "$want" >"$STAMP"
    log "done"
}

ensure_tesserocr_wheel() {
    compgen -G "$WHEELHOUSE/tesserocr-*.whl" >/dev/null && return 0
    log "downloading tesserocr's prebuilt wheel into $WHEELHOUSE (for the OCR discovery test)"
    "$VENV/bin/python" -m pip --disable-pip-version-check --no-input download \
        --only-binary :all: --no-deps -d "$WHEELHOUSE" "$TESSEROCR_SPEC" >&2 ||
        warn "no prebuilt tesserocr wheel for this platform; its test will say so"
}

main() {
    ensure_apt_packages "${APT_PACKAGES[@]}"
    ensure_venv
    ensure_python_packages
    ensure_tesserocr_wheel
}

main "$@"
