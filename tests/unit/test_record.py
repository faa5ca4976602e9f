"""The incident record: the event log, the incident clock, approvals, N/A with a reason and
the holder, as pure transitions and renderings of a session (no files)."""

from datetime import UTC, datetime, timedelta, timezone

import pytest

from hotfix_tui.core.definition.loader import load_checklist
from hotfix_tui.core.errors import ValueInputError
from hotfix_tui.core.markdown.body_import import read_body
from hotfix_tui.core.markdown.release_notes import release_notes
from hotfix_tui.core.markdown.render import pr_body
from hotfix_tui.core.model.events import (
    EXPORTED,
    Event,
    iso_time,
    merge_events,
    printable_name,
)
from hotfix_tui.core.model.record import describe, holder, last_handoff, missing_approvals, timeline
from hotfix_tui.core.model.session import Session, responded_at
from hotfix_tui.core.report import status_data
from hotfix_tui.core.safety.terminal import shown
from tests.conftest import HOTFIX_CHECKLIST, SEED_TEMPLATE, structure
from tests.unit.test_render import HOSTILE

T0 = datetime(2026, 11, 23, 14, 0, tzinfo=UTC)
TEMPLATE = SEED_TEMPLATE.read_text(encoding="utf-8")
QUALIFYING = ["critical-business-impact", "production-system-affected", "no-viable-workaround",
              "immediate-action-required"]


@pytest.fixture(scope="module")
def checklist():
    return load_checklist(HOTFIX_CHECKLIST)


@pytest.fixture
def session(checklist) -> Session:
    return Session(name="s", checklist=checklist, created_at=T0, created_by="Dana")


def at(minutes: int) -> datetime:
    return T0 + timedelta(minutes=minutes)


def line_of(body: str, start: str) -> str:
    return next(line for line in body.splitlines() if line.startswith(start))


def what(session: Session) -> list[tuple[str, str, str]]:
    return [(iso_time(e.at), e.by, describe(e, session)) for e in timeline(session)]


# --- the log ---------------------------------------------------------------------------


def test_the_log_tells_who_did_what_when_in_order(session):
    session = session.with_value("automated-tests", True, at=at(1), by="Dana")
    session = session.with_value("root-cause", "Stale key", at=at(2), by="Dana")
    session = session.with_na("database-rollback", "No schema change", at=at(3), by="Lee")
    session = session.with_value("automated-tests", False, at=at(4), by="Lee")
    session = session.with_value("approval-technical-lead", True, at=at(5), by="Ann")
    session = session.with_handoff("Bob", "Deploy half done", at=at(6), by="Dana")
    assert what(session) == [
        ("2026-11-23T14:00:00+00:00", "Dana", "started the session (Hotfix Pull Request)"),
        ("2026-11-23T14:01:00+00:00", "Dana", "ticked Automated Tests"),
        ("2026-11-23T14:02:00+00:00", "Dana", "edited Root Cause"),
        ("2026-11-23T14:03:00+00:00", "Lee", "marked Database Rollback N/A: No schema change"),
        ("2026-11-23T14:04:00+00:00", "Lee", "unticked Automated Tests"),
        ("2026-11-23T14:05:00+00:00", "Ann", "approved: Technical Lead"),
        ("2026-11-23T14:06:00+00:00", "Dana", "handed the session to Bob: Deploy half done"),
    ]


def test_a_run_of_edits_is_one_event_and_unchanged_values_none(session):
    for minute, text in enumerate(["S", "St", "Stale"], start=1):
        session = session.with_value("root-cause", text, at=at(minute), by="Dana")
    session = session.with_value("root-cause", "Stale", at=at(4), by="Lee")  # no change
    session = session.with_value("automated-tests", False, at=at(5), by="Lee")  # as it was
    assert [(e.by, e.event) for e in session.events] == [("Dana", "edited")]
    session = session.with_value("root-cause", "Stale key", at=at(6), by="Lee")
    session = session.with_value("root-cause", "Stale key!", at=at(7), by="Dana")
    assert [e.by for e in session.events] == ["Dana", "Lee", "Dana"]


def test_qualified_when_the_last_qualification_item_is_done(session):
    for minute, item_id in enumerate(QUALIFYING, start=1):
        session = session.with_value(item_id, True, at=at(minute), by="Dana")
    assert not session.qualified()
    session = session.with_value("priority-level", "Emergency", at=at(9), by="Lee")
    assert session.qualified()
    assert session.events[-1] == Event(at(9), "Lee", "qualified")
    session = session.with_value("no-viable-workaround", False, at=at(10), by="Lee")
    session = session.with_na("no-viable-workaround", "Workaround is manual", at=at(11), by="Bob")
    assert [e.at for e in session.events if e.event == "qualified"] == [at(9), at(11)]


def test_merged_logs_hold_each_event_once_in_time_order():
    early, late = Event(at(1), "Ann", "ticked", item="a"), Event(at(2), "Bob", "ticked", item="b")
    same_time = Event(at(2), "Ann", "ticked", item="c")
    assert merge_events([late, early], [early, same_time]) == (early, late, same_time)


# --- the incident clock ----------------------------------------------------------------


def test_times_come_from_the_record_in_iso_8601_with_the_offset(session, checklist):
    plus2 = timezone(timedelta(hours=2))
    session = session.with_value("root-cause", "x", at=at(3).astimezone(plus2), by="Dana")
    for minute, item_id in enumerate(["approval-devops-lead", "approval-technical-lead"], start=5):
        session = session.with_value(item_id, True, at=at(minute), by="Lee")
    body = pr_body(session)
    assert "**Response Time:** 2026-11-23T16:03:00+02:00\n" in body
    assert "**Resolution Time:** \n" in body
    assert "**Authorization Time:** \n" in body  # Product Owner has not approved yet
    session = session.with_value("approval-product-owner", True, at=at(20), by="Pat")
    session = session.with_value("approval-devops-lead", True, at=at(21), by="Lee")  # no change
    session = session.with_event(Event(at(30), "Dana", EXPORTED, note="the PR body"))
    session = session.with_event(Event(at(40), "Dana", EXPORTED, note="the PR body"))
    body = pr_body(session)
    assert "**Authorization Time:** 2026-11-23T14:20:00+00:00\n" in body
    assert "**Resolution Time:** 2026-11-23T14:30:00+00:00\n" in body
    item = checklist.item("response-time")
    assert session.entered(item) == "" and session.is_done(item)
    items = {i["id"]: i for s in status_data(session)["sections"] for i in s["items"]}
    assert items["resolution-time"]["value"] == "2026-11-23T14:30:00+00:00"
    assert items["resolution-time"]["computed"] is True


def test_a_typed_time_wins_and_clearing_it_gives_the_record_back(session):
    session = session.with_value("automated-tests", True, at=at(1), by="Dana")
    session = session.with_value("response-time", "13:55 by pager", at=at(2), by="Dana")
    assert "**Response Time:** 13:55 by pager\n" in pr_body(session)
    items = {i["id"]: i for s in status_data(session)["sections"] for i in s["items"]}
    assert "computed" not in items["response-time"]
    session = session.with_value("response-time", "", at=at(3), by="Dana")
    assert "**Response Time:** 2026-11-23T14:01:00+00:00\n" in pr_body(session)


def test_a_session_from_before_events_responds_at_its_first_typed_change(session):
    from hotfix_tui.core.model.session import ItemState
    states = {"root-cause": ItemState("x", at(7), "Dana"), "files-modified": ItemState(
        ("a.py",), at(1), "Dana", source="git")}
    assert responded_at(session._replace(states=states)) == at(7)


# --- approvals -------------------------------------------------------------------------


def test_an_approval_box_says_who_approved_and_when(session):
    session = session.with_value("approval-technical-lead", True, at=at(2), by="Dana")
    assert line_of(pr_body(session), "- [x] **Technical Lead**") == (
        "- [x] **Technical Lead**: Architecture and implementation approved "
        "(approved by Dana, 2026-11-23 14:02 +00:00)")
    session = session.with_value("approval-technical-lead", False, at=at(3), by="Dana")
    assert line_of(pr_body(session), "- [ ] **Technical Lead**") == (
        "- [ ] **Technical Lead**: Architecture and implementation approved")
    assert session.events[-1].event == "approval-withdrawn"


def test_phases_show_the_approvals_still_missing(session):
    assert missing_approvals(session) == {
        "qualification": ["Product Owner", "Technical Lead"], "development": ["Senior Developer"],
        "code-review": ["Technical Lead"], "testing": ["QA Lead"],
        "deployment": ["Release Manager"]}
    session = session.with_phase_approval("qualification", "product owner", True, at=at(1),
                                          by="Pat")
    session = session.with_phase_approval("testing", "QA Lead", True, at=at(2), by="Quinn")
    session = session.with_phase_approval("testing", "QA Lead", False, at=at(3), by="Quinn")
    missing = missing_approvals(session)
    assert missing["qualification"] == ["Technical Lead"] and missing["testing"] == ["QA Lead"]
    phases = {p["id"]: p for p in status_data(session)["phases"]}
    assert phases["qualification"]["approvals"][0] == {
        "role": "Product Owner", "by": "Pat", "at": "2026-11-23T14:01:00+00:00"}
    assert phases["verification"] == {"id": "verification", "title": "Verification",
                                      "progress": {"done": 0, "total": 26, "required_left": 0},
                                      "approvals": [], "missing": []}
    assert describe(session.events[0], session) == "approved: Qualification - Product Owner"
    for phase, role in [("nope", "QA Lead"), ("testing", "Product Owner")]:
        with pytest.raises(ValueInputError):
            session.with_phase_approval(phase, role, True, at=at(4), by="Pat")


# --- N/A with a reason -----------------------------------------------------------------


def test_na_strikes_the_box_through_ticked_with_its_reason(session):
    session = session.with_na("database-rollback", "  No database\nchange ", at=at(1), by="Dana")
    session = session.with_na("monitoring-and-alerting-enhanced", "Alerts exist", at=at(2),
                              by="Dana")
    body = pr_body(session)
    assert line_of(body, "- [x] ~~**Database Rollback**") == (
        "- [x] ~~**Database Rollback**: Database rollback scripts prepared (if applicable)~~ "
        "N/A: No database change")
    assert body.endswith("- [x] ~~Monitoring and alerting enhanced~~ N/A: Alerts exist\n"
                         "- [ ] Communication plan executed\n- [ ] Post-deployment actions planned")
    assert structure(body) == structure(TEMPLATE)
    item = session.checklist.item("database-rollback")
    assert session.is_done(item) and session.na_reason(item.id) == "No database change"


def test_na_counts_for_required_boxes_and_setting_the_box_clears_it(session):
    session = session.with_na("automated-tests", "No test suite here", at=at(1), by="Dana")
    assert "automated-tests" not in {item.id for item in session.unmet_required()}
    session = session.with_value("automated-tests", True, at=at(2), by="Dana")
    assert session.na_reason("automated-tests") is None
    assert "- [x] **Automated Tests**: All existing tests pass\n" in pr_body(session)


def test_release_notes_leave_out_the_rollback_plan_ticked_or_na(session):
    session = session.with_value("rollback-strategy-documented", True, at=at(1), by="Dana")
    session = session.with_na("database-rollback", "No schema change", at=at(2), by="Dana")
    notes = release_notes(session, "1.4.3", T0.date())
    assert "Rollback" not in notes and "No schema change" not in notes


@pytest.mark.parametrize("item_id, reason, problem", [
    ("database-rollback", "   ", "needs a reason"),
    ("database-rollback", "x" * 201, "keep the N/A reason short"),
    ("root-cause", "not known", "only a checkbox can be marked N/A"),
    ("database-rollback", "bad \udcff byte", "not valid text"),
    ("no-such-item", "x", "has no item"),
])
def test_na_refuses_what_does_not_fit(session, item_id, reason, problem):
    with pytest.raises(ValueInputError, match=problem):
        session.with_na(item_id, reason, at=at(1), by="Dana")


@pytest.mark.parametrize("text", HOSTILE)
def test_no_reason_note_or_name_changes_the_body_structure(session, text):
    # Names, reasons and notes hold no control characters (they are refused), markdown
    # they may hold.
    name, reason, note = printable_name(text), shown(text) or "x", shown(text, lines=True)
    for item in session.checklist.items():
        if item.kind == "check":
            if item.approval:
                session = session.with_value(item.id, True, at=at(1), by=name)
            else:
                session = session.with_na(item.id, reason, at=at(1), by=name)
    session = session.with_handoff(name, note, at=at(2), by=name)
    session = session.with_event(Event(at(3), text or "x", EXPORTED, note=text))
    body = pr_body(session)
    assert structure(body) == {**structure(TEMPLATE), "checkboxes": 94}
    with_log = pr_body(session, timeline=True)
    assert with_log.startswith(body)
    assert structure(with_log) == structure(body)
    assert with_log.count("</details>") == 1 and with_log.endswith("\n</details>")


def test_the_timeline_is_folded_after_the_body(session):
    session = session.with_value("automated-tests", True, at=at(1), by="Dana <dana@x>")
    assert pr_body(session, timeline=True) == pr_body(session) + (
        "\n\n<details>\n<summary>Timeline</summary>\n\n"
        "- 2026-11-23T14:00:00+00:00 Dana: started the session (Hotfix Pull Request)\n"
        "- 2026-11-23T14:01:00+00:00 Dana &lt;dana@x>: ticked Automated Tests\n"
        "\n</details>")


def test_a_body_read_back_keeps_na_and_ignores_who_approved(session):
    session = session.with_na("database-rollback", "no <!-- db", at=at(1), by="Dana")
    session = session.with_value("approval-devops-lead", True, at=at(2), by="Lee")
    reading = read_body(session.checklist, pr_body(session))
    assert reading.problems == () and reading.stray == ()
    assert reading.values["database-rollback"] is True
    assert reading.values["approval-devops-lead"] is True
    assert reading.na == {"database-rollback": "no <!-- db"}


# --- handoff ---------------------------------------------------------------------------


def test_the_holder_is_who_started_it_until_a_handoff(session):
    assert holder(session) == "Dana" and last_handoff(session) is None
    session = session.with_handoff("  Bob  Lee ", "  Pager is yours\n", at=at(1), by="Dana")
    session = session.with_handoff("Ann", "", at=at(2), by="Bob Lee")
    assert holder(session) == "Ann"
    assert last_handoff(session) == Event(at(2), "Bob Lee", "handoff", to="Ann")
    assert session.events[0].to == "Bob Lee" and session.events[0].note == "Pager is yours"
    with pytest.raises(ValueInputError, match="to whom"):
        session.with_handoff(" ", "note", at=at(3), by="Ann")
    data = status_data(session)
    assert data["holder"] == "Ann"
    assert data["handoff"] == {"from": "Bob Lee", "to": "Ann", "note": "",
                               "at": "2026-11-23T14:02:00+00:00"}
