"""Which commands this clone's user approved to run (the file `Layout.trusted_commands`
names, in the clone's git folder).

An approval is keyed by a hash of what runs (the command text and its working folder), so
a command that changed in any way (after a `git pull`, say) needs approving again. The
file is in git's own folder, never committed: another clone's approval never vouches for a
command here.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from datetime import datetime
from pathlib import Path
from typing import Any, NamedTuple

import tomli_w

from hotfix_tui.core.errors import CheckError, UntrustedCommand
from hotfix_tui.core.model.check import CheckSpec
from hotfix_tui.core.storage.files import file_lock, read_toml, write_atomic

HEADER = ("# Commands approved in this clone for `hotfix run`, by a hash of what they run.\n"
          "# Git-ignored: an approval here vouches for nothing in another clone.\n")
SHOWN_CHARS = 120  # how much of a command an error line shows


def command_key(spec: CheckSpec) -> str:
    canonical = json.dumps([spec.run, spec.cwd]).encode()
    return "sha256:" + hashlib.sha256(canonical).hexdigest()


class Approvals(NamedTuple):
    keys: frozenset[str]  # every command approved here
    items: Mapping[str, str]  # item id -> the key last approved for it

    def approved(self, spec: CheckSpec) -> bool:
        return command_key(spec) in self.keys

    def changed(self, item_id: str, spec: CheckSpec) -> bool:
        """Whether an earlier command of this item was approved, but not this one."""
        return item_id in self.items and not self.approved(spec)

    def require(self, item_id: str, spec: CheckSpec) -> None:
        """Refuse a command this clone's user has not approved, in one line."""
        if self.approved(spec):
            return
        shown = " ".join(spec.run.split())
        if len(shown) > SHOWN_CHARS:
            shown = shown[:SHOWN_CHARS - 1] + "…"
        where = f" in {spec.cwd}/" if spec.cwd else ""
        changed = self.changed(item_id, spec)
        why = ("its command changed since you approved it" if changed
               else "its command is not approved in this clone")
        raise UntrustedCommand(f"item {item_id!r}: {why}: {shown!r}{where}; read it, then "
                               f"approve it with `hotfix trust {item_id}`",
                               item_id, spec.run, changed)


def read_approvals(path: Path) -> Approvals:
    data = _read(path)
    return Approvals(frozenset(data["commands"]), dict(data["items"]))


def approve(path: Path, lock: Path, checks: Iterable[tuple[str, CheckSpec]], *, by: str,
            at: datetime) -> None:
    """Approve each item's command, as `by`, now; under a lock, so two approving at once
    both land."""
    with file_lock(path, lock):
        data = _read(path)
        for item_id, spec in checks:
            key = command_key(spec)
            data["commands"].setdefault(key, {"run": spec.run, "cwd": spec.cwd,
                                              "approved_by": by, "approved_at": at})
            data["items"][item_id] = key
        write_atomic(path, HEADER + tomli_w.dumps(data))


def _read(path: Path) -> dict[str, Any]:
    """The file's tables; a file that cannot be read is an error, never written over."""
    data = read_toml(path, CheckError, "list of approved commands", missing_ok=True) or {}
    commands, items = data.get("commands", {}), data.get("items", {})
    if not isinstance(commands, dict) or not isinstance(items, dict) or not all(
            isinstance(key, str) for key in items.values()):
        raise CheckError(f"{path}: not a list of approved commands ([commands] and [items] "
                         "tables); remove it to start again")
    return {"commands": commands, "items": items}
