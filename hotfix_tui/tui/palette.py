"""The palette's way to anything: every section by its title, every item by its label or
id (the palette matches titles, so the id goes in the title), each opened with focus on it."""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial

from textual.app import SystemCommand

from hotfix_tui.core.model.session import Session
from hotfix_tui.tui.screens.main import MainScreen
from hotfix_tui.tui.text import palette_text


def go_to_commands(session: Session, screen: MainScreen) -> Iterator[SystemCommand]:
    checklist = session.checklist
    for section in checklist.sections:
        # The palette reads titles as markup: a section's title is escaped for it.
        title = palette_text(section.title)
        yield SystemCommand(f"Go to: {title}", f"Show the {title} section",
                            partial(screen.show_section, section.id))
    for item in checklist.items():
        label = palette_text(item.label)
        where = palette_text(checklist.section(item.section_id).title)
        yield SystemCommand(f"Item: {label} ({item.id})", f"In {where}",
                            partial(screen.show_section, item.section_id, item.id))
