"""The checklist model: a PR template as sections of verbatim text and fillable items.

A checklist is data (a TOML file, see docs/checklist-format.md). Each item knows the exact
markdown line(s) it occupies in the template, so rendering an untouched session gives the
template back byte for byte, and a filled one only differs where values went in.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Mapping
from functools import cached_property
from pathlib import Path
from typing import Any, Literal, NamedTuple, TypeAlias

from hotfix_tui.core.errors import ValueInputError
from hotfix_tui.core.model.check import CheckSpec

SCHEMA_VERSION = 1
KINDS = ("text", "longtext", "check", "choice", "list")
Kind: TypeAlias = Literal["text", "longtext", "check", "choice", "list"]
Value: TypeAlias = str | bool | tuple[str, ...]

# What an item, section or phase can declare it is for (docs/checklist-format.md): the code
# acts on these, never on an item's id.
FILLS = ("git-files", "git-commits")  # `fill`: what git pre-fills the item with
CLOCKS = ("response", "resolution", "authorization")  # `clock`: the incident clock's times
# `release`: what an item says in the release notes and changelog entry. Those of
# RELEASE_BOXES are boxes listed when ticked; each of the others is one item's value.
RELEASE_BOXES = ("rollback", "deployment")
RELEASE_VALUES = ("summary", "root-cause", "fix", "why", "impact", "impact-assessment",
                  "affected-users", "severity", "risk", "bug", "incident", "tickets")
RELEASE_ROLES = (*RELEASE_VALUES, *RELEASE_BOXES)

CHECKBOX_MARK = re.compile(r"\[[ xX]\]")
ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]*$")
TRUE_WORDS = frozenset({"true", "yes", "y", "1", "x", "on", "done"})
FALSE_WORDS = frozenset({"false", "no", "n", "0", "", "off"})


# The core's records are NamedTuples, not dataclasses: every command loads them, and
# making a dataclass (and importing `dataclasses`, which loads `inspect`) costs a headless
# command a large share of its run.


class TextBlock(NamedTuple):
    """Verbatim markdown (comments, labels, rules): rendered as written, never filled."""

    text: str


class Item(NamedTuple):
    id: str
    kind: Kind
    label: str
    section_id: str  # the top-level section (one app screen) the item belongs to
    group_id: str | None = None  # its subsection, if any
    phase: str | None = None
    required: bool = False
    help: str = ""
    description: str = ""
    options: tuple[str, ...] = ()
    # The markdown this item renders from; see docs/checklist-format.md for defaults.
    line: str = ""
    placeholder: str = ""
    option_lines: tuple[str, ...] = ()
    empty_entry: str = "- "
    blank_lines: int = 0
    default: Value = ""
    approval: bool = False
    fill: str | None = None  # one of FILLS
    clock: str | None = None  # one of CLOCKS
    release: str | None = None  # one of RELEASE_ROLES
    # A box ticked by a passing run: its own command, or a check the repo's config names.
    run: CheckSpec | None = None
    check: str = ""
    # A longtext the named item's passing run fills in (unless a person typed there).
    evidence_of: str = ""
    # The item asking the same question elsewhere: one answer fills both (same_question.py).
    same_as: str = ""

    @property
    def has_check(self) -> bool:
        return self.run is not None or bool(self.check)

    @property
    def empty_value(self) -> Value:
        if self.kind == "check":
            return False
        if self.kind == "list":
            return ()
        return ""

    def is_done(self, value: Value) -> bool:
        if self.kind == "check":
            return value is True
        if self.kind == "list":
            return isinstance(value, tuple) and any(entry.strip() for entry in value)
        if self.kind == "choice":
            return value in self.options
        return isinstance(value, str) and bool(value.strip())

    def accepts(self, value: object) -> bool:
        """Whether a stored value has the right type for this item's kind."""
        if self.kind == "check":
            return isinstance(value, bool)
        if self.kind == "list":
            return isinstance(value, tuple) and all(isinstance(e, str) for e in value)
        return isinstance(value, str)

    def parse(self, raw: str) -> Value:
        """Turn what a user typed (CLI argument, stdin) into this item's value."""
        if self.kind == "check":
            word = raw.strip().lower()
            if word in TRUE_WORDS:
                return True
            if word in FALSE_WORDS:
                return False
            raise ValueInputError(f"item {self.id!r} is a checkbox: give true or false, not {raw!r}")
        if self.kind == "choice":
            wanted = raw.strip()
            if not wanted:
                return ""
            for option in self.options:
                if option.lower() == wanted.lower():
                    return option
            choices = ", ".join(self.options)
            raise ValueInputError(f"item {self.id!r} is one of: {choices} (got {raw!r})")
        if self.kind == "list":
            return tuple(entry for entry in raw.splitlines() if entry.strip())
        return raw

    def option_label(self, index: int) -> str:
        """A readable label for a choice option, from its checkbox line when it has one."""
        if self.option_lines:
            text = CHECKBOX_MARK.split(self.option_lines[index], maxsplit=1)[-1]
            return text.replace("**", "").strip()
        return self.options[index]


Block: TypeAlias = TextBlock | Item


class Section(NamedTuple):
    id: str
    title: str
    heading: str
    level: int
    phase: str | None
    in_body: bool
    gap: int
    help: str
    blocks: tuple[Block, ...]
    subsections: tuple[Section, ...] = ()
    # Its items, all done, qualify the fix as a hotfix (the `qualified` event).
    qualification: bool = False
    # Its boxes are actions after the fix: those still open are the postmortem's follow-ups.
    follow_up: bool = False

    def own_items(self) -> tuple[Item, ...]:
        return tuple(b for b in self.blocks if isinstance(b, Item))

    def items(self) -> tuple[Item, ...]:
        """Every item of the section, its subsections' included, in template order."""
        found = list(self.own_items())
        for sub in self.subsections:
            found.extend(sub.items())
        return tuple(found)


class Phase(NamedTuple):
    id: str
    title: str
    activities: str = ""
    approvals: tuple[str, ...] = ()
    # Its ticks vouch for the code as it was: a newer code commit makes them stale.
    stale_after_commit: bool = False


class Checklist:
    """A parsed checklist definition; treated as immutable once built."""

    def __init__(self, *, name: str, title: str, description: str, preamble: str,
                 final_newline: bool, phases: tuple[Phase, ...], sections: tuple[Section, ...],
                 items: Mapping[str, Item], definition: Mapping[str, Any],
                 newline: str = "\n", source: Path | None = None) -> None:
        self.name = name
        self.title = title
        self.description = description
        self.preamble = preamble
        self.final_newline = final_newline
        self.phases = phases
        self.sections = sections
        # What ends each line of the body: a template written with CRLF keeps CRLF.
        self.newline = newline
        self.source = source
        self._by_id = items
        self._definition = definition

    def _key(self) -> tuple[object, ...]:
        return (self.name, self.title, self.description, self.preamble, self.final_newline,
                self.phases, self.sections, self.newline, self.source)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Checklist) and self._key() == other._key()

    def __hash__(self) -> int:
        return hash((self.name, self.source))

    def __repr__(self) -> str:
        return f"Checklist(name={self.name!r}, source={self.source!r})"

    @cached_property
    def digest(self) -> str:
        """A hash of the definition as data (not its formatting), written to each session
        file; worked out when a session is saved, which commands that only read never do."""
        import hashlib

        canonical = json.dumps(self._definition, sort_keys=True, default=str).encode()
        return "sha256:" + hashlib.sha256(canonical).hexdigest()[:16]

    def items(self) -> tuple[Item, ...]:
        return tuple(self._by_id.values())

    def item(self, item_id: str) -> Item:
        try:
            return self._by_id[item_id]
        except KeyError:
            raise ValueInputError(f"checklist {self.name!r} has no item {item_id!r}") from None

    def has_item(self, item_id: str) -> bool:
        return item_id in self._by_id

    def filled_by(self, fill: str) -> Item | None:
        """The item git pre-fills with `fill` (one of FILLS), if the checklist has one."""
        return next((item for item in self._by_id.values() if item.fill == fill), None)

    def clock_items(self) -> tuple[Item, ...]:
        """The items the incident clock fills, in checklist order."""
        return tuple(item for item in self._by_id.values() if item.clock is not None)

    def released(self, role: str) -> tuple[Item, ...]:
        """The items that say `role` (one of RELEASE_ROLES) in the release notes."""
        return tuple(item for item in self._by_id.values() if item.release == role)

    def follow_ups(self) -> tuple[Item, ...]:
        """The boxes of the sections declared `follow_up`, in checklist order."""
        found: list[Item] = []

        def visit(section: Section) -> None:
            if section.follow_up:
                found.extend(item for item in section.own_items() if item.kind == "check")
            for sub in section.subsections:
                visit(sub)

        for section in self.sections:
            visit(section)
        return tuple(found)

    @cached_property
    def qualification(self) -> Section | None:
        """The section whose items, all done, qualify the fix as a hotfix."""
        return next((s for s in self.sections if s.qualification), None)

    @cached_property
    def stale_phases(self) -> frozenset[str]:
        """The phases whose ticks a newer code commit makes stale."""
        return frozenset(phase.id for phase in self.phases if phase.stale_after_commit)

    @cached_property
    def same_questions(self) -> dict[str, tuple[str, ...]]:
        """For each item linked by `same_as` (either way, and through each other), the
        other items asking the same question."""
        linked: dict[str, set[str]] = {}
        for item in self._by_id.values():
            if item.same_as:
                linked.setdefault(item.id, set()).add(item.same_as)
                linked.setdefault(item.same_as, set()).add(item.id)
        found: dict[str, tuple[str, ...]] = {}
        for start in linked:
            group, todo = {start}, [start]
            while todo:
                for neighbour in linked[todo.pop()] - group:
                    group.add(neighbour)
                    todo.append(neighbour)
            found[start] = tuple(i for i in self._by_id if i in group and i != start)
        return found

    def section(self, section_id: str) -> Section:
        for section in self.sections:
            if section.id == section_id:
                return section
        raise ValueInputError(f"checklist {self.name!r} has no section {section_id!r}")


# --- loading ---------------------------------------------------------------------------


def default_line(kind: str, label: str, description: str = "") -> str:
    """The markdown line an item renders from when its definition gives no `line`."""
    if kind == "check":
        return f"- [ ] **{label}**: {description}" if description else f"- [ ] {label}"
    if kind in ("text", "choice"):
        return f"**{label}:** "
    return f"**{label}:**"


def slugify(text: str, fallback: str, limit: int = 48) -> str:
    """An id made from a title or label: `Root Cause` -> `root-cause`, accents dropped,
    cut at a word boundary so ids stay readable; `fallback` when nothing is left."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    if len(slug) > limit:
        slug = slug[:limit + 1].rsplit("-", 1)[0] if "-" in slug[:limit + 1] else slug[:limit]
    return slug or fallback


# --- finding checklists ----------------------------------------------------------------


