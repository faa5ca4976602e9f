"""Release notes and changelog bullets: public text, pure functions of a session."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from hotfix_tui.core.definition.loader import load_checklist, parse_checklist
from hotfix_tui.core.errors import ExportError
from hotfix_tui.core.exports import ExportPlan, export
from hotfix_tui.core.markdown.release_notes import changelog_bullets, release_notes, title
from hotfix_tui.core.model.session import Session
from hotfix_tui.core.workspace import Workspace
from tests.conftest import HOTFIX_CHECKLIST

WHEN = datetime(2026, 11, 23, 14, 2, tzinfo=UTC)
DAY = date(2026, 11, 24)


@pytest.fixture(scope="module")
def checklist():
    return load_checklist(HOTFIX_CHECKLIST)


def session_with(checklist, name: str = "hotfix-login-crash", **values) -> Session:
    session = Session(name=name, checklist=checklist, created_at=WHEN, created_by="Dana")
    for item_id, value in values.items():
        session = session.with_value(item_id.replace("_", "-"), value, at=WHEN, by="Dana")
    return session


FILLED = dict(
    problem_statement="Users are logged out\nafter every deploy.",
    root_cause="# Stale cache key",
    changes_made="- Key the cache by build\n- Add a test",
    why_this_solution="Smallest change.",
    production_impact="Login fails for 30% of sessions",
    affected_users="All web users",
    impact_assessment="No data loss.",
    issue_severity="Emergency",
    risk_level="Low",
    rollback_strategy_documented=True,
    database_rollback=False,
    blue_green_deployment=True,
    critical_bug="1234",
    incident_report="https://status.example.com/i/77",
    support_tickets="SUP-9",
)


def test_release_notes_are_public_text(checklist):
    notes = release_notes(session_with(checklist, **FILLED), "1.4.3", DAY)
    assert notes == """# Hotfix 1.4.3: Login crash

- **Version:** 1.4.3
- **Date:** 2026-11-24

## Summary

Users are logged out after every deploy.

## The fix

- Key the cache by build
- Add a test

Smallest change.

## Related issues

- Fixes #1234
"""
    # What on-call knows stays in the PR body: the incident, tickets, the root cause,
    # impact, severity, risk, rollback and deployment plans.
    for internal in ("status.example.com", "SUP-9", "Stale cache key", "30%", "All web",
                     "Emergency", "Low", "Rollback", "Blue-Green", "No data loss"):
        assert internal not in notes


def test_release_notes_leave_out_what_is_empty(checklist):
    assert release_notes(session_with(checklist), "1.4.3", DAY) == (
        "# Hotfix 1.4.3: Login crash\n\n- **Version:** 1.4.3\n- **Date:** 2026-11-24\n")
    other = parse_checklist('name = "tiny"\n[[sections]]\nid = "s"\ntitle = "S"\n'
                            '  [[sections.blocks]]\n  id = "done"\n  kind = "check"\n'
                            '  label = "Done"\n')
    assert "## " not in release_notes(session_with(other, name="detached-abc1234"), "1", DAY)
    assert title(session_with(other, name="detached-abc1234")) == "Detached abc1234"


def test_changelog_bullets_say_the_fix_else_why_else_the_summary(checklist):
    assert changelog_bullets(session_with(checklist, **FILLED)) == (
        "Key the cache by build", "Add a test (#1234)")
    typed = "1. Key the cache\n   by build\n* [x] # Add a test\n\nplain line"
    assert changelog_bullets(session_with(checklist, changes_made=typed)) == (
        "Key the cache by build", "\\# Add a test", "plain line")
    why = dict(why_this_solution="Smallest change.\n\nMore detail.",
               problem_statement="Logged out\nafter deploys")
    assert changelog_bullets(session_with(checklist, **why)) == ("Smallest change.",)
    assert changelog_bullets(session_with(checklist, problem_statement="Logged out\nafter "
                                          "deploys", critical_bug="#77")) == (
        "Logged out after deploys (#77)",)
    assert changelog_bullets(session_with(checklist)) == ("Login crash",)
    assert changelog_bullets(session_with(checklist, critical_bug="https://x.test/i/4")) == (
        "Login crash (https://x.test/i/4)",)


def test_workspace_writes_notes_and_refuses_an_unreadable_changelog(repo_path):
    ws = Workspace.open(repo_path)
    session = ws.create("hotfix-login-crash")
    notes = repo_path / "out" / "notes.md"
    export(ws, session, ExportPlan(release_notes=notes, version="1.4.3", draft=True), DAY)
    assert notes.read_text() == release_notes(session, "1.4.3", DAY)
    changelog = repo_path / "CHANGELOG.md"
    changelog.write_bytes(b"# Changelog\n\xff\n")
    with pytest.raises(ExportError, match=f"^{changelog}: not UTF-8 text$"):
        export(ws, session, ExportPlan(changelog=changelog, version="1.4.3", draft=True), DAY)
    assert changelog.read_bytes() == b"# Changelog\n\xff\n"
