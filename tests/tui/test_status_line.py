"""The line above the section keeps what fits of the session's name and count on one line
and says when it is cut: wrapped, the count fell out of sight."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Static

from hotfix_tui.core.workspace import Workspace
from tests.tui.helpers import app_for, until

LONG = "hotfix-payment-gateway-timeouts-in-the-eu-region"


async def test_a_long_session_name_is_cut_with_an_ellipsis_not_wrapped(repo_path: Path):
    Workspace.open(repo_path).create(LONG)
    app = app_for(repo_path, LONG)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        title = app.screen.query_one("#title", Static)
        await until(pilot, lambda: title.size.width > 0)
        line = title.render_lines(title.region.reset_offset)[0].text.rstrip()
        assert line.startswith("hotfix-payment-gateway") and line.endswith("…")
