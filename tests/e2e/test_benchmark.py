"""The benchmark keeps working: one quick pass prints every figure (it measures nothing)."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.conftest import PROJECT
from tests.terminal import needs_tmux

pytestmark = [pytest.mark.e2e, needs_tmux]

FIGURES = [
    "first paint: hotfix, resume", "first paint: hotfix, new session",
    "first paint: its widgets bare, no hotfix", "hotfix status --json, ticks to re-check",
    "hotfix status --json, none to re-check", "hotfix export --draft --pr-body -",
    "import hotfix_tui.cli.common alone", "floor: argparse, read 2 TOML files, JSON",
    "save one change: hotfix, median", "save one change: 100x hotfix, p99",
    "key press to screen: hotfix", "key press to screen: 100x hotfix",
    "switch section: hotfix", "switch section: 100x hotfix", "review open: hotfix",
    "review open: 100x hotfix", "peak memory: 100x hotfix",
    "hotfix set, without --as", "hotfix set --as NAME", "hotfix refresh, 2 changed files",
    "hotfix refresh, 3,000 changed files", "save adding an event: 10 events",
    "save adding an event: 1,000 events", "save adding an event: 10,000 events",
    "key press to screen: 100x hotfix, worst",
]


def test_a_quick_run_prints_every_figure_with_its_reference():
    result = subprocess.run([sys.executable, str(PROJECT / "benchmarks" / "run.py"), "--quick"],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    rows = {line.split("  ")[0]: line for line in result.stdout.splitlines()}
    for figure in FIGURES:
        assert figure in rows, f"no row for {figure!r}:\n{result.stdout}"
        assert rows[figure].rstrip().endswith("x")  # the ratio to its reference
