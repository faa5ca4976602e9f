"""The list of sections with done/total and a mark when complete."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from hotfix_tui.core.model.checklist import Section
from hotfix_tui.core.model.session import Session
from hotfix_tui.core.safety.terminal import shown

# Characters for a title and its count, so every section stays on one line of the sidebar.
PROMPT_WIDTH = 25


def section_prompt(section: Section, session: Session) -> Content:
    progress = session.progress(section)
    count = f"{progress.done}/{progress.total}"
    room = PROMPT_WIDTH - len(count) - 1
    title = shown(section.title)
    title = title if len(title) <= room else title[: room - 1] + "…"
    # The title goes in as a template variable: plain text, never read as markup.
    template = "[$success]✓[/] $title [dim]$count[/]" if progress.complete else "  $title [dim]$count[/]"
    return Content.from_markup(template, title=f"{title:<{room}}", count=count)


class Sidebar(OptionList):
    def __init__(self, session: Session) -> None:
        self.session = session
        self.prompts = {s.id: section_prompt(s, session) for s in session.checklist.sections}
        super().__init__(*(Option(prompt, id=i) for i, prompt in self.prompts.items()),
                         id="sidebar")
        self.border_title = "Sections"

    def show_progress(self, session: Session) -> None:
        # On a long checklist, counting every section and replacing every prompt (which
        # makes the list measure all its options again) is felt on each key press: only
        # the sections of items whose state changed are counted, and only new prompts set.
        before, after = self.session.states, session.states
        changed = {key for key in before.keys() | after.keys() if before.get(key) is not after.get(key)}
        self.session = session
        checklist = session.checklist
        sections = {checklist.item(key).section_id for key in changed if checklist.has_item(key)}
        # The incident clock's times come from the whole record: their sections always count.
        sections |= {item.section_id for item in checklist.clock_items()}
        for section_id in sections:
            prompt = section_prompt(checklist.section(section_id), session)
            if prompt != self.prompts[section_id]:
                self.prompts[section_id] = prompt
                self.replace_option_prompt(section_id, prompt)

    def select_section(self, section_id: str) -> None:
        self.highlighted = self.get_option_index(section_id)
