"""Checklist definitions parsed once per change of their file, not once per command.

Every command and the app's start load their session's checklist, and tomllib (pure
Python) takes about 4 ms to parse the hotfix checklist: its tables are kept as JSON in
the git-ignored `.hotfix/.local/checklists/`, beside the text they came from, which is
compared whole before they are used (a changed file is parsed again). The definition is
still checked on every load. An entry missing, unreadable, corrupt or of another text is
parsed anew and written again, never an error; nothing is written where `.hotfix/` does
not exist yet.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from hotfix_tui.core.definition.loader import checklist_from_data, parse_checklist
from hotfix_tui.core.errors import ChecklistError, HotfixError
from hotfix_tui.core.model.checklist import Checklist
from hotfix_tui.core.storage.files import parse_toml, read_text, write_atomic
from hotfix_tui.core.storage.layout import Layout

FORMAT = 1


def load_checklist_parsed(layout: Layout, path: Path) -> Checklist:
    """The checklist at `path` (a .toml definition), its tables from the cache when they
    were parsed from this very text."""
    text = read_text(path, ChecklistError, "checklist") or ""
    source = str(path.resolve())
    try:
        cache = layout.parsed_checklist(path.stem)
    except HotfixError:  # a symlink under .hotfix/: no cache, and no error for it
        return parse_checklist(text, path)
    data = _cached(cache, source, text)
    if data is None:
        data = parse_toml(text, str(path), ChecklistError)
        checklist = checklist_from_data(text, data, path)  # only a valid one is kept
        _keep(layout, cache, source, text, data)
        return checklist
    return checklist_from_data(text, data, path)


def _cached(cache: Path, source: str, text: str) -> dict[str, Any] | None:
    try:
        entry = json.loads(read_text(cache, HotfixError, "parsed checklist", missing_ok=True)
                           or "null")
    except (HotfixError, ValueError):
        return None
    if not (isinstance(entry, dict) and entry.get("format") == FORMAT
            and entry.get("source") == source and entry.get("text") == text):
        return None
    tables = entry.get("tables")
    return tables if isinstance(tables, dict) else None


def _keep(layout: Layout, cache: Path, source: str, text: str, data: dict[str, Any]) -> None:
    if not layout.root.joinpath(".hotfix").is_dir():
        return
    try:
        # allow_nan=False: JSON gives back exactly what TOML held (a date it cannot hold).
        entry = json.dumps({"format": FORMAT, "source": source, "text": text, "tables": data},
                           ensure_ascii=False, allow_nan=False)
    except (TypeError, ValueError):
        return
    try:
        layout.ensure_ignored()
        write_atomic(cache, entry)
    except HotfixError:
        pass  # a read-only clone: parsed again next time
