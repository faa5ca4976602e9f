"""What hotfix sets up in each clone's own git files, never in a committed one.

Its local files (`.hotfix/.local/`, exports, locks, half-written temp files) are ignored
through `.git/info/exclude`, and its session and event files get hotfix's merge driver
through `.git/info/attributes` and `.git/config`. None of this is committed: a committed
`.gitignore` made by two clones at once is an untracked file in the other clone that
makes its `git pull` abort, and a clone where hotfix never ran merges as git always does.
"""

from __future__ import annotations

import shlex
import subprocess
import sys
from pathlib import Path

from hotfix_tui.core.git.head import git_common_dir

EXCLUDE = ("/.hotfix/.local/", "/.hotfix/out/", "/.hotfix/**/.*.lock", "/.hotfix/**/.*.tmp")
ATTRIBUTES = ("/.hotfix/*.toml merge=hotfix", "/.hotfix/*.events/*.toml merge=hotfix")
DRIVER = "merge-driver %O %A %B %P"

_prepared: set[Path] = set()


def driver_command() -> str:
    """How git runs this hotfix as the merge driver: this Python, this package."""
    return f"{shlex.quote(sys.executable)} -m hotfix_tui {DRIVER}"


def prepare(root: Path) -> None:
    """Set up the clone holding `root`, once per process: the ignore rules, the merge
    attributes and the driver. Failing to is no error (a read-only .git, say): the clone
    then shows hotfix's local files as untracked and merges sessions as text."""
    if root in _prepared:
        return
    _prepared.add(root)
    common = git_common_dir(root)
    if common is None:
        return
    try:
        _add_lines(common / "info" / "exclude", EXCLUDE)
        _add_lines(common / "info" / "attributes", ATTRIBUTES)
        _register_driver(root, common)
    except OSError:
        return


def _add_lines(path: Path, lines: tuple[str, ...]) -> None:
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    missing = [line for line in lines if line not in text.splitlines()]
    if not missing:
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a", encoding="utf-8") as handle:
        if text and not text.endswith("\n"):
            handle.write("\n")
        handle.write("# hotfix: its local files and merge driver (see `hotfix --help`)\n")
        handle.writelines(f"{line}\n" for line in missing)


def _register_driver(root: Path, common: Path) -> None:
    command = driver_command()
    try:
        config = (common / "config").read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return
    if '[merge "hotfix"]' in config and command in config:
        return
    for key, value in (("merge.hotfix.name", "hotfix: sessions item by item, logs as one"),
                       ("merge.hotfix.driver", command)):
        subprocess.run(["git", "config", "--local", key, value], cwd=root,
                       capture_output=True, check=False, timeout=30)
