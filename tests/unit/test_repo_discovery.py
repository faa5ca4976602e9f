"""Finding the repo without GitPython says what GitPython says, or leaves it to GitPython."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import git
import pytest

from hotfix_tui.core.git.repo import open_repo, open_with_gitpython, plain_repo
from tests.conftest import make_repo


def agree(path: Path) -> bool:
    """Whether the quick path answered, after checking that open_repo's answer (quick or
    not) is GitPython's."""
    assert open_repo(path) == open_with_gitpython(path.resolve())
    return plain_repo(path.resolve()) is not None


def test_a_branch_is_read_without_gitpython_from_anywhere_in_the_work_tree(tmp_path: Path):
    root = tmp_path / "repo"
    repo = make_repo(root)
    sub = root / "deep" / "er"
    sub.mkdir(parents=True)
    assert agree(root) and agree(sub)
    info = plain_repo(sub.resolve())
    assert info is not None and info.branch == "hotfix/login-crash"
    assert info.root == root.resolve() and info.head == repo.head.commit.hexsha


def test_a_detached_head_is_read_without_gitpython(tmp_path: Path):
    repo = make_repo(tmp_path / "repo")
    repo.git.checkout("--detach")
    assert agree(tmp_path / "repo")


@pytest.mark.parametrize("layout", ["unborn", "packed", "worktree", "bare", "core.worktree",
                                    "include", "GIT_DIR", "not-a-repo"])
def test_other_layouts_are_left_to_gitpython(layout: str, tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch):
    root = tmp_path / "repo"
    path = root
    if layout == "unborn":
        make_repo(root, commit=False)
    elif layout == "packed":
        make_repo(root).git.pack_refs("--all")
    elif layout == "worktree":
        make_repo(root).git.worktree("add", str(tmp_path / "wt"), "-b", "other")
        path = tmp_path / "wt"
    elif layout == "bare":
        git.Repo.init(root, bare=True)
    elif layout in ("core.worktree", "include"):
        make_repo(root)
        key = "core.worktree" if layout == "core.worktree" else "include.path"
        subprocess.run(["git", "config", key, str(tmp_path / "elsewhere")], cwd=root,
                       check=True)
    elif layout == "GIT_DIR":
        make_repo(root)
        monkeypatch.setenv("GIT_DIR", str(root / ".git"))
    else:
        root.mkdir()
    assert not agree(path)


def test_commands_that_only_read_do_not_load_gitpython(in_repo: Path):
    script = ("import sys; from hotfix_tui.cli import main; "
              "[main(a) for a in (['status', '--json'], ['status'], ['check'], "
              "['export', '--draft', '--pr-body', '-'], ['sessions'])]; "
              "print(sorted(m for m in sys.modules if m.split('.')[0] == 'git'))")
    assert subprocess.run([sys.executable, "-m", "hotfix_tui", "new"]).returncode == 0
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert result.stdout.strip().splitlines()[-1] == "[]", result.stderr
