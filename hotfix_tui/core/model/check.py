"""A check: the shell command a checklist box asks to run for its evidence, and what
counts as passing. Declared on an item (`run = "..."`) or in the repo's config
(`[checks]`); both are read through `check_spec`. Pure: no I/O."""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import PurePosixPath
from typing import Any, NamedTuple

DEFAULT_TIMEOUT = 600.0
# The keys that shape a check besides its command.
OPTION_KEYS = ("timeout", "cwd", "expect", "retry_every")
SPEC_KEYS = ("run", *OPTION_KEYS)
# A check's name in `[checks]`, as an item's `check = "NAME"` gives it.
CHECK_NAME = re.compile(r"^[a-z0-9][a-z0-9_-]*$")


class CheckSpec(NamedTuple):
    run: str  # a shell command (`sh -c`)
    timeout: float = DEFAULT_TIMEOUT  # seconds, for all attempts together
    cwd: str = ""  # relative to the repo root; "" is the root
    expect: str | None = None  # a regex some line of the output must match
    retry_every: float | None = None  # seconds between attempts until one passes

    def pattern(self) -> re.Pattern[str] | None:
        return re.compile(self.expect) if self.expect is not None else None


class SpecProblem(Exception):
    """What is wrong with a check's definition: the key at fault and why; the caller
    words it as its file's error (file:line for a checklist, file for the config)."""

    def __init__(self, key: str, reason: str) -> None:
        super().__init__(reason)
        self.key = key
        self.reason = reason


def check_spec(table: Mapping[str, Any]) -> CheckSpec:
    """A check's definition (`run` and its options) checked and made a CheckSpec."""
    unknown = sorted(set(table) - set(SPEC_KEYS))
    if unknown:
        raise SpecProblem(unknown[0], f"unknown key {unknown[0]!r} (a check takes "
                                      f"{', '.join(SPEC_KEYS)})")
    run = table.get("run")
    if not isinstance(run, str) or not run.strip():
        raise SpecProblem("run", "'run' must be a command, e.g. run = \"pytest -q\"")
    timeout = _seconds(table, "timeout", DEFAULT_TIMEOUT)
    retry = _seconds(table, "retry_every", None)
    if retry is not None and timeout is not None and retry >= timeout:
        raise SpecProblem("retry_every", f"'retry_every' ({retry:g} s) must be shorter than "
                                         f"the timeout ({timeout:g} s)")
    return CheckSpec(run, timeout or DEFAULT_TIMEOUT, _cwd(table.get("cwd", "")),
                     _expect(table.get("expect")), retry)


def _seconds(table: Mapping[str, Any], key: str, default: float | None) -> float | None:
    value = table.get(key)
    if value is None:
        return default
    if isinstance(value, bool) or not isinstance(value, int | float) or not value > 0:
        raise SpecProblem(key, f"{key!r} must be a positive number of seconds, not {value!r}")
    return float(value)


def _cwd(value: object) -> str:
    """A working folder inside the repo: relative, without `..` (symlinks are checked
    where it is used)."""
    if not isinstance(value, str):
        raise SpecProblem("cwd", f"'cwd' must be a folder relative to the repo root, not {value!r}")
    path = PurePosixPath(value.replace("\\", "/"))
    if path.is_absolute() or ".." in path.parts or re.match(r"^[A-Za-z]:", value):
        raise SpecProblem("cwd", f"'cwd' must stay inside the repo (relative, no '..'): {value!r}")
    return "" if str(path) == "." else str(path)


def _expect(value: object) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str) or not value:
        raise SpecProblem("expect", f"'expect' must be a regular expression, not {value!r}")
    try:
        re.compile(value)
    except re.error as exc:
        raise SpecProblem("expect", f"'expect' is not a valid regular expression: {exc}") from None
    return value
