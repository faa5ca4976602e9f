"""CLI: changing a session: start one, set values, N/A, approvals, handoffs, a PR body read back."""

from __future__ import annotations

import argparse
import sys

from hotfix_tui.cli.common import (
    CHECKLIST_HELP,
    EXIT_OK,
    Command,
    current_session,
    read_body_arg,
    workspace,
)
from hotfix_tui.core.model.record import holder, missing_approvals
from hotfix_tui.core.model.session import Session
from hotfix_tui.core.safety.terminal import shown
from hotfix_tui.core.workspace import Workspace


def register(command: Command) -> None:
    sub = command("new", run_new, "start a session (fails if it exists)")
    sub.add_argument("--checklist", metavar="NAME|PATH", help=CHECKLIST_HELP)

    sub = command("set", run_set, "set an item's value (creates the session if needed)")
    sub.add_argument("item", metavar="ITEM_ID")
    sub.add_argument("value", metavar="VALUE",
                     help="text; true|false for a checkbox; one of the options for a choice; "
                          "one entry per line for a list; '-' reads stdin")
    sub.add_argument("--checklist", metavar="NAME|PATH",
                     help=f"if the session is created: {CHECKLIST_HELP}")

    sub = command("na", run_na, "mark a checkbox not applicable, with a short reason; it counts "
                                "as done (setting the box again clears it)")
    sub.add_argument("item", metavar="ITEM_ID")
    sub.add_argument("reason", metavar="REASON", help="why it does not apply (one short line)")

    sub = command("approve", run_approve,
                  "record an approval a process phase requires (see `hotfix status`)")
    sub.add_argument("phase", metavar="PHASE", help="the phase id, e.g. qualification")
    sub.add_argument("role", metavar="ROLE", help='who approved, e.g. "Product Owner"')
    sub.add_argument("--withdraw", action="store_true", help="withdraw the approval instead")

    sub = command("handoff", run_handoff,
                  "hand the session to someone else, with a note on where things stand")
    sub.add_argument("--to", required=True, metavar="NAME", help="who holds the session next")
    sub.add_argument("--note", default="", metavar="TEXT",
                     help="what the next person should know ('-' reads stdin)")

    sub = command("import-body", run_import_body,
                  "read a filled PR body (ticks and values) back into the session: only what "
                  "the body changed since it was exported comes in")
    sub.add_argument("body", metavar="PR_BODY.md|-", help="the PR body, '-' for stdin")
    sub.add_argument("--dry-run", action="store_true",
                     help="list what would change, change nothing")


def run_new(args: argparse.Namespace) -> int:
    ws = workspace(args)
    session = ws.create(ws.session_name(args.session), args.checklist)
    print(f"created {ws.session_path(session.name)} ({shown(session.checklist.name)}, "
          f"{len(session.checklist.items())} items)")
    return EXIT_OK


def run_set(args: argparse.Namespace) -> int:
    ws = workspace(args)
    session = ws.load_or_create(ws.session_name(args.session), args.checklist)
    item = session.checklist.item(args.item)
    raw = args.value
    if raw == "-":
        raw = sys.stdin.read()
        # `echo text | hotfix set ITEM -` means "text", not "text" and a newline.
        raw = raw.removesuffix("\n").removesuffix("\r")
    value = item.parse(raw)
    note_holder(ws, session)
    ws.set_value(session, item.id, value)
    return EXIT_OK


def note_holder(ws: Workspace, session: Session) -> None:
    """Say so when the session is someone else's: the change is still made."""
    held_by = holder(session)
    if held_by.casefold() != ws.author.casefold():
        print(f"hotfix: note: {shown(held_by)} holds this session; recording the change as "
              f"{shown(ws.author)}", file=sys.stderr)


def run_na(args: argparse.Namespace) -> int:
    ws = workspace(args)
    session = ws.load_or_create(ws.session_name(args.session))
    item = session.checklist.item(args.item)
    session = ws.mark_na(session, item.id, args.reason)
    note_holder(ws, session)
    ws.save(session)
    print(f"{item.id}: N/A ({session.na_reason(item.id)})")
    return EXIT_OK


def run_approve(args: argparse.Namespace) -> int:
    ws, session = current_session(args)
    session = ws.approve_phase(session, args.phase, args.role, approved=not args.withdraw)
    note_holder(ws, session)
    session = ws.save(session)
    missing = missing_approvals(session).get(args.phase, [])
    done = "withdrawn" if args.withdraw else "recorded"
    left = f"; still missing: {', '.join(missing)}" if missing else "; none missing"
    print(f"{shown(args.phase)}: approval {done}{shown(left)}")
    return EXIT_OK


def run_handoff(args: argparse.Namespace) -> int:
    ws, session = current_session(args)
    note = sys.stdin.read().strip() if args.note == "-" else args.note
    session = ws.handoff(session, args.to, note)
    unmet = session.unmet_required()
    print(f"{session.name}: handed to {shown(holder(session))}; {len(unmet)} required item(s) "
          "left")
    return EXIT_OK


def run_import_body(args: argparse.Namespace) -> int:
    from hotfix_tui.core.markdown.body_merge import said_briefly  # loaded when used

    ws, session = current_session(args)
    source = "standard input" if args.body == "-" else args.body
    done = ws.import_body(session, read_body_arg(args.body), source, dry_run=args.dry_run)
    checklist = session.checklist
    if args.dry_run:
        print(f"{session.name}: read {len(done.reading.values)} item(s) from the body; "
              f"would change: {', '.join(done.changed) or 'nothing'}")
        for change in done.changes:
            print(f"  - {change.item_id}: {shown(checklist.item(change.item_id).label)}: "
                  f"{shown(said_briefly(change.said))}")
    else:
        print(f"{session.name}: read {len(done.reading.values)} item(s) from the body; "
              f"changed: {', '.join(done.changed) or 'nothing'}")
    for conflict in done.conflicts:
        ours, theirs = said_briefly(conflict.ours), said_briefly(conflict.theirs)
        why = ("the body changed it too since it was exported, to" if done.against_export
               else "no export of this session here tells which side changed it, not the "
                    "body's")
        print(f"hotfix: note: kept the session's {shown(conflict.label)} ({shown(ours)}): "
              f"{why} {shown(theirs)}", file=sys.stderr)
    unmatched = [*done.reading.problems, *done.refused,
                 *(f"line {number} is in no item: {text.strip()!r}"
                   for number, text in done.reading.stray)]
    if unmatched:
        print(f"hotfix: could not match {len(unmatched)} part(s) of the body:", file=sys.stderr)
        for problem in unmatched:
            print(f"  - {shown(problem)}", file=sys.stderr)
    return EXIT_OK
