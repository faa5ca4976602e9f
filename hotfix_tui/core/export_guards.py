"""What an export refuses: to write over the tool's own files, and a PR body GitHub would
refuse for its size."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from hotfix_tui.core.errors import ExportError
from hotfix_tui.core.markdown.render import body_parts
from hotfix_tui.core.model.session import Session

if TYPE_CHECKING:
    from hotfix_tui.core.workspace import Workspace


def refuse_own_file(ws: Workspace, path: Path) -> None:
    """One wrong tab must not overwrite a session, its log, the config or a checklist."""
    what = ws.layout.own_file(path)
    if what is None and path.resolve() in {p.resolve() for p in ws.checklists().values()}:
        what = "a checklist"
    if what is not None:
        raise ExportError(f"{path}: is {what}; not writing over it (export to another file, "
                          "e.g. in .hotfix/out/)")


# GitHub refuses a pull-request body longer than this (it counts characters).
GITHUB_BODY_LIMIT = 65_536


def github_size_problem(session: Session, body: str) -> str | None:
    """Why GitHub would refuse the body (too long: the size, and the items to trim), or
    None when it fits. Never cut silently: the person chooses what goes."""
    if len(body) <= GITHUB_BODY_LIMIT:
        return None
    sizes = sorted(((sum(len(line) + 1 for line in run), item.label)
                    for item, run in body_parts(session.checklist, session.value)
                    if item is not None), reverse=True)
    longest = ", ".join(f"{label} ({size:,} characters)" for size, label in sizes[:3])
    return (f"the PR body is {len(body):,} characters, over GitHub's limit of "
            f"{GITHUB_BODY_LIMIT:,}; shorten the longest items: {longest}")
