"""The postmortem of a scripted incident: events at known times, two people, a handoff, an
N/A, approvals and a check run, rendered from the record alone (no files), compared to an
expected file and read back with a CommonMark parser."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from hotfix_tui.core.definition.loader import load_checklist, parse_checklist
from hotfix_tui.core.errors import ChecklistError
from hotfix_tui.core.markdown.postmortem import postmortem
from hotfix_tui.core.model.checklist import Checklist
from hotfix_tui.core.model.events import CHECK_FAILED, CHECK_PASSED, EXPORTED, Event, is_note
from hotfix_tui.core.model.session import Session
from hotfix_tui.core.postmortem import postmortem_data
from hotfix_tui.core.report import duration
from tests import gfm
from tests.conftest import HOTFIX_CHECKLIST
from tests.unit.test_declared_behaviour import renamed, team_id
from tests.unit.test_render import HOSTILE

EXPECTED = Path(__file__).parent.parent / "data" / "postmortem" / "login-crash.md"
# The incident started at 14:00 UTC; Dana works from UTC+1, Lee from UTC.
T0 = datetime(2026, 11, 23, 14, 0, tzinfo=UTC)
PARIS = timezone(timedelta(hours=1))
HEADINGS = [
    (1, "Postmortem: Login crash"), (2, "Summary"), (2, "Impact"), (2, "Root cause"),
    (2, "Resolution"), (2, "Response, resolution and authorization times"),
    (2, "Timeline (UTC)"), (2, "Approvals"), (2, "Not applicable"), (2, "Handoffs"),
    (2, "Evidence"), (2, "Follow-up actions still open"),
]


def at(minutes: int, zone: timezone = UTC) -> datetime:
    return (T0 + timedelta(minutes=minutes)).astimezone(zone)


def incident(checklist: Checklist, rename=lambda item_id: item_id) -> Session:
    """Dana opens the incident, describes it and hands over to Lee, who marks a box N/A,
    runs the tests (a failure, then a pass), gets the approvals and exports the PR body."""
    session = Session(name="hotfix-login-crash", checklist=checklist,
                      created_at=at(0, PARIS), created_by="Dana")

    def value(item_id: str, value, minutes: int, by: str) -> None:
        nonlocal session
        zone = PARIS if by == "Dana" else UTC
        session = session.with_value(rename(item_id), value, at=at(minutes, zone), by=by)

    def run(kind: str, minutes: int, exit_status: int) -> None:
        nonlocal session
        session = session.with_event(Event(
            at(minutes), "Lee", kind, item=rename("automated-tests"), command="pytest -q",
            exit_status=exit_status, duration=12.3))

    value("issue-severity", "Emergency", 3, "Dana")
    value("production-impact", "Nobody can log in | checkout is down", 4, "Dana")
    value("affected-users", "All web users", 4, "Dana")
    value("problem-statement", "Logins fail with a 500 after the 13:40 deploy.", 5, "Dana")
    value("root-cause", "A cache key kept the old session format:\n- old sessions failed to "
          "load\n- every login retried", 7, "Dana")
    value("incident-report", "https://status.example.com/inc/42", 8, "Dana")
    session = session.with_phase_approval(rename("qualification"), "Product Owner", True,
                                          at=at(9, PARIS), by="Dana")
    session = session.with_handoff("Lee", "Fix is in review; tests next", at=at(12, PARIS),
                                   by="Dana")
    value("changes-made", "- Key the cache by session format", 15, "Lee")
    session = session.with_na(rename("mitigation-performance-testing"),
                              "No query or loop changed", at=at(16), by="Lee")
    run(CHECK_FAILED, 18, 1)
    run(CHECK_PASSED, 21, 0)
    value("automated-tests", True, 21, "Lee")
    value("approval-technical-lead", True, 25, "Lee")
    value("approval-devops-lead", True, 26, "Lee")
    value("approval-product-owner", True, 27, "Lee")
    value("monitor-error-rates", True, 40, "Lee")
    session = session.with_event(Event(at(45), "Lee", EXPORTED, note="the PR body"))
    return session


@pytest.fixture(scope="module")
def checklist() -> Checklist:
    return load_checklist(HOTFIX_CHECKLIST)


def headings(markdown: str) -> list[tuple[int, str]]:
    """The headings a CommonMark parser reads, in order, with their level."""
    tokens = MarkdownIt("commonmark").parse(markdown)
    return [(int(token.tag[1]), tokens[index + 1].content)
            for index, token in enumerate(tokens) if token.type == "heading_open"]


def test_the_postmortem_of_a_scripted_incident_is_the_expected_file(checklist):
    assert postmortem(postmortem_data(incident(checklist))) == EXPECTED.read_text("utf-8")


def test_its_headings_are_the_outline_under_a_commonmark_parser(checklist):
    markdown = postmortem(postmortem_data(incident(checklist)))
    assert headings(markdown) == HEADINGS
    assert gfm.structure(markdown).headings == HEADINGS  # as GitHub renders it (cmark-gfm)


def test_every_heading_is_there_for_an_untouched_session(checklist):
    session = Session(name="hotfix-login-crash", checklist=checklist, created_at=T0,
                      created_by="Dana")
    text = postmortem(postmortem_data(session))
    assert headings(text) == HEADINGS
    assert text.count("_None recorded._") == 7  # all but clock, timeline, approvals, follow-ups


@pytest.mark.parametrize("text", HOSTILE)
def test_what_people_typed_never_changes_the_outline_nor_the_tables(checklist, text):
    session = incident(checklist)
    for item_id in ("problem-statement", "root-cause", "production-impact", "changes-made"):
        session = session.with_value(item_id, text, at=at(50), by=text.replace("\n", " ") or "x")
    note = text.replace("\r", "")
    if is_note(note):  # a note with control characters is refused on the way in
        session = session.with_handoff(" ".join(note.split()) or "x", note, at=at(51), by="Lee")
    markdown = postmortem(postmortem_data(session))
    assert headings(markdown) == HEADINGS
    tokens = MarkdownIt("commonmark").enable("table").parse(markdown)
    rows = [t for t in tokens if t.type == "tr_open"]
    cells = [t for t in tokens if t.type in ("th_open", "td_open")]
    assert len(cells) == 3 * len(rows)  # every row of both tables keeps its three cells
    on_github = gfm.structure(markdown)
    assert on_github.headings == HEADINGS and set(on_github.rows) == {3}
    assert not [t for t in tokens if t.type in ("html_block", "html_inline")]


def test_the_data_names_items_and_times_in_utc(checklist):
    data = postmortem_data(incident(checklist))
    assert data["started"] == {"at": "2026-11-23T14:00:00+00:00", "by": "Dana"}
    assert data["holder"] == "Lee"
    assert [(time["clock"], time["at"], time["after_start"]) for time in data["clock"]] == [
        ("response", "2026-11-23T14:03:00+00:00", 180.0),
        ("resolution", "2026-11-23T14:45:00+00:00", 2700.0),
        ("authorization", "2026-11-23T14:27:00+00:00", 1620.0)]
    assert data["not_applicable"][0]["item"] == "mitigation-performance-testing"
    assert data["not_applicable"][0]["by"] == "Lee"
    assert [run["outcome"] for run in data["evidence"]] == ["failed: exit status 1",
                                                           "passed: exit status 0"]
    follow_ups = [box["item"] for box in data["follow_ups"]]
    assert "monitor-error-rates" not in follow_ups and "incident-review" in follow_ups


def test_a_renamed_checklist_gives_the_same_postmortem():
    team = parse_checklist(renamed(HOTFIX_CHECKLIST.read_text("utf-8")))
    ours = postmortem(postmortem_data(incident(load_checklist(HOTFIX_CHECKLIST))))
    theirs = postmortem(postmortem_data(incident(team, team_id)))
    assert theirs == ours


def test_a_follow_up_section_needs_a_checkbox():
    text = ('name = "x"\n[[sections]]\nid = "s"\ntitle = "S"\nfollow_up = true\n'
            '[[sections.blocks]]\nid = "i"\nkind = "text"\nlabel = "I"\n')
    with pytest.raises(ChecklistError, match=r"^<checklist>:5: section 's': a follow-up "
                                             r"section needs a checkbox"):
        parse_checklist(text)
    with pytest.raises(ChecklistError, match=r"'follow_up'.*bool|bool.*'follow_up'"):
        parse_checklist(text.replace("follow_up = true", 'follow_up = "yes"'))


@pytest.mark.parametrize(("seconds", "said"), [
    (45, "45 s"), (60, "1 min"), (3599, "59 min"), (3900, "1 h 05 min"), (90000, "1 d 1 h")])
def test_durations_read_as_people_say_them(seconds, said):
    assert duration(seconds) == said
