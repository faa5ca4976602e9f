"""The marks read without colour: a plain-text capture of the screen (no colours, no
attributes) tells a ticked box from an open one and from one marked N/A."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.terminal import HOTFIX, Terminal, needs_tmux

pytestmark = [pytest.mark.e2e, needs_tmux]


@pytest.fixture
def terminal():
    term = Terminal()
    yield term
    term.close()


def box_line(screen: str, label: str) -> str:
    return next(line for line in screen.splitlines() if label in line)


def test_a_plain_capture_tells_ticked_open_and_na_boxes_apart(terminal: Terminal,
                                                               repo_path: Path):
    terminal.start(str(HOTFIX), repo_path)
    terminal.wait_for_text("Production system affected")
    screen = terminal.screen()
    assert "▐ ▌ Critical business impact" in box_line(screen, "Critical business impact")
    terminal.send("Space")  # tick the first box
    terminal.wait_for_text("▐X▌ Critical business impact")
    terminal.send("Tab", "n")  # the next one: not applicable, with a reason
    terminal.wait_for_text("Why does")
    terminal.type("no prod")
    terminal.send("Enter")
    terminal.wait_for_text("N/A: no prod")
    screen = terminal.screen()
    assert "▐X▌ Critical business impact" in box_line(screen, "Critical business impact")
    assert "▐-▌ Production system affected" in box_line(screen, "Production system affected")
    assert "▐ ▌ No viable workaround" in box_line(screen, "No viable workaround")
    # The priority level's options: only the chosen one is marked.
    terminal.send("Tab", "Tab", "Tab", "Enter")
    terminal.wait_for_text("▐*▌ Emergency")
    assert "▐ ▌ Critical" in terminal.screen()
