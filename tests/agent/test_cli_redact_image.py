"""``consentry redact image`` as a user runs it: a real subprocess, real files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PIL import Image

from tests.agent.test_cli_redact_text import consentry
from tests.redaction.image.screens import render

FORM = [
    [("Email: ", False), ("jane.doe@example.com", True)],
    [("Password: ", False), ("Tr0ub4dor&3x", True)],
    [("Quarterly report attached", False)],
]


@pytest.fixture
def screenshot(tmp_path: Path) -> Path:
    path = tmp_path / "screen.png"
    render(FORM).image.save(path)
    return path


def test_writes_a_redacted_image_of_the_same_size_and_prints_boxes(
    screenshot: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out.png"
    done = consentry("redact", "image", str(screenshot), "-o", str(out), "--json")
    assert done.returncode == 0, done.stderr
    payload = json.loads(done.stdout)
    assert [box["type"] for box in payload["boxes"]] == ["EMAIL", "PASSWORD"]
    assert "jane.doe" not in payload["text"] and "Quarterly report" in payload["text"]
    assert payload["ocr"] == {"engine": "tesserocr", "fallback_reason": None}
    with Image.open(out) as redacted, Image.open(screenshot) as original:
        assert redacted.size == original.size
        assert redacted.tobytes() != original.tobytes()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.png", "screen.png"]


def test_without_json_prints_nothing_and_exclusions_are_filled(
    screenshot: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out.webp"
    done = consentry("redact", "image", str(screenshot), "-o", str(out), "--exclude", "0,0,50,50")
    assert done.returncode == 0, done.stderr
    assert done.stdout == b""
    assert Image.open(out).format == "WEBP"


@pytest.mark.parametrize(
    ("setup", "args", "message"),
    [
        (None, ["missing.png", "-o", "out.png"], "no such file"),
        ("text", ["input.png", "-o", "out.png"], "not an image"),
        ("dir", ["folder", "-o", "out.png"], "is a directory"),
        ("image", ["input.png", "-o", "out.gif"], "unknown image type"),
        ("image", ["input.png", "-o", "out.png", "--exclude", "1,2,3"], "four integers"),
        ("image", ["input.png", "-o", "out.png", "--exclude", "9,9,1,1"], "must be larger"),
        ("image", ["input.png", "-o", "nowhere/out.png"], "cannot write"),
    ],
)
def test_bad_input_is_one_line_with_the_reason_and_writes_nothing(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    setup: str | None,
    args: list[str],
    message: str,
) -> None:
    monkeypatch.chdir(tmp_path)
    if setup == "text":
        Path("input.png").write_text("Password: not really an image")
    elif setup == "dir":
        Path("folder").mkdir()
    elif setup == "image":
        render(FORM).image.save("input.png")
    before = sorted(p.name for p in tmp_path.iterdir())
    done = consentry("redact", "image", *args)
    assert done.returncode == 1
    err = done.stderr.decode()
    assert message in err and err.count("\n") == 1 and "Traceback" not in err
    assert "Tr0ub4dor" not in err and "not really" not in err
    assert sorted(p.name for p in tmp_path.iterdir()) == before
