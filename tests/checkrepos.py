"""Repos for evidence checks: a real git repo with `.hotfix/config.toml` [checks], a
workspace in it, and a way to tell whether a process is still there."""

from __future__ import annotations

import os
from pathlib import Path

import git

from hotfix_tui.core.workspace import Workspace
from tests.conftest import make_repo
from tests.gitrepos import commit


def config_toml(checks: dict[str, str]) -> str:
    """`[checks]` with each command as a TOML literal (multi-line) string."""
    lines = ["[checks]"]
    lines += [f"{name} = '''{command}'''" for name, command in checks.items()]
    return "\n".join(lines) + "\n"


def checks_repo(path: Path, checks: dict[str, str], files: dict[str, str] | None = None) -> git.Repo:
    """A repo on a hotfix branch whose committed config defines `checks`."""
    repo = make_repo(path)
    commit(repo, "Define the checks", {".hotfix/config.toml": config_toml(checks), **(files or {})})
    return repo


def workspace(path: Path) -> Workspace:
    return Workspace.open(path, "Dana")


def alive(pid: int) -> bool:
    """Whether the process runs: a zombie (ended, waiting to be reaped by whoever adopted
    it) is gone."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except FileNotFoundError:
        return not Path("/proc/self").exists()  # gone now, or no /proc (then: still there)
    return stat.rsplit(")", 1)[1].split()[0] != "Z"
