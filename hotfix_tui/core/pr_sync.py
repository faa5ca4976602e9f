"""`hotfix pr`: open the session's pull request, or bring the two into step both ways.

A sync reads the PR, merges what its body says now into the session three ways against
the body as it was when the two were last in step (markdown/body_merge.py), renders the
session's body with the text people added to the PR kept, and pushes it only when it says
something the PR's body does not. The PR is read once more just before writing, and when
it changed meanwhile the merge is done again with what it says then.

Nothing is saved until the PR holds the new body: a push that fails leaves the session,
its log and the PR record as they were, and the body that could not be pushed is written
to `.hotfix/out/`. The next `hotfix pr` does it all again.
"""

from __future__ import annotations

from contextlib import suppress
from datetime import datetime
from typing import NamedTuple

from hotfix_tui.core.errors import ForgeError, HotfixError, PullRequestGone
from hotfix_tui.core.forge import CLOSED, MERGED, Forge, PullRequest, Pushed, forge_for
from hotfix_tui.core.markdown.body_merge import (
    Change,
    Conflict,
    apply_changes,
    merge_body,
    said_briefly,
    same_body,
    with_added_text,
)
from hotfix_tui.core.markdown.release_notes import SUMMARY, title
from hotfix_tui.core.markdown.render import pr_body
from hotfix_tui.core.model.session import Session
from hotfix_tui.core.safety.terminal import removed
from hotfix_tui.core.storage.files import write_atomic
from hotfix_tui.core.storage.pr_record import PrRecord, body_hash, read_pr_state, write_pr_state
from hotfix_tui.core.workspace import Workspace, now

# How often the PR may change under a sync before it gives up (someone editing it now).
ATTEMPTS = 3
SHOWN_PROBLEMS = 5
# GitHub refuses a pull request title longer than this.
TITLE_LIMIT = 256


class PrSync(NamedTuple):
    """What `hotfix pr` did, for the CLI to print and the app to show."""

    session: Session  # saved: with what came from the PR
    pr: PullRequest  # as the forge has it after the sync (its body: the one pushed)
    at: datetime  # when the two were found, or brought, in step
    reference: str  # how people name the PR: `GitHub PR #12`
    created: bool = False  # the PR was opened now
    pushed_branch: Pushed | None = None  # the branch had no upstream: pushed and set
    pulled: tuple[Change, ...] = ()  # taken from the PR into the session
    sent: tuple[str, ...] = ()  # items whose value the new body changes on the PR
    conflicts: tuple[Conflict, ...] = ()  # changed on both sides: the session's kept
    problems: tuple[str, ...] = ()  # parts of the PR's body that could not be read
    kept: tuple[str, ...] = ()  # lines people added to the body outside the template
    body_pushed: bool = False  # the PR's body was rewritten
    marked_ready: bool = False  # a draft whose required items are now all done


def pr_title(session: Session) -> str:
    """The PR's title: the first line of the problem statement, else the session's name
    made readable (`hotfix-login-crash` -> `Login crash`). The problem statement is the
    item the checklist declares `release = "summary"`, as for the release notes. Without
    control and bidi characters (the website would show the title reordered) and cut to
    what GitHub accepts (a longer title makes `gh pr create` fail)."""
    for item in session.checklist.released(SUMMARY)[:1]:
        value = session.value(item)
        lines = (removed(line).strip() for line in str(value).splitlines())
        first = next((line for line in lines if line), "")
        if first:
            return first if len(first) <= TITLE_LIMIT else f"{first[:TITLE_LIMIT - 1]}…"
    return title(session)


def pr_summary(result: PrSync) -> list[str]:
    """What a sync did, one line each, for people: what `hotfix pr` prints and the app
    shows. Values are user text: each door escapes them its own way."""
    pr, checklist = result.pr, result.session.checklist
    lines = []
    if result.pushed_branch is not None:
        lines.append(f"pushed {result.pushed_branch.branch} to {result.pushed_branch.remote} "
                     "(it had no upstream)")
    if result.created:
        draft = " as a draft (required items are unmet)" if pr.draft else ""
        lines.append(f"opened {result.reference}{draft}: {pr.url}")
    else:
        lines.append(f"{result.reference}: {pr.url}")
    for change in result.pulled:
        lines.append(f"from the PR: {checklist.item(change.item_id).label}: "
                     f"{said_briefly(change.said)}")
    if result.sent:
        labels = ", ".join(checklist.item(item_id).label for item_id in result.sent)
        lines.append(f"to the PR: {labels}")
    for conflict in result.conflicts:
        lines.append(f"conflict: {conflict.label} changed on both sides: kept the session's "
                     f"{said_briefly(conflict.ours)}, not the PR's {said_briefly(conflict.theirs)}")
    if result.kept:
        lines.append(f"kept {len(result.kept)} line(s) people added to the PR's body")
    problems = result.problems
    if len(problems) > SHOWN_PROBLEMS:  # a body rewritten by hand: a few say enough
        problems = (*problems[:SHOWN_PROBLEMS - 1],
                    f"and {len(problems) - SHOWN_PROBLEMS + 1} more items not found")
    lines += [f"not read from the PR: {problem}" for problem in problems]
    if result.marked_ready:
        lines.append("marked ready for review: every required item is done")
    if not (result.created or result.pulled or result.body_pushed or result.marked_ready):
        lines.append("already in step: nothing to take in, nothing to push")
    return lines


def sync_pr(ws: Workspace, session: Session, forge: Forge | None = None) -> PrSync:
    """Open the session's pull request, or bring it and the session into step. On any
    failure nothing is saved, and the body it would have pushed is in `.hotfix/out/`."""
    pending = _Pending(session)
    try:
        return _sync(ws, session, forge or forge_for(ws.root), pending)
    except HotfixError as exc:
        raise _unpushed(ws, session, pending.body, exc) from None


def sync_saved(ws: Workspace, name: str) -> PrSync:
    """`sync_pr` of the session as saved, through a store of its own: for the app, which
    holds the session in memory and must take what the sync brings in as another
    writer's change (merged item by item with what is typed meanwhile), not as its own.
    Refused while the session holds what looks like a secret: a PR body is public."""
    apart = Workspace(ws.repo, ws.given_author)
    session = apart.load(name)
    apart.secrets.refuse(session, "pushing the PR body", log=False)
    return sync_pr(apart, session)


class _Pending:
    """The body a sync means to push, as far as it got: kept when the sync fails."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.merged: str | None = None

    @property
    def body(self) -> str:
        return self.merged if self.merged is not None else pr_body(self.session)


def _sync(ws: Workspace, session: Session, forge: Forge, pending: _Pending) -> PrSync:
    state = read_pr_state(ws.layout, ws.session_path(session.name))
    if state is None:
        branch = _branch(ws, session)
        pr = forge.find(branch)
        if pr is None:
            return _create(ws, session, forge, branch)
        base = None  # a PR opened by hand: the untouched template stands for the base
    else:
        try:
            pr = forge.read(state.record.number)
        except PullRequestGone:
            # Deleted, or the repository moved: only the user can say which, and a new PR
            # must not be opened over a record that names another.
            record = ws.display_path(ws.layout.pr_dir(ws.session_path(session.name)))
            raise ForgeError(f"{state.record.url}: GitHub knows no such pull request any "
                             f"more; to open a new one, remove {record}/ (the session keeps "
                             "everything it holds), then run `hotfix pr` again") from None
        if pr.url != state.record.url:
            # Same number, another repository (a fork's clone, `gh repo set-default`, a
            # session brought from elsewhere): syncing would rewrite a stranger's PR.
            raise ForgeError(f"{forge.reference(pr.number)} here is {pr.url}, not the "
                             f"session's {state.record.url}: gh reads another repository "
                             "from this clone; point it at the session's (`gh repo "
                             "set-default`), then run `hotfix pr` again")
        base = state.base
    return _bring_into_step(ws, session, forge, pr, base, state.record if state else None,
                            pending)


def _create(ws: Workspace, session: Session, forge: Forge, branch: str) -> PrSync:
    pushed = forge.push(branch)
    pr = forge.create(title=pr_title(session), body=pr_body(session), head=branch,
                      base=_base_branch(ws, session), draft=bool(session.unmet_required()))
    at = now()
    _record(ws, session, pr, pr.body, at)
    _drop_unpushed(ws, session)
    return PrSync(session, pr, at, forge.reference(pr.number), created=True,
                  pushed_branch=pushed)


def _bring_into_step(ws: Workspace, session: Session, forge: Forge, pr: PullRequest,
                     base: str | None, record: PrRecord | None, pending: _Pending) -> PrSync:
    for _ in range(ATTEMPTS):
        _check_open(forge, pr)
        merge = merge_body(session, base, pr.body, by=forge.reference(pr.number),
                           at=pr.updated_at)
        merged, refused = apply_changes(session, merge.changes)
        pending.merged = body = with_added_text(merged, pr.body, merge.reading)
        pushed = not same_body(body, pr.body)
        if pushed:
            latest = forge.read(pr.number)  # once more, just before writing
            if latest.body != pr.body or latest.state != pr.state:
                pr = latest  # changed meanwhile: merge what it says now
                continue
            forge.edit_body(pr.number, body)
            pr = pr._replace(body=body)
        break
    else:
        raise ForgeError(f"{forge.reference(pr.number)} changed {ATTEMPTS} times while `hotfix "
                         "pr` read it: someone is editing it; run `hotfix pr` again in a moment")
    _drop_unpushed(ws, session)
    saved = ws.save(merged) if merged is not session else session
    at = now()
    if pushed or record is None or record.number != pr.number or base != pr.body:
        _record(ws, saved, pr, pr.body, at)
    ready = pr.draft and not saved.unmet_required()
    if ready:
        forge.mark_ready(pr.number)
        pr = pr._replace(draft=False)
    return PrSync(saved, pr, at, forge.reference(pr.number), pulled=merge.changes,
                  sent=(*merge.outgoing, *(c.item_id for c in merge.conflicts)),
                  conflicts=merge.conflicts, problems=(*merge.problems, *refused),
                  kept=tuple(line for _, line in merge.reading.stray), body_pushed=pushed,
                  marked_ready=ready)


def _check_open(forge: Forge, pr: PullRequest) -> None:
    name = forge.reference(pr.number)
    if pr.state == MERGED:
        raise ForgeError(f"{name} is merged: `hotfix pr` cannot sync a merged pull request "
                         f"(its body stays as it was merged): {pr.url}")
    if pr.state == CLOSED:
        raise ForgeError(f"{name} is closed: reopen it ({pr.url}), then run `hotfix pr` again")


def _record(ws: Workspace, session: Session, pr: PullRequest, base: str, at: datetime) -> None:
    record = PrRecord(number=pr.number, url=pr.url, synced_at=at, base_hash=body_hash(base))
    write_pr_state(ws.layout, ws.session_path(session.name), record, base)


def _unpushed(ws: Workspace, session: Session, body: str, error: HotfixError) -> HotfixError:
    """`error`, saying where the body that could not be pushed was kept."""
    path = ws.layout.unpushed_body(session.name)
    try:
        ws.layout.ensure_ignored()
        write_atomic(path, body)
    except HotfixError:
        return error
    return type(error)(f"{error} (the PR body is in {ws.display_path(path)})")


def _drop_unpushed(ws: Workspace, session: Session) -> None:
    """A body kept because it could not be pushed is superseded once one is."""
    with suppress(OSError):  # a stale copy in the git-ignored out/ folder harms nobody
        ws.layout.unpushed_body(session.name).unlink(missing_ok=True)


def _branch(ws: Workspace, session: Session) -> str:
    if not ws.repo.is_git:
        raise ForgeError(f"{ws.root}: not a git repository: a pull request needs a branch")
    branch = (session.git.branch if session.git else None) or ws.repo.branch
    if branch is None:
        raise ForgeError("no branch is checked out: check out the hotfix branch, then run "
                         "`hotfix pr`")
    return branch


def _base_branch(ws: Workspace, session: Session) -> str | None:
    """The branch to merge into: as recorded in the session, else as git finds it now,
    else None (the repository's default branch)."""
    if session.git is not None and session.git.base:
        return session.git.base
    snapshot = ws.snapshot(session)
    return snapshot.base if snapshot is not None else None
