"""Keys go where the user aimed them, however fast they come.

Textual hands each key to the focused widget's queue as soon as it arrives: keys sent in
one burst (a paste of "text, Tab, text", typing ahead on a slow machine) all land in the
widget that had focus when the burst began, since the Tab that moves focus is acted on
only when it has bubbled back up to the app. And a priority key (quit) is acted on before
the characters queued ahead of it reach their field.

So the app lets one key out at a time: it forwards a key, then sends a marker along the
same way the key travels (the widget's queue, then each parent's, then the app's); when
the marker arrives, the key has been handled, focus has moved if it was to, and the next
key goes to whatever has focus then. A key the app acts on itself (a priority binding:
next section, quit) is followed by a marker through the app's own queue, behind the focus
change the action asked for (Textual moves focus through that queue).
"""

from __future__ import annotations

from collections import deque

from textual import events
from textual.message import Message
from textual.timer import Timer

from hotfix_tui.tui.safe_app import SafeApp

# A marker that never comes back (its widget removed meanwhile) holds keys no longer.
MARKER_TIMEOUT = 0.5


class KeyHandled(Message):
    """The marker that follows a forwarded key up to the app."""


class OrderedKeys(SafeApp):
    """An app that applies the keys of a burst in order, each to the widget focused when
    it is its turn."""

    def __init__(self) -> None:
        super().__init__()
        self._keys: deque[events.Key | events.Paste] = deque()
        self._key_in_flight = False
        self._marker_timer: Timer | None = None
        self._held = False

    def hold_keys(self) -> None:
        """Keep the keys that arrive from now on until `release_keys` (the first screen is
        not ready for them yet)."""
        self._held = True

    async def release_keys(self) -> None:
        self._held = False
        await self._next_key()

    @property
    def keys_pending(self) -> bool:
        """Keys received and not handled yet."""
        return self._key_in_flight or bool(self._keys)

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.Key | events.Paste) and not event.is_forwarded:
            self._keys.append(event)
            await self._next_key()
            return
        await super().on_event(event)

    async def _next_key(self) -> None:
        while self._keys and not self._key_in_flight and not self._held:
            event = self._keys.popleft()
            target = self.focused or self.screen
            await super().on_event(event)  # a priority binding is acted on here, at once
            self._key_in_flight = True
            (target if event.is_forwarded else self).post_message(KeyHandled())
            self._marker_timer = self.set_timer(MARKER_TIMEOUT, self._key_handled)

    async def on_key_handled(self, message: KeyHandled) -> None:
        message.stop()
        await self._key_handled()

    async def _key_handled(self) -> None:
        if self._marker_timer is not None:
            self._marker_timer.stop()
            self._marker_timer = None
        self._key_in_flight = False
        await self._next_key()
