"""Where a clone's git files are and which branch work is on, read from the files git
keeps, without running git or loading GitPython (called on every command and by the app
every second)."""

from __future__ import annotations

from pathlib import Path

REF_PREFIX = "refs/heads/"


def git_dir(root: Path) -> Path | None:
    """The work tree's git folder (a worktree's own, not the shared one); None outside a
    plain repo or worktree."""
    dot_git = root / ".git"
    try:
        if dot_git.is_dir():
            return dot_git
        text = dot_git.read_text(encoding="utf-8").strip()
    except (OSError, UnicodeDecodeError):
        return None
    if not text.startswith("gitdir:"):
        return None
    return (root / text.removeprefix("gitdir:").strip()).resolve()


def git_common_dir(root: Path) -> Path | None:
    """The folder holding the repo's config and info/, shared by its worktrees."""
    own = git_dir(root)
    if own is None:
        return None
    try:
        common = (own / "commondir").read_text(encoding="utf-8").strip()
    except (OSError, UnicodeDecodeError):
        return own
    return (own / common).resolve()


def _read(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8").strip()
    except (OSError, UnicodeDecodeError):
        return None


def branch_in_progress(root: Path) -> str | None:
    """The branch a rebase or a bisect under way belongs to, while HEAD is detached by
    it: the work is still that branch's, and so is its session."""
    own = git_dir(root)
    if own is None:
        return None
    for name in ("rebase-merge/head-name", "rebase-apply/head-name"):
        ref = _read(own / name)
        if ref and ref.startswith(REF_PREFIX):
            return ref.removeprefix(REF_PREFIX)
    start = _read(own / "BISECT_START")  # the branch (or commit) the bisect began on
    return start.removeprefix(REF_PREFIX) if start and not _is_sha(start) else None


def checked_out(root: Path) -> str | None:
    """The branch HEAD names now, or the one a rebase or bisect belongs to; None on a
    detached HEAD or where git's files cannot be read."""
    own = git_dir(root)
    head = _read(own / "HEAD") if own is not None else None
    if head and head.startswith("ref: " + REF_PREFIX):
        return head.removeprefix("ref: " + REF_PREFIX)
    return branch_in_progress(root)


def _is_sha(text: str) -> bool:
    return len(text) in (40, 64) and all(char in "0123456789abcdef" for char in text)
