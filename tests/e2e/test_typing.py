"""Typing at any speed in a real terminal: saved while it goes on, and keys sent in one
burst land each in the field they were aimed at."""

from __future__ import annotations

import os
import signal
import time
import tomllib
from pathlib import Path

import pytest

from tests.e2e.test_tmux import jump
from tests.terminal import HOTFIX, Terminal, needs_tmux

pytestmark = [pytest.mark.e2e, needs_tmux]

SESSION_FILE = Path(".hotfix") / "hotfix-login-crash.toml"


@pytest.fixture
def terminal():
    term = Terminal()
    yield term
    term.close()


def saved(repo: Path, item_id: str) -> object:
    """The item's value in the session file as it is on disk now ('' before the first save)."""
    try:
        data = tomllib.loads((repo / SESSION_FILE).read_text())
    except (FileNotFoundError, tomllib.TOMLDecodeError):
        return ""
    return data["items"].get(item_id, {}).get("value", "")


def test_typing_that_never_pauses_is_saved_up_to_a_second_before_a_kill(terminal, repo_path):
    terminal.start(str(HOTFIX), repo_path)
    terminal.wait_for_text("Qualification")
    jump(terminal, "Related Issues", "Critical Bug")
    text = "".join(chr(ord("a") + n % 26) for n in range(80))
    app = terminal.pid()
    sent_at: list[float] = []
    for char in text:
        terminal.type(char)  # one key every 20 ms: never the 100 ms pause a save waits for
        sent_at.append(time.monotonic())
        time.sleep(0.02)  # the typing pace is the input, not a wait for the app
        if len(sent_at) == 70:  # killed mid-word, as typing goes on
            killed_at = time.monotonic()
            os.kill(app, signal.SIGKILL)
            break
    terminal.wait_for(lambda: not terminal.running(), "the killed app's terminal to close")
    typed_a_second_before = sum(1 for at in sent_at if at <= killed_at - 1.0)
    value = saved(repo_path, "critical-bug")
    assert isinstance(value, str)
    assert value == text[:len(value)]  # a prefix of what was typed, in order
    assert len(value) >= typed_a_second_before >= 20


def test_a_burst_of_text_and_tabs_fills_each_field(terminal, repo_path):
    terminal.start(str(HOTFIX), repo_path)
    terminal.wait_for_text("Qualification")
    jump(terminal, "Emergency Contact Information", "On-Call Engineer")
    # One tmux command: the keys reach the terminal together, as a paste or typing ahead.
    terminal.send("Ada", "Tab", "Grace", "Tab", "Linus", "Tab", "Margaret")
    terminal.wait_for(lambda: saved(repo_path, "contact-devops-lead") == "Margaret",
                      "the last field's save")
    assert [saved(repo_path, f"contact-{role}") for role in
            ("on-call-engineer", "technical-lead", "product-owner", "devops-lead")] == [
        "Ada", "Grace", "Linus", "Margaret"]


def test_text_then_quit_in_one_burst_is_saved(terminal, repo_path):
    terminal.start(str(HOTFIX), repo_path)
    terminal.wait_for_text("Qualification")
    jump(terminal, "Related Issues", "Critical Bug")
    terminal.send("4242", "C-q")
    terminal.wait_for(lambda: not terminal.running(), "the app to quit")
    assert saved(repo_path, "critical-bug") == "4242"
