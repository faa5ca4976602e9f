"""CLI: merging hotfix's files: the merge driver git runs, and `hotfix resolve` for a file
a merge already left with conflict markers."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from hotfix_tui.cli.common import EXIT_BAD_INPUT, EXIT_OK, Command, workspace
from hotfix_tui.core.safety.terminal import shown


def register(command: Command) -> None:
    sub = command("merge-driver", run_merge_driver,
                  "what git runs to merge a session file item by item and an event log as "
                  "one (set up in each clone's .git/config by hotfix itself)")
    for name in ("base", "ours", "theirs", "path"):
        sub.add_argument(name, type=Path if name != "path" else str)
    command("resolve", run_resolve,
            "merge again, item by item, the session and log files a git merge left in "
            "conflict, and mark them resolved")


def run_merge_driver(args: argparse.Namespace) -> int:
    from hotfix_tui.core.merging import merge_file

    ws = workspace(args)
    merged = merge_file(ws.root, args.base, args.ours, args.theirs, args.path)
    for line in merged.report:
        print(f"hotfix: merged {shown(args.path)}: {shown(line)}", file=sys.stderr)
    return EXIT_OK if merged.clean else 1


def run_resolve(args: argparse.Namespace) -> int:
    from hotfix_tui.core.merging import resolve_conflicts, resolve_marked_files

    ws = workspace(args)
    done = resolve_conflicts(ws.root) or resolve_marked_files(ws.root)
    if not done:
        print("nothing to resolve: no file under .hotfix/ is in conflict")
    for path, merged in done:
        state = "resolved" if merged.clean else "still in conflict (merged as text)"
        print(f"{shown(path)}: {state}")
        for line in merged.report:
            print(f"  {shown(line)}")
    return EXIT_OK if all(merged.clean for _, merged in done) else EXIT_BAD_INPUT
