"""The git use cases around a session: start a hotfix branch from the release tag its
release will follow, with its session; commit the session with its log and PR record."""

from __future__ import annotations

from typing import TYPE_CHECKING

from hotfix_tui.core.errors import RepoError, SessionError
from hotfix_tui.core.git.repo import commit_file, open_repo, start_branch

if TYPE_CHECKING:
    from hotfix_tui.core.model.session import Session
    from hotfix_tui.core.workspace import Workspace


def start(ws: Workspace, name: str, checklist_ref: str | None = None,
          session_name: str | None = None) -> tuple[Session, str | None]:
    """Branch `hotfix/NAME` from the release tag its release will follow (HEAD's
    nearest, or the newest patch of that line), else the base, and start its session.
    Returns the session and where the branch started; without git or commits there
    is no branch (None), only the session."""
    branch = f"hotfix/{name}"
    session_name = session_name or ws.branch_session_name(branch)
    if ws.exists(session_name):
        raise SessionError(f"{ws.session_path(session_name)}: session {session_name!r} "
                           "already exists")
    # A bad checklist must fail before a branch is made.
    ws.checklist_for_new(checklist_ref)
    started = None
    if ws.repo.is_git and ws.repo.head:
        from hotfix_tui.core.releases import start_tag

        config = ws.config()
        tag = start_tag(ws.root, config)
        started = start_branch(ws.root, branch, tag.name if tag else None, config)
        ws.repo = open_repo(ws.root)
    return ws.create(session_name, checklist_ref), started


def commit(ws: Workspace, session: Session, allow_secret: bool = False) -> str | None:
    """Commit the session's file, its event log and its PR record, nothing else: what
    else is staged stays staged. Returns the commit's hash, or None when there was
    nothing to commit. Refused while the session holds what looks like a secret,
    unless `allow_secret`."""
    if not ws.repo.is_git:
        raise RepoError(f"{ws.root}: nothing to commit outside a git work tree")
    if not allow_secret:
        ws.secrets.refuse(session, "committing")
    progress = session.progress()
    message = f"hotfix checklist {session.name}: {progress.done}/{progress.total} done"
    path = ws.session_path(session.name)
    # Its log and what it knows of its pull request go with it.
    folders = [folder for folder in (ws.layout.events(path), ws.layout.pr_dir(path))
               if folder.is_dir()]
    return commit_file(ws.root, path, message, *folders)
