"""A changelog entry written in the file's own style, at its place, and the rest of the
file byte for byte (line endings included). Pure: no I/O, no clock.

The style is the newest released entry's: its heading (level, `#` or setext, brackets, a
link built as it builds its link, the date format, a `Released <date>` line under it), the
blank lines, its first section heading and bullet; the section's name is the file's word
for fixes (`Fixed`, `Bug Fixes`, `Fix`, `Patch Changes`). The entry goes directly above
that entry: below any Unreleased section, marker comment or future version.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import NamedTuple

from hotfix_tui.core.errors import ValueInputError
from hotfix_tui.core.markdown.changelog_doc import (
    LINK_URL,
    REF_DEF,
    UNRELEASED,
    Changelog,
    Entry,
    Line,
)
from hotfix_tui.core.markdown.changelog_style import (
    advance_url,
    linked_refs,
    move_unreleased,
    swap_version,
    words,
)

# Lines `start:stop` of the file replaced by these (an insertion when start == stop).
Edit = tuple[int, int, list[Line]]

NEW_CHANGELOG = """# Changelog

Notable changes to this project, newest first, in the form of
[Keep a Changelog](https://keepachangelog.com/en/1.1.0/).

## [Unreleased]

"""


class Hints(NamedTuple):
    """What a changelog says about the tags it follows."""

    linked: tuple[str, ...]  # tag names its newest entries link to
    versions: tuple[str, ...]  # the versions of its newest entries
    title: str | None  # its title (a package's name, `# @changesets/cli`)


HINTING_ENTRIES = 3  # the newest entries: one may be for the very release being made


def tag_hints(text: str) -> Hints:
    doc = Changelog(text)
    newest = [e for e in doc.entries if e.version and not e.marked][:HINTING_ENTRIES]
    title = next((words(doc.words(h)).strip() for h in doc.headings
                  if doc.level is None or h.level < doc.level), None)
    refs = doc.refs()
    urls = []
    for entry in newest:
        urls += LINK_URL.findall(entry.text)
        label = doc.label(entry)
        if label and label["label"].lower() in refs:
            ref = REF_DEF.match(doc.lines[refs[label["label"].lower()]].text)
            assert ref is not None
            urls.append(ref["url"].strip("<>"))
    linked = tuple(dict.fromkeys(ref for url in urls for ref in linked_refs(url)))
    return Hints(linked, tuple(e.version.text for e in newest if e.version), title)


def has_entry(text: str | None, version: str) -> bool:
    """Whether the changelog has an entry for `version`, in whatever heading style."""
    return bool(text) and Changelog(text or "").entry_for(version) is not None


def add_entry(text: str | None, bullets: Sequence[str], version: str, day: date,
              previous: str | None = None, replace: bool = False) -> str:
    """`text` with the entry for `version` added in its style (replacing an entry for the
    same version when `replace`, else refusing), its link reference added and an
    `[Unreleased]` compare link moved on; Keep a Changelog for a new or empty file.
    `previous` is the version of the tag the release follows, for compare links."""
    if not text:
        entry = Changelog("").render(None, bullets, version, day, None)
        return NEW_CHANGELOG + "".join(f"{line}\n" for line in entry)
    doc = Changelog(text)
    existing = doc.entry_for(version)
    if existing is not None and not replace:
        raise ValueInputError(f"already has an entry for {version} (line "
                              f"{existing.heading.row + 1}): --replace rewrites it")
    others = [e for e in doc.released(version) if e is not existing]
    template = others[0] if others else existing
    new = doc.render(template, bullets, version, day, previous)
    edits: list[Edit] = []
    if existing is not None:
        at, stop = existing.heading.row, existing.end - doc.trailing_blanks(existing)
        edits.append((at, stop, _lines(new, doc.ending(at), stop == len(doc.lines)
                                       and not doc.lines[-1].end)))
    else:
        edits += _insertion(doc, new, others)
    edits += _link_edits(doc, template, existing, version, previous)
    return _apply(doc.lines, edits)


def _insertion(doc: Changelog, new: list[str], released: list[Entry]) -> list[Edit]:
    """Where a new entry goes, with the blank lines the file puts between entries."""
    if released:
        newest = released[0]
        at = newest.heading.row
        gap = doc.trailing_blanks(newest) if newest.end < doc.refs_start else 0
        if not gap:  # the newest is the last entry: separate as it is separated from above
            gap = max(1, doc.blanks_before(at))
        return [(at, at, _lines(new + [""] * gap, doc.ending(at), False))]
    # No release yet: after the Unreleased sections (or the title and its text), before
    # the link references.
    at = doc.entries[-1].end if doc.entries else doc.refs_start
    before = [""] if at > 0 and doc.lines[at - 1].text.strip() else []
    after = [""] if at < len(doc.lines) else []
    ending = doc.ending(at - 1 if at == len(doc.lines) else at)
    edits = []
    if at == len(doc.lines) and doc.lines and not doc.lines[-1].end:
        last = doc.lines[-1]
        edits.append((at - 1, at, [Line(last.text, ending)]))
        return [*edits, (at, at, _lines(before + new, ending, True))]
    return [(at, at, _lines(before + new + after, ending, False))]


def _lines(texts: list[str], ending: str, last_open: bool) -> list[Line]:
    lines = [Line(text, ending) for text in texts]
    if last_open and lines:
        lines[-1] = Line(lines[-1].text, "")
    return lines


def _link_edits(doc: Changelog, template: Entry | None, existing: Entry | None,
                version: str, previous: str | None) -> list[Edit]:
    """The new version's link reference, built as the newest entry's, and the Unreleased
    compare links (a reference or in the heading) moved on."""
    edits: list[Edit] = []
    refs = doc.refs()
    label = doc.label(template) if template is not None else None
    if template is not None and label and label["label"].lower() in refs:
        at = refs[label["label"].lower()]
        line = doc.lines[at]
        ref = REF_DEF.match(line.text)
        assert ref is not None and template.shown is not None
        url = advance_url(ref["url"], template.shown, version, previous)
        new_label = swap_version(ref["label"], template.shown, version)
        if url and new_label:
            text = (line.text[:ref.start("label")] + new_label +
                    line.text[ref.end("label"):ref.start("url")] + url +
                    line.text[ref.end("url"):])
            ours = refs.get(new_label.lower())
            if existing is not None and ours is not None:
                edits.append((ours, ours + 1, [Line(text, doc.lines[ours].end)]))
            elif ours is None:
                older = [refs[m["label"].lower()] for e in doc.released(version)[1:2]
                         if (m := doc.label(e)) and m["label"].lower() in refs]
                below = bool(older) and older[0] < at
                where = at + 1 if below else at
                end = line.end or doc.ending(at)
                if below and not line.end:  # the last line of the file: keep it the last
                    edits.append((at, at + 1, [Line(line.text, end)]))
                    edits.append((where, where, [Line(text, "")]))
                else:
                    edits.append((where, where, [Line(text, end)]))
    if "unreleased" in refs:
        at = refs["unreleased"]
        ref = REF_DEF.match(doc.lines[at].text)
        assert ref is not None
        edits += _moved(doc, at, ref.start("url"), ref.end("url"), version)
    for entry in doc.entries:
        link = LINK_URL.search(entry.text)
        if entry.marked and link and UNRELEASED.search(words(entry.text)):
            start = entry.heading.start
            edits += _moved(doc, entry.heading.row, start + link.start(1),
                            start + link.end(1), version)
    return edits


def _moved(doc: Changelog, at: int, start: int, end: int,
           version: str) -> list[Edit]:
    """An Unreleased compare link (at `start:end` of line `at`) moved on to `version`."""
    line = doc.lines[at]
    url = move_unreleased(line.text[start:end], version)
    if url is None or url == line.text[start:end]:
        return []
    return [(at, at + 1, [Line(line.text[:start] + url + line.text[end:], line.end)])]


def _apply(lines: list[Line], edits: list[Edit]) -> str:
    out = list(lines)
    for start, stop, new in sorted(edits, key=lambda edit: (edit[0], edit[1]), reverse=True):
        out[start:stop] = new
    return "".join(text + end for text, end in out)
