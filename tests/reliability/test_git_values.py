"""Git-filled values are never emptied by accident, and never win over a person's."""

from __future__ import annotations

from pathlib import Path

import git

from hotfix_tui.cli import main
from hotfix_tui.core.workspace import Workspace
from tests.conftest import make_repo
from tests.gitrepos import commit

SESSION = "hotfix-login-crash"


def files(ws: Workspace) -> object:
    session = ws.load(SESSION)
    return session.value(session.checklist.item("files-modified"))


def test_a_clone_whose_origin_head_is_the_hotfix_branch_keeps_files_modified(tmp_path, capsys,
                                                                             monkeypatch):
    origin = make_repo(tmp_path / "origin")  # on hotfix/login-crash, one commit past main
    commit(origin, "Fix the crash", {"auth.py": "fixed\n"})
    clone = git.Repo.clone_from(origin.working_tree_dir, tmp_path / "clone")
    # The remote's default branch, as this clone recorded it, is the hotfix branch itself.
    assert clone.git.symbolic_ref("refs/remotes/origin/HEAD") == (
        "refs/remotes/origin/hotfix/login-crash")
    root = Path(clone.working_tree_dir or "")
    monkeypatch.chdir(root)
    assert main(["new"]) == 0
    ws = Workspace.open(root)
    assert files(ws) == ("auth.py",)  # against main, not against the branch itself
    # Even when git finds nothing any more (the base made equal to the branch), a refresh
    # keeps what it filled and says why.
    clone.git.branch("-f", "main", "origin/hotfix/login-crash")
    capsys.readouterr()
    assert main(["refresh"]) == 0
    out = capsys.readouterr().out
    assert ("kept Files Modified, Changes Made: git now finds nothing since the merge base "
            "with main") in out
    assert files(Workspace.open(root)) == ("auth.py",)
    assert main(["check"]) == 1  # other items are unmet, but Files Modified is not one
    assert "files-modified" not in capsys.readouterr().err


def test_a_refresh_racing_someone_typing_keeps_what_was_typed(repo_path: Path):
    repo = git.Repo(repo_path)
    commit(repo, "Fix the crash", {"auth.py": "fixed\n"})
    refresher = Workspace.open(repo_path, "Dana")
    stale = refresher.create(SESSION)  # filled from git: auth.py
    typist = Workspace.open(repo_path, "Lee")
    typist.set_value(typist.load(SESSION), "files-modified", ("auth.py", "db/migrate.sql"))
    commit(repo, "Also the cache", {"cache.py": "x\n"})
    # The refresh read the session before the typing and saves after it: git's newer
    # value must not replace the person's.
    refresher.refresh(stale)
    assert files(Workspace.open(repo_path)) == ("auth.py", "db/migrate.sql")
