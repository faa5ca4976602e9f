"""The incident record: what the session's event log and item states tell beyond the
values: who approved what, who holds the session, and the log in words.

Events (a box ticked, marked N/A, a phase approved, the body exported, the session handed
off) are facts (events.py); the incident clock is the session's own (session.py).

Pure functions: no I/O, no clock.
"""

from __future__ import annotations

from datetime import datetime
from typing import NamedTuple

from hotfix_tui.core.model.checklist import Item, Phase
from hotfix_tui.core.model.events import (
    APPROVED,
    HANDOFF,
    STARTED,
    WITHDRAWN,
    Event,
    merge_events,
    short_time,
)
from hotfix_tui.core.model.evidence import format_duration, one_line, outcome_words
from hotfix_tui.core.model.session import Session

# --- approvals -------------------------------------------------------------------------


class Approval(NamedTuple):
    by: str | None
    at: datetime | None

    def describe(self) -> str:
        """`Dana, 2026-11-23 14:02 +00:00`"""
        parts = [self.by or "someone"]
        if self.at is not None:
            parts.append(short_time(self.at))
        return ", ".join(parts)


def item_approval(session: Session, item: Item) -> Approval | None:
    """Who ticked an approval item and when; None while unticked or marked N/A."""
    state = session.state(item.id)
    if not item.approval or state is None or state.value is not True or state.na is not None:
        return None
    return Approval(state.updated_by, state.updated_at)


class PhaseApproval(NamedTuple):
    """One approval a process phase requires (`[[phases]] approvals`), and who gave it."""

    phase: Phase
    role: str
    approval: Approval | None


def phase_approvals(session: Session) -> list[PhaseApproval]:
    """Every approval the phases require, in phase order: the latest approve or withdraw
    event of each decides."""
    latest: dict[tuple[str, str], Event] = {}
    for event in session.events:
        if event.phase is not None and event.role is not None and event.event in (
                APPROVED, WITHDRAWN):
            latest[(event.phase, event.role)] = event
    found = []
    for phase in session.checklist.phases:
        for role in phase.approvals:
            last = latest.get((phase.id, role))
            approval = (Approval(last.by, last.at)
                        if last is not None and last.event == APPROVED else None)
            found.append(PhaseApproval(phase, role, approval))
    return found


def missing_approvals(session: Session) -> dict[str, list[str]]:
    """The roles each phase still needs an approval from, by phase id (phases lacking
    none are left out)."""
    missing: dict[str, list[str]] = {}
    for needed in phase_approvals(session):
        if needed.approval is None:
            missing.setdefault(needed.phase.id, []).append(needed.role)
    return missing


# --- handoff ---------------------------------------------------------------------------


def last_handoff(session: Session) -> Event | None:
    return next((e for e in reversed(session.events) if e.event == HANDOFF), None)


def holder(session: Session) -> str:
    """Who holds the session: whom it was last handed to, else who started it."""
    handoff = last_handoff(session)
    return handoff.to if handoff is not None and handoff.to else session.created_by


# --- the log ---------------------------------------------------------------------------


def timeline(session: Session) -> tuple[Event, ...]:
    """The log, oldest first, from the start of the session."""
    started = Event(session.created_at, session.created_by, STARTED)
    return merge_events([started], session.events)


def describe(event: Event, session: Session) -> str:
    """What happened, in words: `ticked Automated Tests`."""
    label = _label(event.item, session) if event.item else ""
    if event.phase is not None:
        title = next((p.title for p in session.checklist.phases if p.id == event.phase),
                     event.phase)
        label = f"{title} - {event.role}"
    note = event.note or ""
    match event.event:
        case "started":
            return f"started the session ({session.checklist.title})"
        case "edited":
            return f"edited {label}"
        case "ticked":
            return f"ticked {label}"
        case "unticked":
            return f"unticked {label}"
        case "approved":
            return f"approved: {label}"
        case "approval-withdrawn":
            return f"withdrew the approval: {label}"
        case "not-applicable":
            return f"marked {label} N/A: {note}"
        case "qualified":
            return "qualified the hotfix (every qualification item done)"
        case "exported":
            return f"exported {note or 'the PR body'}"
        case "handoff":
            return f"handed the session to {event.to}" + (f": {note}" if note else "")
        case "superseded":
            return f"value of {label} replaced by a later one in a merge; it was: {note}"
        case "check-passed" | "check-failed" | "check-cancelled":
            done = [outcome_words(event)]
            if event.duration is not None:
                done.append(format_duration(event.duration))
            return f"ran {label} ({one_line(event.command or '')}): {', '.join(done)}"
    return " ".join(part for part in (event.event, label, note) if part)


def _label(item_id: str, session: Session) -> str:
    checklist = session.checklist
    return checklist.item(item_id).label if checklist.has_item(item_id) else item_id
