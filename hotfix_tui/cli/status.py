"""CLI: reading a session: the list of sessions and checklists, status, log and the merge gate."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import TYPE_CHECKING, TextIO

from hotfix_tui.cli.common import (
    EXIT_BAD_INPUT,
    EXIT_CHECK_FAILED,
    EXIT_OK,
    Command,
    current_session,
    read_body_arg,
    workspace,
)
from hotfix_tui.core.errors import HotfixError, SessionError, ValueInputError
from hotfix_tui.core.model.checklist import Item
from hotfix_tui.core.model.events import aware, iso_time
from hotfix_tui.core.model.record import describe, holder, last_handoff, missing_approvals, timeline
from hotfix_tui.core.model.session import Session
from hotfix_tui.core.report import event_data, orphan_data
from hotfix_tui.core.safety.terminal import json_safe, shown

if TYPE_CHECKING:
    from hotfix_tui.core.gate import Finding


def register(command: Command) -> None:
    command("sessions", run_sessions, "list sessions with progress and last editor")

    command("checklists", run_checklists, "list the checklists this repo can use")

    sub = command("status", run_status, "show progress per section")
    shape = sub.add_mutually_exclusive_group()
    shape.add_argument("--json", action="store_true",
                       help="print the full status as JSON (with --left: the list)")
    shape.add_argument("--brief", action="store_true",
                       help="a status update to paste in the incident's chat: the clock, done "
                            "and left per phase, approvals missing, who holds it")
    sub.add_argument("--left", action="store_true",
                     help="what is left, most pressing first, with item ids: required items "
                          "not done, stale ticks, phase approvals missing, optional items open")

    sub = command("log", run_log, "print the session's log: who did what, when")
    sub.add_argument("--json", action="store_true", help="print the log as JSON")

    sub = command("check", run_check,
                  "the merge gate: exit 0 when the session lets the PR merge, else 1 and what "
                  "is in the way: required items unmet, phase approvals missing, required "
                  "ticks a newer commit made stale, a PR body that disagrees")
    sub.add_argument("--json", action="store_true", help="print the verdict as JSON")
    sub.add_argument("--allow-stale", action="store_true",
                     help="let stale required ticks through (still listed, and said so)")
    sub.add_argument("--pr-body", metavar="FILE",
                     help="also compare with the PR body in FILE ('-' reads stdin)")
    sub.add_argument("--branch", metavar="NAME",
                     help="check the session of branch NAME (CI checks out a detached commit)")
    sub.add_argument("--only-branch", metavar="GLOB",
                     help="check only when the branch matches GLOB (e.g. 'hotfix/*'); on any "
                          "other branch pass, saying so")


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

    if args.left and args.brief:
        raise ValueInputError("--left or --brief? give one: they are two views of the status")
    ws, session = current_session(args)
    if args.left:
        return print_left(session, ws.stale_items(session), args.json)
    if args.brief:
        print_brief(session, ws.stale_items(session))
        return EXIT_OK
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


def print_brief(session: Session, stale: Sequence[Item]) -> None:
    """The status in a few lines for the incident's chat, times in UTC."""
    from hotfix_tui.core.report import clock_times, duration, phase_progress, standing

    progress, unmet = session.progress(), session.unmet_required()
    print(f"{shown(session.checklist.title)} {session.name}: {progress.done}/{progress.total} "
          f"done, {len(unmet)} required item(s) left")
    parts = phase_progress(session)
    now = standing(parts)
    print(f"stands at: {shown(now.title)}" if now else "every phase done, every approval in")
    held_by, handoff = holder(session), last_handoff(session)
    print(f"held by {shown(held_by)}" + (
        f", handed over by {shown(handoff.by)} at {_utc(handoff.at)}" if handoff else
        ", who started it"))
    times = [f"started {_utc(session.created_at)}"]
    for time in clock_times(session):
        when = (f"{_utc(time.at, session.created_at)} (+{duration(time.after_start or 0)})"
                if time.at
                else shown(time.text) or "not yet")
        times.append(f"{shown(time.item.label)} {when}")
    print("clock: " + "; ".join(times))
    print("phases:")
    for part in parts:
        mark = "x" if part.settled and part.done == part.total else " "
        left = part.total - part.done
        said = [f"{part.done}/{part.total} done"]
        if left:
            said.append(f"{left} left" + (f" ({part.required_left} required)"
                                          if part.required_left else ""))
        if part.missing:
            said.append(f"approval missing: {shown(', '.join(part.missing))}")
        print(f"- [{mark}] {shown(part.phase.title)}: {', '.join(said)}")
    if stale:
        print(f"stale: {len(stale)} tick(s) made before the latest commit, to check again")


def _utc(at: datetime, day_of: datetime | None = None) -> str:
    """`2026-11-23 14:02 UTC`; only `14:02 UTC` on the day of `day_of`."""
    at = aware(at).astimezone(UTC)
    same_day = day_of is not None and aware(day_of).astimezone(UTC).date() == at.date()
    return f"{at:%H:%M} UTC" if same_day else f"{at:%Y-%m-%d %H:%M} UTC"


LEFT_TITLES = {
    "required": "required items not done (hotfix set ID VALUE)",
    "stale": ("ticks made before the latest code commit (check again: hotfix set ID true; "
              "hotfix run --stale re-runs the boxes that have a check)"),
    "approval": "phase approvals missing (hotfix approve PHASE ROLE)",
    "optional": "optional items still open",
}


def print_left(session: Session, stale: Sequence[Item], as_json: bool) -> int:
    """What is left, kind by kind, each with the id the CLI takes and where it is asked."""
    from hotfix_tui.core.left import KINDS, what_is_left

    left = what_is_left(session, stale)
    sections = {section.id: section.title for section in session.checklist.sections}
    if as_json:
        print(json_safe(json.dumps([
            {"kind": entry.kind, "section": entry.section_id, "id": entry.id,
             "label": entry.label, **({"role": entry.role} if entry.role else {}),
             "required": entry.required} for entry in left], indent=2, ensure_ascii=False)))
        return EXIT_OK
    if not left:
        print(f"{session.name}: nothing left")
        return EXIT_OK
    print(f"{session.name}: {len(left)} thing(s) left")
    width = min(40, max(len(shown(entry.id)) for entry in left))
    for kind in KINDS:
        entries = [entry for entry in left if entry.kind == kind]
        if entries:
            print(f"{LEFT_TITLES[kind]}: {len(entries)}")
        for entry in entries:
            print(f"  {shown(entry.id):{width}}  {shown(entry.label)} "
                  f"({shown(sections[entry.section_id])})")
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
    from fnmatch import fnmatchcase

    from hotfix_tui.core.gate import verdict, verdict_data

    ws = workspace(args)
    branch = args.branch or ws.repo.branch
    if args.only_branch and not (branch and fnmatchcase(branch, args.only_branch)):
        print(f"{_plain(branch or 'a detached HEAD')}: not a branch matching "
              f"{_plain(args.only_branch)!r}: not checked")
        return EXIT_OK
    name = (ws.branch_session_name(args.branch) if args.branch and args.session is None
            else ws.session_name(args.session))
    if not ws.exists(name):
        where = f"branch {branch!r}" if branch else "this commit"
        raise SessionError(f"{ws.session_path(name)}: no hotfix session for {_plain(where)}, so "
                           "nothing vouches for this change (start one with `hotfix new`)")
    session = ws.load(name)
    body = None if args.pr_body is None else read_body_arg(args.pr_body)
    found = verdict(session, ws.stale_items(session), allow_stale=args.allow_stale, body=body)
    if args.json:
        print(json.dumps(verdict_data(found), indent=2, ensure_ascii=False))
        return EXIT_OK if found.passed else EXIT_CHECK_FAILED
    if found.passed:
        progress = session.progress()
        agrees = "; the PR body agrees" if found.body is not None else ""
        print(f"{session.name}: all required items done ({progress.done}/{progress.total} "
              f"overall); every approval given; no stale required ticks{agrees}")
        if found.stale:
            _print_findings("stale required ticks let through (--allow-stale):", found.stale,
                            sys.stdout)
        return EXIT_OK
    print(f"hotfix: {session.name}: not ready to merge", file=sys.stderr)
    _print_findings("required items are unmet:", found.unmet)
    _print_findings("approvals the process phases require are missing:", found.approvals)
    stale = ("stale required ticks let through (--allow-stale):" if found.stale_accepted else
             "required ticks are stale, made before the latest code commit (tick them again, "
             "or --allow-stale):")
    _print_findings(stale, found.stale)
    _print_findings("the PR body disagrees with the session:", found.body or ())
    return EXIT_CHECK_FAILED


def _print_findings(title: str, findings: Sequence[Finding], to: TextIO | None = None) -> None:
    if not findings:
        return
    to = to or sys.stderr
    print(title, file=to)
    for f in findings:
        problem = f": {f.problem}" if f.problem else ""
        print(f"  - {_plain(f.id)}: {_plain(f.label)} ({_plain(f.section)}){_plain(problem)}",
              file=to)


def _plain(text: str) -> str:
    """Text from files, for the terminal: control characters shown escaped, never sent."""
    return "".join(char if char.isprintable() else char.encode("unicode_escape").decode("ascii")
                   for char in text)
