"""CLI: reading a session: the list of sessions and checklists, status, log and the check."""

from __future__ import annotations

import argparse
import json
import sys

from hotfix_tui.cli.common import EXIT_BAD_INPUT, EXIT_OK, Command, current_session, workspace
from hotfix_tui.core.errors import HotfixError, UnmetRequired
from hotfix_tui.core.model.events import iso_time
from hotfix_tui.core.model.record import describe, holder, last_handoff, missing_approvals, timeline
from hotfix_tui.core.model.session import Session
from hotfix_tui.core.report import event_data, orphan_data
from hotfix_tui.core.safety.terminal import json_safe, shown


def register(command: Command) -> None:
    command("sessions", run_sessions, "list sessions with progress and last editor")

    command("checklists", run_checklists, "list the checklists this repo can use")

    sub = command("status", run_status, "show progress per section")
    sub.add_argument("--json", action="store_true", help="print the full status as JSON")

    sub = command("log", run_log, "print the session's log: who did what, when")
    sub.add_argument("--json", action="store_true", help="print the log as JSON")

    command("check", run_check, "exit 0 when every required item is done, else 1 and list them")


def run_sessions(args: argparse.Namespace) -> int:
    ws = workspace(args)
    names = ws.session_names()
    if not names:
        print(f"no sessions in {ws.sessions_dir} (start one with `hotfix new`)")
        return EXIT_OK
    failed = False
    for name in names:
        try:
            session = ws.load(name)
        except HotfixError as exc:
            print(f"hotfix: error: {exc}", file=sys.stderr)
            failed = True
            continue
        progress = session.progress()
        last = session.last_change()
        who = (f"last change by {shown(last.updated_by or 'someone')}, "
               f"{last.updated_at:%Y-%m-%d %H:%M %z}"
               if last and last.updated_at else f"started by {shown(session.created_by)}")
        print(f"{name:30} {progress.done:>4}/{progress.total:<4} "
              f"{shown(session.checklist.name):12} {who}")
    return EXIT_BAD_INPUT if failed else EXIT_OK


def run_checklists(args: argparse.Namespace) -> int:
    ws = workspace(args)
    found = ws.checklists()
    names = {name: shown(name) for name in found}
    width = max(map(len, names.values()), default=0)
    for name, path in found.items():
        print(f"{names[name]:{width}}  {shown(str(path))}")
    return EXIT_OK


def run_status(args: argparse.Namespace) -> int:
    from hotfix_tui.core.report import status_data

    ws, session = current_session(args)
    if args.json:
        data = status_data(session)
        data["stale"] = [item.id for item in ws.stale_items(session)]
        data["orphans"] = [orphan_data(session, item_id, reason)
                           for item_id, reason in session.orphans().items()]
        print(json_safe(json.dumps(data, indent=2, ensure_ascii=False)))
        return EXIT_OK
    progress = session.progress()
    unmet = session.unmet_required()
    stale = ws.stale_items(session)
    print(f"{session.name}: {shown(session.checklist.title)} - {progress.done}/{progress.total} done, "
          f"{len(unmet)} required item(s) unmet")
    print_holder(session)
    clock = session.checklist.clock_items()
    if clock:
        print("incident clock: " + "; ".join(
            f"{shown(item.label)} {shown(' '.join(str(session.value(item)).split())) or 'not yet'}"
            for item in clock))
    titles = {section.id: shown(section.title) for section in session.checklist.sections}
    width = max(map(len, titles.values()))
    for section in session.checklist.sections:
        part = session.progress(section)
        mark = "x" if part.complete else " "
        print(f"  [{mark}] {titles[section.id]:{width}}  {part.done:>3}/{part.total}")
    orphans = session.orphans()
    if orphans:
        print(f"orphaned: {len(orphans)} value(s) the checklist has no place for (kept):")
        for item_id, reason in orphans.items():
            print(f"  - {shown(item_id)}: {shown(reason)}")
    missing = missing_approvals(session)
    if missing:
        phases = {phase.id: phase.title for phase in session.checklist.phases}
        print("process approvals still missing:")
        for phase_id, roles in missing.items():
            print(f"  - {shown(phases[phase_id])}: {shown(', '.join(roles))}")
    if stale:
        print(f"stale: {len(stale)} tick(s) made before the latest commit; check them again:")
        for item in stale:
            section_title = session.checklist.section(item.section_id).title
            print(f"  - {item.id}: {shown(item.label)} ({shown(section_title)})")
    return EXIT_OK


def print_holder(session: Session) -> None:
    """Who holds the session, and when it was handed over, the note and what is left."""
    held_by, handoff = holder(session), last_handoff(session)
    if handoff is None:
        print(f"held by {shown(held_by)}, who started it")
        return
    print(f"held by {shown(held_by)}: handed over by {shown(handoff.by)} at {iso_time(handoff.at)}")
    if handoff.note:
        for line in handoff.note.splitlines():
            print(f"  | {shown(line)}")
    unmet = session.unmet_required()
    if unmet:
        print(f"left: {shown(', '.join(item.label for item in unmet))}")


def run_log(args: argparse.Namespace) -> int:
    _, session = current_session(args)
    events = timeline(session)
    if args.json:
        print(json_safe(json.dumps([event_data(event, session) for event in events], indent=2,
                                   ensure_ascii=False)))
        return EXIT_OK
    width = max(len(shown(event.by)) for event in events)
    for event in events:
        text = shown(" ".join(describe(event, session).split()))
        print(f"{iso_time(event.at)}  {shown(event.by):{width}}  {text}")
    return EXIT_OK


def run_check(args: argparse.Namespace) -> int:
    _, session = current_session(args)
    if session.unmet_required():
        raise UnmetRequired(session, f"{session.name}: required items are unmet:")
    progress = session.progress()
    print(f"{session.name}: all required items done ({progress.done}/{progress.total} overall)")
    return EXIT_OK

