"""The session is the incident, not the checkout: a rebase stop keeps writing to the
branch's session, distinct branch names never share a session file, and a plain detached
HEAD is refused instead of quietly starting a `detached-<sha>` session."""

from __future__ import annotations

from pathlib import Path

import git
import pytest

from hotfix_tui.cli import main
from hotfix_tui.core.workspace import Workspace
from tests.conftest import make_repo
from tests.gitrepos import commit


def hotfix(root: Path, *args: str) -> int:
    return main([*args, "--repo", str(root), "--as", "Dana"])


def sessions(root: Path) -> list[str]:
    return sorted(path.name for path in (root / ".hotfix").glob("*.toml"))


def test_a_rebase_stop_keeps_the_branch_session(tmp_path: Path):
    repo = make_repo(tmp_path / "repo")
    root = tmp_path / "repo"
    assert hotfix(root, "set", "root-cause", "stale cache key") == 0
    commit(repo, "first fix", {"app.py": "print('fixed')\n"})
    commit(repo, "second fix", {"app.py": "print('fixed twice')\n"})
    # Stop at the first commit as `git rebase -i` with `edit` does: HEAD is detached.
    repo.git.rebase("-i", "HEAD~2", env={"GIT_SEQUENCE_EDITOR": "sed -i 1s/^pick/edit/"})
    assert repo.head.is_detached

    assert Workspace.open(root).default_session_name() == "hotfix-login-crash"
    assert hotfix(root, "set", "rollback-strategy-documented", "true") == 0

    assert sessions(root) == ["hotfix-login-crash.toml"]
    session = Workspace.open(root).load("hotfix-login-crash")
    assert session.value(session.checklist.item("rollback-strategy-documented")) is True
    assert session.value(session.checklist.item("root-cause")) == "stale cache key"


@pytest.mark.parametrize("first, second", [("hotfix/登录-crash", "hotfix/支付-crash"),
                                           ("hotfix/a+b", "hotfix/a=b"),
                                           ("hotfix/a-b", "hotfix-a-b")])
def test_distinct_branch_names_never_share_a_session(tmp_path: Path, first: str, second: str):
    repo = make_repo(tmp_path / "repo", branch=first)
    root = tmp_path / "repo"
    assert hotfix(root, "set", "root-cause", "first branch") == 0
    repo.git.checkout("-b", second)
    assert hotfix(root, "set", "root-cause", "second branch") == 0

    names = sessions(root)
    assert len(names) == 2
    ws = Workspace.open(root)
    for branch, said in ((second, "second branch"), (first, "first branch")):
        repo.git.checkout(branch)
        ws = Workspace.open(root)
        session = ws.load(ws.default_session_name())
        assert session.value(session.checklist.item("root-cause")) == said


def test_a_plain_detached_head_is_refused_with_the_way_out(tmp_path: Path, capsys):
    repo = make_repo(tmp_path / "repo")
    root = tmp_path / "repo"
    assert hotfix(root, "new") == 0
    repo.git.checkout("--detach", "HEAD")
    capsys.readouterr()

    assert hotfix(root, "set", "root-cause", "lost?") == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1
    assert "HEAD is detached" in err and "--session" in err and "hotfix-login-crash" in err
    assert sessions(root) == ["hotfix-login-crash.toml"]

    assert hotfix(root, "set", "root-cause", "kept", "--session", "hotfix-login-crash") == 0


def test_a_worktree_on_a_rebase_stop_finds_its_branch(tmp_path: Path):
    repo = make_repo(tmp_path / "repo")
    commit(repo, "work", {"app.py": "print('work')\n"})
    repo.git.worktree("add", str(tmp_path / "other"), "-b", "hotfix/other")
    other = git.Repo(tmp_path / "other")
    commit(other, "more", {"app.py": "print('more')\n"})
    other.git.rebase("-i", "HEAD~1", env={"GIT_SEQUENCE_EDITOR": "sed -i 1s/^pick/edit/"})
    assert Workspace.open(tmp_path / "other").default_session_name() == "hotfix-other"
