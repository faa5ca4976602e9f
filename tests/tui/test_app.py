"""The app driven by Pilot on real temporary git repos; assertions on state and files."""

from __future__ import annotations

from pathlib import Path

from textual.command import CommandList
from textual.widgets import Checkbox, Input, OptionList, RadioSet, TextArea

from hotfix_tui.core.workspace import Workspace
from hotfix_tui.tui.screens.main import MainScreen
from hotfix_tui.tui.screens.review import ReviewScreen
from hotfix_tui.tui.screens.start import StartScreen
from tests.tui.helpers import app_for, saved_value, until


async def test_new_session_starts_on_qualification_and_walks_sections(repo_path: Path):
    app = app_for(repo_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, MainScreen)
        assert screen.current == "qualification"
        assert app.focused.id == "item-critical-business-impact"
        await pilot.press("space")
        await until(pilot, lambda: not app.unsaved)
        assert saved_value(repo_path, "critical-business-impact") is True
        await pilot.press("pagedown")
        assert screen.current == "hotfix-overview"
        assert app.focused.id == "item-issue-severity"
        await pilot.press("pagedown", "pagedown")
        assert screen.current == "related-issues"
        assert app.focused.id == "item-critical-bug"
        await pilot.press("pageup")
        assert screen.current == "critical-issue-description"
        assert app.focused.id == "item-problem-statement"


async def test_every_widget_kind_changes_the_saved_value(repo_path: Path):
    app = app_for(repo_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        screen = app.screen
        # check: space on the focused checkbox
        await pilot.press("space")
        # choice: the radio set of Issue Severity, second option
        await screen.show_section("hotfix-overview")
        await pilot.pause()
        assert isinstance(app.focused, RadioSet)
        await pilot.press("down", "enter")
        # text: the Production Impact input
        await pilot.press("tab")
        assert isinstance(app.focused, Input)
        await pilot.press(*"checkout down")
        # longtext and list
        await screen.show_section("critical-issue-description", focus_item="root-cause")
        await pilot.pause()
        assert isinstance(app.focused, TextArea)
        await pilot.press(*"stale key", "enter", *"in cache")
        await screen.show_section("components-affected")
        await pilot.pause()
        assert app.focused.id == "item-files-modified"
        await pilot.press(*"src/a.py", "enter", *"src/b.py")
        await until(pilot, lambda: not app.unsaved)
    assert saved_value(repo_path, "critical-business-impact") is True
    assert saved_value(repo_path, "issue-severity") == "Critical"
    assert saved_value(repo_path, "production-impact") == "checkout down"
    assert saved_value(repo_path, "root-cause") == "stale key\nin cache"
    assert saved_value(repo_path, "files-modified") == ("src/a.py", "src/b.py")


async def test_quitting_flushes_what_was_just_typed(repo_path: Path):
    app = app_for(repo_path)
    async with app.run_test() as pilot:
        await pilot.pause()
        await app.screen.show_section("related-issues")
        await pilot.pause()
        await pilot.press(*"4242", "ctrl+q")
    assert saved_value(repo_path, "critical-bug") == "4242"


async def test_resume_opens_the_last_section_with_a_notice(repo_path: Path):
    app = app_for(repo_path)
    async with app.run_test() as pilot:
        await pilot.pause()
        await app.screen.show_section("risk-assessment")
        await pilot.press("down", "enter")  # Risk Level: Medium
        await pilot.press("ctrl+q")
    again = app_for(repo_path)
    async with again.run_test() as pilot:
        await until(pilot, lambda: len(again._notifications) > 0)
        assert isinstance(again.screen, MainScreen)
        assert again.screen.current == "risk-assessment"
        notices = [n.message for n in again._notifications]
        assert len(notices) == 1
        assert notices[0].startswith("resumed hotfix-login-crash - last change by Dana Tester, ")
        radio = again.screen.query_one("#item-risk-level", RadioSet)
        assert radio.pressed_index == 1


async def test_palette_jumps_to_a_section_by_title(repo_path: Path):
    app = app_for(repo_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+p")
        await pilot.press(*"Go to: Verification Checklist")
        await until(pilot, lambda: any(c.option_count for c in app.screen.query(CommandList)))
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, MainScreen)
                    and app.screen.current == "verification-checklist")
        assert app.focused.id == "item-issue-reproduction"


async def test_sidebar_jumps_and_shows_progress(repo_path: Path):
    app = app_for(repo_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("space")  # tick the first qualifying factor
        sidebar = app.screen.query_one("#sidebar", OptionList)
        assert "1/5" in str(sidebar.get_option("qualification").prompt)
        sidebar.focus()
        sidebar.highlighted = sidebar.get_option_index("security-considerations")
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen.current == "security-considerations"
        assert app.focused.id == "item-no-security-impact"


async def test_sidebar_marks_a_complete_section(repo_path: Path):
    app = app_for(repo_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await app.screen.show_section("security-considerations")
        await pilot.pause()
        for _ in range(4):
            await pilot.press("space", "tab")
        sidebar = app.screen.query_one("#sidebar", OptionList)
        prompt = str(sidebar.get_option("security-considerations").prompt)
        assert "✓" in prompt and "4/4" in prompt


async def test_review_lists_unmet_required_items_and_jumps_to_one(repo_path: Path):
    app = app_for(repo_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+r")
        await pilot.pause()
        review = app.screen
        assert isinstance(review, ReviewScreen)
        left = review.query_one("#left", OptionList)
        session = app.session
        required = [entry for entry in review.left if entry.kind == "required"]
        assert [entry.id for entry in required] == [item.id for item in session.unmet_required()]
        assert len(required) == 21
        assert review.left[int(left.highlighted_option.id)].id == "critical-business-impact"
        root_cause = next(i for i, entry in enumerate(review.left) if entry.id == "root-cause")
        left.highlighted = left.get_option_index(str(root_cause))
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        assert app.screen.current == "critical-issue-description"
        assert app.focused.id == "item-root-cause"


async def test_export_writes_the_pr_body_and_shows_where(repo_path: Path, seed_template: str):
    app = app_for(repo_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+r")
        await pilot.pause()
        await pilot.press("ctrl+e")
        await pilot.pause()
        target = repo_path / ".hotfix" / "out" / "hotfix-login-crash.pr-body.md"
        assert target.read_text() == seed_template
        shown = str(app.screen.query_one("#export-result").render())
        assert "gh pr create --body-file" in shown and "hotfix-login-crash.pr-body.md" in shown
        assert any("ctrl+o opens the pull request" in str(n.message) for n in app._notifications)
    # The export and the app's local files are this clone's own: git shows none of them.
    import git

    shown = git.Repo(repo_path).git.status("--porcelain", "--untracked-files=all", ".hotfix")
    assert sorted(line[3:] for line in shown.splitlines()) == [
        ".hotfix/hotfix-login-crash.toml"]


async def test_failed_save_keeps_values_and_retries(repo_path: Path, monkeypatch):
    import errno
    import os

    from hotfix_tui.core.storage import files as store

    def disk_full(src, dst):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    app = app_for(repo_path)
    async with app.run_test() as pilot:
        await pilot.pause()
        with monkeypatch.context() as patch:
            patch.setattr(store.os, "replace", disk_full)
            await pilot.press("space")
            await until(pilot, lambda: app.autosave.failing)
            assert app.unsaved
            # Saves run in a thread: its notice reaches the app a moment later.
            await until(pilot, lambda: any(n.title == "Not saved" for n in app._notifications))
        assert saved_value(repo_path, "critical-business-impact") is False
        await until(pilot, lambda: not app.unsaved, attempts=200)
    assert saved_value(repo_path, "critical-business-impact") is True


async def test_start_screen_when_there_is_a_choice(repo_path: Path):
    Workspace.open(repo_path).create("older-incident")
    app = app_for(repo_path)
    async with app.run_test() as pilot:
        await pilot.pause()
        assert isinstance(app.screen, StartScreen)
        choices = app.screen.query_one("#choices", OptionList)
        prompts = [str(choices.get_option_at_index(i).prompt) for i in range(choices.option_count)]
        assert prompts == ["Start hotfix-login-crash with the hotfix checklist",
                           "Resume older-incident"]
        choices.highlighted = 1
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        assert app.session.name == "older-incident"


def test_checkbox_widget_label_marks_required(repo_path: Path):
    from hotfix_tui.tui.widgets.item_field import ItemField

    ws = Workspace.open(repo_path)
    session = ws.create("s")
    field = ItemField(session.checklist.item("critical-business-impact"), False)
    assert isinstance(field._editor(), Checkbox)
    assert str(field._editor().label).endswith("*")


async def test_tab_into_a_filled_text_adds_after_it(repo_path: Path):
    ws = Workspace.open(repo_path, author="Dana")
    ws.set_value(ws.load_or_create("hotfix-login-crash"), "root-cause", "Stale cache key")
    app = app_for(repo_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await app.screen.show_section("critical-issue-description")
        app.screen.query_one("#item-problem-statement").focus()
        await pilot.press("tab", *" after deploy")
        assert app.screen.query_one("#item-root-cause").text == "Stale cache key after deploy"
        app.screen.query_one("#item-problem-statement").focus()
        await pilot.pause()
        await pilot.click("#item-root-cause", offset=(2, 1))  # a click still places it
        await pilot.press("X")
        text = app.screen.query_one("#item-root-cause").text
        assert "X" in text and not text.endswith("X")
