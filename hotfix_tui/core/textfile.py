"""Reading the user's files: UTF-8 text and TOML, each failure one line naming the file."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

from hotfix_tui.core.errors import HotfixError


def read_text(path: Path, error: type[HotfixError], what: str,
              missing_ok: bool = False) -> str | None:
    """The file's text, byte for byte (no newline translation: a CRLF file stays CRLF);
    None for a missing file when `missing_ok`. Failures raise `error`."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        if missing_ok:
            return None
        raise error(f"{path}: no such {what}") from None
    except OSError as exc:
        raise error(f"{path}: cannot read {what}: {exc.strerror or exc}") from None
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        raise error(f"{path}: not UTF-8 text") from None


def read_toml(path: Path, error: type[HotfixError], what: str,
              missing_ok: bool = False) -> dict[str, Any] | None:
    """The file's TOML tables, or None for a missing file when `missing_ok`."""
    text = read_text(path, error, what, missing_ok)
    if text is None:
        return None
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise error(f"{path}: invalid TOML: {exc}") from None
