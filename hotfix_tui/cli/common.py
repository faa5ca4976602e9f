"""What every command shares: the options, finding the workspace and session, exit codes."""

from __future__ import annotations

import argparse
import io
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Protocol, TextIO

from hotfix_tui.core.errors import BodyError, ValueInputError
from hotfix_tui.core.model.session import Session
from hotfix_tui.core.safety.terminal import shown
from hotfix_tui.core.workspace import Workspace

EXIT_OK, EXIT_CHECK_FAILED, EXIT_BAD_INPUT = 0, 1, 2

Run = Callable[[argparse.Namespace], int]

CHECKLIST_HELP = ("checklist name, or path to a .toml definition or .md template (default: "
                  "`checklist` in .hotfix/config.toml, else hotfix)")


class Command(Protocol):
    """Adds a subcommand: its name, the function that runs it, its one-line help."""

    def __call__(self, name: str, run: Run, help: str) -> argparse.ArgumentParser: ...


def common_options(default: object) -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False, argument_default=default)
    common.add_argument("--repo", type=Path, metavar="PATH",
                        help="work in the git repo containing PATH (default: current folder)")
    common.add_argument("--session", metavar="NAME",
                        help="session name (default: the current branch, made file-safe)")
    common.add_argument("--as", dest="author", metavar="NAME",
                        help="record changes as NAME instead of git user.name")
    return common


class TerminalSafe(io.TextIOBase):
    """An output stream that shows escaped whatever a terminal would act on (escape
    sequences, bidi overrides; see core/safety/terminal.py), line breaks kept: every byte
    a command prints passes through here, whatever file or person it came from."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream

    def writable(self) -> bool:
        return True

    def write(self, text: str) -> int:
        self.stream.write(shown(text, lines=True))
        return len(text)

    def flush(self) -> None:
        self.stream.flush()

    def fileno(self) -> int:
        return self.stream.fileno()


@contextmanager
def terminal_safe_output() -> Iterator[None]:
    """Standard output and error made `TerminalSafe` while a command runs."""
    out, err = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = TerminalSafe(out), TerminalSafe(err)
    try:
        yield
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
        sys.stdout, sys.stderr = out, err


def workspace(args: argparse.Namespace) -> Workspace:
    if args.repo is not None and not args.repo.resolve().is_dir():
        raise ValueInputError(f"{args.repo}: no such folder (--repo)")
    ws = Workspace.open(args.repo, author=args.author)
    ws.warn = lambda message: print(f"hotfix: warning: {message}", file=sys.stderr)
    if ws.repo.notice:
        print(f"hotfix: {ws.repo.notice}", file=sys.stderr)
    return ws


def current_session(args: argparse.Namespace) -> tuple[Workspace, Session]:
    ws = workspace(args)
    return ws, ws.load(ws.session_name(args.session))


def read_body_arg(arg: str) -> str:
    """A PR body given on the command line: a file's UTF-8 text, or stdin for '-'."""
    if arg == "-":
        return sys.stdin.read()
    try:
        return Path(arg).read_bytes().decode("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else "not UTF-8 text"
        raise BodyError(f"{arg}: cannot read PR body: {reason.lower()}") from None
