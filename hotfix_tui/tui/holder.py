"""What the app tells a person about who holds the session: handed to them, or held by
someone else (whose changes theirs may cross)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from hotfix_tui.core.model.events import iso_time, short_time
from hotfix_tui.core.model.record import holder, last_handoff, missing_approvals
from hotfix_tui.core.model.session import Session

# Unmet required items named in a notice; the rest are counted.
NAMED = 4


@dataclass(frozen=True)
class HolderNotice:
    title: str
    message: str
    severity: Literal["information", "warning"]
    handoff: str = ""  # the time of the handoff it tells of, to tell it once


def is_someone_else(session: Session, me: str) -> bool:
    return holder(session).casefold() != me.casefold()


def holder_notice(session: Session, me: str, told: str | None = None) -> HolderNotice | None:
    """For `me` opening the session: who held it, the handoff note and what is left. None
    when it is mine and was never handed over, or handed to me at `told` (told already);
    that it is someone else's is told every time."""
    held_by, handoff = holder(session), last_handoff(session)
    at = iso_time(handoff.at) if handoff is not None else ""
    note = f"\n“{handoff.note}”" if handoff is not None and handoff.note else ""
    left = _what_is_left(session)
    if not is_someone_else(session, me):
        if handoff is None or told == at:
            return None
        return HolderNotice("Handed to you", f"{handoff.by} handed this session to you "
                            f"({short_time(handoff.at)}).{note}\n{left}", "information", at)
    since = (f", handed over by {handoff.by} ({short_time(handoff.at)})" if handoff is not None
             else ", who started it")
    return HolderNotice("Someone else holds this session",
                        f"{held_by} holds this session{since}. Your changes are recorded as "
                        f"{me}.{note}\n{left}", "warning", at)


def _what_is_left(session: Session) -> str:
    unmet = session.unmet_required()
    names = ", ".join(item.label for item in unmet[:NAMED])
    more = f" and {len(unmet) - NAMED} more" if len(unmet) > NAMED else ""
    text = f"Left: {len(unmet)} required item(s): {names}{more}." if unmet else \
        "Every required item is done."
    missing = sum(len(roles) for roles in missing_approvals(session).values())
    if missing:
        text += f" {missing} phase approval(s) missing."
    return text
