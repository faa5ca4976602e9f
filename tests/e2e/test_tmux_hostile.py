"""A session whose committed files carry terminal escapes (OSC 52 clipboard, OSC 0/2
title) and Textual markup, opened in a real terminal (tmux, which records both): the CLI
and the app change neither the title nor the clipboard, and the app does not crash."""

from __future__ import annotations

import shlex
import sys
from pathlib import Path

import pytest

from tests.hostile import CLIPBOARD, SESSION, TITLE, hostile_repo
from tests.terminal import HOTFIX, Terminal, needs_tmux

pytestmark = [pytest.mark.e2e, needs_tmux]


class Recording(Terminal):
    """A terminal that takes OSC 52 into its paste buffers, as a user's terminal takes it
    into the clipboard; a program's exit status is shown after it."""

    def run(self, script: str, cwd: Path) -> None:
        command = f"sh -c {shlex.quote(script + '; echo exit=$?; sleep 60')}"
        self.tmux("start-server", ";", "set-option", "-g", "set-clipboard", "on", ";",
                  "new-session", "-d", "-s", "t", "-x", "100", "-y", "30", "-c", str(cwd),
                  command)

    def title(self) -> str:
        return self.tmux("display-message", "-t", "t", "-p", "#{pane_title}").strip()

    def buffers(self) -> str:
        return self.tmux("list-buffers")


@pytest.fixture
def terminal():
    term = Recording()
    yield term
    term.close()


def test_the_terminal_records_what_the_attack_sends(terminal: Recording, tmp_path: Path):
    # The check below can fail: raw, the escapes do set the clipboard and the title.
    terminal.run(f"printf {shlex.quote(CLIPBOARD + TITLE)}", tmp_path)
    terminal.wait_for_text("exit=0")
    assert "rm -rf ~" in terminal.buffers() and terminal.title() == "PWNED"


def test_commands_on_a_hostile_session_leave_title_and_clipboard_alone(terminal: Recording,
                                                                       repo_path: Path):
    hostile_repo(repo_path)
    commands = [f"{HOTFIX} {args} --session {SESSION}" for args in (
        "status", "log", "status --json", "log --json", "sessions", "checklists",
        "export --draft --timeline --pr-body -")]
    terminal.run(" && ".join(commands), repo_path)
    terminal.wait_for_text("exit=0")
    assert terminal.buffers() == "" and "PWNED" not in terminal.title()


def test_the_app_on_a_hostile_session_leaves_title_and_clipboard_alone(terminal: Recording,
                                                                      repo_path: Path):
    hostile_repo(repo_path)
    terminal.run(f"{HOTFIX} --session {SESSION}", repo_path)
    # The notice goes over the section list, 30 columns wide: its lines wrap there.
    terminal.wait_for_text("github-actions[bot] holds")
    terminal.wait_for_text("see [/x] logs")
    terminal.wait_for_text("[@click=app.quit]quit[/]")
    terminal.send("C-r")  # the review: the PR body with every value in it
    terminal.wait_for_text("PR body preview")
    terminal.send("Escape")
    terminal.wait_for(lambda: "PR body preview" not in terminal.screen(), "the review to close")
    terminal.send("C-p")
    terminal.wait_for_text("Search for commands")
    terminal.type("Go to: First")
    terminal.wait_for_text("Show the First")
    terminal.send("Escape")
    terminal.send("C-q")
    terminal.wait_for_text("exit=0")
    assert terminal.buffers() == "" and "PWNED" not in terminal.title()
    assert "Traceback" not in terminal.screen()


def test_a_crash_in_the_app_saves_first_and_exits_1(terminal: Recording, repo_path: Path):
    # A bug nothing catches, planted where the first screen is painted.
    script = ("import sys; from hotfix_tui.tui.app import HotfixApp; "
              "HotfixApp._after_first_paint = lambda *a: 1 / 0; "
              "from hotfix_tui.cli import main; sys.exit(main([]))")
    terminal.run(f"{shlex.quote(sys.executable)} -c {shlex.quote(script)}", repo_path)
    terminal.wait_for_text("exit=1")
    assert "the app stopped on an unexpected error" in terminal.screen()
    assert "what was typed was saved first" in terminal.screen()
