"""The key hints: rebuilt when the keys they show change, and only then."""

from __future__ import annotations

from pathlib import Path

from textual.widgets._footer import FooterKey

from tests.tui.helpers import app_for, until


def keys(app) -> dict[str, FooterKey]:
    return {key.action: key for key in app.screen.query(FooterKey)}


async def test_footer_keys_follow_focus_and_are_kept_when_nothing_changes(repo_path: Path):
    app = app_for(repo_path)
    async with app.run_test(size=(120, 40)) as pilot:
        assert app.focused.id == "item-critical-business-impact"
        # A checkbox: N/A applies. (The footer is first built while the sidebar has focus.)
        await until(pilot, lambda: "mark_na" in keys(app) and not keys(app)["mark_na"].has_class("-disabled"))
        await pilot.pause()
        before = keys(app)
        await pilot.press("tab")  # the next checkbox: the same keys
        await pilot.pause()
        assert app.focused.id == "item-production-system-affected"
        assert keys(app) == before  # the very same widgets: the footer was not rebuilt
        for _ in range(3):  # on to the priority level, a choice: N/A does not apply
            await pilot.press("tab")
        assert app.focused.id == "item-priority-level"
        await until(pilot, lambda: keys(app)["mark_na"].has_class("-disabled"))
        await pilot.press("shift+tab")
        await until(pilot, lambda: not keys(app)["mark_na"].has_class("-disabled"))
