"""A branch's upstream, and pushing a branch that has none: what opening a pull request
needs of git. Through GitPython, like the rest of core/git."""

from __future__ import annotations

from pathlib import Path

from hotfix_tui.core.errors import RepoError
from hotfix_tui.core.git.repo import git_errors

# A push must fail rather than wait for a password nobody is there to type (the app).
NO_PROMPT = {"GIT_TERMINAL_PROMPT": "0"}


def upstream(root: Path, branch: str) -> str | None:
    """The branch `branch` tracks (`origin/hotfix/x`), or None when it tracks none."""
    import git

    with git.Repo(root) as repo, git_errors(root, f"read the upstream of {branch!r}"):
        head = next((head for head in repo.heads if head.name == branch), None)
        if head is None:
            raise RepoError(f"{root}: no local branch {branch!r}")
        tracking = head.tracking_branch()
        return tracking.name if tracking is not None else None


def push_branch(root: Path, branch: str) -> str:
    """Push `branch` to `origin` (or the only remote) and track it there; the remote's name."""
    import git

    with git.Repo(root) as repo, git_errors(root, f"push {branch!r}"):
        names = [remote.name for remote in repo.remotes]
        if not names:
            raise RepoError(f"{root}: no git remote to push {branch!r} to: add one "
                            "(`git remote add origin URL`)")
        remote = "origin" if "origin" in names or len(names) != 1 else names[0]
        if remote not in names:
            raise RepoError(f"{root}: several remotes and none is `origin`: push {branch!r} "
                            f"yourself (`git push -u REMOTE {branch}`), then run `hotfix pr`")
        repo.git.push("--set-upstream", remote, branch, env=NO_PROMPT)
        return remote
