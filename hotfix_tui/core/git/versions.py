"""Release versions from tag names: `v1.4.2` -> (1, 4, 2) -> next patch `1.4.3`. Pure."""

from __future__ import annotations

import re
from collections.abc import Iterable

from hotfix_tui.core.errors import ValueInputError

# Releases only: a pre-release tag (`v1.5.0-rc1`) is not what a hotfix patches.
RELEASE_TAG = re.compile(r"^[vV]?(\d+)\.(\d+)\.(\d+)$")

Version = tuple[int, int, int]


def parse_release(tag: str) -> Version | None:
    match = RELEASE_TAG.match(tag)
    if not match:
        return None
    major, minor, patch = (int(part) for part in match.groups())
    return major, minor, patch


def latest_release(tags: Iterable[str]) -> str | None:
    """The tag naming the highest release version, or None when no tag is a release."""
    releases = [(version, tag) for tag in tags if (version := parse_release(tag)) is not None]
    return max(releases)[1] if releases else None


def next_patch(tag: str) -> str:
    """The version after a release tag, without its `v`: `v1.4.2` -> `1.4.3`."""
    version = parse_release(tag)
    if version is None:
        raise ValueError(f"not a release tag: {tag!r}")
    major, minor, patch = version
    return f"{major}.{minor}.{patch + 1}"


# What a version given by hand may hold: it goes into a `## [X]` heading.
GIVEN_VERSION = re.compile(r"^[0-9][0-9A-Za-z.+-]*$")


def check_version(text: str) -> str:
    """A version typed by a user, `v` dropped as in changelog headings: `v2.0.1` -> `2.0.1`."""
    version = text.strip()
    if version[:1] in ("v", "V") and version[1:2].isdigit():
        version = version[1:]
    if not GIVEN_VERSION.match(version):
        raise ValueInputError(
            f"invalid version {text!r}: a digit first, then letters, digits, '.', '+' or '-'")
    return version
