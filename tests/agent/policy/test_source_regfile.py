"""``.reg`` exports of the Windows policy key, read as the agent reads the registry."""

from __future__ import annotations

from pathlib import Path

import pytest

from agent.policy import EffectivePolicy, PolicyProblem, check_policy_file
from agent.policy.sources.regfile import parse_reg
from agent.policy.sources.windows import REG_DWORD, REG_MULTI_SZ, REG_QWORD, REG_SZ
from tests.agent.policy.conftest import REPOSITORY, reasons

HEADER = "Windows Registry Editor Version 5.00\r\n\r\n"
KEY = r"HKEY_LOCAL_MACHINE\SOFTWARE\Policies\Consentry"
EXAMPLES = REPOSITORY / "config" / "examples"


def _check(tmp_path: Path, text: str, encoding: str = "utf-8") -> EffectivePolicy:
    path = tmp_path / "policy.reg"
    path.write_bytes(text.encode(encoding))
    return check_policy_file(path)


def test_value_kinds_are_read_as_regedit_writes_them() -> None:
    keys = parse_reg(
        HEADER
        + f"[{KEY}\\Screen]\r\n"
        + '"name"="a \\"quoted\\" \\\\ string"\r\n'
        + '"count"=dword:0000001e\r\n'
        + '"big"=hex(b):2c,01,00,00,00,00,00,00\r\n'
        + '"list"=hex(7):61,00,00,00,62,00,\\\r\n  00,00,00,00\r\n'
        + '"text"=hex(1):68,00,69,00,00,00\r\n'
        + "; a comment\r\n"
    )
    assert keys == {
        r"SOFTWARE\Policies\Consentry\Screen": {
            "name": (REG_SZ, 'a "quoted" \\ string'),
            "count": (REG_DWORD, 30),
            "big": (REG_QWORD, 300),
            "list": (REG_MULTI_SZ, ["a", "b"]),
            "text": (REG_SZ, "hi"),
        }
    }


def test_a_utf16_export_with_its_bom_is_read(tmp_path: Path) -> None:
    text = "\ufeff" + HEADER + f"[{KEY}\\Screen]\r\n" + '"interval_seconds"=dword:0000001e\r\n'
    policy = _check(tmp_path, text, encoding="utf-16-le")
    assert policy.problems == ()
    assert policy.setting("screen.interval_seconds").value == 30


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        (
            "[HKEY_LOCAL_MACHINE\\X]\r\n",
            "line 1: the first line must be 'Windows Registry Editor Version 5.00'",
        ),
        (HEADER + '"a"="b"\r\n', "line 3: a value before any [key]"),
        (HEADER + f"[-{KEY}]\r\n", "line 3: deleting a key has no place in a policy"),
        (
            HEADER + f"[{KEY}\\Screen]\r\n" + '"interval_seconds"=-\r\n',
            "line 4: deleting a value has no place in a policy",
        ),
        (
            HEADER + f"[{KEY}\\Screen]\r\n" + '"interval_seconds"=dword:xyz\r\n',
            "line 4: dword: takes up to 8 hexadecimal digits",
        ),
        (
            HEADER + r"[HKEY_CURRENT_USER\SOFTWARE\Policies\Consentry]" + "\r\n",
            "line 3: policy keys live under HKEY_LOCAL_MACHINE",
        ),
    ],
    ids=[
        "no-header",
        "value-before-key",
        "key-deletion",
        "value-deletion",
        "bad-dword",
        "wrong-hive",
    ],
)
def test_a_malformed_export_is_one_problem_with_its_line(
    tmp_path: Path, text: str, reason: str
) -> None:
    policy = _check(tmp_path, text)
    assert policy.problems == (
        PolicyProblem(str(tmp_path / "policy.reg"), "", f"not a valid .reg file: {reason}"),
    )


def test_keys_outside_the_policy_key_are_refused(tmp_path: Path) -> None:
    policy = _check(tmp_path, HEADER + r"[HKEY_LOCAL_MACHINE\SOFTWARE\Other]" + "\r\n")
    assert reasons(policy) == {
        "": r"a key outside HKLM\SOFTWARE\Policies\Consentry is not Consentry policy"
    }


def test_problems_in_an_export_name_the_file_and_the_setting(tmp_path: Path) -> None:
    policy = _check(
        tmp_path,
        HEADER + f"[{KEY}\\Controls]\r\n" + '"allow_opt_out"=dword:00000000\r\n'
        f"[{KEY}\\Screen]\r\n" + '"interval_seconds"=hex:1e\r\n',
    )
    assert policy.problems == (
        PolicyProblem(
            str(tmp_path / "policy.reg"),
            "screen.interval_seconds",
            "unsupported registry value type REG_BINARY (use REG_SZ, REG_DWORD or REG_MULTI_SZ)",
        ),
        PolicyProblem(
            str(tmp_path / "policy.reg"),
            "controls.allow_opt_out",
            "policy cannot remove opt-out: the employee's controls are not configurable",
        ),
    )


def _comparable(policy: EffectivePolicy) -> dict[str, tuple[object, str, bool]]:
    shown: dict[str, tuple[object, str, bool]] = {}
    for setting in policy.settings():
        value = setting.value
        if setting.key == "notice.text":
            value = " ".join(value.split())  # the .reg and .plist hold it on one line
        shown[setting.key] = (value, setting.source, setting.locked)
    return shown


def test_the_same_policy_as_toml_plist_and_reg_has_the_same_effect() -> None:
    toml = check_policy_file(EXAMPLES / "counts-only-productivity.toml")
    plist = check_policy_file(EXAMPLES / "macos" / "org.consentry.agent.plist")
    reg = check_policy_file(EXAMPLES / "windows" / "counts-only-productivity.reg")
    assert toml.problems == plist.problems == reg.problems == ()
    assert _comparable(toml) == _comparable(plist) == _comparable(reg)
