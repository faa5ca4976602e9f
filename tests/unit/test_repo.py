"""repo.py against real temporary repositories: discovery, base, changes, tags, commits."""

from __future__ import annotations

from pathlib import Path

import git
import pytest

from hotfix_tui.core.errors import ConfigError, RepoError
from hotfix_tui.core.git.repo import commit_file, open_repo, release_tags, start_branch
from hotfix_tui.core.git.snapshot import FileChange, read_snapshot
from hotfix_tui.core.storage.config import Config, load_config
from tests.conftest import make_repo
from tests.gitrepos import commit, write


def no_config(root: Path) -> Config:
    return Config(root / ".hotfix" / "config.toml")


@pytest.fixture
def branched(tmp_path: Path) -> git.Repo:
    """main: app.py, old.py, gone.py, tagged v1.4.2; hotfix/login-crash changes all three."""
    root = tmp_path / "repo"
    repo = make_repo(root, branch="main")
    commit(repo, "add modules", {"old.py": "x = 1\n" * 5, "gone.py": "y = 2\n"})
    repo.create_tag("v1.4.2", message="release 1.4.2")
    repo.git.checkout("-b", "hotfix/login-crash")
    repo.git.mv("old.py", "new.py")
    repo.git.rm("-q", "gone.py")
    commit(repo, "Fix the login crash", {"app.py": "print('fixed')\n"})
    return repo


def test_repo_is_found_from_a_subfolder(branched: git.Repo):
    root = Path(branched.working_tree_dir or "")
    sub = root / "deep" / "er"
    sub.mkdir(parents=True)
    info = open_repo(sub)
    assert info.root == root.resolve()
    assert info.is_git and info.notice is None
    assert info.branch == "hotfix/login-crash"
    assert info.head == branched.head.commit.hexsha
    assert info.user == "Dana Tester"


def test_changes_since_the_merge_base_with_renames_and_deletions(branched: git.Repo):
    root = Path(branched.working_tree_dir or "")
    # The base moves on after the branch was cut: its work is not the hotfix's.
    branched.git.checkout("main")
    commit(branched, "unrelated work on main", {"main_only.py": "z = 3\n"})
    branched.git.checkout("hotfix/login-crash")
    found = read_snapshot(root, no_config(root))
    assert found is not None
    assert found.base == "main"
    assert found.branch == "hotfix/login-crash"
    assert found.merge_base == branched.tags["v1.4.2"].commit.hexsha
    assert found.committed == (
        FileChange("app.py", "modified"),
        FileChange("gone.py", "deleted"),
        FileChange("new.py", "renamed", "old.py"),
    )
    assert [c.subject for c in found.commits] == ["Fix the login crash"]
    assert found.uncommitted == ()


def test_a_merge_of_the_base_moves_the_merge_base_and_is_marked(branched: git.Repo):
    root = Path(branched.working_tree_dir or "")
    branched.git.checkout("main")
    commit(branched, "unrelated work on main", {"main_only.py": "z = 3\n"})
    branched.git.checkout("hotfix/login-crash")
    branched.git.merge("--no-edit", "-q", "main")
    commit(branched, "Second part of the fix", {"app.py": "print('fixed twice')\n"})
    found = read_snapshot(root, no_config(root))
    assert found is not None
    assert found.merge_base == branched.heads["main"].commit.hexsha
    assert "main_only.py" not in {c.path for c in found.committed}
    assert [(c.subject, c.is_merge) for c in found.commits] == [
        ("Fix the login crash", False),
        ("Merge branch 'main' into hotfix/login-crash", True),
        ("Second part of the fix", False),
    ]


def test_uncommitted_changes_staged_or_not_and_untracked_but_not_the_tools_own(branched):
    root = Path(branched.working_tree_dir or "")
    write(root, {"app.py": "print('more')\n", "staged.py": "s = 1\n", "loose.txt": "?\n",
                 ".hotfix/hotfix-login-crash.toml": "schema_version = 1\n"})
    branched.git.add("staged.py")
    (root / "new.py").unlink()
    found = read_snapshot(root, no_config(root))
    assert found is not None
    assert found.uncommitted == (
        FileChange("app.py", "modified"),
        FileChange("new.py", "deleted"),
        FileChange("staged.py", "added"),
        FileChange("loose.txt", "untracked"),
    )


def test_a_commit_of_session_files_only_is_no_change(branched: git.Repo):
    root = Path(branched.working_tree_dir or "")
    code = branched.head.commit
    commit(branched, "hotfix checklist: 3/131 done", {".hotfix/s.toml": "schema_version = 1\n"},
           when="2099-01-01T00:00:00+00:00")
    found = read_snapshot(root, no_config(root))
    assert found is not None
    assert [c.subject for c in found.commits] == ["Fix the login crash"]
    assert found.last_change_at == code.committed_datetime
    assert ".hotfix/s.toml" not in {c.path for c in found.committed}


def test_detached_head(branched: git.Repo):
    root = Path(branched.working_tree_dir or "")
    branched.git.checkout("-q", "--detach", "HEAD")
    info = open_repo(root)
    assert info.is_git and info.branch is None and info.head == branched.head.commit.hexsha
    found = read_snapshot(root, no_config(root))
    assert found is not None and found.branch is None and found.base == "main"
    assert [c.path for c in found.committed] == ["app.py", "gone.py", "new.py"]


def test_no_commits_not_a_repo_and_bare(tmp_path: Path):
    unborn = tmp_path / "unborn"
    make_repo(unborn, commit=False)
    info = open_repo(unborn)
    assert info.is_git and info.head is None and info.notice == "repository has no commits yet"
    assert info.branch == "hotfix/login-crash"
    assert read_snapshot(unborn, no_config(unborn)) is None
    assert release_tags(unborn, reachable_from_head=True) == []

    plain = tmp_path / "plain"
    plain.mkdir()
    info = open_repo(plain)
    assert not info.is_git and info.notice == f"not a git repository: working in {plain}"
    assert info.user == "Dana Tester"
    assert read_snapshot(plain, no_config(plain)) is None

    bare = tmp_path / "bare.git"
    git.Repo.init(bare, bare=True)
    info = open_repo(bare)
    assert not info.is_git and info.notice == f"bare git repository: working in {bare}"
    assert read_snapshot(bare, no_config(bare)) is None


def test_base_from_config_else_remote_default_else_main_or_master(tmp_path: Path):
    upstream = make_repo(tmp_path / "upstream", branch="main")
    upstream.git.branch("-m", "main", "trunk")
    commit(upstream, "trunk work", {"t.py": "t = 1\n"})
    upstream.git.branch("develop")
    clone = git.Repo.clone_from(upstream.working_tree_dir, tmp_path / "clone")
    root = Path(clone.working_tree_dir or "")
    clone.git.checkout("-q", "-b", "hotfix/x")

    found = read_snapshot(root, no_config(root))  # origin/HEAD -> origin/trunk
    assert found is not None and found.base == "trunk"

    write(root, {".hotfix/config.toml": 'base = "develop"\n'})
    found = read_snapshot(root, load_config(root))  # only a remote-tracking branch
    assert found is not None and found.base == "develop"

    write(root, {".hotfix/config.toml": 'base = "nope"\n'})
    with pytest.raises(ConfigError, match=r"config.toml: base branch 'nope' is not in"):
        read_snapshot(root, load_config(root))

    legacy = make_repo(tmp_path / "legacy", branch="main")
    legacy.git.branch("-m", "main", "master")
    legacy.git.checkout("-q", "-b", "hotfix/y")
    found = read_snapshot(Path(legacy.working_tree_dir or ""), no_config(tmp_path))
    assert found is not None and found.base == "master"

    lone = make_repo(tmp_path / "lone", branch="main")
    lone.git.branch("-m", "main", "work")
    found = read_snapshot(Path(lone.working_tree_dir or ""), no_config(tmp_path))
    assert found is not None and found.base is None and found.committed == ()


def test_config_errors_name_the_file(tmp_path: Path):
    path = tmp_path / ".hotfix" / "config.toml"
    write(tmp_path, {".hotfix/config.toml": "base = \n"})
    with pytest.raises(ConfigError, match=f"^{path}: invalid TOML"):
        load_config(tmp_path)
    write(tmp_path, {".hotfix/config.toml": "base = 3\n"})
    with pytest.raises(ConfigError, match=f"^{path}: 'base' must be a branch name"):
        load_config(tmp_path)
    assert load_config(tmp_path / "elsewhere").base is None


def test_a_stale_local_base_does_not_pull_others_work_into_the_diff(tmp_path: Path):
    upstream = make_repo(tmp_path / "upstream", branch="main")
    clone = git.Repo.clone_from(upstream.working_tree_dir, tmp_path / "clone")
    commit(upstream, "someone else's merged work", {"theirs.py": "t = 1\n"})
    clone.remotes.origin.fetch()  # local main stays behind origin/main
    clone.git.checkout("-q", "-b", "hotfix/x", "origin/main")
    commit(clone, "the fix", {"ours.py": "o = 1\n"})
    root = Path(clone.working_tree_dir or "")
    found = read_snapshot(root, no_config(root))
    assert found is not None
    assert [c.path for c in found.committed] == ["ours.py"]


def test_release_tags_reachable_or_all(branched: git.Repo):
    root = Path(branched.working_tree_dir or "")
    branched.git.checkout("-q", "main")
    commit(branched, "later release", {"later.py": "l = 1\n"})
    branched.create_tag("v1.5.0")
    branched.git.checkout("-q", "hotfix/login-crash")
    assert release_tags(root, reachable_from_head=True) == ["v1.4.2"]
    assert sorted(release_tags(root, reachable_from_head=False)) == ["v1.4.2", "v1.5.0"]


def test_start_branch_from_a_tag_else_the_base(branched: git.Repo):
    root = Path(branched.working_tree_dir or "")
    branched.git.checkout("-q", "main")
    commit(branched, "unreleased work", {"wip.py": "w = 1\n"})
    assert start_branch(root, "hotfix/next", "v1.4.2", no_config(root)) == "v1.4.2"
    assert branched.active_branch.name == "hotfix/next"
    assert branched.head.commit == branched.tags["v1.4.2"].commit

    with pytest.raises(RepoError, match="a branch named 'hotfix/next' already exists") as caught:
        start_branch(root, "hotfix/next", "v1.4.2", no_config(root))
    assert "\n" not in str(caught.value)
    with pytest.raises(RepoError, match="not a valid branch name"):
        start_branch(root, "hotfix/two words", "v1.4.2", no_config(root))

    untagged = make_repo(root.parent / "untagged", branch="main")
    commit(untagged, "more", {"m.py": "m = 1\n"})
    untagged_root = Path(untagged.working_tree_dir or "")
    assert start_branch(untagged_root, "hotfix/z", None, no_config(untagged_root)) == "main"
    assert untagged.head.commit == untagged.heads["main"].commit


def test_commit_file_commits_it_alone_and_leaves_the_rest_staged(branched: git.Repo):
    root = Path(branched.working_tree_dir or "")
    write(root, {"other.py": "staged but not ours\n", ".hotfix/s.toml": "schema_version = 1\n",
                 "app.py": "print('unstaged edit')\n"})
    branched.git.add("other.py")
    before = branched.head.commit
    sha = commit_file(root, root / ".hotfix" / "s.toml", "hotfix checklist s: 0/1 done")
    head = branched.head.commit
    assert sha == head.hexsha and head.parents == (before,)
    assert list(head.stats.files) == [".hotfix/s.toml"]
    assert head.message.strip() == "hotfix checklist s: 0/1 done"
    assert branched.git.diff("--cached", "--name-only").splitlines() == ["other.py"]
    assert branched.git.diff("--name-only").splitlines() == ["app.py"]
    assert commit_file(root, root / ".hotfix" / "s.toml", "again") is None
    assert branched.head.commit == head


def test_commit_file_in_a_repo_without_commits(tmp_path: Path):
    repo = make_repo(tmp_path / "repo", commit=False)
    root = Path(repo.working_tree_dir or "")
    write(root, {".hotfix/s.toml": "x = 1\n", "other.py": "o\n"})
    repo.git.add("other.py")
    assert commit_file(root, root / ".hotfix" / "s.toml", "first") is not None
    assert list(repo.head.commit.stats.files) == [".hotfix/s.toml"]
    assert repo.git.diff("--cached", "--name-only").splitlines() == ["other.py"]


def test_a_failing_git_command_is_one_line(branched: git.Repo):
    root = Path(branched.working_tree_dir or "")
    hook = root / ".git" / "hooks" / "pre-commit"
    hook.write_text("#!/bin/sh\necho 'lint first' >&2\necho 'then commit' >&2\nexit 1\n")
    hook.chmod(0o755)
    write(root, {".hotfix/s.toml": "x = 1\n"})
    with pytest.raises(RepoError) as caught:
        commit_file(root, root / ".hotfix" / "s.toml", "blocked")
    assert str(caught.value) == f"{root}: cannot commit .hotfix/s.toml: then commit"
