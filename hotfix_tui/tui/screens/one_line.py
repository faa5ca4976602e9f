"""A modal that asks one short question and takes a one-line answer: Enter gives the
answer (once it is valid), Esc gives None. The N/A reason and who gave an approval."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static

from hotfix_tui.tui.text import plain


class OneLineQuestion(ModalScreen[str | None]):
    CSS_PATH = "one_line.tcss"
    # What each question sets: the dialog's title, its colour and the ids tests and help use.
    TITLE_TEXT = ""
    KIND = ""
    PLACEHOLDER = ""
    HINT = ""
    MAX_LENGTH = 0
    ANSWER_ID = ""

    def __init__(self, question: str, answer: str = "") -> None:
        super().__init__()
        self.question = question
        self.answer = answer

    def compose(self) -> ComposeResult:
        with Vertical(classes=f"one-line-dialog -{self.KIND}", id=f"{self.KIND}-dialog") as box:
            box.border_title = self.TITLE_TEXT
            yield Label(plain(self.question), id=f"{self.KIND}-label", classes="question")
            yield Input(self.answer, placeholder=self.PLACEHOLDER, max_length=self.MAX_LENGTH,
                        id=self.ANSWER_ID)
            yield Static("", id=f"{self.KIND}-error", classes="error")
            yield Static(self.HINT, classes="hint")

    def problem(self, answer: str) -> str | None:
        """Why `answer` cannot be taken, or None."""
        raise NotImplementedError

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        answer = " ".join(event.value.split())
        problem = self.problem(answer)
        if problem is not None:
            self.query_one(f"#{self.KIND}-error", Static).update(problem)
            return
        self.dismiss(answer)

    def action_cancel(self) -> None:
        self.dismiss(None)
