"""`hotfix`: the command line. Argument parsing, then core calls; one line per error.

Headless commands never import textual: the app is imported only by `hotfix` / `hotfix open`.
Each command imports what only it needs when it runs: a script calling `hotfix status` in a
loop pays for the modules status uses, not for release notes or secret scanning.
Exit codes: 0 ok, 1 a check failed (unmet required items), 2 bad input.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from hotfix_tui import __version__
from hotfix_tui.core.definition.loader import load_checklist
from hotfix_tui.core.errors import BodyError, HotfixError, UnmetRequired, ValueInputError
from hotfix_tui.core.model.events import iso_time
from hotfix_tui.core.model.record import describe, holder, last_handoff, missing_approvals, timeline
from hotfix_tui.core.model.session import CLOCK_ITEMS, GitContext, Session
from hotfix_tui.core.report import event_data, orphan_data
from hotfix_tui.core.workspace import Workspace

EXIT_OK, EXIT_CHECK_FAILED, EXIT_BAD_INPUT = 0, 1, 2


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    command: Callable[[argparse.Namespace], int] = getattr(args, "run", run_app)
    try:
        return command(args)
    except UnmetRequired as failed:
        print(f"hotfix: {failed}", file=sys.stderr)
        for item in failed.session.unmet_required():
            section = failed.session.checklist.section(item.section_id).title
            print(f"  - {item.id}: {item.label} ({section})", file=sys.stderr)
        return EXIT_CHECK_FAILED
    except HotfixError as exc:
        print(f"hotfix: error: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # `hotfix status | head`: the reader left; say nothing more, and keep Python from
        # complaining about the unflushed rest at exit.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK


def common_options(default: object) -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False, argument_default=default)
    common.add_argument("--repo", type=Path, metavar="PATH",
                        help="work in the git repo containing PATH (default: current folder)")
    common.add_argument("--session", metavar="NAME",
                        help="session name (default: the current branch, made file-safe)")
    common.add_argument("--as", dest="author", metavar="NAME",
                        help="record changes as NAME instead of git user.name")
    return common


def build_parser() -> argparse.ArgumentParser:
    # The options work before or after the command; the command's copy must not reset
    # what was given before it, hence SUPPRESS as its default.
    common = common_options(argparse.SUPPRESS)
    parser = argparse.ArgumentParser(
        prog="hotfix", parents=[common_options(None)],
        description="Walk through the hotfix pull-request checklist. "
                    "With no command, opens the app on the current branch's session.")
    parser.add_argument("--version", action="version", version=f"hotfix {__version__}")
    commands = parser.add_subparsers(title="commands", metavar="COMMAND")

    def command(name: str, run: Callable[[argparse.Namespace], int], help: str
                ) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, parents=[common], help=help, description=help)
        sub.set_defaults(run=run)
        return sub

    sub = command("open", run_app, "open the app (the default when no command is given)")
    sub.add_argument("--checklist", metavar="NAME|PATH", default="hotfix",
                     help="checklist for a new session (default: hotfix)")

    sub = command("new", run_new, "start a session (fails if it exists)")
    sub.add_argument("--checklist", metavar="NAME|PATH", default="hotfix",
                     help="checklist name or .toml path (default: hotfix)")

    command("sessions", run_sessions, "list sessions with progress and last editor")
    command("checklists", run_checklists, "list the checklists this repo can use")

    sub = command("status", run_status, "show progress per section")
    sub.add_argument("--json", action="store_true", help="print the full status as JSON")

    sub = command("set", run_set, "set an item's value (creates the session if needed)")
    sub.add_argument("item", metavar="ITEM_ID")
    sub.add_argument("value", metavar="VALUE",
                     help="text; true|false for a checkbox; one of the options for a choice; "
                          "one entry per line for a list; '-' reads stdin")
    sub.add_argument("--checklist", metavar="NAME|PATH", default="hotfix",
                     help="checklist if the session is created (default: hotfix)")

    sub = command("export", run_export, "write the PR body and/or the release notes")
    sub.add_argument("--pr-body", metavar="PATH|-",
                     help="file to write the PR body to, '-' for stdout")
    sub.add_argument("--release-notes", metavar="PATH|-",
                     help="file to write the release notes to, '-' for stdout")
    sub.add_argument("--version", dest="release_version", metavar="X",
                     help="release version (default: the patch after the latest vX.Y.Z tag "
                          "reachable from HEAD)")
    sub.add_argument("--changelog", type=Path, metavar="PATH",
                     help="add the release to this Keep a Changelog file (created if missing)")
    sub.add_argument("--draft", action="store_true",
                     help="export even if required items are unmet")
    sub.add_argument("--timeline", action="store_true",
                     help="append the session's log to the PR body, folded in a <details> block")

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

    sub = command("log", run_log, "print the session's log: who did what, when")
    sub.add_argument("--json", action="store_true", help="print the log as JSON")

    command("check", run_check, "exit 0 when every required item is done, else 1 and list them")

    command("refresh", run_refresh,
            "fill in again what git knows (files, commits, branch); never over typed values")

    sub = command("start", run_start,
                  "create branch hotfix/NAME from the latest release tag (or the base) and "
                  "its session")
    sub.add_argument("name", metavar="NAME")
    sub.add_argument("--checklist", metavar="NAME|PATH", default="hotfix",
                     help="checklist name or .toml path (default: hotfix)")

    command("commit", run_commit,
            "commit the session file alone; anything else staged stays staged")

    sub = command("validate", run_validate, "check a checklist definition file")
    sub.add_argument("file", type=Path, metavar="FILE")

    sub = command("import-template", run_import_template,
                  "turn a markdown pull-request template into a checklist definition")
    sub.add_argument("template", type=Path, metavar="TEMPLATE.md")
    sub.add_argument("-o", "--output", type=Path, metavar="PATH",
                     help="file to write (default: .hotfix/checklists/NAME.toml, NAME from "
                          "the template's file name)")
    sub.add_argument("--force", action="store_true", help="replace the file if it exists")

    sub = command("import-body", run_import_body,
                  "read a filled PR body (ticks and values) back into the session")
    sub.add_argument("body", metavar="PR_BODY.md|-", help="the PR body, '-' for stdin")
    return parser


def workspace(args: argparse.Namespace) -> Workspace:
    if args.author is not None and not args.author.isprintable():
        # Bytes that are not UTF-8 arrive as lone surrogates, which no file can hold.
        raise ValueInputError(f"--as {args.author!r}: give a name of printable text")
    if args.repo is not None and not args.repo.resolve().is_dir():
        raise ValueInputError(f"{args.repo}: no such folder (--repo)")
    ws = Workspace.open(args.repo, author=args.author)
    if ws.repo.notice:
        print(f"hotfix: {ws.repo.notice}", file=sys.stderr)
    return ws


def current_session(args: argparse.Namespace) -> tuple[Workspace, Session]:
    ws = workspace(args)
    return ws, ws.load(ws.session_name(args.session))


def run_app(args: argparse.Namespace) -> int:
    from hotfix_tui.tui.app import run

    ws = workspace(args)
    return run(ws, session_name=args.session, checklist=getattr(args, "checklist", "hotfix"))


def run_new(args: argparse.Namespace) -> int:
    ws = workspace(args)
    session = ws.create(ws.session_name(args.session), args.checklist)
    print(f"created {ws.session_path(session.name)} ({session.checklist.name}, "
          f"{len(session.checklist.items())} items)")
    return EXIT_OK


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
        who = (f"last change by {last.updated_by}, {last.updated_at:%Y-%m-%d %H:%M %z}"
               if last and last.updated_at else f"started by {session.created_by}")
        print(f"{name:30} {progress.done:>4}/{progress.total:<4} {session.checklist.name:12} {who}")
    return EXIT_BAD_INPUT if failed else EXIT_OK


def run_checklists(args: argparse.Namespace) -> int:
    ws = workspace(args)
    found = ws.checklists()
    width = max(map(len, found), default=0)
    for name, path in found.items():
        print(f"{name:{width}}  {path}")
    return EXIT_OK


def run_status(args: argparse.Namespace) -> int:
    from hotfix_tui.core.report import status_data

    ws, session = current_session(args)
    if args.json:
        data = status_data(session)
        data["stale"] = [item.id for item in ws.stale_items(session)]
        data["orphans"] = [orphan_data(session, item_id, reason)
                           for item_id, reason in session.orphans().items()]
        print(json.dumps(data, indent=2, ensure_ascii=False))
        return EXIT_OK
    progress = session.progress()
    unmet = session.unmet_required()
    stale = ws.stale_items(session)
    print(f"{session.name}: {session.checklist.title} - {progress.done}/{progress.total} done, "
          f"{len(unmet)} required item(s) unmet")
    print_holder(session)
    clock = [item for item in session.checklist.items() if item.id in CLOCK_ITEMS]
    if clock:
        print("incident clock: " + "; ".join(
            f"{item.label} {' '.join(str(session.value(item)).split()) or 'not yet'}"
            for item in clock))
    width = max(len(section.title) for section in session.checklist.sections)
    for section in session.checklist.sections:
        part = session.progress(section)
        mark = "x" if part.complete else " "
        print(f"  [{mark}] {section.title:{width}}  {part.done:>3}/{part.total}")
    orphans = session.orphans()
    if orphans:
        print(f"orphaned: {len(orphans)} value(s) the checklist has no place for (kept):")
        for item_id, reason in orphans.items():
            print(f"  - {item_id}: {reason}")
    missing = missing_approvals(session)
    if missing:
        titles = {phase.id: phase.title for phase in session.checklist.phases}
        print("process approvals still missing:")
        for phase_id, roles in missing.items():
            print(f"  - {titles[phase_id]}: {', '.join(roles)}")
    if stale:
        print(f"stale: {len(stale)} tick(s) made before the latest commit; check them again:")
        for item in stale:
            print(f"  - {item.id}: {item.label} ({session.checklist.section(item.section_id).title})")
    return EXIT_OK


def print_holder(session: Session) -> None:
    """Who holds the session, and when it was handed over, the note and what is left."""
    held_by, handoff = holder(session), last_handoff(session)
    if handoff is None:
        print(f"held by {held_by}, who started it")
        return
    print(f"held by {held_by}: handed over by {handoff.by} at {iso_time(handoff.at)}")
    if handoff.note:
        for line in handoff.note.splitlines():
            print(f"  | {line}")
    unmet = session.unmet_required()
    if unmet:
        print(f"left: {', '.join(item.label for item in unmet)}")


def run_set(args: argparse.Namespace) -> int:
    from hotfix_tui.core.safety.secrets import secrets_in

    ws = workspace(args)
    session = ws.load_or_create(ws.session_name(args.session), args.checklist)
    item = session.checklist.item(args.item)
    raw = args.value
    if raw == "-":
        raw = sys.stdin.read()
        # `echo text | hotfix set ITEM -` means "text", not "text" and a newline.
        raw = raw.removesuffix("\n").removesuffix("\r")
    value = item.parse(raw)
    for kind in secrets_in(value):
        print(f"hotfix: warning: the value for {item.id} looks like {kind}; it is saved in "
              f"{ws.display_path(ws.session_path(session.name))}, which is meant to be "
              "committed", file=sys.stderr)
    note_holder(ws, session)
    ws.set_value(session, item.id, value)
    return EXIT_OK


def note_holder(ws: Workspace, session: Session) -> None:
    """Say so when the session is someone else's: the change is still made."""
    held_by = holder(session)
    if held_by.casefold() != ws.author.casefold():
        print(f"hotfix: note: {held_by} holds this session; recording the change as "
              f"{ws.author}", file=sys.stderr)


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
    print(f"{args.phase}: approval {done}{left}")
    return EXIT_OK


def run_handoff(args: argparse.Namespace) -> int:
    ws, session = current_session(args)
    note = sys.stdin.read().strip() if args.note == "-" else args.note
    session = ws.handoff(session, args.to, note)
    unmet = session.unmet_required()
    print(f"{session.name}: handed to {holder(session)}; {len(unmet)} required item(s) left")
    return EXIT_OK


def run_log(args: argparse.Namespace) -> int:
    _, session = current_session(args)
    events = timeline(session)
    if args.json:
        print(json.dumps([event_data(event, session) for event in events], indent=2,
                         ensure_ascii=False))
        return EXIT_OK
    width = max(len(event.by) for event in events)
    for event in events:
        text = " ".join(describe(event, session).split())
        print(f"{iso_time(event.at)}  {event.by:{width}}  {text}")
    return EXIT_OK


def run_export(args: argparse.Namespace) -> int:
    from hotfix_tui.core.exports import ExportPlan

    plan = ExportPlan(pr_body=args.pr_body, release_notes=args.release_notes,
                      changelog=args.changelog, version=args.release_version,
                      timeline=args.timeline, draft=args.draft)
    plan.check()
    ws, session = current_session(args)
    done = ws.export(session, plan)
    if done.stdout:
        sys.stdout.write(done.stdout)
        sys.stdout.flush()
    for path in done.written:
        if path == args.changelog:
            print(f"added {done.version} to {path}", file=sys.stderr)
        else:
            print(f"wrote {path}", file=sys.stderr)
    return EXIT_OK


def run_check(args: argparse.Namespace) -> int:
    _, session = current_session(args)
    if session.unmet_required():
        raise UnmetRequired(session, f"{session.name}: required items are unmet:")
    progress = session.progress()
    print(f"{session.name}: all required items done ({progress.done}/{progress.total} overall)")
    return EXIT_OK


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
    return EXIT_OK


def run_start(args: argparse.Namespace) -> int:
    ws = workspace(args)
    session, started = ws.start(args.name, args.checklist, args.session)
    if started:
        print(f"created branch {ws.repo.branch} from {started}")
    else:
        print("no branch created: there is no git commit to start it from")
    print(f"created {ws.session_path(session.name)} ({session.checklist.name}, "
          f"{len(session.checklist.items())} items)")
    return EXIT_OK


def run_commit(args: argparse.Namespace) -> int:
    ws, session = current_session(args)
    path = ws.session_path(session.name)
    sha = ws.commit(session)
    print(f"committed {path} ({sha[:7]})" if sha else f"nothing to commit: {path} is unchanged")
    return EXIT_OK


def run_validate(args: argparse.Namespace) -> int:
    checklist = load_checklist(args.file)
    sections = len(checklist.sections)
    print(f"{args.file}: ok ({sections} sections, {len(checklist.items())} items)")
    return EXIT_OK


def run_import_template(args: argparse.Namespace) -> int:
    ws = workspace(args)
    path, checklist = ws.import_template(args.template, args.output, force=args.force)
    print(f"wrote {path} (checklist {checklist.name!r}: {len(checklist.sections)} sections, "
          f"{len(checklist.items())} items)")
    return EXIT_OK


def run_import_body(args: argparse.Namespace) -> int:
    ws, session = current_session(args)
    if args.body == "-":
        body = sys.stdin.read()
    else:
        try:
            body = Path(args.body).read_bytes().decode("utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else "not UTF-8 text"
            raise BodyError(f"{args.body}: cannot read PR body: {reason.lower()}") from None
    done = ws.import_body(session, body)
    changed = ", ".join(done.changed) or "nothing"
    print(f"{session.name}: read {len(done.reading.values)} item(s) from the body; "
          f"changed: {changed}")
    unmatched = [*done.reading.problems,
                 *(f"line {number} is in no item: {text.strip()!r}"
                   for number, text in done.reading.stray)]
    if unmatched:
        print(f"hotfix: could not match {len(unmatched)} part(s) of the body:", file=sys.stderr)
        for problem in unmatched:
            print(f"  - {problem}", file=sys.stderr)
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
