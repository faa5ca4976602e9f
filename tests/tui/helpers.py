"""Building the app for tests the way the CLI does, on a real temporary git repo."""

from __future__ import annotations

import time
from datetime import UTC, datetime
from pathlib import Path

from textual.pilot import Pilot

from hotfix_tui.core.workspace import Workspace
from hotfix_tui.tui.app import HotfixApp
from hotfix_tui.tui.launch import make_app

FIXED_NOW = datetime(2026, 11, 23, 14, 30, tzinfo=UTC)


def app_for(repo: Path, session: str | None = None, checklist: str | None = None) -> HotfixApp:
    return make_app(Workspace.open(repo), session, checklist, clock=lambda: FIXED_NOW)


async def until(pilot: Pilot[None], condition, attempts: int = 100) -> None:
    """Let the app process events until `condition()` holds. The bound (`attempts` pauses,
    and at least 15 s, for a busy machine) only turns a hang into a clear failure."""
    deadline = time.monotonic() + max(15.0, attempts * 0.02)
    while time.monotonic() < deadline:
        if condition():
            return
        await pilot.pause(0.02)
    raise AssertionError("condition never became true")


def saved_value(repo: Path, item_id: str, session: str = "hotfix-login-crash"):
    ws = Workspace.open(repo)
    loaded = ws.load(session)
    return loaded.value(loaded.checklist.item(item_id))
