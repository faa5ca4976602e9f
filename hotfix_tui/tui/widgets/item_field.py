"""One checklist item with the editor that fits its kind."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import events, on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.widget import Widget
from textual.widgets import Checkbox, Input, Label, RadioButton, RadioSet, Static

from hotfix_tui.core.model.checklist import Item, Value
from hotfix_tui.core.safety.terminal import shown
from hotfix_tui.tui.messages import ItemChanged
from hotfix_tui.tui.text import plain
from hotfix_tui.tui.widgets.check_panel import CheckPanel
from hotfix_tui.tui.widgets.marks import MarkedBox, MarkedOption

if TYPE_CHECKING:
    from textual.widgets import TextArea

# The kinds edited in a TextArea (widgets/text_field.py, loaded with the first of them).
TEXT_AREA_KINDS = ("longtext", "list")


def editor_id(item_id: str) -> str:
    return f"item-{item_id}"


class LineField(Input):
    """A one-line text: focus keeps the value unselected (the next key must not replace
    it), and a pasted block of lines comes in whole, its lines joined by spaces (Textual
    keeps only the first line, losing the rest of a paste from a chat without a word)."""

    def __init__(self, value: str, placeholder: str, id: str) -> None:
        super().__init__(value, placeholder=placeholder, id=id, select_on_focus=False)

    def _on_paste(self, event: events.Paste) -> None:
        event.prevent_default()
        event.stop()
        text = " ".join(line.strip() for line in event.text.splitlines() if line.strip())
        if not text:
            return
        if self.selection.is_empty:
            self.insert_text_at_cursor(text)
        else:
            self.replace(text, *self.selection)


class ItemField(Vertical):
    """Label, help and editor of one item; reports edits as `ItemChanged`."""

    def __init__(self, item: Item, value: Value) -> None:
        super().__init__(classes=f"item-field kind-{item.kind}")
        self.item = item
        self._value = value
        # What the record adds to a box (its N/A reason, who approved) or a time field (the
        # time it gives), as last shown: redrawn only when it changes.
        self._record: tuple[str | None, str | None] = (None, None)
        self._computed = ""
        # How many changes this field reported: the app can tell one still on its way.
        self.reported = 0

    def compose(self) -> ComposeResult:
        item = self.item
        if item.kind != "check":
            marker = Content.from_markup(" [b $error]*[/]") if item.required else Content()
            yield Label(plain(item.label) + marker, classes="item-label")
        yield self._editor()
        if item.description:
            yield Static(plain(item.description), classes="item-description")
        if item.help:
            yield Static(plain(item.help), classes="item-help")
        if item.has_check:
            yield CheckPanel(item)

    def _editor(self) -> Widget:
        item, value, ident = self.item, self._value, editor_id(self.item.id)
        if item.kind == "check":
            return MarkedBox(self._box_label(), value is True, id=ident)
        if item.kind == "choice":
            return RadioSet(
                *(MarkedOption(plain(item.option_label(i)), value=option == value)
                  for i, option in enumerate(item.options)),
                id=ident,
            )
        if item.kind == "longtext":
            from hotfix_tui.tui.widgets.text_field import TextField

            return TextField(str(value), id=ident, soft_wrap=True, classes="longtext")
        if item.kind == "list":
            from hotfix_tui.tui.widgets.text_field import ListEditor

            entries = "\n".join(value) if isinstance(value, tuple) else ""
            return ListEditor(entries, id=ident, soft_wrap=True, classes="list-editor")
        return LineField(str(value), shown(item.placeholder or item.label), ident)

    def _box_label(self, na: str | None = None, approved: str | None = None) -> Content:
        label = plain(f"{self.item.label} *" if self.item.required else self.item.label)
        if na is not None:
            return label.stylize("strike") + plain(f"  N/A: {na}").stylize("italic")
        if approved is not None:
            return label + plain(f"  approved by {approved}").stylize("dim")
        return label

    def show_record(self, na: str | None, approved: str | None) -> None:
        """Next to a box: struck through with the reason when not applicable, or who
        approved it and when."""
        if (na, approved) == self._record or self.item.kind != "check":
            return
        self._record = (na, approved)
        self.set_class(na is not None, "-na")
        editor = self.editor
        if isinstance(editor, MarkedBox):
            editor.label = self._box_label(na, approved)
            editor.show_marks(na=na is not None)

    def show_stale(self, stale: bool, tip: str) -> None:
        """Mark a tick made before the newest commit: it needs checking again."""
        self.set_class(stale, "stale")
        self.tooltip = tip if stale else None
        editor = self.editor
        if isinstance(editor, MarkedBox):
            editor.show_marks(stale=stale)

    def show_computed(self, text: str) -> None:
        """A time the record gives a field nobody typed in, shown where it goes."""
        if text == self._computed:
            return
        self._computed = text
        editor = self.editor
        if isinstance(editor, Input):
            default = self.item.placeholder or self.item.label
            editor.placeholder = shown(f"{text} (from the record; typing replaces it)" if text
                                       else default)
            # A narrow field cuts the placeholder: the whole of it on hover.
            editor.tooltip = plain(editor.placeholder) if text else None

    @property
    def editor(self) -> Widget:
        return self.query_one(f"#{editor_id(self.item.id)}")

    def _report(self, value: Value) -> None:
        if value != self._value:
            self._value = value
            self.reported += 1
            self.post_message(ItemChanged(self.item.id, value, self.reported))

    @on(Input.Changed)
    def _input_changed(self, event: Input.Changed) -> None:
        event.stop()
        self._report(event.value)

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        from hotfix_tui.tui.widgets.text_field import TextField

        event.stop()
        area = event.text_area
        self._report(area.current_value() if isinstance(area, TextField) else area.text)

    @on(Checkbox.Changed)
    def _checkbox_changed(self, event: Checkbox.Changed) -> None:
        event.stop()
        self._report(event.value)

    @on(RadioSet.Changed)
    def _choice_changed(self, event: RadioSet.Changed) -> None:
        event.stop()
        self._report(self.item.options[event.index])

    def current(self) -> Value:
        """What the editor holds now, reported or not."""
        editor = self.editor
        if isinstance(editor, Checkbox):
            return editor.value
        if isinstance(editor, RadioSet):
            index = editor.pressed_index
            return self.item.options[index] if index >= 0 else ""
        if isinstance(editor, Input):
            return editor.value
        if self.item.kind in TEXT_AREA_KINDS:
            from hotfix_tui.tui.widgets.text_field import TextField

            if isinstance(editor, TextField):
                return editor.current_value()
        return self._value

    def unreported(self, arrived: int) -> Value | None:
        """The value the app has not had yet, given how many of this field's changes
        `arrived`: keys handled whose change is still a message on its way, or not even
        reported (None: the app has it all)."""
        current = self.current()
        if current != self._value:
            self._report(current)
        return self._value if self.reported > arrived else None

    def show_value(self, value: Value) -> None:
        """Show a value that changed elsewhere (another editor, a refresh from git); never
        into an editor being typed in, whose keys would be lost."""
        if value == self._value or self.editor.has_focus or self.current() != self._value:
            return
        self.set_value(value)

    def set_value(self, value: Value) -> None:
        """Put a value in the editor without reporting it (this app made the change: an
        N/A ticks the box, an undo puts the value back)."""
        self._value = value
        editor = self.editor
        if self.item.kind in TEXT_AREA_KINDS:
            from hotfix_tui.tui.widgets.text_field import TextField

            if isinstance(editor, TextField):
                with editor.prevent(TextField.Changed):
                    editor.put_value(value)
                return
        with editor.prevent(Input.Changed, Checkbox.Changed, RadioSet.Changed):
            if isinstance(editor, Checkbox):
                editor.value = value is True
            elif isinstance(editor, RadioSet):
                for option, button in zip(self.item.options, editor.query(RadioButton),
                                          strict=True):
                    button.value = option == value
            elif isinstance(editor, Input):
                # The cursor after the text, so keys typed next (after an undo) add to it.
                editor.value = str(value)
                editor.cursor_position = len(editor.value)
