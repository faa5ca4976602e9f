"""Evidence checks, the use cases: which checks a checklist declares and whether each is
approved here, approving them, running one and recording what it showed.

Commands come only from the checklist definition (`run`) and the repo's config
(`[checks]`), never from a session file or a PR body, and run only once this clone's
user approved their exact text (trust.py). Nothing here runs on its own: a run is always
asked for. The CLI calls `ws.checks.prepare`, `PreparedCheck.run` and `ws.checks.record`;
the app calls `prepare` (on its UI thread), `PreparedCheck.run` (in a worker) and `add`
(on the newest session, which its autosave saves).
"""

from __future__ import annotations

import threading
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from hotfix_tui.core.checks.runner import OutputFn, RunResult, run_command
from hotfix_tui.core.checks.trust import Approvals, approve, read_approvals
from hotfix_tui.core.errors import CheckError, ValueInputError
from hotfix_tui.core.model.check import CheckSpec
from hotfix_tui.core.model.checklist import Checklist, Item
from hotfix_tui.core.model.events import CHECK_FAILED, Event
from hotfix_tui.core.model.evidence import excerpt, passed, run_kind, with_run
from hotfix_tui.core.model.session import Session
from hotfix_tui.core.safety.secrets import mask
from hotfix_tui.core.storage.config import Config

if TYPE_CHECKING:
    from hotfix_tui.core.workspace import Workspace


class DeclaredCheck(NamedTuple):
    """A box's check as `hotfix trust` lists it."""

    item: Item
    name: str | None  # the config's check it names; None: the item's own `run`
    spec: CheckSpec | None  # None: the config lacks the check it names (see `problem`)
    problem: str | None
    approved: bool
    changed: bool  # an earlier command of the item was approved, not this one


class PreparedCheck(NamedTuple):
    """A check cleared to run: its command approved, its folder inside the repo."""

    item: Item
    spec: CheckSpec
    cwd: Path
    log_path: Path

    def run(self, on_output: OutputFn | None = None,
            cancel: threading.Event | None = None) -> RunResult:
        """Run it (blocking; safe in a worker thread). `on_output` gets each line from a
        reader thread; setting `cancel` ends the run and its whole process group."""
        return run_command(self.spec, self.cwd, on_output, cancel, self.log_path)


def resolve(item: Item, config: Config) -> CheckSpec:
    """The command an item runs: its own `run`, or the config's check it names."""
    if item.run is not None:
        return item.run
    if not item.check:
        raise ValueInputError(f"item {item.id!r} has no check to run (a checklist gives a box "
                              "one with `run = \"...\"` or `check = \"NAME\"`)")
    spec = config.checks.get(item.check)
    if spec is None:
        raise CheckError(f"{config.path}: no check {item.check!r}, which item {item.id!r} "
                         f"({item.label}) runs: add it under [checks], e.g. "
                         f"{item.check} = \"your command\"")
    return spec


def _declared(item: Item, config: Config, approvals: Approvals) -> DeclaredCheck:
    name = item.check or None
    try:
        spec = resolve(item, config)
    except CheckError as exc:
        return DeclaredCheck(item, name, None, str(exc), False, False)
    return DeclaredCheck(item, name, spec, None, approvals.approved(spec),
                         approvals.changed(item.id, spec))


def run_event(result: RunResult, item_id: str, by: str) -> Event:
    """A run as the log keeps it: the command and its output excerpt with secrets masked;
    why it failed (a cancel's kind says it all)."""
    kind = run_kind(result.outcome)
    return Event(result.started_at, by, kind, item=item_id,
                 note=result.reason if kind == CHECK_FAILED else None, command=mask(result.command),
                 exit_status=result.exit_status, duration=result.duration,
                 excerpt=excerpt(result.tail) or None)


class Checks:
    """The evidence-check use cases of one workspace: `ws.checks`."""

    def __init__(self, ws: Workspace) -> None:
        self.ws = ws

    def declared(self, checklist: Checklist) -> list[DeclaredCheck]:
        """Every box's check with its command and whether it is approved here (`hotfix trust`)."""
        ws = self.ws
        config, approvals = ws.config(), read_approvals(ws.layout.trusted_commands)
        return [_declared(item, config, approvals) for item in checklist.items()
                if item.has_check]

    def trust(self, checklist: Checklist, item_id: str | None = None,
              shown: str | None = None) -> list[DeclaredCheck]:
        """Approve one item's command (`item_id`), or every declared command the config
        can give (None); returns the checks approved. With `shown`, the command the user
        read: one that changed since is refused, never approved unseen."""
        ws = self.ws
        if item_id is not None:
            item = checklist.item(item_id)
            chosen = [(item, resolve(item, ws.config()))]
            if shown is not None and chosen[0][1].run != shown:
                raise CheckError(f"item {item_id!r}: its command changed while you read it; "
                                 "not approved, look at it again")
        else:
            chosen = [(c.item, c.spec) for c in self.declared(checklist) if c.spec is not None]
        ws.layout.ensure_ignored()
        path = ws.layout.trusted_commands
        approve(path, ws.layout.lock(path), [(item.id, spec) for item, spec in chosen],
                by=ws.author, at=datetime.now().astimezone().replace(microsecond=0))
        approvals = read_approvals(path)
        return [_declared(item, ws.config(), approvals) for item, _ in chosen]

    def prepare(self, session: Session, item_id: str) -> PreparedCheck:
        """Clear an item's check to run, or refuse in one line: no check, the config lacks
        it, its folder is missing or outside the repo, its command is not approved here.
        Runs nothing."""
        ws = self.ws
        item = session.checklist.item(item_id)
        spec = resolve(item, ws.config())
        read_approvals(ws.layout.trusted_commands).require(item_id, spec)
        root = ws.root.resolve()
        cwd = (root / spec.cwd).resolve()
        if not cwd.is_relative_to(root):
            raise CheckError(f"item {item_id!r}: its folder {spec.cwd!r} leads out of the repo "
                             f"(to {cwd}); refusing to run there")
        if not cwd.is_dir():
            raise CheckError(f"item {item_id!r}: its folder {cwd} does not exist")
        ws.layout.ensure_ignored()
        return PreparedCheck(item, spec, cwd,
                             ws.layout.run_log(session.name, item_id, datetime.now()))

    def add(self, session: Session, item_id: str, result: RunResult) -> Session:
        """The session with a run recorded (the box ticked on success, unticked on
        failure), not saved yet: the app's autosave saves it with what was typed meanwhile."""
        return with_run(session, item_id, run_event(result, item_id, self.ws.author))

    def record(self, session: Session, item_id: str, result: RunResult) -> Session:
        """`add`, saved through the one save transaction."""
        return self.ws.save(self.add(session, item_id, result))

    def run(self, session: Session, item_id: str, on_output: OutputFn | None = None,
            cancel: threading.Event | None = None) -> tuple[Session, RunResult]:
        """Prepare, run and record an item's check (`hotfix run ITEM_ID`); saved."""
        result = self.prepare(session, item_id).run(on_output, cancel)
        return self.record(session, item_id, result), result

    def to_run(self, session: Session, stale: bool = False) -> list[Item]:
        """`hotfix run --all`: every declared check not yet passed; `--stale`: the checks
        whose passing tick is older than the newest code commit."""
        return checks_to_run(session, self.ws.stale_items(session) if stale else None)


def checks_to_run(session: Session, stale_items: list[Item] | None = None) -> list[Item]:
    """The boxes `hotfix run --all` runs: every declared check whose box a passing run
    does not vouch for (never run, failed, cancelled, ticked by hand), N/A ones left out;
    with `stale_items` (`--stale`), exactly those of them that declare a check (N/A ones
    left out too)."""
    if stale_items is not None:
        return [item for item in stale_items
                if item.has_check and session.na_reason(item.id) is None]
    return [item for item in session.checklist.items()
            if item.has_check and session.na_reason(item.id) is None
            and not passed(session, item)]
