"""The autosave keeps a change made while another process's save is being read in."""

from __future__ import annotations

import asyncio
import threading
from datetime import UTC, datetime

from hotfix_tui.core.definition.loader import load_checklist
from hotfix_tui.core.model.session import Session
from hotfix_tui.core.sessions import Saved
from hotfix_tui.tui.autosave import Autosave
from tests.conftest import HOTFIX_CHECKLIST

T0 = datetime(2026, 11, 23, 14, 0, tzinfo=UTC)


async def test_a_change_due_for_saving_during_a_sync_is_saved_after_it():
    session = Session(name="s", checklist=load_checklist(HOTFIX_CHECKLIST), created_at=T0,
                      created_by="Dana")
    syncing, release = threading.Event(), threading.Event()
    saved: list[Session] = []
    done = asyncio.Event()

    def sync(current: Session) -> Saved:
        syncing.set()
        release.wait(10)
        return Saved(current, ())

    def save(current: Session) -> Saved:
        saved.append(current)
        return Saved(current, ())

    autosave = Autosave(session, save, sync, on_saved=lambda result: done.set() if saved else None,
                        on_failed=lambda exc: None, delay=0.0, max_wait=0.0)
    outside = asyncio.create_task(autosave.check_outside())
    await asyncio.to_thread(syncing.wait, 10)
    changed = session.with_value("root-cause", "stale key", at=T0, by="Dana")
    autosave.changed(changed)  # its save comes due while the sync holds the lane
    await asyncio.sleep(0)  # the timer (no delay) fires and finds the lane taken
    await asyncio.sleep(0)
    release.set()
    await outside
    await asyncio.wait_for(done.wait(), 10)
    assert not autosave.dirty
    assert saved[-1].value(saved[-1].checklist.item("root-cause")) == "stale key"
