"""Notices that update instead of stacking: one per concern (the save failing, the session
file unreadable, the branch changed), replaced when it is said again."""

from __future__ import annotations

from typing import Any, Literal

from textual.app import App
from textual.notifications import Notification, Notify

Severity = Literal["information", "warning", "error"]


class Notices:
    def __init__(self, app: App[Any]) -> None:
        self.app = app
        self._shown: dict[str, Notification] = {}

    def show(self, key: str, message: str, *, title: str = "",
             severity: Severity = "information", timeout: float = 10) -> None:
        """Show `message` as the one notice for `key` (text, never markup)."""
        self.clear(key)
        notification = Notification(message, title, severity, timeout, markup=False)
        self._shown[key] = notification
        self.app.post_message(Notify(notification))

    def clear(self, key: str) -> None:
        old = self._shown.pop(key, None)
        if old is not None and old in self.app._notifications:
            self.app._unnotify(old)

    def showing(self, key: str) -> bool:
        old = self._shown.get(key)
        return old is not None and old in self.app._notifications
