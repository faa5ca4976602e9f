"""The key hints at the bottom of every screen."""

from __future__ import annotations

from textual.screen import Screen
from textual.widgets import Footer

# What the footer shows: each key's binding (key, text, action), whether it is enabled and
# its tooltip.
Shown = tuple[tuple[object, ...], ...]


class KeyFooter(Footer):
    """Textual's footer, rebuilt only when the keys it shows change. Textual rebuilds all
    its keys on every change of focus (each Tab, each section switch), though moving from
    field to field seldom changes what they show."""

    def __init__(self) -> None:
        super().__init__()
        self._built_for: Shown | None = None

    def bindings_changed(self, screen: Screen[object]) -> None:
        shown = tuple((binding, enabled, tooltip)
                      for _, binding, enabled, tooltip in screen.active_bindings.values()
                      if binding.show)
        if shown == self._built_for:
            return
        super().bindings_changed(screen)
        if screen.app.app_focus and self.is_attached and screen is self.screen:
            self._built_for = shown  # a rebuild is on its way
