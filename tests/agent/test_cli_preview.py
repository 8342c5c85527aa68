"""``consentry preview`` end to end: a real X display, real input, real OCR, real frames.

Xvfb + openbox, an xterm and a Tk form, driven with xdotool while
``consentry preview`` runs as its own process with a policy that enables
typed text and screens. The records it prints must show the focus changes,
the clicks, the typing and redacted screens — and no password typed at a
prompt or in a masked entry, and no personal value shown on screen, may
appear in its output or in the frames it writes (the frames are read back
with tesseract to check).
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from PIL import Image

from agent.paths import AgentPaths
from agent.wire import MouseActivity, ScreenFrame, TypedText, WindowFocus, decode_jsonl
from tests.agent.agent_process import REPO, agent_env
from tests.desktop import Display, wait_for_window, x_display

PREVIEW_SECONDS = 40

# Synthetic canaries: each must appear nowhere in the output or the frames.
PROMPT_PASSWORD = "Qz7canaryRead41"  # typed at `read -s -p "Password: "`
SUDO_PASSWORD = "Wx9canarySudo27"  # typed at a getpass "[sudo] password for" prompt
MASKED_PASSWORD = "Pk4canaryMask63"  # typed into a Tk Entry(show="*")
SHOWN_EMAIL = "dana.canary@example.org"  # shown on screen by the form
SHOWN_CARD = "4111 1111 1111 1111"  # a test card number (Luhn-valid), shown on screen
TYPED_CARD = "4012888888881881"  # a test card number typed in the terminal
CANARIES = (PROMPT_PASSWORD, SUDO_PASSWORD, MASKED_PASSWORD, SHOWN_EMAIL, TYPED_CARD)

POLICY = """
[study]
id = "study-e2e"
[collector]
url = "https://collector.example.org/ingest"
[purposes]
offered = ["input_activity", "typed_text", "screen_content"]
[keystrokes]
default_level = "classes"
per_application = { "XTerm" = "text", "Consentryform" = "text" }
[screen]
triggers = ["click", "focus_change", "typing_burst_end", "periodic"]
interval_seconds = 5
max_interval_seconds = 30
[screen.output]
max_width = 1280
greyscale = true
format = "png"
"""


@pytest.fixture(scope="module")
def desktop() -> Iterator[Display]:
    with x_display(1024, 700) as started:
        yield started


def _activate(display: Display, window: str) -> None:
    display.run("xdotool", "windowactivate", "--sync", window)
    time.sleep(0.5)  # the agent has seen the switch: keys after this count for this window


@pytest.fixture(scope="module")
def preview_run(
    desktop: Display, tmp_path_factory: pytest.TempPathFactory
) -> tuple[subprocess.CompletedProcess[str], Path]:
    """Run the whole scenario once; the tests below check its output from different sides."""
    root = tmp_path_factory.mktemp("preview")
    paths = AgentPaths(root / "config", root / "state", root / "data")
    policy = root / "policy.toml"
    policy.write_text(POLICY, encoding="utf-8")
    frames = root / "frames"
    env = {**agent_env(paths, policy, desktop.env), "OMP_THREAD_LIMIT": "1"}
    form = subprocess.Popen(
        [sys.executable, "-m", "tests.agent.form_app", "Expenses form", SHOWN_EMAIL, SHOWN_CARD],
        cwd=REPO,
        env=env,
    )
    term = desktop.spawn(["xterm", "-geometry", "80x12+300+420", "-T", "build shell"])
    try:
        form_window = wait_for_window(desktop, "Expenses form")
        term_window = wait_for_window(desktop, "build shell")
        time.sleep(1.0)  # the shell prompt
        preview = subprocess.Popen(
            [sys.executable, "-m", "agent.cli", "preview", "--seconds", str(PREVIEW_SECONDS),
             "--format", "jsonl", "--frames-dir", str(frames)],
            cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )  # fmt: skip
        time.sleep(4.0)  # started, first frames taken
        _drive(desktop, term_window, form_window)
        stdout, stderr = preview.communicate(timeout=PREVIEW_SECONDS + 90)
    finally:
        form.terminate()
        term.terminate()
        form.wait(timeout=10)
        term.wait(timeout=10)
    return subprocess.CompletedProcess(preview.args, preview.returncode, stdout, stderr), frames


def _drive(desktop: Display, term: str, form: str) -> None:
    _activate(desktop, term)
    desktop.type("echo hello consentry")
    desktop.key("Return")
    time.sleep(0.8)
    desktop.type('read -s -p "Password: " secret; echo')
    desktop.key("Return")
    time.sleep(1.0)  # the prompt is up: echo is off
    desktop.type(PROMPT_PASSWORD)
    desktop.key("Return")
    time.sleep(0.8)
    desktop.type("python3 -c 'import getpass; getpass.getpass(\"[sudo] password for tester: \")'")
    desktop.key("Return")
    time.sleep(2.0)  # python starts and turns echo off
    desktop.type(SUDO_PASSWORD)
    desktop.key("Return")
    time.sleep(0.8)
    desktop.type(f"echo card {TYPED_CARD} noted")
    desktop.key("Return")
    time.sleep(1.0)
    _activate(desktop, form)
    desktop.run("xdotool", "mousemove", "--window", form, "300", "200", "click", "1")
    desktop.type("roadmap notes for friday")
    time.sleep(6.5)  # a pause ends the segment; its text is on screen, so it is kept
    desktop.key("ctrl+Tab")
    desktop.type(MASKED_PASSWORD)
    desktop.key("Return")
    desktop.run("xdotool", "click", "4", "click", "5", "click", "5")
    time.sleep(6.0)  # a pause ends the segment; a screen after the typing burst


def test_preview_exits_cleanly_and_says_nothing_is_kept(
    preview_run: tuple[subprocess.CompletedProcess[str], Path],
) -> None:
    done, _ = preview_run
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    assert "nothing is stored or sent" in done.stderr
    assert "screens are read by tesserocr (tesseract in-process)" in done.stderr


def test_focus_clicks_typing_and_screens_are_reported(
    preview_run: tuple[subprocess.CompletedProcess[str], Path],
) -> None:
    done, _ = preview_run
    records = decode_jsonl(done.stdout)
    kinds = {type(record).__name__ for record in records}
    assert {"SessionEvent", "WindowFocus", "KeyActivity", "MouseActivity", "ScreenFrame"} <= kinds
    apps = {r.app_id for r in records if isinstance(r, WindowFocus)}
    assert {"XTerm", "Consentryform"} <= apps
    clicks = [r for r in records if isinstance(r, MouseActivity) and r.clicks.get("left")]
    assert clicks, "the click on the form was not reported"
    typed = " ".join(r.text_redacted for r in records if isinstance(r, TypedText))
    assert "echo hello consentry" in typed
    # Tk has no accessibility: the notes were kept because they are shown in clear,
    # the masked entry's text was not (see the canary checks).
    form = [
        r.text_redacted for r in records if isinstance(r, TypedText) and r.app_id == "Consentryform"
    ]
    assert form == ["roadmap notes for friday"]


def test_a_card_typed_in_the_terminal_is_redacted(
    preview_run: tuple[subprocess.CompletedProcess[str], Path],
) -> None:
    done, _ = preview_run
    typed = [r.text_redacted for r in decode_jsonl(done.stdout) if isinstance(r, TypedText)]
    noted = [text for text in typed if "noted" in text]
    assert noted, typed
    assert all(TYPED_CARD not in text for text in noted)


def test_no_password_or_canary_appears_in_the_output(
    preview_run: tuple[subprocess.CompletedProcess[str], Path],
) -> None:
    done, _ = preview_run
    for canary in (*CANARIES, SHOWN_CARD.replace(" ", "")):
        assert canary not in done.stdout
        assert canary not in done.stderr
    squeezed = re.sub(r"\s", "", done.stdout)
    assert SHOWN_CARD.replace(" ", "") not in squeezed


def test_frames_are_written_redacted_and_named_by_their_hash(
    preview_run: tuple[subprocess.CompletedProcess[str], Path],
) -> None:
    import hashlib

    import tesserocr

    done, frames = preview_run
    shown = [r for r in decode_jsonl(done.stdout) if isinstance(r, ScreenFrame)]
    assert shown
    read_back = []
    with tesserocr.PyTessBaseAPI() as ocr:
        for record in shown:
            path = frames / f"{record.blob.sha256}.png"
            data = path.read_bytes()
            assert hashlib.sha256(data).hexdigest() == record.blob.sha256
            assert (os.stat(path).st_mode & 0o777) == 0o600
            with Image.open(path) as image:
                assert image.size == (record.width, record.height)
                assert image.mode == "L"  # greyscale, as the policy asks
                ocr.SetImage(image.resize((image.width * 2, image.height * 2)))
                read_back.append(ocr.GetUTF8Text())
    text = "\n".join(read_back)
    assert "Notes" in text or "Secret" in text, "frames hold no readable text: check is void"
    squeezed = re.sub(r"\s", "", text).lower()
    for canary in (*CANARIES, SHOWN_CARD):
        assert re.sub(r"\s", "", canary).lower() not in squeezed
    assert "dana.canary" not in squeezed
