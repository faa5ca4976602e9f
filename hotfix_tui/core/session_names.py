"""Which session a command works on when none is named: the branch's, even during a
rebase or bisect (HEAD detached by them); never one shared by two branches; never a
quiet new one on a plain detached HEAD."""

from __future__ import annotations

from typing import TYPE_CHECKING

from hotfix_tui.core.errors import SessionError
from hotfix_tui.core.git.head import branch_in_progress
from hotfix_tui.core.storage.layout import LOSSLESS_BRANCH, branch_digest, safe_session_name

if TYPE_CHECKING:
    from hotfix_tui.core.workspace import Workspace

DETACHED = "detached-"


def default_name(ws: Workspace) -> str:
    """The session of the branch worked on: the one checked out, or the one a rebase or
    bisect under way belongs to (its HEAD is detached, its work the branch's)."""
    branch = ws.repo.branch or (branch_in_progress(ws.root) if ws.repo.is_git else None)
    if branch:
        return branch_name(ws, branch)
    if ws.repo.head:
        return f"{DETACHED}{ws.repo.head[:7]}"
    return "hotfix"


def branch_name(ws: Workspace, branch: str) -> str:
    """A branch's session name: `hotfix/login-crash` -> `hotfix-login-crash`. Distinct
    branches never share one: a name that had to drop characters (`hotfix/登录-crash`,
    `hotfix/a+b`) or whose session belongs to another branch gets the branch's hash."""
    plain = safe_session_name(branch)
    if LOSSLESS_BRANCH.fullmatch(branch):
        recorded = ws.store.recorded_branch(plain) if ws.store.exists(plain) else None
        if recorded is None or recorded == branch:
            return plain
    return f"{plain[:92]}-{branch_digest(branch)}"


def refuse_detached(ws: Workspace, name: str) -> None:
    """A new session for a plain detached HEAD is never started quietly: a checkout of a
    commit has no branch whose session it would be."""
    if name.startswith(DETACHED) and name == default_name(ws):
        known = ", ".join(ws.session_names()) or "none yet"
        raise SessionError(f"{ws.root}: HEAD is detached (no branch, no rebase or bisect "
                           f"under way): name the session with --session NAME (sessions "
                           f"here: {known})")
