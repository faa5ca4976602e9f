"""Release tags: what a tag name says and which pattern a repo's tags follow. Pure: git is
read in repo.py, and core/releases.py puts the two together.

Real projects tag releases `v1.2.3`, `1.2.3`, CalVer `26.1.0`, `pkg-v1.2.3`, `pkg@1.2.3`,
`@scope/pkg@1.2.3` or `crate-1.2.3`; a tag's *pattern* is what surrounds the version
(`ratatui-v{version}`), and a release is the next patch in the same pattern.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import NamedTuple

from hotfix_tui.core.errors import ValueInputError

PLACEHOLDER = "{version}"
DEFAULT_PATTERN = "v{version}"

# A version: two or more dot-separated numbers, then what marks a prerelease (`-rc.1`,
# `-alpha.3`, `b1`, `.dev5`, `-next.12`), a post-release (`.post1`) or build data (`+b7`).
CORE = r"\d+(?:\.\d+)+"
PEP440_PRE = r"(?:[-.]?(?:alpha|beta|preview|pre|rc|a|b|c|dev)[-.]?\d*)+(?![A-Za-z0-9])"
SEMVER_PRE = r"-(?!post)[0-9A-Za-z]+(?:[.-][0-9A-Za-z]+)*"
VERSION_TEXT = (rf"(?P<core>{CORE})(?P<pre>{PEP440_PRE}|{SEMVER_PRE})?"
                r"(?P<post>[-.]?post\d*)?(?P<build>\+[0-9A-Za-z.-]+)?")
VERSION = re.compile(rf"^{VERSION_TEXT}$", re.IGNORECASE)
# Where a version starts in a tag: the start, or after `v`, `-`, `_`, `@` or `/`.
TAG = re.compile(rf"^(?P<prefix>(?:.*?[-_@/])?[vV]?){VERSION_TEXT}$", re.IGNORECASE)
# A version given by hand: it goes into headings and tag names.
GIVEN_VERSION = re.compile(r"^[0-9][0-9A-Za-z.+-]*$")


class Version(NamedTuple):
    """`2.0.0-rc.1` -> core (2, 0, 0), prerelease `-rc.1`."""

    text: str
    core: tuple[int, ...]
    prerelease: str

    @property
    def is_prerelease(self) -> bool:
        return bool(self.prerelease)

    def order(self) -> tuple[tuple[int, ...], int]:
        """Sorts versions: a prerelease comes before the release of its core."""
        return self.core, 0 if self.prerelease else 1


def parse_version(text: str) -> Version | None:
    match = VERSION.match(text)
    return _version(match) if match else None


def _version(match: re.Match[str]) -> Version:
    core = match["core"]
    return Version(core + (match["pre"] or "") + (match["post"] or ""),
                   tuple(int(part) for part in core.split(".")), match["pre"] or "")


def next_patch(version: Version) -> str:
    """The patch after a release: `1.4.2` -> `1.4.3`, `8.1` -> `8.1.1`, `2025.04.03` ->
    `2025.04.04` (a number's zero padding is kept)."""
    parts = version.text.split("+")[0]
    numbers = re.match(CORE, parts)
    assert numbers is not None  # a Version always starts with its core
    fields = numbers[0].split(".")
    if len(fields) < 3:
        return ".".join([*fields, "1"])
    last = fields[-1]
    fields[-1] = str(int(last) + 1).zfill(len(last))
    return ".".join(fields)


def check_version(text: str) -> str:
    """A version typed by a user, `v` dropped as in changelog headings: `v2.0.1` -> `2.0.1`."""
    version = text.strip()
    if version[:1] in ("v", "V") and version[1:2].isdigit():
        version = version[1:]
    if not GIVEN_VERSION.match(version):
        raise ValueInputError(
            f"invalid version {text!r}: a digit first, then letters, digits, '.', '+' or '-'")
    return version


class TagPattern(NamedTuple):
    """What surrounds the version in a repo's release tags: `ratatui-v{version}`."""

    prefix: str
    suffix: str = ""

    @classmethod
    def of(cls, text: object) -> TagPattern:
        """A pattern as written in the config: `pkg-v{version}`; ValueError when it is not."""
        if not isinstance(text, str) or text.count(PLACEHOLDER) != 1 or not text.isprintable(
                ) or any(
                char in text for char in " ~^:?*[\\"):
            raise ValueError(text)
        prefix, suffix = text.split(PLACEHOLDER)
        return cls(prefix, suffix)

    def __str__(self) -> str:
        return f"{self.prefix}{PLACEHOLDER}{self.suffix}"

    def tag(self, version: str) -> str:
        return f"{self.prefix}{version}{self.suffix}"

    def version(self, tag: str) -> Version | None:
        """The version a tag in this pattern names; None for a tag of another pattern."""
        if len(tag) <= len(self.prefix) + len(self.suffix) or not (
                tag.startswith(self.prefix) and tag.endswith(self.suffix)):
            return None
        return parse_version(tag[len(self.prefix):len(tag) - len(self.suffix)])

    def glob(self) -> str:
        """The tags `git describe --match` should consider for this pattern."""
        return f"{_glob_escape(self.prefix)}[0-9]*{_glob_escape(self.suffix)}"

    @property
    def package(self) -> str | None:
        """The package the tags belong to (`ratatui-v` -> `ratatui`, `@scope/pkg@` ->
        `@scope/pkg`); None for a repo's own plain tags (`v`, none)."""
        name = self.prefix
        if name[-1:] in ("v", "V") and (len(name) == 1 or name[-2] in "-_@/"):
            name = name[:-1]
        name = name.rstrip("-_@/")
        return name or None

    def names(self) -> set[str]:
        """The package's name and its last part (`@changesets/cli` -> also `cli`),
        compared the way folder names are."""
        if self.package is None:
            return set()
        return {_folded(self.package), _folded(self.package.rsplit("/", 1)[-1])}


def _glob_escape(text: str) -> str:
    return re.sub(r"([*?\[\\])", r"[\1]", text)


def _folded(name: str) -> str:
    return name.lower().replace("_", "-")


class ReleaseTag(NamedTuple):
    name: str
    pattern: TagPattern
    version: Version


def parse_tag(name: str) -> ReleaseTag | None:
    """The pattern and version a tag name shows, or None when it names no version."""
    match = TAG.match(name)
    if match is None:
        return None
    return ReleaseTag(name, TagPattern(match["prefix"]), _version(match))


def patterns_for(tags: Iterable[str], folders: Sequence[str] = (),
                 linked: Sequence[str] = (), versions: Sequence[str] = ()) -> list[TagPattern]:
    """The patterns among `tags` that the release may follow, narrowed by what is known:
    a monorepo changelog's folders (`crates/home` -> the `home` package's tags), else the
    first of the tags its entries link to (newest first) in a pattern found here, else the
    first of its versions (newest first) that tags here name. Without a match, a hint
    narrows nothing."""
    parsed = [tag for name in tags if (tag := parse_tag(name)) is not None]
    patterns = list(dict.fromkeys(tag.pattern for tag in parsed))
    wanted = {_folded(folder) for folder in folders}
    by_folder = [pattern for pattern in patterns if pattern.names() & wanted]
    if by_folder:
        return by_folder
    for name in linked:
        if (tag := parse_tag(name)) and tag.pattern in patterns:
            return [tag.pattern]
    for version in versions:
        named = list(dict.fromkeys(tag.pattern for tag in parsed if tag.version.text == version))
        if named:
            return named
    return patterns


class Ambiguous(ValueError):
    """Tags of several packages are equally near (on one commit)."""

    def __init__(self, tags: list[ReleaseTag]) -> None:
        super().__init__(", ".join(tag.name for tag in tags))
        self.tags = tags


def pick(tags: Iterable[str], patterns: Sequence[TagPattern]) -> ReleaseTag | None:
    """Of the tags on one commit, the release tag to follow: in one of `patterns`, a
    release before a prerelease, the repo's own tags before a package's. Raises Ambiguous
    when tags of several packages remain."""
    best: dict[TagPattern, ReleaseTag] = {}
    for name in tags:
        for pattern in patterns:
            version = pattern.version(name)
            if version is not None and (pattern not in best or
                                        version.order() > best[pattern].version.order()):
                best[pattern] = ReleaseTag(name, pattern, version)
    found = list(best.values())
    if len(found) > 1:
        found = [tag for tag in found if tag.pattern.package is None] or found
    if len(found) > 1:
        raise Ambiguous(sorted(found))
    return found[0] if found else None
