"""The list of sections with done/total and a mark when complete."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from textual.content import Content
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from hotfix_tui.core.model.checklist import Section
from hotfix_tui.core.model.session import Progress, Session
from hotfix_tui.core.safety.terminal import shown

# Characters for a title and its count, so every section stays on one line of the sidebar.
PROMPT_WIDTH = 25


def section_prompt(section: Section, progress: Progress) -> Content:
    count = f"{progress.done}/{progress.total}"
    room = PROMPT_WIDTH - len(count) - 1
    title = shown(section.title)
    title = title if len(title) <= room else title[: room - 1] + "…"
    # The title goes in as a template variable: plain text, never read as markup.
    template = "[$success]✓[/] $title [dim]$count[/]" if progress.complete else "  $title [dim]$count[/]"
    return Content.from_markup(template, title=f"{title:<{room}}", count=count)


class Sidebar(OptionList):
    def __init__(self, session: Session, counts: Mapping[str, Progress]) -> None:
        self.session = session
        self.prompts = {s.id: section_prompt(s, counts[s.id]) for s in session.checklist.sections}
        super().__init__(*(Option(prompt, id=i) for i, prompt in self.prompts.items()),
                         id="sidebar")
        self.border_title = "Sections"

    def show_progress(self, session: Session, counts: Mapping[str, Progress],
                      sections: Iterable[str]) -> None:
        """Show new `counts` of the `sections` that changed. On a long checklist, replacing
        every prompt (which makes the list measure all its options again) is felt on each
        key press: only new prompts are set."""
        self.session = session
        for section_id in sections:
            prompt = section_prompt(session.checklist.section(section_id), counts[section_id])
            if prompt != self.prompts[section_id]:
                self.prompts[section_id] = prompt
                self.replace_option_prompt(section_id, prompt)

    def select_section(self, section_id: str) -> None:
        self.highlighted = self.get_option_index(section_id)
