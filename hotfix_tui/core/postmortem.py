"""The postmortem's facts, from the record: what the checklist declares the incident's
summary, impact, root cause and fix (`release = ...`), the incident clock (`clock = ...`),
the log in UTC, approvals, N/A decisions, handoffs, check runs and the follow-up actions
still open (sections declared `follow_up`). Plain data: `hotfix export --postmortem --json`
prints it, markdown/postmortem.py renders it. Pure: no I/O, no clock.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from hotfix_tui.core.markdown.release_notes import title
from hotfix_tui.core.model.checklist import Item
from hotfix_tui.core.model.events import HANDOFF, NOT_APPLICABLE, RUN_EVENTS, Event, aware
from hotfix_tui.core.model.evidence import outcome_words
from hotfix_tui.core.model.record import describe, holder, item_approval, phase_approvals, timeline
from hotfix_tui.core.model.session import Session
from hotfix_tui.core.report import ClockTime, clock_times

# Each part of the postmortem and the `release` roles (model/checklist.py) it quotes, in
# order; a checklist declaring none of a part's roles leaves the part empty.
PARTS = {
    "summary": ("summary",),
    "impact": ("impact", "affected-users", "impact-assessment"),
    "root_cause": ("root-cause",),
    "resolution": ("fix", "why"),
}
# Facts listed under the title: the incident's severity and where it is tracked.
FACTS = ("severity", "incident", "bug")


def utc(at: datetime) -> str:
    """ISO 8601 in UTC, to the second: `2026-11-23T14:02:00+00:00`."""
    return aware(at).astimezone(UTC).isoformat(timespec="seconds")


def postmortem_data(session: Session) -> dict[str, Any]:
    checklist = session.checklist
    data: dict[str, Any] = {
        "session": session.name,
        "title": title(session),
        "checklist": checklist.title,
        "started": {"at": utc(session.created_at), "by": session.created_by},
        "holder": holder(session),
        "facts": _values(session, FACTS),
    }
    data.update({part: _values(session, roles) for part, roles in PARTS.items()})
    data["clock"] = [_clock(time) for time in clock_times(session)]
    data["timeline"] = [{"at": utc(event.at), "by": event.by, "event": event.event,
                         "text": describe(event, session)} for event in timeline(session)]
    data["approvals"] = _approvals(session)
    data["not_applicable"] = _not_applicable(session)
    data["handoffs"] = [{"at": utc(event.at), "from": event.by, "to": event.to,
                         "note": event.note or ""}
                        for event in session.events if event.event == HANDOFF]
    data["evidence"] = [_run(session, event) for event in session.events
                        if event.event in RUN_EVENTS]
    data["follow_ups"] = [_box(session, item) for item in checklist.follow_ups()
                          if not session.is_done(item)]
    return data


def _values(session: Session, roles: tuple[str, ...]) -> list[dict[str, str]]:
    """The done items that say each role, with their text (a list's entries as lines)."""
    found = []
    for role in roles:
        for item in session.checklist.released(role):
            value = session.value(item)
            if not item.is_done(value):
                continue
            text = ("\n".join(entry for entry in value if entry.strip())
                    if isinstance(value, tuple) else str(value).strip())
            found.append({"role": role, "item": item.id, "label": item.label,
                          "kind": item.kind, "text": text})
    return found


def _clock(time: ClockTime) -> dict[str, Any]:
    return {"clock": time.item.clock, "item": time.item.id, "label": time.item.label,
            "value": time.text, "at": utc(time.at) if time.at else None,
            "after_start": time.after_start}


def _approvals(session: Session) -> dict[str, list[dict[str, Any]]]:
    phases = [{"phase": needed.phase.id, "title": needed.phase.title, "role": needed.role,
               "by": needed.approval.by if needed.approval else None,
               "at": utc(needed.approval.at) if needed.approval and needed.approval.at
               else None}
              for needed in phase_approvals(session)]
    items = []
    for item in session.checklist.items():
        if item.approval:
            given = item_approval(session, item)
            items.append({"item": item.id, "label": item.label, "required": item.required,
                          "section": session.checklist.section(item.section_id).title,
                          "by": given.by if given else None,
                          "at": utc(given.at) if given and given.at else None})
    return {"phases": phases, "items": items}


def _not_applicable(session: Session) -> list[dict[str, Any]]:
    """Each box marked N/A, with the reason, who decided and when (the latest decision)."""
    decided = {event.item: event for event in session.events
               if event.event == NOT_APPLICABLE and event.item}
    found = []
    for item in session.checklist.items():
        reason = session.na_reason(item.id)
        if reason is None:
            continue
        state = session.state(item.id)
        event = decided.get(item.id)
        by = event.by if event else state.updated_by if state else None
        at = event.at if event else state.updated_at if state else None
        found.append({**_box(session, item), "reason": reason, "by": by,
                      "at": utc(at) if at else None})
    return found


def _box(session: Session, item: Item) -> dict[str, Any]:
    checklist = session.checklist
    section = checklist.section(item.section_id)
    group = next((sub.title for sub in section.subsections if sub.id == item.group_id), None)
    return {"item": item.id, "label": item.label, "description": item.description,
            "section": section.title, "group": group}


def _run(session: Session, run: Event) -> dict[str, Any]:
    item = session.checklist.item(run.item) if run.item and session.checklist.has_item(
        run.item) else None
    return {"at": utc(run.at), "by": run.by, "item": run.item,
            "label": item.label if item else run.item, "command": run.command or "",
            "outcome": outcome_words(run), "exit_status": run.exit_status,
            "duration": run.duration}
