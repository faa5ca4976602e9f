"""A notice shows once on screen, also while a dialog is open over the checklist."""

from __future__ import annotations

from pathlib import Path

from textual.widgets._toast import Toast, ToastRack

from hotfix_tui.tui.screens.main import MainScreen
from hotfix_tui.tui.screens.reason import ReasonScreen
from tests.tui.helpers import app_for, until


def toasts_in_sight(app) -> int:
    return sum(len(rack.query(Toast)) for screen in app.screen_stack
               for rack in screen.query_children(ToastRack) if rack.display)


async def test_a_notice_is_not_shown_twice_around_a_dialog(repo_path: Path):
    app = app_for(repo_path)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await pilot.pause()
        app.notify("Deployed to 10%")
        await until(pilot, lambda: toasts_in_sight(app) == 1)
        await pilot.press("n")  # N/A on the focused box: a dialog over the checklist
        await until(pilot, lambda: isinstance(app.screen, ReasonScreen)
                    and len(app.screen.query(Toast)) == 1)
        await pilot.pause()
        assert toasts_in_sight(app) == 1
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, MainScreen))
        await until(pilot, lambda: toasts_in_sight(app) == 1)
