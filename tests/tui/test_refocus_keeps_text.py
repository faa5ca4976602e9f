"""Coming back to a filled text field (Tab, a palette jump, undo/redo) and typing adds to
what is there: focus never selects the value for the next key to replace; a paste of
several lines into a one-line field keeps them all."""

from __future__ import annotations

from pathlib import Path

from textual.events import Paste
from textual.widgets import Input

from tests.tui.helpers import app_for, saved_value, until


async def test_tabbing_back_into_a_filled_field_appends(repo_path: Path):
    app = app_for(repo_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await app.screen.show_section("related-issues")
        await pilot.pause()
        await pilot.press(*"BUG-1", "tab", "shift+tab", *"-2")
        await until(pilot, lambda: not app.unsaved)
    assert saved_value(repo_path, "critical-bug") == "BUG-1-2"


async def test_a_jump_to_a_filled_field_appends(repo_path: Path):
    app = app_for(repo_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await app.screen.show_section("related-issues")
        await pilot.pause()
        await pilot.press(*"BUG-1")
        await app.screen.show_section("qualification")
        await app.screen.show_section("related-issues", focus_item="critical-bug")
        await pilot.pause()
        assert isinstance(app.focused, Input)
        await pilot.press(*" and more")
        await until(pilot, lambda: not app.unsaved)
    assert saved_value(repo_path, "critical-bug") == "BUG-1 and more"


async def test_typing_after_redo_keeps_the_redone_text(repo_path: Path):
    app = app_for(repo_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await app.screen.show_section("related-issues")
        await pilot.pause()
        await pilot.press(*"SUP-3")
        await until(pilot, lambda: not app.unsaved)
        await pilot.press("ctrl+z")
        await until(pilot, lambda: saved_value(repo_path, "critical-bug") == "")
        await pilot.press("ctrl+y", "x")
        await until(pilot, lambda: not app.unsaved)
    assert saved_value(repo_path, "critical-bug") == "SUP-3x"


async def test_typing_after_redo_in_a_long_text_adds_at_the_end(repo_path: Path):
    app = app_for(repo_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await app.screen.show_section("critical-issue-description", focus_item="root-cause")
        await pilot.pause()
        await pilot.press(*"stale key", "enter", *"in cache")
        await until(pilot, lambda: not app.unsaved)
        await pilot.press("ctrl+z")
        await until(pilot, lambda: saved_value(repo_path, "root-cause") == "")
        await pilot.press("ctrl+y", *" now")
        await until(pilot, lambda: not app.unsaved)
    assert saved_value(repo_path, "root-cause") == "stale key\nin cache now"


async def test_a_pasted_block_of_lines_lands_whole_in_a_one_line_field(repo_path: Path):
    app = app_for(repo_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await app.screen.show_section("related-issues")
        await pilot.pause()
        await pilot.press(*"see ")
        app.focused.post_message(Paste("BUG-1 login crash\n  for EU users\r\n\nsince 02:10"))
        await pilot.pause()
        await pilot.press(*" (paged)")
        await until(pilot, lambda: not app.unsaved)
    assert saved_value(repo_path, "critical-bug") == (
        "see BUG-1 login crash for EU users since 02:10 (paged)")
