"""What an imported template's fields are for, guessed from their labels: a "Files
changed" list is filled from git, a "Changes made" field goes into the release notes.

`hotfix import-template` writes these as declarations (`fill`, `release`) a team can edit
or remove; the tool acts on the declarations only, never on labels or ids.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

# (key, value, the kinds it fits, a pattern on the label in lower case), first match wins;
# each job goes to the first field that matches it.
RULES: tuple[tuple[str, str, tuple[str, ...], re.Pattern[str]], ...] = (
    ("fill", "git-files", ("list", "longtext"),
     re.compile(r"\b(files? (changed|modified|touched|affected)|(changed|modified) files)\b")),
    ("fill", "git-commits", ("list", "longtext"), re.compile(r"^(commits?|changes made)$")),
    ("release", "root-cause", ("longtext", "text"), re.compile(r"\broot cause\b")),
    ("release", "summary", ("longtext", "text"),
     re.compile(r"^(summary|description|problem( statement)?|overview|what does this pr do)")),
    ("release", "fix", ("longtext", "list"),
     re.compile(r"^(fix( summary)?|the fix|solution|changes( made)?|what changed)\b")),
    ("release", "why", ("longtext", "text"), re.compile(r"^(why\b|motivation|rationale)")),
    ("release", "impact", ("longtext", "text"),
     re.compile(r"\b((production|customer|user) impact|impact)$")),
    ("release", "severity", ("choice", "text"), re.compile(r"\bseverity\b")),
    ("release", "risk", ("choice", "text"), re.compile(r"^risk( level)?\b")),
    ("release", "bug", ("text",), re.compile(r"^(fixes|closes|resolves|related issue)")),
)


def propose(items: Iterable[dict[str, Any]]) -> None:
    """Add the declarations the labels suggest to imported items (as dicts, in order)."""
    taken: set[tuple[str, str]] = set()
    for item in items:
        label = " ".join(str(item.get("label", "")).lower().rstrip(":").split())
        for key, value, kinds, pattern in RULES:
            if key in item or (key, value) in taken or item.get("kind") not in kinds:
                continue
            if pattern.search(label):
                item[key] = value
                taken.add((key, value))
