"""The palette's way to anything: every section and subsection by its title, every item by
its label or id (the palette matches titles, so the id goes in the title), every phase
approval by its phase and role, each opened with focus on it."""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial

from textual.app import SystemCommand

from hotfix_tui.core.left import approval_section
from hotfix_tui.core.model.checklist import Section
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
        yield from _subsection_commands(section, section, screen)
    for item in checklist.items():
        label = palette_text(item.label)
        where = palette_text(checklist.section(item.section_id).title)
        yield SystemCommand(f"Item: {label} ({item.id})", f"In {where}",
                            partial(screen.show_section, item.section_id, item.id))
    for phase in checklist.phases:
        where = palette_text(checklist.section(approval_section(checklist, phase)).title)
        for role in phase.approvals:
            yield SystemCommand(f"Approval: {palette_text(phase.title)} - {palette_text(role)}",
                                f"The phase's approval, in {where}",
                                partial(screen.show_approval, approval_section(checklist, phase),
                                        phase.id, role))


def _subsection_commands(top: Section, section: Section,
                         screen: MainScreen) -> Iterator[SystemCommand]:
    for sub in section.subsections:
        items = sub.items()
        if items:
            title, where = palette_text(sub.title), palette_text(top.title)
            yield SystemCommand(f"Go to: {title}", f"In {where}",
                                partial(screen.show_section, top.id, items[0].id))
        yield from _subsection_commands(top, sub, screen)
