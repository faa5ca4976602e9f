"""The app's autosave, without Textual: when to save, one save at a time off the UI
thread, retry after a failure, and what was typed while a save ran kept on top of it.

A change is saved once typing pauses for `delay`, and however fast and long the typing
goes on, no later than `max_wait` after the first change not yet saved. The app drives it
from its event loop (`changed`, `check_outside`, `flush`) and shows what it reports through
the callbacks; tests drive it with asyncio alone.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from typing import TypeVar

from hotfix_tui.core.errors import HotfixError
from hotfix_tui.core.model.events import merge_events
from hotfix_tui.core.model.merge import merge_states
from hotfix_tui.core.model.session import Session
from hotfix_tui.core.sessions import Saved

T = TypeVar("T")

# Typing bursts are written once they pause this long, or this long after their first key.
DELAY = 0.1
MAX_WAIT = 0.5
# A failed save (disk full, read-only folder, a lock held too long) is tried again after this.
RETRY = 2.0
# A save in the background waits at most this long for another process's lock: it is
# retried, so a stopped process holding the lock costs a notice, never a frozen screen.
LOCK_WAIT = 1.0


class Autosave:
    """Keeps the newest session and writes it through `save` (the core's save transaction,
    run in a thread). `on_saved` gets each save's or sync's result once merged with what
    changed meanwhile; `on_failed` each failure (the changes are kept and retried)."""

    def __init__(self, session: Session, save: Callable[[Session], Saved],
                 sync: Callable[[Session], Saved], *, on_saved: Callable[[Saved], None],
                 on_failed: Callable[[HotfixError], None], delay: float = DELAY,
                 max_wait: float = MAX_WAIT, retry: float = RETRY,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.session = session
        self._save, self._sync = save, sync
        self._on_saved, self._on_failed = on_saved, on_failed
        self.delay, self.max_wait, self.retry = delay, max_wait, retry
        self._clock = clock
        self.dirty = False
        self.failing = False
        self._first_unsaved: float | None = None
        self._timer: asyncio.TimerHandle | None = None
        # Saves and syncs run one at a time: both read and write the store's memory of
        # the file.
        self._lane = asyncio.Lock()
        self._stopped = False

    # --- what the app tells it ---------------------------------------------------------

    def changed(self, session: Session) -> None:
        """A change made here: keep it, and save it soon."""
        self.session = session
        if not self.dirty:
            self.dirty = True
            self._first_unsaved = self._clock()
        self._schedule(self.delay)

    def adopt(self, session: Session) -> None:
        """A session that holds everything ours (an export's, saved already)."""
        self.session = session

    def stop(self) -> None:
        """Save no more (the branch changed under the app, or it quits)."""
        self._stopped = True
        self._cancel()

    def resume(self) -> None:
        self._stopped = False
        if self.dirty:
            self._schedule(0)

    async def flush(self) -> bool:
        """Save what is pending now and wait for it (quit, export). False when it failed:
        the changes are kept and retried."""
        self._cancel()
        async with self._lane:
            if not self.dirty:
                return True
            if self._stopped:  # paused (another branch checked out): not written now
                return False
            return await self._save_now()

    async def exclusive(self, work: Callable[[], T]) -> T:
        """Run `work` (an export, which saves too) in a thread, between saves."""
        self._cancel()
        async with self._lane:
            try:
                return await asyncio.to_thread(work)
            finally:
                if self.dirty:
                    self._schedule(self.delay)

    async def check_outside(self) -> None:
        """Take in what another process saved meanwhile, unless a save is under way (it
        takes them in anyway)."""
        if self._lane.locked() or self._stopped:
            return
        async with self._lane:
            snapshot = self.session
            try:
                result = await asyncio.to_thread(self._sync, snapshot)
            except HotfixError as exc:
                self._on_failed(exc)
                return
            finally:
                # A save that came due during the read found the lane taken: it is due now.
                if self.dirty:
                    self._schedule(self.delay)
            self._take(snapshot, result, saved=False)

    # --- saving ------------------------------------------------------------------------

    def _schedule(self, delay: float) -> None:
        if self._stopped:
            return
        first = self._first_unsaved if self._first_unsaved is not None else self._clock()
        # Never later than max_wait after the first change not yet saved.
        wait = max(0.0, min(delay, first + self.max_wait - self._clock()))
        self._cancel()
        loop = asyncio.get_running_loop()
        self._timer = loop.call_later(wait, lambda: loop.create_task(self._save_soon()))

    def _cancel(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None

    async def _save_soon(self) -> None:
        self._timer = None
        if self._lane.locked():
            return  # the running save schedules the next one when it ends
        async with self._lane:
            if self.dirty and not self._stopped:
                await self._save_now()

    async def _save_now(self) -> bool:
        snapshot = self.session
        try:
            result = await asyncio.to_thread(self._save, snapshot)
        except HotfixError as exc:
            self.failing = True
            self._on_failed(exc)
            self._schedule_retry()
            return False
        self.failing = False
        self._take(snapshot, result, saved=True)
        if self.dirty:
            self._schedule(self.delay)
        return True

    def _schedule_retry(self) -> None:
        if self._stopped:
            return
        self._cancel()
        loop = asyncio.get_running_loop()
        self._timer = loop.call_later(self.retry, lambda: loop.create_task(self._save_soon()))

    def _take(self, snapshot: Session, result: Saved, saved: bool) -> None:
        """The session as saved or read, with what changed here meanwhile on top."""
        if self.session is snapshot:
            merged = result.session
            if saved:
                self.dirty = False
                self._first_unsaved = None
        else:
            # Changed while it was saved or read: those changes stay, over what came in.
            states, _ = merge_states(snapshot.states, self.session.states, result.session.states)
            events = merge_events(self.session.events, result.session.events)
            merged = self.session._replace(states=states, events=events)
            if saved:
                self._first_unsaved = self._clock()  # the changes made during the save
        self.session = merged
        self._on_saved(Saved(merged, result.from_others))
