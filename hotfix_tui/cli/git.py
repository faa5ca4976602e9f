"""CLI: what git knows and does: refresh from it, start a hotfix branch, commit the session."""

from __future__ import annotations

import argparse
import sys

from hotfix_tui.cli.common import CHECKLIST_HELP, EXIT_OK, Command, current_session, workspace
from hotfix_tui.core.errors import HotfixError
from hotfix_tui.core.model.session import GitContext
from hotfix_tui.core.safety.terminal import shown


def register(command: Command) -> None:
    command("refresh", run_refresh,
            "fill in again what git knows (files, commits, branch); never over typed values")

    sub = command("start", run_start,
                  "create branch hotfix/NAME from the release tag its release will follow "
                  "(HEAD's nearest; else the base) and its session")
    sub.add_argument("name", metavar="NAME")
    sub.add_argument("--checklist", metavar="NAME|PATH", help=CHECKLIST_HELP)

    sub = command("commit", run_commit,
                  "commit the session file alone; anything else staged stays staged")
    sub.add_argument("--allow-secret", action="store_true",
                     help="commit even what looks like a secret (a token, a password)")


def run_refresh(args: argparse.Namespace) -> int:
    ws, session = current_session(args)
    if ws.repo.head is None:
        print(f"{session.name}: nothing to refresh without git commits")
        return EXIT_OK
    result = ws.refresh(session)
    context = result.session.git or GitContext()
    where = f" on {context.branch or 'a detached HEAD'}, base {context.base or 'not found'}"
    updated = ", ".join(result.updated) or "nothing new"
    print(f"{session.name}: refreshed from git{where}: {updated}")
    if result.kept:
        print(f"kept what was typed in: {', '.join(result.kept)}")
    if result.held:
        print(result.held_note())
    return EXIT_OK


def run_start(args: argparse.Namespace) -> int:
    ws = workspace(args)
    session, started = ws.start(args.name, args.checklist, args.session)
    if started:
        print(f"created branch {ws.repo.branch} from {started}")
        try:
            release = ws.release()
            print(f"its release will be {release.version}, tagged {release.tag}")
        except HotfixError as exc:  # a prerelease, no tag yet: said now, asked at export
            print(f"hotfix: {exc}", file=sys.stderr)
    else:
        print("no branch created: there is no git commit to start it from")
    print(f"created {ws.session_path(session.name)} ({shown(session.checklist.name)}, "
          f"{len(session.checklist.items())} items)")
    return EXIT_OK


def run_commit(args: argparse.Namespace) -> int:
    ws, session = current_session(args)
    path = ws.session_path(session.name)
    sha = ws.commit(session, allow_secret=args.allow_secret)
    print(f"committed {path} ({sha[:7]})" if sha else f"nothing to commit: {path} is unchanged")
    return EXIT_OK

