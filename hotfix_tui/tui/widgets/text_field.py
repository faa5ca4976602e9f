"""The editors of longer texts and lists: TextAreas, in a module of their own so the app
loads TextArea (a large module) only when a section shows one."""

from __future__ import annotations

from textual.widgets import TextArea

from hotfix_tui.core.model.checklist import Value


class TextField(TextArea):
    """A longer text: focus arriving from the keyboard puts the cursor after the text, so
    Tab into a filled field adds to it, as in any form (a click still places it)."""

    def on_focus(self) -> None:
        self.move_cursor(self.document.end)

    def current_value(self) -> Value:
        return self.text

    def put_value(self, value: Value) -> None:
        self.text = str(value)
        self.move_cursor(self.document.end)  # keys typed next (after an undo) add to it


class ListEditor(TextField):
    """A list item's entries, one per line."""

    def entries(self) -> tuple[str, ...]:
        return tuple(line.strip() for line in self.text.splitlines() if line.strip())

    def current_value(self) -> Value:
        return self.entries()

    def put_value(self, value: Value) -> None:
        self.text = "\n".join(value) if isinstance(value, tuple) else ""
        self.move_cursor(self.document.end)
