"""One answer for the same question asked in several places (`same_as`)."""

from datetime import UTC, datetime
from pathlib import Path

import pytest

from hotfix_tui.core.definition.loader import load_checklist, parse_checklist
from hotfix_tui.core.errors import ChecklistError
from hotfix_tui.core.model.session import Session
from hotfix_tui.core.same_question import FROM_SAME, fill_same
from tests.conftest import HOTFIX_CHECKLIST

T0 = datetime(2026, 11, 23, 14, 0, tzinfo=UTC)
SEVERITY = ("priority-level", "issue-severity", "incident-severity")


@pytest.fixture(scope="module")
def checklist():
    return load_checklist(HOTFIX_CHECKLIST)


def answer(session: Session, item_id: str, value) -> Session:
    previous = session.entered(session.checklist.item(item_id))
    session = session.with_value(item_id, value, at=T0, by="Dana")
    return fill_same(session, item_id, previous, at=T0, by="Dana")


def values(session: Session) -> list:
    return [session.entered(session.checklist.item(i)) for i in SEVERITY]


def test_the_built_in_checklist_asks_the_severity_three_times_as_one_question(checklist):
    assert set(checklist.same_questions["priority-level"]) == {"issue-severity",
                                                                "incident-severity"}
    assert set(checklist.same_questions["incident-severity"]) == {"priority-level",
                                                                   "issue-severity"}
    assert "root-cause" not in checklist.same_questions


def test_one_answer_fills_the_others_marked_as_copied(checklist):
    session = Session(name="s", checklist=checklist, created_at=T0, created_by="Dana")
    session = answer(session, "issue-severity", "Critical")
    assert values(session) == ["Critical"] * 3
    assert session.state("priority-level").source == FROM_SAME
    assert session.state("issue-severity").source is None  # the one answered
    session = answer(session, "priority-level", "Emergency")  # they agreed: they still do
    assert values(session) == ["Emergency"] * 3
    assert session.state("issue-severity").source == FROM_SAME


def test_a_persons_own_answer_is_kept_and_a_free_text_fills_no_choice(checklist):
    session = Session(name="s", checklist=checklist, created_at=T0, created_by="Dana")
    session = answer(session, "incident-severity", "SEV1, paging")
    assert values(session) == ["", "", "SEV1, paging"]
    session = answer(session, "priority-level", "Critical")
    assert values(session) == ["Critical", "Critical", "SEV1, paging"]
    session = answer(session, "issue-severity", "Emergency")
    assert values(session) == ["Emergency", "Emergency", "SEV1, paging"]
    session = answer(session, "priority-level", "")  # cleared: so are its copies
    assert values(session) == ["", "", "SEV1, paging"]


def definition(second: str) -> str:
    return f'''
schema_version = 1
name = "t"
title = "T"

[[sections]]
id = "s"
title = "S"

  [[sections.blocks]]
  id = "a"
  kind = "choice"
  label = "A"
  options = ["High", "Low"]

  [[sections.blocks]]
{second}
'''


@pytest.mark.parametrize(("second", "problem"), [
    ('  id = "b"\n  kind = "text"\n  label = "B"\n  same_as = "nope"', "no other item"),
    ('  id = "b"\n  kind = "text"\n  label = "B"\n  same_as = "b"', "no other item"),
    ('  id = "b"\n  kind = "longtext"\n  label = "B"\n  same_as = "a"', "links text and choice"),
    ('  id = "b"\n  kind = "choice"\n  label = "B"\n  options = ["x"]\n  same_as = "a"',
     "other options"),
])
def test_the_loader_refuses_a_same_as_that_cannot_work(second, problem):
    with pytest.raises(ChecklistError, match=problem) as raised:
        parse_checklist(definition(second), Path("t.toml"))
    assert "t.toml:" in str(raised.value) and "same_as" in str(raised.value)


def test_the_loader_takes_a_text_item_asking_what_a_choice_asks():
    checklist = parse_checklist(definition('  id = "b"\n  kind = "text"\n  label = "B"\n'
                                           '  same_as = "a"'), Path("t.toml"))
    assert checklist.same_questions == {"a": ("b",), "b": ("a",)}
