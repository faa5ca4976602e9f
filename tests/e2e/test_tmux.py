"""The installed `hotfix` console script in a real terminal (tmux), killed and restarted."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(shutil.which("tmux") is None, reason="needs tmux (.ci/run installs it)"),
]

HOTFIX = Path(sys.executable).parent / "hotfix"


class Terminal:
    """A tmux server of its own, one 80x24 window running one command."""

    def __init__(self) -> None:
        self.socket = f"hotfix-test-{uuid.uuid4().hex[:8]}"

    def tmux(self, *args: str) -> str:
        result = subprocess.run(["tmux", "-L", self.socket, *args], capture_output=True,
                                text=True, check=True, timeout=30)
        return result.stdout

    def start(self, command: str, cwd: Path) -> None:
        self.tmux("new-session", "-d", "-s", "t", "-x", "80", "-y", "24", "-c", str(cwd),
                  f"exec {command}")

    def send(self, *keys: str) -> None:
        self.tmux("send-keys", "-t", "t", *keys)

    def type(self, text: str) -> None:
        self.tmux("send-keys", "-t", "t", "-l", text)

    def screen(self) -> str:
        return self.tmux("capture-pane", "-t", "t", "-p")

    def running(self) -> bool:
        return subprocess.run(["tmux", "-L", self.socket, "has-session"],
                              capture_output=True).returncode == 0

    def pid(self) -> int:
        return int(self.tmux("display-message", "-t", "t", "-p", "#{pane_pid}").strip())

    def wait_for(self, condition, what: str, timeout: float = 20.0) -> None:
        """Poll until `condition()` holds: the app runs in another process, so there is no
        event to await; the bound only turns a hang into a clear failure."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if condition():
                return
            time.sleep(0.05)
        raise AssertionError(f"timed out waiting for {what}; screen:\n{self.screen()}")

    def wait_for_text(self, text: str) -> None:
        self.wait_for(lambda: text in self.screen(), repr(text))

    def close(self) -> None:
        subprocess.run(["tmux", "-L", self.socket, "kill-server"], capture_output=True)


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

