"""Undo and redo in the app, for each kind of change, each one a recorded change; taking a
tick, an N/A or an approval away says so with the undo key."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Checkbox, Input

from hotfix_tui.core.model.record import timeline
from hotfix_tui.core.workspace import Workspace
from hotfix_tui.tui.screens.approval import ApprovalScreen
from hotfix_tui.tui.screens.main import MainScreen
from hotfix_tui.tui.screens.reason import ReasonScreen
from tests.tui.helpers import app_for, saved_value, until

SESSION = "hotfix-login-crash"


def notices(app) -> list[str]:
    return [str(n.message) for n in app._notifications]


async def test_undo_and_redo_a_tick_and_the_notice_on_unticking(repo_path: Path):
    app = app_for(repo_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        box = app.screen.query_one("#item-critical-business-impact", Checkbox)
        await pilot.press("space")
        await until(pilot, lambda: not app.unsaved)
        await pilot.press("space")  # a slip: the tick is gone
        await until(pilot, lambda: any("Unticked “Critical business impact”. ctrl+z brings it back."
                                       in note for note in notices(app)))
        await pilot.press("ctrl+z")
        await until(pilot, lambda: box.value is True)
        await until(pilot, lambda: not app.unsaved)
        assert saved_value(repo_path, "critical-business-impact") is True
        await pilot.press("ctrl+y")  # redo: unticked again
        await until(pilot, lambda: box.value is False)
        await until(pilot, lambda: not app.unsaved)
    assert saved_value(repo_path, "critical-business-impact") is False
    events = [e.event for e in timeline(Workspace.open(repo_path).load(SESSION))]
    assert events[1:] == ["ticked", "unticked", "ticked", "unticked"]  # each a change


async def test_undo_brings_an_na_back_with_its_reason(repo_path: Path):
    app = app_for(repo_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("n")
        await until(pilot, lambda: isinstance(app.screen, ReasonScreen))
        await pilot.press(*"Known outage", "enter")
        await until(pilot, lambda: isinstance(app.screen, MainScreen))
        await pilot.press("space")  # clears the N/A, unticks the box
        await until(pilot, lambda: any("is no longer N/A (Known outage)" in note
                                       for note in notices(app)))
        await pilot.press("ctrl+z")
        await until(pilot, lambda: app.session.na_reason("critical-business-impact")
                    == "Known outage")
        await until(pilot, lambda: not app.unsaved)
    loaded = Workspace.open(repo_path).load(SESSION)
    assert loaded.na_reason("critical-business-impact") == "Known outage"


async def test_undo_steps_back_a_run_of_typing_and_a_choice(repo_path: Path):
    app = app_for(repo_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await app.screen.show_section("hotfix-overview")
        await pilot.press("down", "enter")  # Issue Severity: Critical
        await pilot.press("tab")
        field = app.screen.query_one("#item-production-impact", Input)
        await pilot.press(*"checkout down")
        await until(pilot, lambda: app.session.value(
            app.session.checklist.item("production-impact")) == "checkout down")
        await pilot.press("ctrl+z")  # the whole run of typing at once
        await until(pilot, lambda: field.value == "")
        await pilot.press("ctrl+z")  # then the choice
        await until(pilot, lambda: app.session.value(
            app.session.checklist.item("issue-severity")) == "")
        await until(pilot, lambda: not app.unsaved)
    assert saved_value(repo_path, "production-impact") == ""
    assert saved_value(repo_path, "issue-severity") == ""


async def test_undo_a_phase_approval_and_an_approval_box(repo_path: Path):
    app = app_for(repo_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        approval = app.screen.query_one("#approval-qualification-product-owner", Checkbox)
        approval.focus()
        await pilot.press("space")
        await until(pilot, lambda: isinstance(app.screen, ApprovalScreen))
        await pilot.press("enter")  # approved by you
        await until(pilot, lambda: not app.unsaved and approval.value is True)
        await pilot.press("space")  # withdrawn by a slip
        await until(pilot, lambda: any("Withdrew the Product Owner approval" in note
                                       for note in notices(app)))
        await pilot.press("ctrl+z")
        await until(pilot, lambda: not app.unsaved and approval.value is True)
        await app.screen.show_section("emergency-approval-process")
        await until(pilot, lambda: app.focused.id == "item-approval-technical-lead")
        await pilot.press("space")  # the Technical Lead box, an approval item
        await until(pilot, lambda: isinstance(app.screen, ApprovalScreen))
        await pilot.press("enter")
        await until(pilot, lambda: not app.unsaved and app.session.value(
            app.session.checklist.item("approval-technical-lead")) is True)
        await pilot.press("ctrl+z")
        await until(pilot, lambda: not app.unsaved and app.session.value(
            app.session.checklist.item("approval-technical-lead")) is False)
    loaded = Workspace.open(repo_path).load(SESSION)
    from hotfix_tui.core.model.record import missing_approvals

    assert "Product Owner" not in missing_approvals(loaded).get("qualification", [])
    assert loaded.value(loaded.checklist.item("approval-technical-lead")) is False


async def test_nothing_to_undo_says_so(repo_path: Path):
    app = app_for(repo_path)
    async with app.run_test() as pilot:
        await pilot.pause()
        await pilot.press("ctrl+z")
        await until(pilot, lambda: "Nothing to undo." in notices(app))
