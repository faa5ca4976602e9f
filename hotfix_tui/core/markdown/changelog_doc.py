"""A changelog read for its shape: lines with their endings, headings (`#` and setext,
never inside code or comments), release entries and link references, and a new entry
rendered the way its newest released entry is built. Pure.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from datetime import date
from typing import NamedTuple

from hotfix_tui.core.git.tags import Version, parse_version
from hotfix_tui.core.markdown.changelog_style import (
    find_date,
    heading_version,
    rewrite_date_line,
    rewrite_heading,
    words,
)

ATX = re.compile(r"^ {0,3}#{1,6}(?:[ \t]+|$)")
ATX_TEXT = re.compile(r"^ {0,3}(?P<hashes>#{1,6})[ \t]+(?P<text>.*?)(?:[ \t]+#+)?[ \t]*$")
UNDERLINE = re.compile(r"^ {0,3}(?P<char>=|-)(?P=char)*[ \t]*$")
FENCE = re.compile(r"^ {0,3}(?P<fence>`{3,}|~{3,})")
NOT_PARAGRAPH = re.compile(
    r"^(?: {4}|\t| {0,3}(?:(?:[-*+]|\d+[.)])(?:[ \t]|$)|[>|<#]|\[[^\]]+\]:))")
REF_DEF = re.compile(r"^ {0,3}\[(?P<label>[^\]]+)\]:[ \t]*(?P<url><[^>]*>|\S+)")
BULLET = re.compile(r"^(?P<marker>[ \t]*[-*+][ \t]+)\S")
LINK_URL = re.compile(r"\]\(([^()\s]+)")
LABEL = re.compile(r"(?<!\\)\[(?P<label>[^\[\]]+)\]")
UNRELEASED = re.compile(r"\b(?:un-?released|upcoming|not (?:yet )?released|in development|"
                        r"in progress|tbd|tba|release ?date)\b|^\W*next\W*$", re.IGNORECASE)
DATE_LINE_WORDS = re.compile(r"^[\s*_:,()\-]*(?:released|release date|date)?[\s*_:,()\-]*$",
                             re.IGNORECASE)
FIX_WORDS = re.compile(r"\bfix(?:e[sd])?\b|\bbug", re.IGNORECASE)


class Line(NamedTuple):
    text: str
    end: str  # "\n", "\r\n", "\r", or "" for a last line without one


def split_lines(text: str) -> list[Line]:
    """Lines and their endings; only CR and LF end a line (unlike str.splitlines)."""
    return [Line(m[1], m[2]) for m in re.finditer(r"([^\r\n]*)(\r\n|\r|\n|$)", text) if m[0]]


class Heading(NamedTuple):
    row: int  # its (first) line
    level: int
    start: int  # where its words are in that line
    end: int
    underline: str | None = None  # a setext heading's `=` or `-`

    @property
    def size(self) -> int:
        return 2 if self.underline else 1


class Entry(NamedTuple):
    heading: Heading
    text: str  # the heading's words
    shown: str | None  # the version as the heading shows it, `0.30.1` of `[v0.30.1]`
    version: Version | None
    end: int  # the line after its last, trailing blank lines included
    marked: bool  # says it is unreleased (`Unreleased`, `TBD`)
    dated: bool


class Changelog:
    """A changelog's lines, headings, entries and link references."""

    def __init__(self, text: str) -> None:
        self.lines = split_lines(text)
        self.headings = self._headings()
        self.level = self._entry_level()
        self.refs_start = self._refs_start()
        self.entries = self._entries()

    def _headings(self) -> list[Heading]:
        found: list[Heading] = []
        fence, comment = "", False
        lines = self.lines
        for i, (text, _) in enumerate(lines):
            if fence:
                fence = "" if text.strip().startswith(fence) else fence
                continue
            if comment:
                comment = "-->" not in text
                continue
            if opened := FENCE.match(text):
                fence = opened["fence"]
                continue
            if "<!--" in text and "-->" not in text.rsplit("<!--", 1)[1]:
                comment = True
            if ATX.match(text):
                match = ATX_TEXT.match(text)
                if match and match["text"]:
                    found.append(Heading(i, len(match["hashes"]), match.start("text"),
                                         match.end("text")))
            elif (i + 1 < len(lines) and text.strip() and not NOT_PARAGRAPH.match(text)
                  and (under := UNDERLINE.match(lines[i + 1].text))
                  and (i == 0 or not lines[i - 1].text.strip()
                       or (found and found[-1].row + found[-1].size == i))):
                start = len(text) - len(text.lstrip())
                found.append(Heading(i, 1 if under["char"] == "=" else 2, start,
                                     len(text.rstrip()), under["char"]))
        return found

    def words(self, heading: Heading) -> str:
        return self.lines[heading.row].text[heading.start:heading.end]

    def _entry_level(self) -> int | None:
        """The level of release headings: the shallowest level with two or more headings
        showing a version (a section like `### poetry-core 2.4.0` is deeper)."""
        counts = Counter(h.level for h in self.headings if heading_version(self.words(h)))
        levels = sorted(lvl for lvl, n in counts.items() if n >= 2) or sorted(counts) or sorted(
            h.level for h in self.headings if UNRELEASED.search(words(self.words(h))))
        return levels[0] if levels else None

    def _refs_start(self) -> int:
        """Where the link references at the end of the file begin (the end without any)."""
        at = len(self.lines)
        for i in range(len(self.lines) - 1, -1, -1):
            text = self.lines[i].text
            if REF_DEF.match(text):
                at = i
            elif text.strip():
                break
        return at

    def _entries(self) -> list[Entry]:
        level = self.level
        if level is None:
            return []
        heads = [(h, self.words(h)) for h in self.headings if h.level <= level]
        starts = [(h, text) for h, text in heads if UNRELEASED.search(words(text)) or (
            h.level == level and heading_version(text))]
        bounds = sorted({h.row for h, _ in starts} | {h.row for h, _ in heads
                                                         if h.level < level})
        entries = []
        for heading, text in starts:
            later = [i for i in bounds if i > heading.row]
            end = min(later[0] if later else len(self.lines), self.refs_start)
            shown = heading_version(text)
            first = self._first_content(heading.row + heading.size, end)
            first_text = self.lines[first].text if first is not None else ""
            date_line = self._date_line(first_text)
            # A `Released <date>` line under the heading, or `Unreleased` there.
            marked = bool(UNRELEASED.search(words(text))) or (
                not date_line and not NOT_PARAGRAPH.match(first_text)
                and bool(UNRELEASED.search(first_text)) and len(first_text.split()) <= 3)
            dated = bool(date_line) or bool(
                shown and find_date(words(text[shown.end():])))
            entries.append(Entry(heading, text, shown["version"] if shown else None,
                                 parse_version(shown["version"]) if shown else None,
                                 end, marked, dated))
        return entries

    def _first_content(self, start: int, end: int) -> int | None:
        return next((i for i in range(start, end) if self.lines[i].text.strip()), None)

    @staticmethod
    def _date_line(text: str) -> bool:
        when = find_date(text)
        return bool(when and DATE_LINE_WORDS.match(text[:when.start()] + text[when.end():]))

    def released(self, version: str) -> list[Entry]:
        """The entries of released versions, newest first: no Unreleased section, nor a
        future version (marked `TBD`, or undated above a dated file's newer release)."""
        ours = parse_version(version)
        any_dated = any(e.dated for e in self.entries if e.version and not e.marked)
        return [e for e in self.entries if e.version and not e.marked and not (
            ours and any_dated and not e.dated and e.version.order() > ours.order())]

    def entry_for(self, version: str) -> Entry | None:
        """The entry for `version` in whatever heading style (`[v1.2.3]`, `Version 1.2.3`),
        at the entries' level or another one when the heading starts with the version."""
        wanted = version.lower()
        found = next((e for e in self.entries if e.shown and e.shown.lower() == wanted), None)
        if found is not None:
            return found
        first = re.compile(rf"^\W*(?:version\s+)?v?{re.escape(version)}(?![\w.])", re.I)
        for heading in self.headings:
            if first.match(words(self.words(heading))):
                later = [h.row for h in self.headings
                         if h.row > heading.row and h.level <= heading.level]
                end = min(later[0] if later else len(self.lines), self.refs_start)
                text = self.words(heading)
                return Entry(heading, text, version, parse_version(version), end, False,
                             False)
        return None

    def trailing_blanks(self, entry: Entry) -> int:
        count = 0
        for i in range(entry.end - 1, entry.heading.row, -1):
            if self.lines[i].text.strip():
                break
            count += 1
        return count

    def blanks_before(self, index: int) -> int:
        count = 0
        while index - count > 0 and not self.lines[index - count - 1].text.strip():
            count += 1
        return count

    def blanks_after(self, index: int, end: int) -> int:
        count = 0
        while index + count < end and not self.lines[index + count].text.strip():
            count += 1
        return count

    def section_title(self) -> str | None:
        """The file's name for a section of fixes; None when its entries have no sections."""
        titles = [self.words(h) for e in self.entries for h in self._sections(e)]
        if not titles:
            return None if self.entries else "Fixed"
        for pattern in (FIX_WORDS, re.compile(r"\bpatch\b", re.IGNORECASE)):
            if chosen := next((t for t in titles if pattern.search(t)), None):
                return chosen
        named = {t.strip().lower() for t in titles}
        if named & {"added", "changed", "removed", "deprecated", "security"}:
            return "Fixed"
        if "feat" in named:
            return "Fix"
        if named & {"features", "new features", "enhancements"}:
            return "Bug Fixes"
        return "Changes" if "changes" in named else "Fixed"

    def _sections(self, entry: Entry) -> list[Heading]:
        return [h for h in self.headings if entry.heading.row < h.row < entry.end
                and h.level > (self.level or 0)]

    def render(self, template: Entry | None, bullets: Sequence[str], version: str, day: date,
               previous: str | None) -> list[str]:
        """The new entry's lines (without endings), built as `template` is built; Keep a
        Changelog's form, at the file's level, without one."""
        section = self.section_title()
        if template is None:
            level = self.level or 2
            bare = self.entries and not LABEL.search(words(self.entries[0].text))
            name = version if bare else f"[{version}]"
            return ["#" * level + f" {name} - {day.isoformat()}", "",
                    "#" * (level + 1) + f" {section or 'Fixed'}", "",
                    *(f"- {bullet}" for bullet in bullets)]
        heading = template.heading
        line = self.lines[heading.row].text
        text = rewrite_heading(template.text, version, day, template.shown or "", previous)
        out = [line[:heading.start] + text + line[heading.end:]]
        if heading.underline:
            out.append(self._underline(heading, out[0]))
        at = heading.row + heading.size
        blanks = self.blanks_after(at, template.end)
        out += [""] * blanks
        at += blanks
        shown = heading_version(template.text)
        in_heading = shown is not None and find_date(words(template.text[shown.end():]))
        if at < template.end and not in_heading and self._date_line(self.lines[at].text):
            out.append(rewrite_date_line(self.lines[at].text, day))
            out += [""] * self.blanks_after(at + 1, template.end)
        sections = self._sections(template)
        if sections and section:
            sub = sections[0]
            sub_line = self.lines[sub.row].text
            out.append(sub_line[:sub.start] + section + sub_line[sub.end:])
            if sub.underline:
                out.append(self._underline(sub, out[-1]))
            out += [""] * self.blanks_after(sub.row + sub.size, template.end)
        marker = next((m["marker"] for i in range(heading.row + 1, template.end)
                       if (m := BULLET.match(self.lines[i].text))), "- ")
        return out + [marker + bullet for bullet in bullets]

    def _underline(self, heading: Heading, new_line: str) -> str:
        """A setext underline as long as its heading when the file's are, else as it was."""
        text, under = self.lines[heading.row].text, self.lines[heading.row + 1].text
        if len(under.strip()) != len(text.strip()) or not heading.underline:
            return under
        return under[:len(under) - len(under.lstrip())] + heading.underline * len(
            new_line.strip())

    def label(self, entry: Entry) -> re.Match[str] | None:
        """The bracketed label holding the version in the heading, `[1.2.3]`."""
        return next((m for m in LABEL.finditer(words(entry.text))
                     if entry.shown and entry.shown in m["label"]), None)

    def refs(self) -> dict[str, int]:
        """Link references by label (folded as markdown folds them): their lines."""
        found: dict[str, int] = {}
        for i, (text, _) in enumerate(self.lines):
            if match := REF_DEF.match(text):
                found.setdefault(match["label"].strip().lower(), i)
        return found

    def ending(self, index: int) -> str:
        """The line ending to write at line `index`: its own, else its neighbours', else the
        file's most common."""
        for i in (index, index - 1, index + 1):
            if 0 <= i < len(self.lines) and self.lines[i].end:
                return self.lines[i].end
        ends = Counter(line.end for line in self.lines if line.end)
        return ends.most_common(1)[0][0] if ends else "\n"
