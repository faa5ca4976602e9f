"""What a person under stress needs on screen: help on `?`, marks that read without
colour, a group of boxes N/A at once, a stale tick re-confirmed with one key, the focused
item's id copied."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from textual.widgets import Static

from hotfix_tui.core.workspace import Workspace
from hotfix_tui.tui.screens.help import HelpScreen
from hotfix_tui.tui.widgets.marks import MarkedBox
from tests.gitrepos import commit
from tests.tui.helpers import app_for, saved_value, until
from tests.tui.test_app_git import tagged_repo

BEFORE = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


def help_rows(app) -> dict[str, str]:
    return {str(row.query_one(".keys", Static).render()): str(row.query_one(".what", Static).render())
            for row in app.screen.query(".key-row")}


async def test_question_mark_lists_the_keys_of_the_screen_and_the_marks(repo_path: Path):
    app = app_for(repo_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: app.focused is not None and app.focused.id ==
                    "item-critical-business-impact")
        await pilot.press("question_mark")
        await until(pilot, lambda: isinstance(app.screen, HelpScreen))
        rows = help_rows(app)
        # Built from the bindings: the screen's own, the box's toggle, the app's.
        assert rows["^r"].startswith("Preview the PR body")
        assert rows["n"].startswith("Mark the focused checkbox N/A")
        assert "⏎ space" in rows and "Toggle" in rows["⏎ space"]
        assert rows["^q"] == "Save and quit"
        assert "[!]" in rows and "stale" in rows["[!]"] and "[-]" in rows and "[ ]" in rows
        shown = str(app.screen.query_one("#focused-item", Static).render())
        assert shown.startswith("critical-business-impact")
        await pilot.press("c")
        assert app.clipboard == "critical-business-impact"
        await pilot.press("escape")
        await until(pilot, lambda: not isinstance(app.screen, HelpScreen))
        await pilot.press("f1")
        await until(pilot, lambda: isinstance(app.screen, HelpScreen))
        await pilot.press("f1")
        await until(pilot, lambda: not isinstance(app.screen, HelpScreen))
        assert app.focused.id == "item-critical-business-impact"


async def test_question_mark_in_a_field_is_typed_there(repo_path: Path):
    app = app_for(repo_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await app.screen.show_section("hotfix-overview", focus_item="production-impact")
        await until(pilot, lambda: app.focused.id == "item-production-impact")
        editor = app.focused
        await pilot.press("a", "question_mark")
        await until(pilot, lambda: editor.value == "a?")
        assert not isinstance(app.screen, HelpScreen)


async def test_help_on_the_review_lists_its_own_keys(repo_path: Path):
    app = app_for(repo_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+r")
        await until(pilot, lambda: type(app.screen).__name__ == "ReviewScreen")
        await pilot.press("f1")
        await until(pilot, lambda: isinstance(app.screen, HelpScreen))
        rows = help_rows(app)
        assert rows["Esc"] == "Leave the review"
        assert "n" not in rows  # the checklist's keys are not the review's


async def test_footer_keeps_the_most_used_keys_and_help_at_60_columns(repo_path: Path):
    app = app_for(repo_path)
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.pause()
        footer = app.screen.query_one("KeyFooter")
        await until(pilot, lambda: any(key.action == "app.help" for key in footer.query("FooterKey")))
        visible = [key for key in footer.query("FooterKey") if key.display]
        actions = {key.action for key in visible}
        assert {"next_section", "app.review", "mark_na", "app.undo", "app.quit",
                "app.help"} <= actions
        assert "app.export" not in actions  # one key away in the palette and the help
        assert sum(key.outer_size.width for key in visible) <= 60


def box_marks(app) -> dict[str, str]:
    return {box.id.removeprefix("item-"): box.mark for box in app.screen.query(MarkedBox)
            if box.id and box.id.startswith("item-")}


async def test_boxes_read_ticked_open_na_and_stale_apart(tmp_path: Path):
    repo = tagged_repo(tmp_path / "repo")
    ws = Workspace.open(tmp_path / "repo")
    session = ws.create("hotfix-login-crash")
    session = session.with_value("primary-workflow", True, at=BEFORE, by="Dana Tester")
    session = session.with_na("error-scenario", "no error path", at=BEFORE, by="Dana Tester")
    ws.save(session)
    commit(repo, "Late change", {"late.py": "x\n"}, when="2026-11-23T11:00:00+00:00")
    app = app_for(tmp_path / "repo")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await app.screen.show_section("testing-verification", focus_item="critical-path-integration-points")
        await until(pilot, lambda: "primary-workflow" in app.screen.stale)
        await pilot.press("space")
        await until(pilot, lambda: box_marks(app)["critical-path-integration-points"] == "X")
        marks = box_marks(app)
        assert marks["primary-workflow"] == "!"
        assert marks["error-scenario"] == "-"  # N/A, before the commit too: a decision, not stale
        assert marks["core-features"] == " "


async def test_r_re_confirms_a_stale_tick(tmp_path: Path):
    repo = tagged_repo(tmp_path / "repo")
    ws = Workspace.open(tmp_path / "repo")
    ws.save(ws.create("hotfix-login-crash").with_value("primary-workflow", True, at=BEFORE,
                                                       by="Dana Tester"))
    commit(repo, "Late change", {"late.py": "x\n"}, when="2026-11-23T11:00:00+00:00")
    app = app_for(tmp_path / "repo")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await app.screen.show_section("testing-verification", focus_item="primary-workflow")
        await until(pilot, lambda: "primary-workflow" in app.screen.stale)
        await pilot.press("r")
        await until(pilot, lambda: "primary-workflow" not in app.screen.stale)
        assert box_marks(app)["primary-workflow"] == "X"
        await until(pilot, lambda: not app.unsaved)
    loaded = Workspace.open(tmp_path / "repo").load("hotfix-login-crash")
    assert loaded.value(loaded.checklist.item("primary-workflow")) is True
    assert Workspace.open(tmp_path / "repo").stale_items(loaded) == []


async def test_one_reason_marks_every_open_box_of_the_section_na(repo_path: Path):
    app = app_for(repo_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: app.focused is not None and app.focused.id ==
                    "item-critical-business-impact")
        await pilot.press("space", "tab", "N")  # one ticked, three left open
        await until(pilot, lambda: type(app.screen).__name__ == "ReasonScreen")
        assert "3 open boxes" in str(app.screen.query_one("#reason-label").render())
        await pilot.press(*"no outage", "enter")
        await until(pilot, lambda: app.session.na_reason("immediate-action-required") == "no outage")
        session = app.session
        assert session.na_reason("critical-business-impact") is None  # it was ticked
        for item_id in ("production-system-affected", "no-viable-workaround"):
            assert session.na_reason(item_id) == "no outage"
        await until(pilot, lambda: not app.unsaved)
        assert saved_value(repo_path, "no-viable-workaround") is True
        await pilot.press("ctrl+z")  # one step: all three back to open
        await until(pilot, lambda: not any(app.session.na_reason(item_id) for item_id in (
            "production-system-affected", "no-viable-workaround", "immediate-action-required")))
        assert app.session.value(app.session.checklist.item("critical-business-impact")) is True
        assert [box.mark for box in app.screen.query(MarkedBox)][:4] == ["X", " ", " ", " "]
        await until(pilot, lambda: not app.unsaved)
    assert saved_value(repo_path, "no-viable-workaround") is False


async def test_the_palette_marks_the_section_na_and_copies_the_item_id(repo_path: Path):
    app = app_for(repo_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: app.focused is not None and app.focused.id ==
                    "item-critical-business-impact")
        await pilot.press("ctrl+p", *"copy item id")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await until(pilot, lambda: app.clipboard == "critical-business-impact")
        await pilot.press("ctrl+p", *"mark section n/a")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await until(pilot, lambda: type(app.screen).__name__ == "ReasonScreen")
        assert "4 open boxes" in str(app.screen.query_one("#reason-label").render())


async def test_the_palette_finds_an_item_by_label_and_by_id_and_focuses_it(repo_path: Path):
    app = app_for(repo_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: app.focused is not None)
        await pilot.press("ctrl+p", *"rollback strategy")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await until(pilot, lambda: app.focused is not None
                    and app.focused.id == "item-rollback-strategy-documented")
        assert app.screen.current == "risk-assessment"
        await pilot.press("ctrl+p", *"root-cause")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await until(pilot, lambda: app.focused is not None and app.focused.id == "item-root-cause")


def left_entry(review, kind: str, entry_id: str) -> str:
    """The option id of a review entry."""
    return next(str(i) for i, entry in enumerate(review.left)
                if entry.kind == kind and entry.id == entry_id)


async def test_review_lists_stale_ticks_missing_approvals_and_optional_boxes_and_jumps(
        tmp_path: Path):
    repo = tagged_repo(tmp_path / "repo")
    ws = Workspace.open(tmp_path / "repo")
    ws.save(ws.create("hotfix-login-crash").with_value("primary-workflow", True, at=BEFORE,
                                                       by="Dana Tester"))
    commit(repo, "Late change", {"late.py": "x\n"}, when="2026-11-23T11:00:00+00:00")
    app = app_for(tmp_path / "repo")
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: "primary-workflow" in app.screen.stale)
        await pilot.press("ctrl+r")
        await until(pilot, lambda: type(app.screen).__name__ == "ReviewScreen")
        review = app.screen
        kinds = [entry.kind for entry in review.left]
        assert kinds.index("stale") < kinds.index("approval") < kinds.index("optional")
        prompts = [str(option.prompt) for option in review.query_one("#left").options]
        assert "[!] Primary Workflow · Testing Verification" in prompts
        assert "[ ] Qualification: approval by Technical Lead · Qualification" in prompts
        assert any(prompt.startswith("Optional, still open") for prompt in prompts)
        left = review.query_one("#left")
        left.highlighted = left.get_option_index(left_entry(review, "stale", "primary-workflow"))
        await pilot.press("enter")
        await until(pilot, lambda: app.focused is not None and app.focused.id == "item-primary-workflow")
        await pilot.press("r")  # re-confirmed: off the list
        await until(pilot, lambda: "primary-workflow" not in app.screen.stale)
        # In the review, r re-confirms the highlighted stale tick where it is listed.
        await pilot.press("ctrl+r")
        await until(pilot, lambda: type(app.screen).__name__ == "ReviewScreen")
        assert "stale" not in {entry.kind for entry in app.screen.left}
        await pilot.press("escape")
        await until(pilot, lambda: type(app.screen).__name__ == "MainScreen")
        app.screen.show_stale({"primary-workflow"})  # stale again: a newer commit came
        await pilot.press("ctrl+r")
        await until(pilot, lambda: type(app.screen).__name__ == "ReviewScreen")
        review = app.screen
        left = review.query_one("#left")
        option = left_entry(review, "stale", "primary-workflow")
        left.highlighted = left.get_option_index(option)
        await pilot.press("r")
        await until(pilot, lambda: "primary-workflow" not in app.main_screen.stale)
        assert option not in {o.id for o in left.options}
        await pilot.press("escape")
        await until(pilot, lambda: type(app.screen).__name__ == "MainScreen")
        await pilot.press("ctrl+r")
        await until(pilot, lambda: type(app.screen).__name__ == "ReviewScreen")
        review = app.screen
        assert "stale" not in {entry.kind for entry in review.left}
        left = review.query_one("#left")
        left.highlighted = left.get_option_index(
            next(str(i) for i, entry in enumerate(review.left) if entry.role == "Technical Lead"))
        await pilot.press("enter")
        await until(pilot, lambda: app.focused is not None
                    and app.focused.id == "approval-qualification-technical-lead")
        assert app.screen.current == "qualification"


async def test_an_approval_is_recorded_as_given_by_whom_you_say_you_by_default(repo_path: Path):
    from hotfix_tui.core.model.record import phase_approvals
    from hotfix_tui.tui.screens.approval import ApprovalScreen

    app = app_for(repo_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: app.focused is not None)
        me = app.workspace.author
        for role, typed in (("Product Owner", "Sam Lee (phone)"), ("Technical Lead", None)):
            await app.screen.show_approval("qualification", "qualification", role)
            ident = f"approval-qualification-{role.lower().replace(' ', '-')}"
            await until(pilot, lambda ident=ident: app.focused.id == ident)
            box = app.focused
            await pilot.press("space")
            await until(pilot, lambda: isinstance(app.screen, ApprovalScreen))
            field = app.screen.query_one("#approved-by")
            assert field.value == me
            if typed is not None:
                field.value = ""
                await pilot.press(*typed)
            await pilot.press("enter")
            await until(pilot, lambda: not isinstance(app.screen, ApprovalScreen))
            assert box.value is True
        given = {needed.role: needed.approval.by for needed in phase_approvals(app.session)
                 if needed.approval is not None}
        assert given == {"Product Owner": "Sam Lee (phone)", "Technical Lead": me}
        # Esc: nothing recorded, the box unticked again.
        await app.screen.show_approval("hotfix-solution", "development", "Senior Developer")
        await until(pilot, lambda: app.focused.id == "approval-development-senior-developer")
        box = app.focused
        await pilot.press("space")
        await until(pilot, lambda: isinstance(app.screen, ApprovalScreen))
        await pilot.press("escape")
        await until(pilot, lambda: not isinstance(app.screen, ApprovalScreen) and box.value is False)
        assert "Senior Developer" not in {needed.role for needed in phase_approvals(app.session)
                                          if needed.approval is not None}


async def test_one_severity_answer_fills_the_same_question_elsewhere(repo_path: Path):
    app = app_for(repo_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: app.focused is not None)
        await app.screen.show_section("hotfix-overview", focus_item="production-impact")
        await app.screen.show_section("qualification", focus_item="priority-level")
        await until(pilot, lambda: app.focused.id == "item-priority-level")
        await pilot.press("enter")  # the first option, Emergency
        await until(pilot, lambda: app.session.value(
            app.session.checklist.item("issue-severity")) == "Emergency")
        # The section built before shows it too.
        buttons = app.screen.query_one("#item-issue-severity").query("RadioButton")
        await until(pilot, lambda: [button.value for button in buttons] == [True, False])
        await until(pilot, lambda: not app.unsaved)
    assert saved_value(repo_path, "incident-severity") == "Emergency"


async def test_in_a_text_field_the_footer_offers_f1_for_help(repo_path: Path):
    app = app_for(repo_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await app.screen.show_section("hotfix-overview", focus_item="production-impact")
        await until(pilot, lambda: app.focused.id == "item-production-impact")
        footer = app.screen.query_one("KeyFooter")
        await until(pilot, lambda: [key.key for key in footer.query("FooterKey")
                                    if key.action == "app.help"] == ["f1"])
        await pilot.press("f1")
        await until(pilot, lambda: isinstance(app.screen, HelpScreen))
        assert str(app.screen.query_one("#focused-item", Static).render()).startswith(
            "production-impact")


async def test_an_approval_box_is_ticked_as_given_by_whom_you_say(repo_path: Path):
    from hotfix_tui.tui.screens.approval import ApprovalScreen

    app = app_for(repo_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await app.screen.show_section("emergency-approval-process",
                                      focus_item="approval-technical-lead")
        await until(pilot, lambda: app.focused.id == "item-approval-technical-lead")
        box = app.focused
        await pilot.press("space")
        await until(pilot, lambda: isinstance(app.screen, ApprovalScreen))
        await pilot.press("escape")  # not approved after all
        await until(pilot, lambda: not isinstance(app.screen, ApprovalScreen))
        await until(pilot, lambda: box.value is False)
        assert app.session.state("approval-technical-lead") is None
        await pilot.press("space")
        await until(pilot, lambda: isinstance(app.screen, ApprovalScreen))
        app.screen.query_one("#approved-by").value = ""
        await pilot.press(*"Kim (phone)", "enter")
        await until(pilot, lambda: app.session.is_done(
            app.session.checklist.item("approval-technical-lead")))
        assert app.session.state("approval-technical-lead").updated_by == "Kim (phone)"
        await until(pilot, lambda: "approved by Kim (phone)" in box.label.plain)
        await until(pilot, lambda: not app.unsaved)
