"""CLI: evidence checks. `hotfix trust` lists and approves the commands boxes run,
`hotfix run` runs them, streaming their output, and records each run in the session."""

from __future__ import annotations

import argparse
import sys
import threading
from typing import TYPE_CHECKING

from hotfix_tui.cli.common import (
    EXIT_CHECK_FAILED,
    EXIT_OK,
    Command,
    workspace,
)
from hotfix_tui.core.errors import ValueInputError
from hotfix_tui.core.safety.terminal import shown

if TYPE_CHECKING:
    from hotfix_tui.core.checks.runner import RunResult
    from hotfix_tui.core.checks.service import DeclaredCheck, PreparedCheck
    from hotfix_tui.core.model.checklist import Checklist
    from hotfix_tui.core.model.session import Session
    from hotfix_tui.core.workspace import Workspace

EXIT_INTERRUPTED = 130
JOIN_POLL = 0.2  # how often the main thread looks up from waiting, so ctrl+c reaches it


def register(command: Command) -> None:
    sub = command("run", run_run,
                  "run a box's check, streaming its output: a pass ticks the box with its "
                  "evidence, a failure leaves it unticked; exit 0 passed, 1 failed, 2 refused")
    sub.add_argument("item", metavar="ITEM_ID", nargs="?", help="the box whose check to run")
    which = sub.add_mutually_exclusive_group()
    which.add_argument("--all", action="store_true",
                       help="run every declared check not yet passed")
    which.add_argument("--stale", action="store_true",
                       help="run the checks whose tick is older than the newest code commit")

    sub = command("trust", run_trust,
                  "list the commands the checklist's boxes run and whether each is approved "
                  "in this clone; with ITEM_ID or --all, approve them")
    sub.add_argument("item", metavar="ITEM_ID", nargs="?", help="approve this box's command")
    sub.add_argument("--all", action="store_true",
                     help="approve every command the checklist and the config give")


# --- trust -----------------------------------------------------------------------------

def run_trust(args: argparse.Namespace) -> int:
    if args.item is not None and args.all:
        raise ValueInputError("hotfix trust: give ITEM_ID or --all, not both")
    ws = workspace(args)
    checklist = _checklist(ws, args.session)
    if args.item is None and not args.all:
        declared = ws.checks.declared(checklist)
        if not declared:
            print(f"{shown(checklist.name)}: no box declares a check")
        for check in declared:
            _print_declared(ws, check)
        return EXIT_OK
    for check in ws.checks.trust(checklist, args.item):
        assert check.spec is not None
        print(f"{check.item.id}: approved in this clone:")
        _print_command(check)
    return EXIT_OK


def _checklist(ws: Workspace, session_name: str | None) -> Checklist:
    """The session's checklist when it exists, else the one a new session would get."""
    name = ws.session_name(session_name)
    if ws.exists(name):
        return ws.load(name).checklist
    return ws.checklist(ws.default_checklist())


def _print_declared(ws: Workspace, check: DeclaredCheck) -> None:
    named = f" (check {check.name!r})" if check.name else ""
    if check.spec is None:
        print(f"{check.item.id}{shown(named)}: {shown(_undefined(ws, check))}")
        return
    state = ("approved" if check.approved else
             "changed since approved" if check.changed else "not approved")
    print(f"{check.item.id}{shown(named)}: {state}")
    _print_command(check)


def _undefined(ws: Workspace, check: DeclaredCheck) -> str:
    """A check the config lacks, in short (its DeclaredCheck.problem says it at length)."""
    return (f"not defined: add it to {ws.display_path(ws.config().path)} under [checks], e.g. "
            f"{check.name} = \"your command\"")


def _print_command(check: DeclaredCheck) -> None:
    assert check.spec is not None
    where = f" (in {check.spec.cwd}/)" if check.spec.cwd else ""
    lines = check.spec.run.split("\n")
    print(f"    $ {shown(lines[0])}" + "".join(f"\n      {shown(line)}" for line in lines[1:])
          + shown(where))


# --- run -------------------------------------------------------------------------------

def run_run(args: argparse.Namespace) -> int:
    chosen = sum((args.item is not None, args.all, args.stale))
    if chosen != 1:
        raise ValueInputError("hotfix run: give ITEM_ID, --all or --stale (one of them)")
    ws = workspace(args)
    session = ws.load_or_create(ws.session_name(args.session))
    if args.item is not None:
        prepared = [ws.checks.prepare(session, session.checklist.item(args.item).id)]
    else:
        prepared = _prepare_many(ws, session, stale=args.stale)
        if not prepared:
            print("nothing to run: " + ("no passing check is stale" if args.stale
                                        else "every check the config defines has passed"),
                  file=sys.stderr)
            return EXIT_OK
    failed = 0
    for check in prepared:
        session, result = _run_and_record(ws, session, check, announce=len(prepared) > 1)
        if result is None:
            return EXIT_INTERRUPTED
        failed += not result.passed
    if len(prepared) > 1:
        print(f"{len(prepared) - failed} of {len(prepared)} check(s) passed", file=sys.stderr)
    return EXIT_CHECK_FAILED if failed else EXIT_OK


def _prepare_many(ws: Workspace, session: Session, stale: bool) -> list[PreparedCheck]:
    """Every check `--all` / `--stale` runs, each cleared before any runs (one refused
    refuses them all); a check the config does not define is skipped, said so."""
    items = ws.checks.to_run(session, stale=stale)
    undefined = {check.item.id: _undefined(ws, check)
                 for check in ws.checks.declared(session.checklist) if check.spec is None}
    prepared = []
    for item in items:
        if item.id in undefined:
            print(f"hotfix: skipped {item.id}: {shown(undefined[item.id])}",
                  file=sys.stderr)
        else:
            prepared.append(ws.checks.prepare(session, item.id))
    return prepared


def _run_and_record(ws: Workspace, session: Session, check: PreparedCheck,
                    announce: bool) -> tuple[Session, RunResult | None]:
    """Run one check, its output to stdout as it comes, and record the run; on ctrl+c the
    run's process group is ended and the run recorded as cancelled (None returned)."""
    if announce:
        print(f"== {check.item.id}: $ {shown(' '.join(check.spec.run.split()))}",
              file=sys.stderr, flush=True)
    cancel = threading.Event()
    result = _run_interruptibly(check, cancel)
    session = ws.checks.record(session, check.item.id, result)
    _print_verdict(ws, session, check, result)
    return session, None if cancel.is_set() else result


def _run_interruptibly(check: PreparedCheck, cancel: threading.Event) -> RunResult:
    """The run happens in a thread: the main thread only waits, so a ctrl+c reaches it
    (the command, in a process group of its own, never sees the terminal's SIGINT) and
    ends the run through `cancel`."""
    done: list[RunResult] = []
    failed: list[BaseException] = []
    finished = threading.Event()

    def work() -> None:
        try:
            done.append(check.run(_print_line, cancel))
        except BaseException as exc:  # re-raised on the main thread
            failed.append(exc)
        finally:
            finished.set()

    # An Event, not Thread.join: an interrupted join can leave the thread looking ended.
    threading.Thread(target=work, name=f"check {check.item.id}", daemon=True).start()
    while not finished.is_set():
        try:
            finished.wait(JOIN_POLL)
        except KeyboardInterrupt:
            if not cancel.is_set():
                print("\nhotfix: cancelling: ending the check's processes", file=sys.stderr,
                      flush=True)
            cancel.set()
    if failed:
        raise failed[0]
    return done[0]


def _print_line(line: str) -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def _print_verdict(ws: Workspace, session: Session, check: PreparedCheck,
                   result: RunResult) -> None:
    from hotfix_tui.core.model.evidence import runs, summary

    recorded = runs(session, check.item.id)[-1]
    ticked = "ticked" if result.passed else "not ticked"
    log = f"; full output: {ws.display_path(result.log_path)}" if result.log_path else ""
    last = ""
    if not result.passed and recorded.excerpt:  # masked, unlike the lines streamed
        last_line = recorded.excerpt.rsplit("\n", 1)[-1].strip()
        last = f"; last line: {last_line!r}"
    print(f"{check.item.id}: {shown(summary(recorded))} ({ticked}){shown(last)}{shown(log)}",
          file=sys.stderr)

