"""Building the app for a session the way the CLI and the tests do."""

from __future__ import annotations

import gc
import sys
from collections.abc import Callable
from datetime import datetime

from hotfix_tui.core.workspace import Workspace, now
from hotfix_tui.tui.app import HotfixApp
from hotfix_tui.tui.screens.start import StartChoice


def make_app(workspace: Workspace, session_name: str | None = None,
             checklist: str | None = None, clock: Callable[[], datetime] = now) -> HotfixApp:
    """The app for a session: resumed if it exists, else started (with `checklist`, else
    the repo's default); when the user has a real choice (other sessions or several
    checklists) a start screen asks first, the repo's default checklist highlighted."""
    name = workspace.session_name(session_name)
    if workspace.exists(name):
        return HotfixApp(workspace, workspace.load(name), new_session=name, choices=[],
                         resumed=True, clock=clock)
    others = workspace.session_names()
    checklists = workspace.checklists()
    if session_name or (not others and len(checklists) <= 1) or checklist is not None:
        return HotfixApp(workspace, workspace.create(name, checklist, from_git=False),
                         new_session=name, choices=[], clock=clock)
    preferred = workspace.default_checklist()
    refs = [preferred, *(ref for ref in checklists if ref != preferred)]
    choices = [StartChoice("start", ref, f"Start {name} with the {ref} checklist") for ref in refs]
    choices += [StartChoice("resume", other, f"Resume {other}") for other in others]
    return HotfixApp(workspace, None, new_session=name, choices=choices, clock=clock)


def run(workspace: Workspace, session_name: str | None = None,
        checklist: str | None = None) -> int:
    app = make_app(workspace, session_name, checklist)
    # What is loaded by now (modules, the checklist) lives as long as the app: left to the
    # collector, every full pass walks it all again, a pause felt mid-typing. The CLI
    # starts with the collector off (cli/__init__.py); the app turns it on once its first
    # screen is painted.
    gc.freeze()
    app.run()
    if app.saved_before_crash is not None:
        kept = ("what was typed was saved first" if app.saved_before_crash
                else "what was typed since the last save could not be saved")
        print(f"hotfix: the app stopped on an unexpected error (above); {kept}", file=sys.stderr)
    return app.return_code or 0
