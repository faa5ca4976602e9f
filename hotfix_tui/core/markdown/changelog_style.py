"""The pieces of a changelog heading, written the way the file writes them: the version,
the date in the file's format, and the link (a compare or tag URL) built the way the newest
entry builds it. Pure text functions; changelog.py assembles the entry.
"""

from __future__ import annotations

import re
from datetime import date

from hotfix_tui.core.git.tags import VERSION_TEXT, parse_tag

# A version where a heading shows it: `[1.2.3]`, `v4.13.9`, `Version 8.5.0`, `\[0.30.3]`.
HEADING_VERSION = re.compile(rf"(?<![\w.])(?P<v>[vV])?(?P<version>{VERSION_TEXT})(?![\w.])")
# A link's target in a heading, `[1.2.3](https://...)`: never part of the words.
LINK_TARGET = re.compile(r"(?<=\])\((?P<url>[^()\s]*)(?P<title>\s+\"[^\"]*\")?\)")
YANKED = re.compile(r"[ \t]*\[YANKED\]", re.IGNORECASE)

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")
MONTH = "|".join(f"{name[:3]}(?:{name[3:]})?" if len(name) > 3 else name for name in MONTHS)
DATES = (
    # 2026-11-24, 2025.04.03, 2026/01/05
    re.compile(r"(?<!\d)(?P<y>\d{4})(?P<sep>[-./])(?P<m>\d{1,2})(?P=sep)(?P<d>\d{1,2})(?!\d)"),
    # 24.11.2026, 11/24/2026
    re.compile(r"(?<!\d)(?P<a>\d{1,2})(?P<sep>[./])(?P<b>\d{1,2})(?P=sep)(?P<y>\d{4})(?!\d)"),
    # March 31, 2022; Mar 31 2022
    re.compile(rf"\b(?P<month>{MONTH})\.?[ \t]+(?P<d>\d{{1,2}})(?P<th>st|nd|rd|th)?"
               r"(?P<comma>,?)[ \t]+(?P<y>\d{4})\b", re.IGNORECASE),
    # 31 March 2022; 6th December, 2024
    re.compile(rf"\b(?P<d>\d{{1,2}})(?P<th>st|nd|rd|th)?[ \t]+(?P<month>{MONTH})\.?"
               r"(?P<comma>,?)[ \t]+(?P<y>\d{4})\b", re.IGNORECASE),
)


def find_date(text: str, start: int = 0) -> re.Match[str] | None:
    """The first date in `text` from `start` on, in any of the formats changelogs use."""
    found = [match for pattern in DATES if (match := pattern.search(text, start))]
    return min(found, key=lambda match: match.start()) if found else None


def write_date(like: re.Match[str], day: date) -> str:
    """`day` in the format of the date `like` matched, zero padding included."""
    groups = like.groupdict()
    if "m" in groups:  # year first
        sep = groups["sep"]
        return (f"{day.year}{sep}{_padded(day.month, groups['m'])}{sep}"
                f"{_padded(day.day, groups['d'])}")
    if "a" in groups:
        sep, first, second = groups["sep"], groups["a"], groups["b"]
        month_first = sep == "/" and int(first) <= 12
        one, two = (day.month, day.day) if month_first else (day.day, day.month)
        return f"{_padded(one, first)}{sep}{_padded(two, second)}{sep}{day.year}"
    written = like["month"]
    name = MONTHS[day.month - 1]
    month = name if len(written) > 3 else name[:3]
    month = month.upper() if written.isupper() and len(written) > 1 else month
    dot = "." if f"{written}." in like[0] else ""
    suffix = _ordinal(day.day) if groups.get("th") else ""
    if like[0][0].isdigit():
        return f"{_padded(day.day, like['d'])}{suffix} {month}{dot}{like['comma']} {day.year}"
    return f"{month}{dot} {_padded(day.day, like['d'])}{suffix}{like['comma']} {day.year}"


def _padded(number: int, like: str) -> str:
    return str(number).zfill(len(like)) if like.startswith("0") or len(like) == 2 else str(number)


def _ordinal(day: int) -> str:
    return "th" if 10 < day % 100 < 14 else {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")


def words(heading: str) -> str:
    """A heading's words without its link targets."""
    return LINK_TARGET.sub("", heading)


def heading_version(heading: str) -> re.Match[str] | None:
    """Where a heading shows its version (in its words, never in a link's URL)."""
    for start, end in _word_spans(heading):
        match = HEADING_VERSION.search(heading, start, end)
        if match:
            return match
    return None


def _word_spans(heading: str) -> list[tuple[int, int]]:
    spans, at = [], 0
    for link in LINK_TARGET.finditer(heading):
        spans.append((at, link.start()))
        at = link.end()
    return [*spans, (at, len(heading))]


def rewrite_heading(heading: str, version: str, day: date, old: str,
                    previous: str | None) -> str:
    """The heading of the newest entry, `heading`, rewritten for `version` released on
    `day`: its words, date format and link (advanced, or dropped when it cannot be)."""
    heading = YANKED.sub("", heading)
    out, at = [], 0
    shown = heading_version(heading)
    for link in LINK_TARGET.finditer(heading):
        out.append(_rewrite_words(heading[at:link.start()], at, shown, version, day))
        url = advance_url(link["url"], old, version, previous)
        if url is not None:
            out.append(f"({url}{link['title'] or ''})")
        at = link.end()
    out.append(_rewrite_words(heading[at:], at, shown, version, day))
    return "".join(out)


def _rewrite_words(text: str, offset: int, shown: re.Match[str] | None, version: str,
                   day: date) -> str:
    date_from = 0
    if shown is not None and offset <= shown.start() < offset + len(text):
        begin, end = shown.start("version") - offset, shown.end() - offset
        text = text[:begin] + version + text[end:]
        date_from = begin + len(version)
    elif shown is not None and shown.start() >= offset + len(text):
        return text  # the date comes after the version
    when = find_date(text, date_from)
    if when is not None:
        text = text[:when.start()] + write_date(when, day) + text[when.end():]
    return text


def rewrite_date_line(line: str, day: date) -> str:
    when = find_date(line)
    assert when is not None  # only lines with a date are date lines
    return line[:when.start()] + write_date(when, day) + line[when.end():]


def advance_url(url: str, old: str, version: str, previous: str | None) -> str | None:
    """The newest entry's URL built for the new release: `compare/v1.4.1...v1.4.2` ->
    `compare/v1.4.2...v1.4.3` (from the tag the release follows, `previous`, when known),
    `releases/tag/pkg-v1.4.2` -> `releases/tag/pkg-v1.4.3`; None when the URL does not show
    the old version."""
    at = url.find("/compare/")
    if at >= 0:
        tail = url[at + len("/compare/"):]
        dots = "..." if "..." in tail else ".."
        base, _, head = tail.partition(dots)
        new_head = swap_version(head, old, version)
        if not base or new_head is None:
            return None
        new_base = swap_version(head, old, previous) if previous else head
        return f"{url[:at]}/compare/{new_base or head}{dots}{new_head}"
    cut = url.rfind("/") + 1
    segment = swap_version(url[cut:], old, version)
    return None if segment is None else url[:cut] + segment


def move_unreleased(url: str, version: str) -> str | None:
    """An Unreleased compare link moved on to the new release: `compare/v1.4.2...HEAD` ->
    `compare/v1.4.3...HEAD`; None when it is not one."""
    at = url.find("/compare/")
    if at < 0:
        return None
    tail = url[at + len("/compare/"):]
    dots = "..." if "..." in tail else ".."
    base, _, head = tail.partition(dots)
    shown = HEADING_VERSION.search(base)
    if not head or shown is None:
        return None
    new_base = swap_version(base, shown["version"], version)
    return f"{url[:at]}/compare/{new_base}{dots}{head}" if new_base else None


def swap_version(ref: str, old: str, new: str) -> str | None:
    """A tag name or ref with its version `old` replaced by `new`: `pkg-v1.2.3` -> `pkg-v1.2.4`."""
    match = re.search(rf"(?<![\d.]){re.escape(old)}(?![\d])", ref)
    if match:
        return ref[:match.start()] + new + ref[match.end():]
    tag = parse_tag(ref)
    return tag.pattern.tag(new) if tag else None


def linked_refs(url: str) -> list[str]:
    """The tags a release link names: a compare URL's newer end then its older one, else
    the URL's last part."""
    at = url.find("/compare/")
    if at >= 0:
        tail = url[at + len("/compare/"):]
        return [ref for ref in re.split(r"\.\.\.?", tail, maxsplit=1)[::-1] if ref]
    return [url.rstrip("/").rsplit("/", 1)[-1]]
