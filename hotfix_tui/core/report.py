"""What both doors show of a session: its status and its log, as plain data (the CLI
prints it as text or JSON; the app shows it). Pure: no I/O."""

from __future__ import annotations

from datetime import datetime
from typing import Any, NamedTuple

from hotfix_tui.core.model.checklist import Item, Phase, Section
from hotfix_tui.core.model.events import Event, aware, iso_time
from hotfix_tui.core.model.evidence import check_status
from hotfix_tui.core.model.record import (
    describe,
    holder,
    item_approval,
    last_handoff,
    missing_approvals,
    phase_approvals,
)
from hotfix_tui.core.model.session import Session, computed


def status_data(session: Session) -> dict[str, Any]:
    """The session as plain data: what `hotfix status --json` prints."""
    progress = session.progress()
    return {
        "session": session.name,
        "checklist": session.checklist.name,
        "progress": {"done": progress.done, "total": progress.total},
        "sections": [_section_data(session, section) for section in session.checklist.sections],
        "holder": holder(session),
        "handoff": _handoff_data(session),
        "phases": _phases_data(session),
    }


# --- where the incident stands ---------------------------------------------------------


class PhaseProgress(NamedTuple):
    """A process phase's items done, required items left and approvals still missing."""

    phase: Phase
    done: int
    total: int
    required_left: int
    missing: tuple[str, ...]  # the roles whose approval the phase still needs

    @property
    def settled(self) -> bool:
        """Nothing in it stands in the way of the merge."""
        return self.required_left == 0 and not self.missing


def phase_progress(session: Session) -> list[PhaseProgress]:
    """Each phase, in the process's order, with what of it is done."""
    missing = missing_approvals(session)
    found = []
    for phase in session.checklist.phases:
        items = [item for item in session.checklist.items() if item.phase == phase.id]
        done = [item for item in items if session.is_done(item)]
        required_left = sum(1 for item in items if item.required and item not in done)
        found.append(PhaseProgress(phase, len(done), len(items), required_left,
                                   tuple(missing.get(phase.id, ()))))
    return found


def standing(progress: list[PhaseProgress]) -> Phase | None:
    """Where the incident stands: the first phase with required items or approvals left;
    None once every phase is settled."""
    return next((part.phase for part in progress if not part.settled), None)


class ClockTime(NamedTuple):
    """One time of the incident clock: what its item shows, and when that reads as a time,
    the time and the seconds since the session started."""

    item: Item
    text: str
    at: datetime | None
    after_start: float | None


def clock_times(session: Session) -> list[ClockTime]:
    found = []
    for item in session.checklist.clock_items():
        text = " ".join(str(session.value(item)).split())
        try:
            at: datetime | None = aware(datetime.fromisoformat(text)) if text else None
        except ValueError:
            at = None  # typed by a person in their own words: shown as typed
        after = (at - aware(session.created_at)).total_seconds() if at else None
        found.append(ClockTime(item, text, at, after))
    return found


def duration(seconds: float) -> str:
    """`45 s`, `12 min`, `2 h 05 min`, `3 d 4 h`."""
    seconds = round(seconds)
    if seconds < 0:
        return "before the start"
    if seconds < 60:
        return f"{seconds} s"
    minutes, hours, days = seconds // 60, seconds // 3600, seconds // 86400
    if hours == 0:
        return f"{minutes} min"
    if days == 0:
        return f"{hours} h {minutes % 60:02d} min"
    return f"{days} d {hours % 24} h"


def _handoff_data(session: Session) -> dict[str, Any] | None:
    handoff = last_handoff(session)
    if handoff is None:
        return None
    return {"from": handoff.by, "to": handoff.to, "note": handoff.note or "",
            "at": iso_time(handoff.at)}


def _phases_data(session: Session) -> list[dict[str, Any]]:
    """Each process phase with the approvals it requires: given (who, when) or missing."""
    needed = phase_approvals(session)
    phases = []
    for part in phase_progress(session):
        phase = part.phase
        approvals = [{"role": n.role,
                      "by": n.approval.by if n.approval else None,
                      "at": iso_time(n.approval.at) if n.approval and n.approval.at else None}
                     for n in needed if n.phase == phase]
        phases.append({"id": phase.id, "title": phase.title,
                       "progress": {"done": part.done, "total": part.total,
                                    "required_left": part.required_left},
                       "approvals": approvals,
                       "missing": [a["role"] for a in approvals if a["by"] is None]})
    return phases


def _section_data(session: Session, section: Section) -> dict[str, Any]:
    progress = session.progress(section)
    return {
        "id": section.id,
        "title": section.title,
        "progress": {"done": progress.done, "total": progress.total},
        "items": [_item_data(session, item) for item in section.items()],
    }


def _item_data(session: Session, item: Item) -> dict[str, Any]:
    value = session.value(item)
    state = session.state(item.id)
    data: dict[str, Any] = {
        "id": item.id,
        "label": item.label,
        "kind": item.kind,
        "required": item.required,
        "value": list(value) if isinstance(value, tuple) else value,
        "done": item.is_done(value),
    }
    if item.kind == "choice":
        data["options"] = list(item.options)
    data["updated_at"] = state.updated_at.isoformat() if state and state.updated_at else None
    data["updated_by"] = state.updated_by if state else None
    if item.kind == "check":
        data["na"] = session.na_reason(item.id)
    if item.approval:
        approval = item_approval(session, item)
        data["approved"] = None if approval is None else {
            "by": approval.by, "at": iso_time(approval.at) if approval.at else None}
    if computed(session, item):
        data["computed"] = True  # from the record (the incident clock), not typed
    if item.has_check:
        data["check"] = check_data(session, item)
    return data


def check_data(session: Session, item: Item) -> dict[str, Any]:
    """A box's check: which one, its last run (or None), and whether a passing run
    vouches for the tick."""
    status = check_status(session, item)
    last = status.last
    return {"name": item.check or None, "state": status.state,
            "evidence": status.evidence is not None,
            "last_run": None if last is None else {
                "at": iso_time(last.at), "by": last.by, "command": last.command,
                "exit_status": last.exit_status, "duration": last.duration,
                "reason": last.note, "excerpt": last.excerpt}}


def describe_age(then: datetime, now: datetime) -> str:
    """`then` relative to `now`, the way a person says it: "just now", "5 min ago"."""
    seconds = int((now - then).total_seconds())
    if seconds < 60:
        return "just now"
    for size, unit in ((86400, "day"), (3600, "hour"), (60, "min")):
        if seconds >= size:
            count = seconds // size
            plural = "s" if count > 1 and unit != "min" else ""
            return f"{count} {unit}{plural} ago"
    return "just now"



def orphan_data(session: Session, item_id: str, reason: str) -> dict[str, object]:
    state = session.states[item_id]
    value = state.value
    return {"id": item_id, "reason": reason,
            "value": list(value) if isinstance(value, tuple) else value,
            "updated_at": state.updated_at.isoformat() if state.updated_at else None,
            "updated_by": state.updated_by}


def event_data(event: Event, session: Session) -> dict[str, object]:
    data: dict[str, object] = {"at": iso_time(event.at), "by": event.by, "event": event.event}
    data.update({key: value for key in ("item", "phase", "role", "to", "note", "command",
                                        "exit_status", "duration", "excerpt")
                 if (value := getattr(event, key)) is not None})
    data["text"] = describe(event, session)
    return data

