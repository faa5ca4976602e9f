"""Sessions through git: clones stay clean, two people's edits of one field merge without
conflict markers (the later kept, the other in the log), two branches of one clone merge,
and a file a merge left in conflict is resolved item by item."""

from __future__ import annotations

from pathlib import Path

import git
import pytest

from hotfix_tui.cli import main
from hotfix_tui.core.model.events import SUPERSEDED
from hotfix_tui.core.model.record import timeline
from hotfix_tui.core.workspace import Workspace
from tests.conftest import make_repo

SESSION = "hotfix-login-crash"


def hotfix(root: Path, *args: str, author: str = "Dana") -> int:
    return main([*args, "--repo", str(root), "--as", author])


def value(root: Path, item_id: str) -> object:
    session = Workspace.open(root).load(SESSION)
    return session.value(session.checklist.item(item_id))


def status_under_hotfix(repo: git.Repo) -> list[str]:
    return repo.git.status("--porcelain", "--untracked-files=all", ".hotfix").splitlines()


@pytest.fixture
def clones(tmp_path: Path) -> tuple[git.Repo, git.Repo, git.Repo]:
    """A bare origin holding a committed session, and Ann's and Bob's clones of it."""
    start = make_repo(tmp_path / "start")
    root = Path(start.working_tree_dir or "")
    assert hotfix(root, "new") == 0
    assert hotfix(root, "commit") == 0
    origin = git.Repo.init(tmp_path / "origin.git", bare=True)
    start.git.push(str(origin.git_dir), "hotfix/login-crash")
    ann = git.Repo.clone_from(origin.git_dir, tmp_path / "ann", branch="hotfix/login-crash")
    bob = git.Repo.clone_from(origin.git_dir, tmp_path / "bob", branch="hotfix/login-crash")
    return origin, ann, bob


def root_of(repo: git.Repo) -> Path:
    return Path(repo.working_tree_dir or "")


def test_clones_stay_clean_and_pull_never_aborts(clones):
    _, ann, bob = clones
    for repo, who in ((ann, "Ann"), (bob, "Bob")):
        assert status_under_hotfix(repo) == []  # nothing before hotfix runs
        assert hotfix(root_of(repo), "set", "automated-tests", "true", author=who) == 0
        assert hotfix(root_of(repo), "export", "--draft", "--pr-body",
                      str(root_of(repo) / ".hotfix" / "out" / "b.md"),
                      author=who) == 0
        # Only the session and this writer's log are new: locks, .local/ and exports are not.
        assert all(line[3:].startswith((".hotfix/hotfix-login-crash.toml",
                                        ".hotfix/hotfix-login-crash.events/"))
                   for line in status_under_hotfix(repo))
    assert hotfix(root_of(ann), "commit", author="Ann") == 0
    ann.git.push("origin", "hotfix/login-crash")
    assert hotfix(root_of(bob), "commit", author="Bob") == 0
    bob.git.pull("--no-rebase", "origin", "hotfix/login-crash")  # would raise on an abort
    assert status_under_hotfix(bob) == []


def test_two_people_editing_one_field_merge_without_markers_and_the_log_keeps_both(clones):
    _, ann, bob = clones
    assert hotfix(root_of(ann), "set", "root-cause", "A stale cache key", author="Ann") == 0
    assert hotfix(root_of(ann), "commit", author="Ann") == 0
    ann.git.push("origin", "hotfix/login-crash")
    assert hotfix(root_of(bob), "set", "root-cause", "The cache key changed in the deploy",
                  author="Bob") == 0  # later: Bob's is kept
    assert hotfix(root_of(bob), "set", "production-impact", "Logins fail", author="Bob") == 0
    assert hotfix(root_of(bob), "commit", author="Bob") == 0
    bob.git.pull("--no-rebase", "origin", "hotfix/login-crash")
    text = (root_of(bob) / ".hotfix" / f"{SESSION}.toml").read_text()
    assert "<<<<<<<" not in text and ">>>>>>>" not in text
    assert value(root_of(bob), "root-cause") == "The cache key changed in the deploy"
    assert value(root_of(bob), "production-impact") == "Logins fail"
    log = timeline(Workspace.open(root_of(bob)).load(SESSION))
    (superseded,) = [event for event in log if event.event == SUPERSEDED]
    assert (superseded.by, superseded.item, superseded.note) == (
        "Ann", "root-cause", "A stale cache key")


def test_two_branches_of_one_clone_merge_their_logs(clones):
    _, ann, _ = clones
    root = root_of(ann)
    ann.git.checkout("-b", "hotfix/login-crash-db")
    assert hotfix(root, "set", "automated-tests", "true", "--session", SESSION) == 0
    assert hotfix(root, "commit", "--session", SESSION) == 0
    ann.git.checkout("hotfix/login-crash")
    assert hotfix(root, "set", "error-scenario", "true") == 0
    assert hotfix(root, "commit") == 0
    ann.git.merge("--no-edit", "hotfix/login-crash-db")  # the same writer's file on both
    events = [e.event for e in timeline(Workspace.open(root).load(SESSION))]
    assert events.count("ticked") == 2
    assert value(root, "automated-tests") is True and value(root, "error-scenario") is True


def test_a_file_left_in_conflict_is_named_and_resolved_item_by_item(clones, capsys):
    _, ann, bob = clones
    assert hotfix(root_of(ann), "set", "root-cause", "Ann's cause", author="Ann") == 0
    assert hotfix(root_of(ann), "commit", author="Ann") == 0
    ann.git.push("origin", "hotfix/login-crash")
    assert hotfix(root_of(bob), "set", "root-cause", "Bob's cause", author="Bob") == 0
    assert hotfix(root_of(bob), "commit", author="Bob") == 0
    # A clone where hotfix's merge driver is not set up (made by hand, or by a tool).
    bob.git.config("--local", "--unset", "merge.hotfix.driver")
    (Path(bob.git_dir) / "info" / "attributes").write_text("")
    with pytest.raises(git.GitCommandError):
        bob.git.pull("--no-rebase", "origin", "hotfix/login-crash")
    capsys.readouterr()
    assert hotfix(root_of(bob), "status", author="Bob") == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "has git conflict markers" in err
    assert "run `hotfix resolve`" in err
    assert hotfix(root_of(bob), "resolve", author="Bob") == 0
    assert value(root_of(bob), "root-cause") == "Bob's cause"
    assert not bob.git.ls_files("-u")


def test_markers_already_added_to_git_are_resolved_item_by_item(clones, capsys):
    _, ann, bob = clones
    assert hotfix(root_of(ann), "set", "root-cause", "Ann's cause", author="Ann") == 0
    assert hotfix(root_of(ann), "set", "critical-bug", "BUG-1", author="Ann") == 0
    assert hotfix(root_of(ann), "commit", author="Ann") == 0
    ann.git.push("origin", "hotfix/login-crash")
    assert hotfix(root_of(bob), "set", "root-cause", "Bob's cause", author="Bob") == 0
    assert hotfix(root_of(bob), "set", "incident-report", "INC-2", author="Bob") == 0
    assert hotfix(root_of(bob), "commit", author="Bob") == 0
    bob.git.config("--local", "--unset", "merge.hotfix.driver")
    (Path(bob.git_dir) / "info" / "attributes").write_text("")
    with pytest.raises(git.GitCommandError):
        bob.git.pull("--no-rebase", "origin", "hotfix/login-crash")
    # In a hurry, the conflict is marked resolved with its markers still in the files.
    bob.git.add(".hotfix")
    bob.git.commit("--no-edit")
    capsys.readouterr()
    assert hotfix(root_of(bob), "status", author="Bob") == 2
    assert "run `hotfix resolve`" in capsys.readouterr().err
    assert hotfix(root_of(bob), "resolve", author="Bob") == 0
    out = capsys.readouterr().out
    assert ".hotfix/hotfix-login-crash.toml: resolved" in out
    assert value(root_of(bob), "root-cause") == "Bob's cause"
    assert value(root_of(bob), "critical-bug") == "BUG-1"
    assert value(root_of(bob), "incident-report") == "INC-2"
    assert hotfix(root_of(bob), "status", author="Bob") == 0
