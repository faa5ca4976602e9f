"""Notices that update instead of stacking: one per concern (the save failing, the session
file unreadable, the branch changed), replaced when it is said again; and never over the
field being typed in."""

from __future__ import annotations

from functools import partial
from typing import Any, Literal

from textual.app import App
from textual.containers import ScrollableContainer
from textual.notifications import Notification
from textual.timer import Timer

Severity = Literal["information", "warning", "error"]
# How soon after notices change to look where they landed (they are mounted, then laid
# out, some frames later), and how many times.
PLACED = 0.05
TRIES = 10


class Notices:
    def __init__(self, app: App[Any]) -> None:
        self.app = app
        self._shown: dict[str, Notification] = {}
        self._placing: Timer | None = None

    def show(self, key: str, message: str, *, title: str = "",
             severity: Severity = "information", timeout: float = 10) -> None:
        """Show `message` as the one notice for `key` (text, never markup)."""
        self.clear(key)
        notification = Notification(message, title, severity, timeout, markup=False)
        self._shown[key] = notification
        # Shown now, as Textual shows a posted one: a notice said twice in a row replaces
        # the first, which a posted message would only show later, beside it.
        self.app._notifications.add(notification)
        self.app._refresh_notifications()

    def clear(self, key: str) -> None:
        old = self._shown.pop(key, None)
        if old is not None and old in self.app._notifications:
            self.app._unnotify(old)

    def showing(self, key: str) -> bool:
        old = self._shown.get(key)
        return old is not None and old in self.app._notifications

    def keep_focus_clear(self) -> None:
        """The notices changed: once they are on screen, scroll the focused field out from
        under them (beside the sections they go over the section list, app.tcss; in a
        narrow pane they would cover the form)."""
        if self._placing is not None:
            self._placing.stop()
        self._placing = self.app.set_timer(PLACED, partial(self._clear_focus, TRIES))

    def _clear_focus(self, tries: int) -> None:
        from textual.widgets._toast import Toast

        self._placing = None
        if not self.app.screen_stack:
            return  # the app is closing
        focused, screen = self.app.focused, self.app.screen
        if focused is None:
            return
        covered = [toast.region for toast in screen.query(Toast)]
        if (len(covered) < len(self.app._notifications) or not all(covered)) and tries:
            self._placing = self.app.set_timer(PLACED, partial(self._clear_focus, tries - 1))
            return
        if any(region.overlaps(focused.region) for region in covered):
            view = next((w for w in focused.ancestors if isinstance(w, ScrollableContainer)),
                        None)
            if view is not None:
                top = min(region.y for region in covered)
                view.scroll_relative(y=focused.region.bottom - top, animate=False)
