"""Exports: the PR body, release notes, a changelog entry and the postmortem, written all
or none, and the export recorded in the session (the first complete PR body is the
resolution time).

The one export service: the CLI and the app both call `export` and keep the session it
returns. A dry run renders the same and writes nothing: it gives the diff of every file.
"""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from hotfix_tui.core.errors import ExportError, UnmetRequired, ValueInputError
from hotfix_tui.core.export_guards import github_size_problem, refuse_own_file
from hotfix_tui.core.markdown.render import pr_body
from hotfix_tui.core.model.session import Session
from hotfix_tui.core.storage.exported_body import with_body
from hotfix_tui.core.storage.files import read_text, write_all

if TYPE_CHECKING:
    from hotfix_tui.core.releases import Release, TagHints
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
    dry_run: bool = False  # write nothing, record nothing: give the diffs
    replace: bool = False  # rewrite the changelog's entry for the version if it has one
    allow_secret: bool = False  # export though something looks like a secret
    postmortem: Target | None = None  # the incident's postmortem, from the record
    postmortem_json: bool = False  # ... as JSON, for tools

    def check(self) -> None:
        """Refuse a plan that asks for nothing, or for what cannot go together."""
        if not (self.public or self.postmortem):
            raise ValueInputError("export what? give --pr-body, --release-notes, --changelog "
                                  "and/or --postmortem")
        if self.timeline and not self.pr_body:
            raise ValueInputError("--timeline goes with --pr-body: it is appended to the PR body")
        if self.replace and not self.changelog:
            raise ValueInputError("--replace goes with --changelog: it rewrites an entry there")
        if self.postmortem_json and not self.postmortem:
            raise ValueInputError("--json goes with --postmortem: it writes the postmortem as "
                                  "JSON")

    @property
    def public(self) -> bool:
        """Whether the plan exports what the PR and the release publish (not the
        postmortem, an account of the incident written while it is still open too)."""
        return bool(self.pr_body or self.release_notes or self.changelog)

    @property
    def with_log(self) -> bool:
        """Whether the session's log goes out: folded under the PR body, or in the
        postmortem's timeline."""
        return self.timeline or bool(self.postmortem)


class Exported(NamedTuple):
    session: Session  # saved, with the export recorded when it was complete
    stdout: str  # what goes to standard output, in plan order (a dry run: the diffs)
    written: tuple[Path, ...]  # what was written (a dry run: what would be)
    release: Release | None
    draft: bool  # required items were unmet
    replaced: bool = False  # the changelog's entry for the version was rewritten
    secrets: tuple[Finding, ...] = ()  # what looks like a secret, exported as allowed

    @property
    def version(self) -> str | None:
        return self.release.version if self.release else None


def export(ws: Workspace, session: Session, plan: ExportPlan, day: date | None = None) -> Exported:
    """Render everything the plan asks for, then write it all (or nothing, when any part
    is refused), then record the export."""
    plan.check()
    unmet = session.unmet_required()
    if unmet and plan.public and not plan.draft:
        raise UnmetRequired(session, "not exporting: required items are unmet (use --draft to "
                                     "export anyway)")
    if not plan.allow_secret:
        ws.secrets.refuse(session, "exporting", log=plan.with_log)
    old_changelog = (read_text(plan.changelog, ExportError, "changelog", missing_ok=True)
                     if plan.changelog else None)
    # Known before anything is written: a missing release tag must not leave half an
    # export behind (a PR body written, its resolution time recorded).
    release = (ws.release(plan.version, _hints(ws, plan.changelog, old_changelog))
               if plan.release_notes or plan.changelog else None)
    outputs: list[tuple[Target, str]] = []
    bases: dict[Path, str] = {}
    recorded = session
    if plan.pr_body:
        # Recorded before rendering: the first complete export is the resolution time. A
        # draft is a preview: it records nothing (and so needs no author, nor GitPython).
        if not plan.dry_run:
            recorded = ws.record_export(session)
        body = pr_body(recorded, timeline=plan.timeline)
        problem = github_size_problem(recorded, body)
        if problem is not None:
            raise ExportError(f"not exporting: {problem}")
        outputs.append((plan.pr_body, body))
        # Kept as the base `import-body` merges this body against when it comes back.
        bases = with_body(ws.layout, session, body)
    replaced = False
    if release is not None:
        from hotfix_tui.core.markdown.changelog import add_entry, has_entry
        from hotfix_tui.core.markdown.release_notes import changelog_bullets, release_notes

        today = day or ws.today()
        if plan.release_notes:
            outputs.append((plan.release_notes, release_notes(recorded, release.version, today)))
        if plan.changelog:
            follows = _version_of(release)
            try:
                replaced = has_entry(old_changelog, release.version) and plan.replace
                new = add_entry(old_changelog, changelog_bullets(recorded), release.version,
                                today, follows, replace=plan.replace)
            except ValueInputError as exc:
                raise ExportError(f"{plan.changelog}: {exc}") from None
            outputs.append((plan.changelog, new))
    if plan.postmortem:
        outputs.append((plan.postmortem, _postmortem(recorded, plan.postmortem_json)))
    files = {Path(target): text for target, text in outputs if target != STDOUT}
    stdout = "".join(text for target, text in outputs if target == STDOUT)
    for path in files:
        refuse_own_file(ws, path)
    if plan.dry_run:
        return Exported(session, _diffs(files) + stdout, tuple(files), release, bool(unmet),
                        replaced)
    # Every target is the user's own file (written as an editor would: through its symlink,
    # keeping its mode), except the app's exports inside .hotfix/, which the tool owns.
    own = os.path.abspath(ws.sessions_dir) + os.sep
    user_files = {path for path in files if not os.path.abspath(path).startswith(own)}
    if bases:
        ws.layout.ensure_ignored()
    write_all({**files, **bases}, user_files=user_files)
    if recorded is not session:
        recorded = ws.save(recorded)
    found: tuple[Finding, ...] = ()
    if plan.allow_secret:
        from hotfix_tui.core.safety.secrets import in_session  # loaded when text goes out

        found = tuple(in_session(session, plan.with_log))
    return Exported(recorded, stdout, tuple(files), release, bool(unmet), replaced, found)


def _postmortem(session: Session, as_json: bool) -> str:
    from hotfix_tui.core.postmortem import postmortem_data

    data = postmortem_data(session)
    if as_json:
        import json

        from hotfix_tui.core.safety.terminal import json_safe

        return json_safe(json.dumps(data, indent=2, ensure_ascii=False)) + "\n"
    from hotfix_tui.core.markdown.postmortem import postmortem

    return postmortem(data)


def _hints(ws: Workspace, changelog: Path | None, text: str | None) -> TagHints:
    """What the changelog says about its package's tags: its folders in the repo
    (`crates/home/CHANGELOG.md`), its title, the tags its newest entries link to."""
    from hotfix_tui.core.releases import TagHints

    if changelog is None:
        return TagHints()
    try:
        folders = changelog.resolve().parent.relative_to(ws.root.resolve()).parts[::-1]
    except ValueError:  # outside the repo
        folders = ()
    if not text:
        return TagHints(folders)
    from hotfix_tui.core.markdown.changelog import tag_hints

    hints = tag_hints(text)
    return TagHints((*folders, *([hints.title] if hints.title else [])), hints.linked,
                    hints.versions)


def _version_of(release: Release) -> str | None:
    """The version of the tag the release follows, for the changelog's compare links."""
    from hotfix_tui.core.git.tags import parse_tag

    tag = parse_tag(release.follows) if release.follows else None
    return tag.version.text if tag else None


def _diffs(files: dict[Path, str]) -> str:
    """The unified diff of each file as it is and as the export would write it, control
    characters shown escaped (a terminal must not run them)."""
    import difflib

    out = []
    for path, new in files.items():
        old = read_text(path, ExportError, "file", missing_ok=True)
        lines = difflib.unified_diff(_visible(old or ""), _visible(new),
                                     f"a/{path}" if old is not None else "/dev/null",
                                     f"b/{path}", lineterm="")
        out += [f"{line}\n" for line in lines]
    return "".join(out)


def _visible(text: str) -> list[str]:
    from hotfix_tui.core.markdown.changelog_doc import split_lines

    return ["".join(char if char == "\t" or char.isprintable() else repr(char)[1:-1]
                    for char in line.text) for line in split_lines(text)]
