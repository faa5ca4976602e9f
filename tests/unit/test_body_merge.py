"""The three-way PR body merge, as a pure function: what came in, what conflicts, and the
text people added outside the template carried into the next body, where it was."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hotfix_tui.core.definition.loader import load_checklist
from hotfix_tui.core.markdown.body_merge import (
    Said,
    apply_changes,
    merge_body,
    same_body,
    with_added_text,
)
from hotfix_tui.core.markdown.render import pr_body
from hotfix_tui.core.model.session import Session
from tests.conftest import HOTFIX_CHECKLIST
from tests.unit.test_body_reader import fill

T0 = datetime(2026, 11, 23, 14, 0, tzinfo=UTC)
WEB = datetime(2026, 11, 23, 15, 30, tzinfo=UTC)
BOX = "- [ ] **Automated Tests**: All existing tests pass"
TICKED_BOX = BOX.replace("[ ]", "[x]")


@pytest.fixture(scope="module")
def checklist():
    return load_checklist(HOTFIX_CHECKLIST)


@pytest.fixture
def session(checklist) -> Session:
    session = Session(name="s", checklist=checklist, created_at=T0, created_by="Dana")
    return session.with_value("root-cause", "Stale cache key", at=T0, by="Dana")


def merged(session: Session, base: str | None, incoming: str):
    return merge_body(session, base, incoming, by="GitHub PR #1", at=WEB)


def test_a_box_ticked_on_the_website_comes_in_from_whom_and_when(session):
    base = pr_body(session)
    result = merged(session, base, base.replace(BOX, TICKED_BOX))
    assert [(c.item_id, c.said, c.by, c.at) for c in result.changes] == [
        ("automated-tests", Said(True), "GitHub PR #1", WEB)]
    assert (result.conflicts, result.outgoing) == ((), ())
    after, refused = apply_changes(session, result.changes)
    state = after.state("automated-tests")
    assert refused == () and state is not None
    assert (state.value, state.updated_by, state.updated_at) == (True, "GitHub PR #1", WEB)
    assert (after.events[-1].by, after.events[-1].at) == ("GitHub PR #1", WEB)


def test_only_the_sessions_change_goes_out(session):
    base = pr_body(session)
    ours = session.with_value("root-cause", "Cold cache", at=T0, by="Dana")
    result = merged(ours, base, base)
    assert (result.changes, result.conflicts, result.outgoing) == ((), (), ("root-cause",))


def test_changes_to_different_items_are_both_kept(session):
    base = pr_body(session)
    ours = session.with_value("affected-users", "EU", at=T0, by="Dana")
    result = merged(ours, base, base.replace(BOX, TICKED_BOX))
    assert [c.item_id for c in result.changes] == ["automated-tests"]
    assert result.outgoing == ("affected-users",)


def test_the_same_item_changed_both_ways_is_a_conflict_and_the_session_keeps_its(session):
    base = pr_body(session)
    ours = session.with_value("root-cause", "Cold cache", at=T0, by="Dana")
    result = merged(ours, base, base.replace("Stale cache key", "Expired token"))
    assert result.changes == ()
    assert [(c.item_id, c.label, c.ours, c.theirs) for c in result.conflicts] == [
        ("root-cause", "Root Cause", Said("Cold cache"), Said("Expired token"))]


def test_the_same_change_on_both_sides_is_no_conflict(session):
    base = pr_body(session)
    ours = session.with_value("automated-tests", True, at=T0, by="Dana")
    result = merged(ours, base, base.replace(BOX, TICKED_BOX))
    assert (result.changes, result.conflicts, result.outgoing) == ((), (), ())


def test_a_box_marked_not_applicable_on_the_website_comes_in_with_its_reason(session):
    base = pr_body(session)
    line = "- [ ] **Database Rollback**: Database rollback scripts prepared (if applicable)"
    na = "- [x] ~~**Database Rollback**: Database rollback scripts prepared (if applicable)~~ " \
         "N/A: No schema change"
    assert line in base
    result = merged(session, base, base.replace(line, na))
    assert [(c.item_id, c.said) for c in result.changes] == [
        ("database-rollback", Said(True, "No schema change"))]
    after, _ = apply_changes(session, result.changes)
    assert after.na_reason("database-rollback") == "No schema change"


def test_without_a_base_the_untouched_template_stands_for_it(session, checklist):
    untouched = Session(name="s", checklist=checklist, created_at=T0, created_by="Dana")
    theirs = pr_body(untouched).replace(BOX, TICKED_BOX).replace(
        "**Root Cause:**\n", "**Root Cause:**\nExpired token\n")
    result = merged(session, None, theirs)
    assert [c.item_id for c in result.changes] == ["automated-tests"]
    assert [c.item_id for c in result.conflicts] == ["root-cause"]  # both typed something


def test_a_box_whose_words_were_edited_is_a_problem_and_its_line_is_kept(session):
    base = pr_body(session)
    edited = base.replace(BOX, TICKED_BOX + " (CI run 42)")
    result = merged(session, base, edited)
    assert result.changes == () and any("automated-tests" in p for p in result.problems)
    assert TICKED_BOX + " (CI run 42)" in with_added_text(session, edited, result.reading)


def test_a_refused_change_is_reported_not_raised(session):
    base = pr_body(session)
    line = "- [ ] **Monitoring Plan**: Enhanced monitoring during deployment"
    assert line in base
    too_long = line.replace("[ ]", "[x]").replace("**Monitoring", "~~**Monitoring") + \
        "~~ N/A: " + "x" * 300
    result = merged(session, base, base.replace(line, too_long))
    after, refused = apply_changes(session, result.changes)
    assert after.na_reason("monitoring-plan") is None and "at most 200" in refused[0]


def test_added_text_is_put_back_where_it_was(session):
    body = pr_body(session)
    incoming = body.replace("## Risk Assessment\n", "## Risk Assessment\nLee: risk agreed.\n")
    incoming = incoming.rstrip("\n") + "\n\nThanks all" + body[len(body.rstrip("\n")):]
    result = merged(session, body, incoming)
    assert with_added_text(session, incoming, result.reading) == incoming


def test_crlf_and_lf_bodies_are_the_same_body():
    assert same_body("a\r\nb\r\n", "a\nb\n") and not same_body("a\nb\n", "a\nb")


NOTE = st.from_regex(r"Note [A-Za-z0-9][A-Za-z0-9 ,.]{0,20}", fullmatch=True)


@settings(max_examples=60, deadline=None)
@given(notes=st.lists(st.tuples(st.integers(min_value=0), NOTE), min_size=1, max_size=5))
def test_added_lines_anywhere_are_kept_and_a_second_merge_changes_nothing(checklist, notes):
    """Lines added anywhere in a filled body: each is kept (outside the template, or as
    part of the value it was typed into), and the body made is a fixed point."""
    session = Session(name="s", checklist=checklist, created_at=T0, created_by="Dana")
    for item_id, value in fill(checklist).items():
        session = session.with_value(item_id, value, at=T0, by="Dana")
    base = pr_body(session)
    lines = base.split("\n")
    for position, note in notes:
        lines.insert(position % len(lines), note)
    incoming = "\n".join(lines)

    result = merged(session, base, incoming)
    after, _ = apply_changes(session, result.changes)
    body = with_added_text(after, incoming, result.reading)
    assert result.conflicts == ()
    for _, note in notes:
        assert note in body.split("\n")
    again = merged(after, body, body)
    assert (again.changes, again.conflicts, again.outgoing) == ((), (), ())
    assert with_added_text(after, body, again.reading) == body
