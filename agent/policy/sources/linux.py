"""Linux (and other Unix): one TOML file that configuration management writes."""

from __future__ import annotations

from pathlib import Path

from agent.policy.sources.base import FileSource

#: Where Ansible/Puppet/Salt/a .deb drop IT's policy; readable by all, writable by root.
LINUX_POLICY_PATH = Path("/etc/consentry/policy.toml")


def linux_source(path: Path = LINUX_POLICY_PATH) -> FileSource:
    return FileSource(path)
