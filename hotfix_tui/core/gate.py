"""The merge gate: whether a session lets its pull request merge, and what stands in the
way: required items unmet, approvals the process phases require still missing, required
ticks a newer code commit made stale and, given the PR body, where that body and the
session disagree. `hotfix check` prints it; CI runs it (action.yml, the GitLab job, the
pre-commit hook).

Pure: the session, the ticks git found stale and the body in; a verdict out.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, NamedTuple

from hotfix_tui.core.model.checklist import Item, Value
from hotfix_tui.core.model.record import missing_approvals
from hotfix_tui.core.model.session import Session


class Finding(NamedTuple):
    """One thing in the way. For an approval: the phase's id, the role, the phase's title."""

    id: str
    label: str
    section: str
    problem: str = ""


class Verdict(NamedTuple):
    session: str
    unmet: tuple[Finding, ...]
    approvals: tuple[Finding, ...]
    stale: tuple[Finding, ...]
    stale_accepted: bool  # `--allow-stale`: stale ticks are listed, and let through
    body: tuple[Finding, ...] | None  # None: no body was compared

    @property
    def passed(self) -> bool:
        blocking_stale = self.stale and not self.stale_accepted
        return not (self.unmet or self.approvals or blocking_stale or self.body)


def verdict(session: Session, stale: Sequence[Item], *, allow_stale: bool = False,
            body: str | None = None) -> Verdict:
    """The gate's verdict on a session. `stale` are the ticks git found older than the
    newest code commit (`Workspace.stale_items`); only required ones stand in the way."""
    titles = {phase.id: phase.title for phase in session.checklist.phases}
    approvals = tuple(Finding(phase_id, role, titles[phase_id])
                      for phase_id, roles in missing_approvals(session).items()
                      for role in roles)
    return Verdict(
        session=session.name,
        unmet=tuple(_finding(session, item) for item in session.unmet_required()),
        approvals=approvals,
        stale=tuple(_finding(session, item) for item in stale if item.required),
        stale_accepted=allow_stale,
        body=None if body is None else body_disagreements(session, body),
    )


def body_disagreements(session: Session, body: str) -> tuple[Finding, ...]:
    """Where a PR body and the session disagree: a box ticked in one and not the other
    (a box the body lacks counts as unticked there), an option ticked differently, a
    required value the session has and the body lacks."""
    from hotfix_tui.core.markdown.body_import import read_body  # difflib: loaded when used

    read = read_body(session.checklist, body).values
    found = []
    for section in session.checklist.sections:
        if not section.in_body:
            continue  # asked in the app, never rendered (the qualification)
        for item in section.items():
            problem = _disagreement(session, item, read)
            if problem:
                found.append(_finding(session, item, problem))
    return tuple(found)


def _disagreement(session: Session, item: Item, read: dict[str, Value]) -> str:
    in_body = item.id in read
    if item.kind == "check":
        ticked, body_ticked = session.is_done(item), read.get(item.id) is True
        if ticked == body_ticked:
            return ""
        if not ticked:
            return "ticked in the body, not in the session"
        return "ticked in the session, " + ("not in the body" if in_body else "missing from the body")
    if item.kind == "choice" and item.option_lines:
        chosen, body_chosen = session.value(item), read.get(item.id, "")
        if chosen == body_chosen or not (chosen or in_body):
            return ""
        if not in_body:
            return f"{chosen} in the session; in the body its boxes are missing or several ticked"
        return f"the body ticks {body_chosen or 'no option'}, the session {chosen or 'none'}"
    if item.required and session.is_done(item):
        value = read.get(item.id)
        if value is None or not item.is_done(value):
            return "filled in the session, " + ("empty in the body" if in_body
                                                else "missing from the body")
    return ""


def _finding(session: Session, item: Item, problem: str = "") -> Finding:
    return Finding(item.id, item.label, session.checklist.section(item.section_id).title,
                   problem)


def verdict_data(found: Verdict) -> dict[str, Any]:
    """The verdict as plain data: what `hotfix check --json` prints."""
    def listed(findings: Sequence[Finding]) -> list[dict[str, str]]:
        return [{"id": f.id, "label": f.label, "section": f.section,
                 **({"problem": f.problem} if f.problem else {})} for f in findings]

    return {
        "session": found.session,
        "passed": found.passed,
        "unmet": listed(found.unmet),
        "approvals": listed(found.approvals),
        "stale": listed(found.stale),
        "stale_accepted": found.stale_accepted,
        "body": None if found.body is None else listed(found.body),
    }
