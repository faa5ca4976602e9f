"""The incident record: the session's event log and what is derived from it.

Events (a box ticked, marked N/A, a phase approved, the body exported, the session handed
off) are facts: once recorded they never change, so two writers' logs merge as their union
(store.py keeps one file per writer, which git merges without conflict). From them and the
item states come the incident clock (response, resolution and authorization times), who
approved what, and who holds the session.

Pure functions: no I/O, no clock.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from hotfix_tui.core.checklist import Item, Phase
    from hotfix_tui.core.session import Session

# What an event records (`Event.event`).
EDITED = "edited"  # a text, choice or list item changed (once per run of one person's edits)
TICKED, UNTICKED = "ticked", "unticked"
APPROVED, WITHDRAWN = "approved", "approval-withdrawn"  # an approval item or phase approval
NOT_APPLICABLE = "not-applicable"
QUALIFIED = "qualified"  # the change that completed the Qualification section
EXPORTED = "exported"  # the PR body, complete (drafts are not recorded)
HANDOFF = "handoff"
# Changes to values: the first of them is when the incident was responded to.
VALUE_EVENTS = frozenset({EDITED, TICKED, UNTICKED, APPROVED, WITHDRAWN, NOT_APPLICABLE})
# The section whose items, all done, qualify the fix as a hotfix.
QUALIFICATION = "qualification"
# An N/A reason is a short note on one line of the PR body.
MAX_REASON = 200




class Event(NamedTuple):
    """One entry of the session's log. Events are never changed once recorded, so merging
    two writers' logs is their union."""

    at: datetime
    by: str
    event: str
    item: str | None = None  # the item it is about
    phase: str | None = None  # a phase approval: the phase and the role that approved
    role: str | None = None
    to: str | None = None  # a handoff: who holds the session now
    note: str | None = None  # an N/A reason, a handoff note, what was exported

    @property
    def sort_key(self) -> datetime:
        # A time without offset (hand-edited) is local time, as everywhere else.
        return self.at if self.at.tzinfo is not None else self.at.astimezone()


def merge_events(*logs: Iterable[Event]) -> tuple[Event, ...]:
    """The union of event logs, each event once, in time order (ties keep their order)."""
    seen: dict[Event, None] = {}
    for log in logs:
        seen.update(dict.fromkeys(log))
    return tuple(sorted(seen, key=lambda event: event.sort_key))

STARTED = "started"  # not stored: the session's created_at and created_by

# The incident clock: items filled from the record unless a person typed them.
RESPONSE_TIME, RESOLUTION_TIME = "response-time", "resolution-time"
AUTHORIZATION_TIME = "authorization-time"
CLOCK_ITEMS = frozenset({RESPONSE_TIME, RESOLUTION_TIME, AUTHORIZATION_TIME})


def aware(at: datetime) -> datetime:
    """A time with its UTC offset; one without (written by hand) is local time."""
    return at if at.tzinfo is not None else at.astimezone()


def iso_time(at: datetime) -> str:
    """ISO 8601 with the UTC offset, to the second: `2026-11-23T14:02:00+00:00`."""
    return aware(at).isoformat(timespec="seconds")


def short_time(at: datetime) -> str:
    """For people: `2026-11-23 14:02 +00:00`."""
    at = aware(at)
    offset = at.strftime("%z")
    return f"{at:%Y-%m-%d %H:%M} {offset[:3]}:{offset[3:]}"


# --- the incident clock ----------------------------------------------------------------


def responded_at(session: Session) -> datetime | None:
    """The first change a person made: the first value event, or for a session from before
    events were kept, the earliest typed value's time."""
    times = [event.at for event in session.events if event.event in VALUE_EVENTS]
    times += [state.updated_at for state in session.states.values()
              if state.source is None and state.updated_at is not None]
    return min(times, key=aware, default=None)


def resolved_at(session: Session) -> datetime | None:
    """The first export of the PR body with every required item done."""
    return next((event.at for event in session.events if event.event == EXPORTED), None)


def authorized_at(session: Session) -> datetime | None:
    """When the last required approval came in, once all of them are in."""
    required = [item for item in session.checklist.items() if item.approval and item.required]
    if not required or not all(session.is_done(item) for item in required):
        return None
    times = [state.updated_at for item in required
             if (state := session.state(item.id)) is not None and state.updated_at is not None]
    return max(times, key=aware, default=None)


CLOCK = {RESPONSE_TIME: responded_at, RESOLUTION_TIME: resolved_at,
         AUTHORIZATION_TIME: authorized_at}


def clock_value(session: Session, item_id: str) -> str:
    """The time the record gives a clock item, ISO 8601; "" while there is none."""
    at = CLOCK[item_id](session)
    return iso_time(at) if at is not None else ""


def computed(session: Session, item: Item) -> bool:
    """Whether the item's value comes from the record rather than from what was typed."""
    return item.id in CLOCK_ITEMS and session.value(item) != session.entered(item)


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
    return " ".join(part for part in (event.event, label, note) if part)


def _label(item_id: str, session: Session) -> str:
    checklist = session.checklist
    return checklist.item(item_id).label if checklist.has_item(item_id) else item_id
