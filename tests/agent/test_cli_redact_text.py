"""``consentry redact text`` as a user runs it: a real subprocess, real files."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

SAMPLE = "Hi, I'm on 07700 900123; password: Tr0ub4dor&3. Version 2.4.1 ships on 12 May.\n"


def consentry(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "agent.cli", *args],
        input=stdin,
        capture_output=True,
        timeout=60,
        check=False,
    )


def test_redacts_standard_input_to_standard_output() -> None:
    done = consentry("redact", "text", stdin=SAMPLE.encode())
    assert done.returncode == 0, done.stderr
    assert done.stdout.decode() == (
        "Hi, I'm on [PHONE]; password: [PASSWORD]. Version 2.4.1 ships on 12 May.\n"
    )


def test_redacts_a_file_and_prints_findings_with_json(tmp_path: Path) -> None:
    source = tmp_path / "notes.txt"
    source.write_text(SAMPLE, encoding="utf-8")
    done = consentry("redact", "text", str(source), "--json")
    assert done.returncode == 0, done.stderr
    payload = json.loads(done.stdout)
    assert "07700" not in payload["text"] and "Tr0ub4dor" not in payload["text"]
    assert [f["type"] for f in payload["findings"]] == ["PHONE", "PASSWORD"]
    for finding in payload["findings"]:
        assert set(finding) == {"type", "start", "end", "detector", "confidence"}


def test_deny_terms_from_a_file_and_the_command_line(tmp_path: Path) -> None:
    terms = tmp_path / "terms.txt"
    terms.write_text("# code names\nBluefinch\n\n", encoding="utf-8")
    done = consentry(
        "redact",
        "text",
        "--deny-file",
        str(terms),
        "--deny-term",
        "Priya Ramaswamy",
        stdin=b"Bluefinch review with priya ramaswamy\n",
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout == b"[DENY_TERM] review with [DENY_TERM]\n"


def test_missing_file_is_a_one_line_error_without_traceback(tmp_path: Path) -> None:
    done = consentry("redact", "text", str(tmp_path / "absent.txt"))
    assert done.returncode != 0
    assert done.stdout == b""
    err = done.stderr.decode()
    assert "absent.txt" in err and "No such file" in err
    assert "Traceback" not in err


def test_binary_input_is_refused_and_not_echoed() -> None:
    done = consentry("redact", "text", stdin=b"password: hunter2 \xff\xfe\x00")
    assert done.returncode != 0
    assert done.stdout == b""
    err = done.stderr.decode()
    assert "not UTF-8" in err and "hunter2" not in err and "Traceback" not in err


def test_a_directory_is_refused(tmp_path: Path) -> None:
    done = consentry("redact", "text", str(tmp_path))
    assert done.returncode != 0 and b"directory" in done.stderr and b"Traceback" not in done.stderr


def test_unknown_source_is_a_usage_error() -> None:
    done = consentry("redact", "text", "--source", "keyboard", stdin=b"x")
    assert done.returncode == 2 and b"Traceback" not in done.stderr
