"""The one door the CLI and the app use: a repo, its checklists and its sessions, and
the use cases that record a person's changes."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

import tomli_w

from hotfix_tui.core import session_names
from hotfix_tui.core.definition.catalog import Catalog, is_path, template_name
from hotfix_tui.core.definition.loader import parse_checklist
from hotfix_tui.core.errors import (
    ChecklistError,
    SessionError,
    ValueInputError,
)
from hotfix_tui.core.git.head import checked_out
from hotfix_tui.core.git.prefill import Prefilled, prefill, stale_ticks
from hotfix_tui.core.git.repo import RepoInfo, open_repo
from hotfix_tui.core.git.snapshot import RepoSnapshot, last_code_change, read_snapshot
from hotfix_tui.core.model.checklist import Checklist, Item, Value
from hotfix_tui.core.model.events import EXPORTED, MAX_NAME, Event, is_name, printable_name
from hotfix_tui.core.model.session import Session
from hotfix_tui.core.safety.secret_warnings import SecretWarnings
from hotfix_tui.core.same_question import fill_same
from hotfix_tui.core.sessions import Saved, SessionStore
from hotfix_tui.core.storage.config import Config, load_config
from hotfix_tui.core.storage.exported_body import forget_bodies
from hotfix_tui.core.storage.files import read_toml, write_atomic
from hotfix_tui.core.storage.layout import (
    Layout,
    check_session_name,
)

if TYPE_CHECKING:
    from hotfix_tui.core.body_imports import BodyImport
    from hotfix_tui.core.checks.service import Checks
    from hotfix_tui.core.exports import Exported, ExportPlan
    from hotfix_tui.core.pr_sync import PrSync
    from hotfix_tui.core.releases import Release, TagHints
    from hotfix_tui.core.storage.pr_record import PrRecord

# Later than any commit: the ticks stale before it are every tick a commit could make stale.
END_OF_TIME = datetime.max.replace(tzinfo=UTC)
DEFAULT_CHECKLIST = "hotfix"


def now() -> datetime:
    """The time recorded for a change: local, with its UTC offset, to the second."""
    return datetime.now().astimezone().replace(microsecond=0)


def instant() -> datetime:
    """The time a change is recorded, its item's and its event's: to the microsecond, so
    two changes within one second order (and merge) as they happened."""
    return datetime.now().astimezone()


class Workspace:
    """A repo and who works in it: the door the CLI and the app use for every use case.

    It wires the parts (layout, catalog, session store, exports, git) and records changes
    as its author, now; the parts themselves know neither.
    """

    def __init__(self, repo: RepoInfo, given_author: str | None = None) -> None:
        # Bytes that are not UTF-8 arrive as lone surrogates, which no file can hold.
        if given_author is not None and not is_name(given_author):
            raise ValueInputError(f"--as {given_author!r}: give a name of printable text, at "
                                  f"most {MAX_NAME} characters")
        self.repo = repo
        # Who changes are recorded as when not git's user.name (`--as NAME`).
        self.given_author = given_author
        self._user: str | None = None
        self.layout = Layout(repo.root)
        self.catalog = Catalog(repo.root)
        self.store = SessionStore(self.layout, self.catalog.load, lambda: self.author)
        # How the door shows a warning (text that looks like a secret): the CLI prints it,
        # the app shows a notice. Each is given once per place and kind.
        self.warn: Callable[[str], None] = lambda message: None
        self.secrets = SecretWarnings(lambda message: self.warn(message))

    @classmethod
    def open(cls, path: Path | None = None, author: str | None = None) -> Workspace:
        return cls(repo=open_repo(path or Path.cwd()), given_author=author)

    @property
    def author(self) -> str:
        # Looked up when a change is first recorded: one `git config` call.
        if self.given_author:
            return self.given_author
        if self._user is None:
            self._user = printable_name(self.repo.user)
        return self._user

    @cached_property
    def checks(self) -> Checks:
        """Evidence checks: declared, approved, run, recorded (loaded when first used)."""
        from hotfix_tui.core.checks.service import Checks

        return Checks(self)

    @property
    def root(self) -> Path:
        return self.repo.root

    @property
    def sessions_dir(self) -> Path:
        return self.layout.dir

    def today(self) -> date:
        return now().date()

    def default_session_name(self) -> str:
        return session_names.default_name(self)

    def branch_session_name(self, branch: str) -> str:
        return session_names.branch_name(self, branch)

    def checked_out(self) -> str | None:
        """The branch the work tree is on now (read from git's files: cheap enough to poll)."""
        return checked_out(self.root) if self.repo.is_git else None

    def session_name(self, given: str | None) -> str:
        return self.default_session_name() if given is None else check_session_name(given)

    def session_path(self, name: str) -> Path:
        return self.layout.session(name)

    def session_names(self) -> list[str]:
        return self.store.names()

    def exists(self, name: str) -> bool:
        return self.store.exists(name)

    def checklists(self) -> dict[str, Path]:
        return self.catalog.available()

    def checklist(self, ref: str, from_here: bool = False) -> Checklist:
        return self.catalog.load(ref, from_here)

    def default_checklist(self) -> str:
        """What a new session starts with unless a checklist is named: the repo's
        `checklist` in .hotfix/config.toml (a path there is relative to the repo), else
        `hotfix`: the repo's own (a definition or a template of that name) before the
        built-in one."""
        ref = self.config().checklist
        if ref is None:
            return DEFAULT_CHECKLIST
        return str(self.root / ref) if is_path(ref) else ref

    def checklist_for_new(self, ref: str | None) -> Checklist:
        """The checklist a new session gets: `ref` as the user typed it, else the default."""
        if ref is not None:
            return self.catalog.load(ref, from_here=True)
        config = self.config()
        try:
            return self.catalog.load(self.default_checklist())
        except ChecklistError as exc:
            if config.checklist is None:
                raise
            raise ChecklistError(f"{config.path}: checklist = {config.checklist!r}: {exc}"
                                 ) from None

    def import_template(self, template: Path, output: Path | None = None,
                        force: bool = False) -> tuple[Path, Checklist]:
        """Write the checklist definition for a markdown PR template; by default to
        `.hotfix/checklists/<name>.toml`, where it is found by that name."""
        output = output or self.layout.checklists / f"{template_name(template)}.toml"
        if output.exists() and not force:
            raise ChecklistError(f"{output}: already exists (--force replaces it)")
        text = self.catalog.template_toml(template, output.stem)
        checklist = parse_checklist(text, output)
        write_atomic(output, text)
        return output, checklist

    def import_body(self, session: Session, body: str, source: str = "the PR body",
                    dry_run: bool = False) -> BodyImport:
        """Merge a filled PR body back into the session, taking nothing back; see
        body_imports.py. Saved at once unless `dry_run`."""
        from hotfix_tui.core.body_imports import import_body  # rare: loaded when used

        return import_body(self, session, body, source, dry_run)

    def load(self, name: str) -> Session:
        return self.store.load(name)

    def create(self, name: str, checklist_ref: str | None = None, *,
               from_git: bool = True) -> Session:
        """Start a session with the checklist named (else `default_checklist`), filled in
        from git unless `from_git` is false (the app reads git after its first screen is
        up, and fills in with `prefill_with`)."""
        path = self.layout.session(name)
        if path.exists():
            raise SessionError(f"{path}: session {name!r} already exists")
        checklist = self.checklist_for_new(checklist_ref)
        session = Session(name=name, checklist=checklist, created_at=now(),
                          created_by=self.author)
        if from_git:
            session = self.prefill_with(session, self.snapshot(session)).session
        self.layout.ensure_ignored()
        forget_bodies(self.layout, name)
        return self.store.create(session, self.catalog.ref_for(checklist))

    def load_or_create(self, name: str, checklist_ref: str | None = None) -> Session:
        """The session, started first if need be; never quietly a new one for a detached
        HEAD (a checkout of a commit has no branch whose session it would be)."""
        if self.exists(name):
            return self.load(name)
        session_names.refuse_detached(self, name)
        return self.create(name, checklist_ref)

    def save(self, session: Session) -> Session:
        """Save (see `SessionStore.save`); use the returned session from then on."""
        return self.store.save(session).session

    def save_merged(self, session: Session) -> Saved:
        """`save`, also telling which items now hold someone else's value."""
        return self.store.save(session)

    def sync(self, session: Session) -> Saved:
        return self.store.sync(session)

    def change(self, session: Session, item_id: str, value: Value,
               by: str | None = None) -> Session:
        """A change by this workspace's author (or `by` someone: an approval given on the
        phone), now, answering the same question where the checklist asks it again
        (`same_as`); not saved yet."""
        by = self._given_by(by)
        at, previous = instant(), session.entered(session.checklist.item(item_id))
        return fill_same(session.with_value(item_id, value, at=at, by=by), item_id,
                         previous, at=at, by=by)

    def _given_by(self, by: str | None) -> str:
        if by is not None and not is_name(by):
            raise ValueInputError(f"approved by {by!r}? give a name of printable text, at "
                                  f"most {MAX_NAME} characters")
        return by or self.author

    def set_value(self, session: Session, item_id: str, value: Value) -> Session:
        """Record a change by this workspace's author now, and save it."""
        session = self.change(session, item_id, value)
        self.secrets.of_item(session, item_id, "the value")
        return self.save(session)

    def mark_na(self, session: Session, item_id: str, reason: str) -> Session:
        """Mark a box not applicable with a reason, by this workspace's author, now; not
        saved yet. It counts as done; setting the box's value again clears it."""
        session = session.with_na(item_id, reason, at=instant(), by=self.author)
        self.secrets.of_item(session, item_id, "the N/A reason")
        return session

    def approve_phase(self, session: Session, phase_id: str, role: str,
                      approved: bool = True, by: str | None = None) -> Session:
        """Record (or withdraw) a phase approval the process requires, given `by` someone
        (a phone call's approver), else by this workspace's author; not saved yet."""
        return session.with_phase_approval(phase_id, role, approved, at=instant(),
                                           by=self._given_by(by))

    def handoff(self, session: Session, to: str, note: str = "") -> Session:
        """Hand the session to someone, with a note for them; saved."""
        self.secrets.of_text(note, "the handoff note")
        return self.save(session.with_handoff(to, note, at=instant(), by=self.author))

    def record_export(self, session: Session, what: str = "the PR body") -> Session:
        """Note that the PR body goes out now, complete; not saved yet. The first such
        export is the resolution time. Drafts (required items unmet) are previews: none
        is recorded."""
        if session.unmet_required():
            return session
        return session.with_event(Event(instant(), self.author, EXPORTED, note=what))

    def load_ui_state(self, name: str) -> dict[str, str]:
        """What the app remembers locally about a session (the section last visited)."""
        try:
            data = read_toml(self.layout.ui_state(name), SessionError, "app state",
                             missing_ok=True) or {}
        except SessionError:
            return {}  # a lost or broken UI memory only costs a starting position
        return {k: v for k, v in data.items() if isinstance(v, str)}

    def save_ui_state(self, name: str, state: dict[str, str]) -> None:
        self.layout.ensure_ignored()
        write_atomic(self.layout.ui_state(name), tomli_w.dumps(state))

    def display_path(self, path: Path) -> str:
        """A path as the user would type it from where they are: relative when inside cwd."""
        try:
            return str(path.resolve().relative_to(Path.cwd().resolve()))
        except ValueError:
            return str(path)

    def out_path(self, session: Session, kind: str) -> Path:
        """Where the app exports: `.hotfix/out/<session>.<kind>.md`, git-ignored."""
        self.layout.ensure_ignored()
        return self.layout.out(session.name, kind)

    def export(self, session: Session, plan: ExportPlan) -> Exported:
        """Write what `plan` asks for, all or none; see exports.py."""
        from hotfix_tui.core.exports import export  # the PR body's renderer: for exports only

        return export(self, session, plan)

    # --- the pull request -------------------------------------------------------------

    def sync_pr(self, session: Session) -> PrSync:
        """`hotfix pr`: open the session's pull request (pushing the branch when it has
        no upstream), or bring the two into step both ways; see pr_sync.py. Use the
        returned session from then on. Failures are one-line `HotfixError`s; a failed
        push saves nothing."""
        from hotfix_tui.core.pr_sync import sync_pr  # loaded when used: gh is rare

        return sync_pr(self, session)

    def pr_record(self, session: Session) -> PrRecord | None:
        """The session's pull request as last synced (number, url, when), read from the
        repo alone: no network. None before the first `hotfix pr`."""
        from hotfix_tui.core.storage.pr_record import read_pr_state

        state = read_pr_state(self.layout, self.session_path(session.name))
        return state.record if state is not None else None

    # --- git: pre-fill, stale ticks, release notes, branches and commits ---------------

    def config(self) -> Config:
        return load_config(self.root)

    def snapshot(self, session: Session | None = None) -> RepoSnapshot | None:
        """What git knows about the branch now (against the base `session` recorded, if
        any); None without git or without commits."""
        if not self.repo.is_git:
            return None
        recorded = session.git.base if session is not None and session.git else None
        return read_snapshot(self.root, self.config(), recorded)

    def _prefill(self, session: Session) -> Prefilled:
        return self.prefill_with(session, self.snapshot(session))

    def prefill_with(self, session: Session, snapshot: RepoSnapshot | None) -> Prefilled:
        """Fill in what a snapshot of git knows, never over typed values. No I/O, so the
        app can read the snapshot off its UI thread and apply it to the newest session."""
        if snapshot is None:
            return Prefilled(session, (), ())
        result = prefill(session, snapshot, at=instant(), by=self.author)
        for item_id in result.updated:
            self.secrets.of_item(result.session, item_id, "what git filled in")
        return result

    def refresh(self, session: Session) -> Prefilled:
        """Fill in again what git knows (never over what a person typed) and record the
        branch, base and head; saved when anything changed."""
        result = self._prefill(session)
        if result.session != session:
            result = result._replace(session=self.save(result.session))
        return result

    def stale_items(self, session: Session) -> list[Item]:
        """Ticked review, testing and verification boxes older than the newest commit."""
        # Without such ticks git need not be read at all (nor GitPython loaded).
        if not self.repo.is_git or not stale_ticks(session, END_OF_TIME):
            return []
        changed = last_code_change(self.root)
        return stale_ticks(session, changed) if changed else []

    def release(self, given: str | None = None, hints: TagHints | None = None) -> Release:
        """The release a hotfix here makes: `given` (checked), else the patch after HEAD's
        nearest release tag (`ratatui-v0.30.2` -> 0.30.3), with the tag it gets; see
        releases.py."""
        from hotfix_tui.core.releases import find_release

        return find_release(self.root, self.config(), given, hints)

    def release_version(self, given: str | None = None) -> str:
        return self.release(given).version

    def start(self, name: str, checklist_ref: str | None = None,
              session_name: str | None = None) -> tuple[Session, str | None]:
        """`hotfix start NAME`: branch and session; see branching.py."""
        from hotfix_tui.core.branching import start

        return start(self, name, checklist_ref, session_name)

    def commit(self, session: Session, allow_secret: bool = False) -> str | None:
        """`hotfix commit`: the session's files alone; see branching.py."""
        from hotfix_tui.core.branching import commit

        return commit(self, session, allow_secret)
