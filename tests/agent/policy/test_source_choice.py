"""One managed source per OS, chosen once, and overridable for admins and tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from agent.policy.sources import FileSource, managed_source
from agent.policy.sources.linux import LINUX_POLICY_PATH
from agent.policy.sources.macos import ManagedPreferencesSource


def test_linux_reads_the_etc_file() -> None:
    source = managed_source("linux", {})
    assert isinstance(source, FileSource) and source.path == LINUX_POLICY_PATH
    assert source.describe() == "/etc/consentry/policy.toml"


def test_other_unixes_read_the_etc_file_too() -> None:
    assert managed_source("freebsd14", {}).describe() == "/etc/consentry/policy.toml"


def test_macos_reads_managed_preferences_for_the_agent_s_domain() -> None:
    source = managed_source("darwin", {})
    assert isinstance(source, ManagedPreferencesSource)
    assert source.paths[0] == Path("/Library/Managed Preferences/org.consentry.agent.plist")


@pytest.mark.skipif("sys.platform == 'win32'")
def test_windows_needs_winreg_which_exists_only_there() -> None:
    with pytest.raises(ImportError):
        managed_source("win32", {})


@pytest.mark.parametrize("platform", ["linux", "darwin", "win32"])
def test_the_environment_points_any_os_at_a_policy_file(platform: str, tmp_path: Path) -> None:
    path = tmp_path / "policy.plist"
    source = managed_source(platform, {"CONSENTRY_MANAGED_POLICY": str(path)})
    assert isinstance(source, FileSource) and source.path == path
