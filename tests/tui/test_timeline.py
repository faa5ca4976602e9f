"""The timeline screen (Pilot, a real temporary git repo): a scripted incident by three
people, a handoff and an N/A, shown as the process's phases with where it stands, the
incident clock and who did what when, in UTC; ctrl+t or the palette opens it, Esc leaves."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from textual.command import CommandList
from textual.containers import VerticalScroll
from textual.widgets import Static

from hotfix_tui.core.workspace import Workspace
from hotfix_tui.tui.screens.main import MainScreen
from hotfix_tui.tui.screens.timeline import TimelineScreen
from hotfix_tui.tui.widgets.timeline_lines import EventLines, PhaseFlow
from tests.tui.helpers import app_for, until

T0 = datetime(2026, 11, 23, 14, 0, tzinfo=UTC)


def at(minutes: int) -> datetime:
    return T0 + timedelta(minutes=minutes)


def scripted_incident(repo: Path) -> None:
    """Dana starts at 14:00 UTC, qualifies and describes; Pat approves for the Product
    Owner; Dana hands over to Lee, who marks a box N/A."""
    ws = Workspace.open(repo)
    session = ws.create("hotfix-login-crash")._replace(created_at=T0, created_by="Dana Tester")
    for item_id, value, minutes in [("critical-business-impact", True, 2),
                                    ("issue-severity", "Emergency", 3),
                                    ("root-cause", "A stale cache key", 5)]:
        session = session.with_value(item_id, value, at=at(minutes), by="Dana Tester")
    session = session.with_phase_approval("qualification", "Product Owner", True, at=at(6),
                                          by="Pat Owner")
    session = session.with_handoff("Lee", "tests next", at=at(10), by="Dana Tester")
    session = session.with_na("mitigation-performance-testing", "No perf path", at=at(12),
                              by="Lee")
    ws.save(session)


def text(screen, selector: str) -> str:
    return str(screen.query_one(selector, Static).render())


async def test_ctrl_t_shows_the_incident_as_a_timeline_and_esc_goes_back(repo_path: Path):
    scripted_incident(repo_path)
    app = app_for(repo_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, MainScreen))
        await pilot.press("ctrl+t")
        await until(pilot, lambda: isinstance(app.screen, TimelineScreen))
        screen = app.screen
        flow = screen.query_one(PhaseFlow).text
        assert flow.startswith("▶ Qualification → · Development → · Code Review")
        assert flow.endswith("· Merge to Main")
        assert text(screen, "#standing") == (
            "Now: Qualification - 3/18 done, 6 required left, approval missing: Technical Lead")
        assert text(screen, "#clock") == ("Clock: Response Time 14:02 UTC (+2 min) · "
                                          "Resolution Time not yet · Authorization Time not yet")
        assert text(screen, "#timeline-title") == (
            "hotfix-login-crash - held by Lee - started 2026-11-23 14:00 UTC")
        events = screen.query_one(EventLines).text.splitlines()
        assert events[0] == "2026-11-23"
        assert events[1:3] == ["14:00  Dana Tester  started the session (Hotfix Pull Request)",
                               "14:02  Dana Tester  ticked Critical business impact"]
        assert "14:06  Pat Owner    approved: Qualification - Product Owner" in events
        assert "14:10  Dana Tester  handed the session to Lee: tests next" in events
        assert events[-1] == "14:12  Lee          marked Performance Testing N/A: No perf path"
        assert app.focused is screen.query_one("#events", VerticalScroll)
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, MainScreen))


async def test_the_palette_opens_the_timeline(repo_path: Path):
    app = app_for(repo_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, MainScreen))
        await pilot.press("ctrl+p", *"Timeline")
        await until(pilot, lambda: any(c.option_count for c in app.screen.query(CommandList)))
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, TimelineScreen))
        # A session just started: one event, nothing on the clock yet.
        assert app.screen.query_one(EventLines).text.splitlines()[1].endswith(
            "started the session (Hotfix Pull Request)")
        assert "Response Time not yet" in text(app.screen, "#clock")
