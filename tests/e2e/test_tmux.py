"""The installed `hotfix` console script in a real terminal (tmux), killed and restarted."""

from __future__ import annotations

import json
import os
import signal
import subprocess
from pathlib import Path

import pytest

from tests.terminal import HOTFIX, Terminal, needs_tmux

pytestmark = [pytest.mark.e2e, needs_tmux]


@pytest.fixture
def terminal():
    term = Terminal()
    yield term
    term.close()


def session_text(repo: Path) -> str:
    path = repo / ".hotfix" / "hotfix-login-crash.toml"
    return path.read_text() if path.exists() else ""


def jump(terminal: Terminal, title: str, shows: str) -> None:
    terminal.send("C-p")
    terminal.wait_for_text("Search for commands")
    terminal.type(f"Go to: {title}")
    terminal.wait_for_text(f"Go to: {title}")
    terminal.send("Enter")
    terminal.wait_for_text(shows)


def test_values_survive_sigkill_and_show_after_restart(terminal: Terminal, repo_path: Path):
    terminal.start(str(HOTFIX), repo_path)
    terminal.wait_for_text("Qualification")

    jump(terminal, "MTM Pattern Compliance", "Error Handling")
    terminal.send("Space")
    terminal.wait_for_text("MTM Pattern Complian… 1/4")
    jump(terminal, "Related Issues", "Critical Bug")
    terminal.type("4242")
    terminal.wait_for(lambda: 'value = "4242"' in session_text(repo_path), "the save")

    os.kill(terminal.pid(), signal.SIGKILL)
    # Its only pane gone, the tmux server exits.
    terminal.wait_for(lambda: not terminal.running(), "the killed app's terminal to close")

    again = Terminal()
    try:
        again.start(str(HOTFIX), repo_path)
        again.wait_for_text("resumed hotfix-login-crash")
        screen = again.screen()
        assert "4242" in screen  # resumed on Related Issues, the typed number in its field
        assert "MTM Pattern Complian… 1/4" in screen
    finally:
        again.close()

    status = subprocess.run([str(HOTFIX), "status", "--json"], cwd=repo_path, capture_output=True,
                            text=True, check=True)
    items = {i["id"]: i for s in json.loads(status.stdout)["sections"] for i in s["items"]}
    assert items["error-handling"]["value"] is True
    assert items["critical-bug"]["value"] == "4242"

