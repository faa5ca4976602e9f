"""The layers keep to their rules (tests/boundaries.py): the core is UI-free, the app does
no file or git I/O itself, core modules import without cycles, and the headless commands
never load Textual. The checker itself is tested on a copy of the package with one
violation of each kind injected: a rule that cannot fail proves nothing."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import hotfix_tui
from tests.boundaries import violations
from tests.conftest import make_repo

PACKAGE = Path(hotfix_tui.__file__).parent


def test_the_package_keeps_its_boundaries():
    assert [str(v) for v in violations(PACKAGE)] == []


@pytest.mark.parametrize("module, text, expected", [
    ("core/model/checklist.py", "from textual.widget import Widget\n",
     "hotfix_tui.core.model.checklist:1: imports textual.widget"),
    ("core/report.py", "import rich\n", "hotfix_tui.core.report:1: imports rich"),
    ("core/gate.py", "from ..tui import app\n", "hotfix_tui.core.gate:1: imports hotfix_tui.tui"),
    ("core/exports.py", "def later():\n    from hotfix_tui.cli import main\n",
     "hotfix_tui.core.exports:2: imports hotfix_tui.cli"),
    ("tui/undo.py", "import subprocess\n", "hotfix_tui.tui.undo:1: imports subprocess"),
    ("tui/undo.py", "from hotfix_tui.core.storage.files import atomic_write\n",
     "hotfix_tui.tui.undo:1: imports hotfix_tui.core.storage"),
    ("tui/notices.py", "def peek(path):\n    return open(path).read()\n",
     "hotfix_tui.tui.notices:2: opens a file"),
    ("tui/text.py", "def save(path):\n    path.write_text('x')\n",
     "hotfix_tui.tui.text:2: calls .write_text()"),
    ("core/model/events.py", "from hotfix_tui.core import report\n", "import cycle:"),
])
def test_the_checker_finds_an_injected_violation(tmp_path: Path, module: str, text: str,
                                                 expected: str):
    copy = tmp_path / "hotfix_tui"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__"))
    target = copy / module
    target.write_text(text + target.read_text(encoding="utf-8"), encoding="utf-8")
    found = [str(v) for v in violations(copy)]
    assert any(expected in line for line in found), found


def test_a_type_only_import_in_the_app_is_not_io(tmp_path: Path):
    copy = tmp_path / "hotfix_tui"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__"))
    target = copy / "tui" / "undo.py"
    target.write_text(target.read_text(encoding="utf-8") + "\nfrom typing import TYPE_CHECKING\n"
                      "if TYPE_CHECKING:\n    from hotfix_tui.core.git.repo import RepoSnapshot\n",
                      encoding="utf-8")
    assert violations(copy) == []


HEADLESS = [["new"], ["set", "root-cause", "cache"], ["na", "database-rollback", "no schema"],
            ["status"], ["status", "--json"], ["log"], ["check"], ["export", "--pr-body", "-"],
            ["checklists"], ["sessions"]]


def test_headless_commands_never_load_textual(tmp_path: Path):
    root = tmp_path / "repo"
    make_repo(root)
    script = (
        "import sys\n"
        "from hotfix_tui.cli import main\n"
        "code = main(sys.argv[1:])\n"
        "loaded = sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich'))\n"
        "print('LOADED', loaded[:3], file=sys.stderr)\n"
        "sys.exit(10 if loaded else min(code, 1))\n")
    for args in HEADLESS:
        done = subprocess.run([sys.executable, "-c", script, *args, "--repo", str(root),
                               "--as", "Dana"], capture_output=True, text=True, timeout=60)
        assert done.returncode in (0, 1), (args, done.stderr)
        assert "LOADED []" in done.stderr, (args, done.stderr)
