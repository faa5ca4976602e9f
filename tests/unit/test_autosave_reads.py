"""The autosave and the read of what others saved: a change made while the read holds the
save lane is saved once the read ends, not left waiting for the next change (a check's
run, recorded while the user is not typing, would otherwise sit unsaved)."""

from __future__ import annotations

import asyncio
import threading
from pathlib import Path

from hotfix_tui.core.sessions import Saved
from hotfix_tui.core.workspace import Workspace
from hotfix_tui.tui.autosave import Autosave


async def test_a_change_made_during_a_read_of_the_file_is_saved_when_it_ends(repo_path: Path):
    ws = Workspace.open(repo_path, "Dana")
    session = ws.create("s")
    reading, go_on = threading.Event(), threading.Event()
    loop = asyncio.get_running_loop()
    saved = asyncio.Event()

    def sync(current):
        reading.set()
        go_on.wait(30)
        return Saved(current, ())

    def save(current):
        loop.call_soon_threadsafe(saved.set)
        return Saved(current, ())

    autosave = Autosave(session, save, sync, on_saved=lambda _: None,
                        on_failed=lambda exc: None, delay=0, max_wait=0)
    read = asyncio.create_task(autosave.check_outside())
    await asyncio.to_thread(reading.wait, 30)
    autosave.changed(ws.change(session, "root-cause", "a typo in the login check"))
    while autosave._timer is not None:  # its save comes due and finds the lane taken
        await asyncio.sleep(0)
    go_on.set()
    await read
    await asyncio.wait_for(saved.wait(), 10)  # never saved: TimeoutError
