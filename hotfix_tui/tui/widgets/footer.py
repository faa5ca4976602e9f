"""The key hints at the bottom of every screen."""

from __future__ import annotations

from textual import events
from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

# What the footer shows: each key's binding (key, text, action), whether it is enabled and
# its tooltip.
Shown = tuple[tuple[object, ...], ...]
# Below this width the footer is compact and keeps the most used keys (`?` lists the
# rest); below TIGHT the palette's key goes without its word.
NARROW = 100
TIGHT = 70


class KeyFooter(Footer):
    """Textual's footer, rebuilt only when the keys it shows change. Textual rebuilds all
    its keys on every change of focus (each Tab, each section switch), though moving from
    field to field seldom changes what they show."""

    def __init__(self, wide_only: frozenset[str] = frozenset()) -> None:
        super().__init__()
        self._built_for: Shown | None = None
        # The actions whose hint a narrow pane leaves out.
        self.wide_only = wide_only

    def compose(self) -> ComposeResult:
        for widget in super().compose():
            if isinstance(widget, FooterKey):
                if widget.action in self.wide_only:
                    widget.add_class("-wide-only")
                if widget.has_class("-command-palette") and self.has_class("-tight"):
                    widget.description = ""
            yield widget

    def on_resize(self, event: events.Resize) -> None:
        narrow, tight = event.size.width < NARROW, event.size.width < TIGHT
        self.compact = narrow
        self.set_class(narrow, "-narrow")
        if tight != self.has_class("-tight"):
            self.set_class(tight, "-tight")
            self.refresh(recompose=True)

    def bindings_changed(self, screen: Screen[object]) -> None:
        shown = tuple((binding, enabled, tooltip)
                      for _, binding, enabled, tooltip in screen.active_bindings.values()
                      if binding.show)
        if shown == self._built_for:
            return
        super().bindings_changed(screen)
        if screen.app.app_focus and self.is_attached and screen is self.screen:
            self._built_for = shown  # a rebuild is on its way
