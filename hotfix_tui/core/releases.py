"""Which release a hotfix makes: the release tag it follows (the one nearest HEAD in its
history, as `git describe` finds it among release tags), the patch after it and the tag
that gets, in the same pattern: `ratatui-v0.30.2` -> 0.30.3, `ratatui-v0.30.3`.

Which tags count as release tags is the config's `tag`, else what the tags near HEAD show,
narrowed in a monorepo by the changelog the release goes into (its folder, the tags its
newest entries link to, their versions).
"""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

from hotfix_tui.core.errors import ValueInputError
from hotfix_tui.core.git.repo import nearest_tags, release_tags
from hotfix_tui.core.git.tags import (
    DEFAULT_PATTERN,
    Ambiguous,
    ReleaseTag,
    TagPattern,
    check_version,
    next_patch,
    patterns_for,
    pick,
)
from hotfix_tui.core.storage.config import Config

ASK_VERSION = "name the version (hotfix export --version X)"


class Release(NamedTuple):
    version: str
    tag: str  # the tag the release gets, in the pattern of the one it follows
    follows: str | None  # HEAD's nearest release tag; None without one
    given: bool  # the version was given (--version) rather than the next patch


class TagHints(NamedTuple):
    """What the changelog a release goes into says about its package's tags."""

    folders: tuple[str, ...] = ()  # `crates/home/CHANGELOG.md` -> ("home", "crates")
    linked: tuple[str, ...] = ()  # tags its newest entries link to
    versions: tuple[str, ...] = ()  # its newest entries' versions


def nearest_release(root: Path, config: Config, hints: TagHints) -> ReleaseTag | None:
    """HEAD's nearest release tag; raises Ambiguous when several packages' tags are."""
    if config.tag is not None:
        patterns = [config.tag]
    else:
        patterns = patterns_for(release_tags(root, reachable_from_head=True), hints.folders,
                                hints.linked, hints.versions)

    def wanted(name: str) -> bool:
        return any(pattern.version(name) for pattern in patterns)

    return pick(nearest_tags(root, [p.glob() for p in patterns], wanted), patterns)


def find_release(root: Path, config: Config, given: str | None = None,
                 hints: TagHints | None = None) -> Release:
    """The release: `given` (checked) or the patch after HEAD's nearest release tag, with
    the tag it gets. A prerelease there, several packages' tags, or a next tag that already
    exists are refused: the version must then be given."""
    hints = hints or TagHints()
    if given:
        version = check_version(given)
        try:
            near = nearest_release(root, config, hints)
        except Ambiguous:
            near = None
        pattern = near.pattern if near else config.tag or TagPattern.of(DEFAULT_PATTERN)
        return Release(version, pattern.tag(version), near.name if near else None, True)
    try:
        near = nearest_release(root, config, hints)
    except Ambiguous as exc:
        raise ValueInputError(
            f"{root}: tags of several packages are nearest to HEAD ({exc}): say which with "
            f"--changelog PATH, or tag = \"{exc.tags[0].pattern}\" in {config.path}") from None
    if near is None:
        where = f"tagged {config.tag} ({config.path})" if config.tag else "release tag"
        raise ValueInputError(f"{root}: no {where} in HEAD's history: {ASK_VERSION}")
    if near.version.is_prerelease:
        raise ValueInputError(f"{root}: HEAD's nearest release tag {near.name} is a prerelease, "
                              f"so the next patch is not known: {ASK_VERSION}")
    version = next_patch(near.version)
    tag = near.pattern.tag(version)
    if tag in release_tags(root, reachable_from_head=False):
        raise ValueInputError(f"{root}: the patch after {near.name} is {tag}, which is "
                              f"already a tag (not in HEAD's history): {ASK_VERSION}")
    return Release(version, tag, near.name, False)


def start_tag(root: Path, config: Config) -> ReleaseTag | None:
    """The tag a hotfix branch starts from: HEAD's nearest release tag, or the newest patch
    of its line when that was released elsewhere (a release branch), so the release the
    branch makes is a new one."""
    try:
        near = nearest_release(root, config, TagHints())
    except Ambiguous as exc:
        return exc.tags[0]  # they are on one commit: the branch starts there either way
    if near is None or near.version.is_prerelease:
        return near
    existing = set(release_tags(root, reachable_from_head=False))
    while (later := near.pattern.tag(next_patch(near.version))) in existing:
        version = near.pattern.version(later)
        assert version is not None  # a pattern's own tag names its version
        near = ReleaseTag(later, near.pattern, version)
    return near
