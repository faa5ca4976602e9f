"""Everything git, through GitPython, behind one small interface.

GitPython is imported inside the functions: commands that never touch git (validate,
--help) should not pay for it.
"""

from __future__ import annotations

import getpass
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import git


@dataclass(frozen=True)
class RepoInfo:
    """What the tool needs to know about where it runs."""

    root: Path
    is_git: bool
    branch: str | None
    head: str | None
    user: str
    # One line for the user when git could not be used ("not a git repository ...").
    notice: str | None = None


def open_repo(path: Path) -> RepoInfo:
    """The git repository containing `path`, or `path` itself when there is none."""
    import git

    path = path.resolve()
    try:
        repo = git.Repo(path, search_parent_directories=True)
    except (git.InvalidGitRepositoryError, git.NoSuchPathError):
        return RepoInfo(path, False, None, None, _global_user(),
                        f"not a git repository: working in {path}")
    with repo:
        if repo.bare or repo.working_tree_dir is None:
            return RepoInfo(path, False, None, None, _repo_user(repo),
                            f"bare git repository: working in {path}")
        root = Path(repo.working_tree_dir)
        branch = None if repo.head.is_detached else repo.head.reference.name
        try:
            head: str | None = repo.head.commit.hexsha
        except ValueError:  # unborn branch: no commits yet
            head = None
        notice = None if head else "repository has no commits yet"
        return RepoInfo(root, True, branch, head, _repo_user(repo), notice)


def _repo_user(repo: git.Repo) -> str:
    try:
        name = repo.config_reader().get_value("user", "name", "")
    except Exception:  # any unreadable config: fall back, never fail over a name
        name = ""
    return str(name) or _os_user()


def _global_user() -> str:
    import git

    try:
        reader = git.GitConfigParser(
            [git.config.get_config_path("global"), git.config.get_config_path("user")],
            read_only=True)
        name = reader.get_value("user", "name", "")
    except Exception:
        name = ""
    return str(name) or _os_user()


def _os_user() -> str:
    try:
        return getpass.getuser()
    except Exception:
        return "unknown"
