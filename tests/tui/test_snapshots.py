"""What a person sees, at 80x24 and 120x40, and in a short and a narrow split pane
(pytest-textual-snapshot; fixed repo and user)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from hotfix_tui.core.workspace import Workspace
from tests.tui.helpers import FIXED_NOW, app_for

SIZES = [(80, 24), (120, 40)]


@pytest.mark.parametrize("size", SIZES)
def test_new_session_on_qualification(snap_compare, repo_path, size):
    assert snap_compare(app_for(repo_path), terminal_size=size)


# Short: the section list scrolls, each section still on one line. Narrow: no section list.
@pytest.mark.parametrize("size", [(100, 16), (60, 20)])
def test_split_pane(snap_compare, repo_path, size):
    assert snap_compare(app_for(repo_path), terminal_size=size)


@pytest.mark.parametrize("size", SIZES)
def test_section_with_every_widget_kind(snap_compare, repo_path, size):
    ws = Workspace.open(repo_path)
    session = ws.create("hotfix-login-crash")
    for item_id, value in [("risk-level", "High"), ("automated-tests", True)]:
        session = session.with_value(item_id, value, at=FIXED_NOW - timedelta(minutes=5),
                                     by="Dana Tester")
    ws.save(session)

    async def go_to_risk_assessment(pilot):
        await pilot.pause()
        await pilot.app.screen.show_section("risk-assessment")
        await pilot.pause()

    assert snap_compare(app_for(repo_path), terminal_size=size, run_before=go_to_risk_assessment)


@pytest.mark.parametrize("size", SIZES)
def test_review_screen(snap_compare, repo_path, size):
    assert snap_compare(app_for(repo_path), press=["ctrl+r"], terminal_size=size)


def test_review_screen_in_a_narrow_pane(snap_compare, repo_path):
    assert snap_compare(app_for(repo_path), press=["ctrl+r"], terminal_size=(60, 24))


def test_start_screen(snap_compare, repo_path):
    Workspace.open(repo_path).create("older-incident")
    assert snap_compare(app_for(repo_path), terminal_size=(80, 24))


HELP_AND_REVIEW_SIZES = [(80, 24), (60, 20)]


@pytest.mark.parametrize("size", HELP_AND_REVIEW_SIZES)
def test_help_screen(snap_compare, repo_path, size):
    assert snap_compare(app_for(repo_path), press=["question_mark"], terminal_size=size)


@pytest.mark.parametrize("size", HELP_AND_REVIEW_SIZES)
def test_review_lists_what_is_left(snap_compare, repo_path, size):
    ws = Workspace.open(repo_path)
    session = ws.create("hotfix-login-crash")
    session = session.with_value("critical-business-impact", True,
                                 at=FIXED_NOW - timedelta(minutes=5), by="Dana Tester")
    ws.save(session.with_phase_approval("qualification", "Product Owner", True,
                                        at=FIXED_NOW - timedelta(minutes=4), by="Sam Lee"))
    assert snap_compare(app_for(repo_path), press=["ctrl+r"], terminal_size=size)


@pytest.mark.parametrize("size", [(80, 24), (60, 20)])
def test_timeline_screen(snap_compare, repo_path, size):
    from tests.tui.test_timeline import scripted_incident

    scripted_incident(repo_path)

    async def open_the_timeline(pilot):
        await pilot.pause()
        pilot.app.clear_notifications()  # the handoff's notice belongs to the checklist
        await pilot.press("ctrl+t")
        await pilot.pause()

    assert snap_compare(app_for(repo_path), terminal_size=size, run_before=open_the_timeline)
