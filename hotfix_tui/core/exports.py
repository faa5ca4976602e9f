"""Exports: the PR body, release notes and a changelog entry, written all or none, and
the export recorded in the session (the first complete one is the resolution time).

The one export service: the CLI and the app both call `export` and keep the session it
returns.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from hotfix_tui.core.errors import ExportError, UnmetRequired, ValueInputError
from hotfix_tui.core.markdown.render import body_parts, pr_body
from hotfix_tui.core.model.session import Session
from hotfix_tui.core.storage.files import read_text, write_all

if TYPE_CHECKING:
    from hotfix_tui.core.safety.secrets import Finding
    from hotfix_tui.core.workspace import Workspace

# A target of `ExportPlan`: a file, or standard output.
STDOUT = "-"
Target = Path | str


class ExportPlan(NamedTuple):
    pr_body: Target | None = None
    release_notes: Target | None = None
    changelog: Path | None = None  # a changelog file to add the release to
    version: str | None = None  # None: the patch after the nearest release tag
    timeline: bool = False  # the log folded under the PR body
    draft: bool = False  # export though required items are unmet (a draft is not recorded)
    allow_secret: bool = False  # export though something looks like a secret

    def check(self) -> None:
        """Refuse a plan that asks for nothing, or for what cannot go together."""
        if not (self.pr_body or self.release_notes or self.changelog):
            raise ValueInputError("export what? give --pr-body, --release-notes and/or "
                                  "--changelog")
        if self.timeline and not self.pr_body:
            raise ValueInputError("--timeline goes with --pr-body: it is appended to the PR body")


class Exported(NamedTuple):
    session: Session  # saved, with the export recorded when it was complete
    stdout: str  # what goes to standard output, in plan order
    written: tuple[Path, ...]
    version: str | None
    draft: bool  # required items were unmet
    secrets: tuple[Finding, ...] = ()  # what looks like a secret, exported as allowed


def export(ws: Workspace, session: Session, plan: ExportPlan, day: date | None = None) -> Exported:
    """Render everything the plan asks for, then write it all (or nothing, when any part
    is refused), then record the export."""
    plan.check()
    unmet = session.unmet_required()
    if unmet and not plan.draft:
        raise UnmetRequired(session, "not exporting: required items are unmet (use --draft to "
                                     "export anyway)")
    # The log goes out only folded under the PR body (`timeline`).
    if not plan.allow_secret:
        ws.refuse_secrets(session, "exporting", log=plan.timeline)
    # Known before anything is written: a missing release tag must not leave half an
    # export behind (a PR body written, its resolution time recorded).
    version = (ws.release_version(plan.version)
               if plan.release_notes or plan.changelog else None)
    outputs: list[tuple[Target, str]] = []
    recorded = session
    if plan.pr_body:
        # Recorded before rendering: the first complete export is the resolution time. A
        # draft is a preview: it records nothing (and so needs no author, nor GitPython).
        recorded = ws.record_export(session)
        body = pr_body(recorded, timeline=plan.timeline)
        problem = github_size_problem(recorded, body)
        if problem is not None:
            raise ExportError(f"not exporting: {problem}")
        outputs.append((plan.pr_body, body))
    if version is not None:
        from hotfix_tui.core.markdown.release_notes import (
            add_changelog_entry,
            changelog_entry,
            release_notes,
        )

        today = day or ws.today()
        if plan.release_notes:
            outputs.append((plan.release_notes, release_notes(recorded, version, today)))
        if plan.changelog:
            old = read_text(plan.changelog, ExportError, "changelog", missing_ok=True)
            try:
                new = add_changelog_entry(old, changelog_entry(recorded, version, today), version)
            except ValueInputError as exc:
                raise ExportError(f"{plan.changelog}: {exc}") from None
            outputs.append((plan.changelog, new))
    files = {Path(target): text for target, text in outputs if target != STDOUT}
    for path in files:
        _refuse_own_file(ws, path)
    write_all(files)
    if recorded is not session:
        recorded = ws.save(recorded)
    stdout = "".join(text for target, text in outputs if target == STDOUT)
    found: tuple[Finding, ...] = ()
    if plan.allow_secret:
        from hotfix_tui.core.safety.secrets import in_session  # loaded when text goes out

        found = tuple(in_session(session, plan.timeline))
    return Exported(recorded, stdout, tuple(files), version, bool(unmet), found)


def _refuse_own_file(ws: Workspace, path: Path) -> None:
    """One wrong tab must not overwrite a session, its log, the config or a checklist."""
    what = ws.layout.own_file(path)
    if what is None and path.resolve() in {p.resolve() for p in ws.checklists().values()}:
        what = "a checklist"
    if what is not None:
        raise ExportError(f"{path}: is {what}; not writing over it (export to another file, "
                          "e.g. in .hotfix/out/)")


# GitHub refuses a pull-request body longer than this (it counts characters).
GITHUB_BODY_LIMIT = 65_536


def github_size_problem(session: Session, body: str) -> str | None:
    """Why GitHub would refuse the body (too long: the size, and the items to trim), or
    None when it fits. Never cut silently: the person chooses what goes."""
    if len(body) <= GITHUB_BODY_LIMIT:
        return None
    sizes = sorted(((sum(len(line) + 1 for line in run), item.label)
                    for item, run in body_parts(session.checklist, session.value)
                    if item is not None), reverse=True)
    longest = ", ".join(f"{label} ({size:,} characters)" for size, label in sizes[:3])
    return (f"the PR body is {len(body):,} characters, over GitHub's limit of "
            f"{GITHUB_BODY_LIMIT:,}; shorten the longest items: {longest}")
