"""What is left: required items first, then stale ticks, missing phase approvals and
optional open items, each naming where it is asked."""

from datetime import UTC, datetime, timedelta

import pytest

from hotfix_tui.core.definition.loader import load_checklist
from hotfix_tui.core.left import KINDS, what_is_left
from hotfix_tui.core.model.session import Session
from tests.conftest import HOTFIX_CHECKLIST

T0 = datetime(2026, 11, 23, 14, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def checklist():
    return load_checklist(HOTFIX_CHECKLIST)


@pytest.fixture
def session(checklist) -> Session:
    return Session(name="s", checklist=checklist, created_at=T0, created_by="Dana")


def test_a_new_session_lists_every_kind_in_order(session):
    left = what_is_left(session)
    kinds = [entry.kind for entry in left]
    assert kinds == sorted(kinds, key=KINDS.index)
    assert {"required", "approval", "optional"} <= set(kinds)
    assert "stale" not in kinds  # nothing was ticked, so nothing is stale
    required = [entry.id for entry in left if entry.kind == "required"]
    assert required == [item.id for item in session.unmet_required()]
    optional = {entry.id for entry in left if entry.kind == "optional"}
    assert optional == {item.id for item in session.checklist.items()
                        if not item.required and not session.is_done(item)}


def test_each_entry_names_its_section_and_label(session):
    for entry in what_is_left(session):
        if entry.is_approval:
            phase = next(p for p in session.checklist.phases if p.id == entry.id)
            assert entry.role in phase.approvals
            assert phase.title in entry.label and entry.role in entry.label
            assert entry.section_id in {s.id for s in session.checklist.sections}
        else:
            item = session.checklist.item(entry.id)
            assert (entry.section_id, entry.label, entry.required) == (
                item.section_id, item.label, item.required)


def test_done_items_and_given_approvals_leave_the_list(session):
    required = session.unmet_required()[0]
    value = True if required.kind == "check" else (
        required.options[0] if required.kind == "choice" else "done")
    session = session.with_value(required.id, value, at=T0, by="Dana")
    session = session.with_phase_approval("qualification", "Product Owner", True, at=T0,
                                          by="Dana")
    left = what_is_left(session)
    assert required.id not in {entry.id for entry in left}
    roles = {(entry.id, entry.role) for entry in left if entry.is_approval}
    assert ("qualification", "Product Owner") not in roles
    assert ("qualification", "Technical Lead") in roles


def test_a_stale_tick_is_listed_once_as_stale_after_the_approvals_come_before_optional(session):
    checklist = session.checklist
    stale = [checklist.item("primary-workflow"), checklist.item("error-scenario")]
    for item in stale:
        session = session.with_value(item.id, True, at=T0 - timedelta(hours=1), by="Dana")
    left = what_is_left(session, stale)
    stale_entries = [entry for entry in left if entry.kind == "stale"]
    assert [entry.id for entry in stale_entries] == [
        item.id for item in checklist.items() if item in stale]
    for item in stale:
        assert [entry.kind for entry in left if entry.id == item.id] == ["stale"]
    kinds = [entry.kind for entry in left]
    assert kinds.index("stale") > max(i for i, k in enumerate(kinds) if k == "required")
    assert kinds.index("approval") > kinds.index("stale")


def test_an_na_box_is_not_left(session):
    item = next(i for i in session.checklist.items() if i.kind == "check" and not i.required)
    assert item.id in {entry.id for entry in what_is_left(session)}
    session = session.with_na(item.id, "no database here", at=T0, by="Dana")
    assert item.id not in {entry.id for entry in what_is_left(session)}


def test_without_phases_or_open_items_nothing_is_left(session):
    checklist = session.checklist
    for item in checklist.items():
        if item.kind == "check":
            session = session.with_value(item.id, True, at=T0, by="Dana")
        elif item.kind == "choice":
            session = session.with_value(item.id, item.options[0], at=T0, by="Dana")
        elif item.kind == "list":
            session = session.with_value(item.id, ("done",), at=T0, by="Dana")
        else:
            session = session.with_value(item.id, "done", at=T0, by="Dana")
    for phase in checklist.phases:
        for role in phase.approvals:
            session = session.with_phase_approval(phase.id, role, True, at=T0, by="Dana")
    assert what_is_left(session) == []
