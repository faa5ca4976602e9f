"""Where the incident stands on the timeline: the phases before it settled, the first
phase with required items or approvals left, the phases after it; none once all settle."""

from datetime import UTC, datetime

from hotfix_tui.core.definition.loader import load_checklist
from hotfix_tui.core.model.session import Session
from hotfix_tui.core.timeline import incident_timeline
from tests.conftest import HOTFIX_CHECKLIST

T0 = datetime(2026, 11, 23, 14, 0, tzinfo=UTC)


def settle(session: Session, phase_id: str) -> Session:
    """Every required item of the phase done, every approval it needs given."""
    for item in session.checklist.items():
        if item.phase == phase_id and item.required:
            value = {"check": True, "choice": item.options[0] if item.options else "x",
                     "list": ("a.py",)}.get(item.kind, "filled")
            session = session.with_value(item.id, value, at=T0, by="Dana")
    phase = next(p for p in session.checklist.phases if p.id == phase_id)
    for role in phase.approvals:
        session = session.with_phase_approval(phase_id, role, True, at=T0, by="Pat")
    return session


def test_the_incident_stands_at_the_first_phase_not_settled():
    checklist = load_checklist(HOTFIX_CHECKLIST)
    session = Session(name="s", checklist=checklist, created_at=T0, created_by="Dana")
    states = [step.state for step in incident_timeline(session).steps]
    assert states == ["current"] + ["ahead"] * 7
    session = settle(session, "qualification")
    found = incident_timeline(session)
    assert [step.state for step in found.steps][:3] == ["settled", "current", "ahead"]
    assert found.current is not None and found.current.title == "Development"
    for phase in checklist.phases:
        session = settle(session, phase.id)
    found = incident_timeline(session)
    assert found.current is None and {step.state for step in found.steps} == {"settled"}
    assert found.clock[0].when == "14:00 UTC" and found.clock[0].after_start == "0 s"
