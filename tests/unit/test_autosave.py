"""The app's autosave driven with asyncio alone, on a real session store: the maximum
wait under endless typing, a save that came due during an outside read, and a pause
(another branch checked out) that writes nothing until it ends."""

from __future__ import annotations

import asyncio
import threading
from pathlib import Path

from hotfix_tui.core.sessions import Saved
from hotfix_tui.core.workspace import Workspace
from hotfix_tui.tui.autosave import Autosave

WAIT = 10  # bounds a hang; every wait below ends on an event


def on_disk(root: Path, item_id: str) -> object:
    session = Workspace.open(root).load("hotfix-login-crash")
    return session.value(session.checklist.item(item_id))


class Saves:
    """Counts the saves that reached the store, and lets a test wait for the next one."""

    def __init__(self, ws: Workspace) -> None:
        self.ws = ws
        self.done = asyncio.Event()
        self.count = 0
        self.loop = asyncio.get_running_loop()

    def save(self, session):
        saved = self.ws.store.save(session)
        self.count += 1
        self.loop.call_soon_threadsafe(self.done.set)
        return saved


def autosave_for(ws: Workspace, saves: Saves, sync=None, on_saved=lambda _: None,
                 **timing) -> Autosave:
    session = ws.load_or_create("hotfix-login-crash")
    return Autosave(session, saves.save, sync or ws.store.sync, on_saved=on_saved,
                    on_failed=lambda exc: None, **timing)


async def test_endless_typing_is_saved_within_the_maximum_wait(repo_path: Path):
    ws = Workspace.open(repo_path, author="Dana")
    saves = Saves(ws)
    autosave = autosave_for(ws, saves, delay=0.2, max_wait=0.3)
    text = ""
    # Keys every 50 ms, faster than the pause a save waits for: only the maximum wait saves.
    while not saves.done.is_set():
        text += "x"
        autosave.changed(ws.change(autosave.session, "root-cause", text))
        try:
            await asyncio.wait_for(saves.done.wait(), 0.05)
        except TimeoutError:
            assert len(text) < 200, "typing was never saved"
    assert on_disk(repo_path, "root-cause").startswith("x")


async def test_a_save_due_during_an_outside_read_is_made_after_it(repo_path: Path):
    ws = Workspace.open(repo_path, author="Dana")
    saves = Saves(ws)
    reading, release = threading.Event(), threading.Event()

    def slow_sync(session) -> Saved:
        reading.set()
        release.wait(WAIT)
        return ws.store.sync(session)

    autosave = autosave_for(ws, saves, sync=slow_sync, delay=0)
    outside = asyncio.create_task(autosave.check_outside())
    await asyncio.to_thread(reading.wait, WAIT)
    autosave.changed(ws.change(autosave.session, "root-cause", "typed during the read"))
    for _ in range(3):  # the due save runs, finds the read under way and stands back
        await asyncio.sleep(0)
    release.set()
    await outside
    await asyncio.wait_for(saves.done.wait(), WAIT)
    assert on_disk(repo_path, "root-cause") == "typed during the read"


async def test_a_paused_autosave_writes_nothing_until_resumed(repo_path: Path):
    ws = Workspace.open(repo_path, author="Dana")
    saves = Saves(ws)
    taken_in = asyncio.Event()  # the save's result is the autosave's: it is clean again
    autosave = autosave_for(ws, saves, on_saved=lambda _: taken_in.set(), delay=0)
    autosave.stop()
    autosave.changed(ws.change(autosave.session, "root-cause", "kept"))
    assert not await autosave.flush()
    assert saves.count == 0 and autosave.dirty
    autosave.resume()
    await asyncio.wait_for(taken_in.wait(), WAIT)
    assert on_disk(repo_path, "root-cause") == "kept" and not autosave.dirty
