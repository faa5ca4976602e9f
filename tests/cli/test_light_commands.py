"""The commands people run most often answer without loading GitPython (who the user is,
and when code last changed, are one `git` call each), nor the other commands' modules."""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from importlib import import_module
from pathlib import Path

from hotfix_tui.cli import COMMANDS, GROUPS, groups_for
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


def test_the_command_table_names_the_group_registering_each_command():
    registered = {}
    for group in GROUPS:
        def command(name: str, run: object, help: str, group: str = group):
            registered[name] = group
            return argparse.ArgumentParser()
        import_module(f"hotfix_tui.cli.{group}").register(command)
    assert registered == COMMANDS


def test_a_command_builds_only_its_own_group_and_help_lists_every_command(repo_path: Path):
    Workspace.open(repo_path).create("s")
    script = ("import sys; from hotfix_tui.cli import main; main(['status', '--session', 's']); "
              "print(sorted(m for m in sys.modules if m.startswith('hotfix_tui.cli.')))")
    done = subprocess.run([sys.executable, "-c", script], cwd=repo_path, capture_output=True,
                          text=True, timeout=60)
    assert done.stdout.splitlines()[-1] == "['hotfix_tui.cli.common', 'hotfix_tui.cli.status']"
    for argv in (["--help"], ["--session", "set", "--he"]):
        shown = subprocess.run([sys.executable, "-m", "hotfix_tui", *argv], cwd=repo_path,
                               capture_output=True, text=True, timeout=60).stdout
        listed = {line.split()[0] for line in shown.splitlines() if line.startswith("    ")}
        assert set(COMMANDS) <= listed, shown
    refused = subprocess.run([sys.executable, "-m", "hotfix_tui", "--as", "set", "stauts"],
                             cwd=repo_path, capture_output=True, text=True, timeout=60)
    assert refused.returncode == 2 and "'import-template'" in refused.stderr


def test_the_command_is_found_past_the_options_and_their_values():
    assert groups_for(["--session", "set", "status", "--json"]) == ("status",)
    assert groups_for(["--repo=set", "--ses", "x", "new"]) == ("edit",)
    assert groups_for(["--", "run", "box"]) == ("checks",)
    assert groups_for(["--as", "Dana"]) == groups_for(["open", "--checklist", "x"]) == ()
    assert groups_for(["set", "-h"]) == ("edit",)
