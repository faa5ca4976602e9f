"""A real terminal for tests: the installed `hotfix` in tmux, on a tmux server of its own."""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

HOTFIX = Path(sys.executable).parent / "hotfix"
needs_tmux = pytest.mark.skipif(shutil.which("tmux") is None,
                                reason="needs tmux (.ci/run installs it)")


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
