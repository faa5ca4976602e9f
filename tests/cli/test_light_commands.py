"""The commands people run most often answer without loading GitPython: who the user is,
and when code last changed, are one `git` call each."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from hotfix_tui.core.git.prefill import stale_ticks
from hotfix_tui.core.workspace import END_OF_TIME, Workspace

# Runs the CLI as the console script does, then says whether GitPython was imported.
CHILD = ("import sys; from hotfix_tui.cli import main; code = main(sys.argv[1:]); "
         "print('GitPython loaded' if 'git' in sys.modules else 'no GitPython', "
         "file=sys.stderr); sys.exit(code)")
STALE_PHASE_BOX = "primary-workflow"  # a testing box: status checks it against new commits


def hotfix(repo: Path, *argv: str) -> subprocess.CompletedProcess[str]:
    done = subprocess.run([sys.executable, "-c", CHILD, *argv], cwd=repo, capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    return done


def test_set_and_status_with_ticks_to_recheck_do_not_load_gitpython(repo_path: Path):
    Workspace.open(repo_path).create("s")
    done = hotfix(repo_path, "set", STALE_PHASE_BOX, "true", "--session", "s")
    assert done.stderr.endswith("no GitPython\n")
    session = Workspace.open(repo_path).load("s")
    assert session.state(STALE_PHASE_BOX).updated_by == "Dana Tester"  # git's user.name
    assert stale_ticks(session, END_OF_TIME)  # status must ask git about newer commits
    done = hotfix(repo_path, "status", "--json", "--session", "s")
    assert done.stderr.endswith("no GitPython\n")
    assert json.loads(done.stdout)
