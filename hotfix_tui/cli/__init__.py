"""`hotfix`: the command line. Argument parsing, then core calls; one line per error.

One module per group of commands (status, edit, checks, export, git, merge, definitions),
each adding its own subcommands. Headless commands never import textual: the app is imported only by
`hotfix` / `hotfix open`. Each command imports what only it needs when it runs: a script
calling `hotfix status` in a loop pays for the modules status uses, not for release notes
or secret scanning; the parser holds the chosen command's group alone (`COMMANDS`).
Exit codes: 0 ok, 1 a check failed (unmet required items), 2 bad input.
"""

from __future__ import annotations

import gc
import os
import sys
from collections.abc import Sequence
from importlib import import_module
from typing import TYPE_CHECKING

from hotfix_tui import __version__

if TYPE_CHECKING:
    import argparse

    from hotfix_tui.cli.common import Run

GROUPS = ("status", "edit", "checks", "export", "pr", "git", "merge", "definitions")
# The module of each command (tests/cli/test_light_commands.py holds it to what they
# register): a command's parser is built with its own group alone, every group's only for
# the list of commands (--help) or a name argparse must refuse. Building the 24 parsers
# and importing every group cost each command a few milliseconds.
COMMANDS = {
    "sessions": "status", "checklists": "status", "status": "status", "log": "status",
    "check": "status",
    "new": "edit", "set": "edit", "na": "edit", "approve": "edit", "handoff": "edit",
    "import-body": "edit",
    "run": "checks", "trust": "checks",
    "export": "export", "pr": "pr",
    "refresh": "git", "start": "git", "commit": "git",
    "merge-driver": "merge", "resolve": "merge",
    "validate": "definitions", "import-template": "definitions",
}
# The options before a command that take a value (given as `--repo PATH`, or abbreviated).
VALUE_OPTIONS = ("--repo", "--session", "--as")


def main(argv: Sequence[str] | None = None) -> int:
    # Starting up makes many objects and frees few (modules, the parser, the app): the
    # collector's passes over them are lost time, some 20 ms of the app's start. So it is
    # off until the command runs (the app turns it on once its first screen is painted:
    # tui/app.py), and the modules of the start-up are imported here, not when this
    # package is.
    gc.disable()
    try:
        return _main(argv)
    finally:
        gc.enable()


def _main(argv: Sequence[str] | None) -> int:
    from hotfix_tui.cli.common import terminal_safe_output

    # What a command prints comes from files anyone who can push wrote: nothing in it may
    # act on the terminal (see TerminalSafe).
    with terminal_safe_output():
        return run_command(argv)


def run_command(argv: Sequence[str] | None) -> int:
    from hotfix_tui.cli.common import EXIT_BAD_INPUT, EXIT_CHECK_FAILED, EXIT_OK
    from hotfix_tui.core.errors import HotfixError, UnmetRequired
    from hotfix_tui.core.safety.terminal import shown

    argv = sys.argv[1:] if argv is None else list(argv)
    parser = build_parser(groups_for(argv))
    args = parser.parse_args(argv)
    command: Run = getattr(args, "run", run_app)
    if command is not run_app:
        gc.enable()  # started: the command runs with the collector
    try:
        return command(args)
    except UnmetRequired as failed:
        print(f"hotfix: {shown(str(failed))}", file=sys.stderr)
        for item in failed.session.unmet_required():
            section = failed.session.checklist.section(item.section_id).title
            print(f"  - {item.id}: {shown(item.label)} ({shown(section)})", file=sys.stderr)
        return EXIT_CHECK_FAILED
    except HotfixError as exc:
        print(f"hotfix: error: {shown(str(exc))}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # `hotfix status | head`: the reader left; say nothing more, and keep Python from
        # complaining about the unflushed rest at exit.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK


def groups_for(argv: Sequence[str]) -> tuple[str, ...]:
    """The groups the parser needs for `argv`: the named command's; none for the app
    (no command, or `open`); all for the list of commands or a name no group has."""
    words = iter(argv)
    for word in words:
        if word == "--":
            word = next(words, "")
        elif word.startswith("-"):
            if word.startswith("--") and "=" not in word and any(
                    option.startswith(word) for option in VALUE_OPTIONS):
                next(words, None)  # the option's value, never the command
            elif word == "-h" or (len(word) > 2 and "--help".startswith(word)):
                return GROUPS
            continue
        if word == "open":
            return ()
        return (COMMANDS[word],) if word in COMMANDS else GROUPS
    return ()


def build_parser(groups: Sequence[str] = GROUPS) -> argparse.ArgumentParser:
    import argparse

    from hotfix_tui.cli.common import CHECKLIST_HELP, common_options

    # The options work before or after the command; the command's copy must not reset
    # what was given before it, hence SUPPRESS as its default.
    common = common_options(argparse.SUPPRESS)
    parser = argparse.ArgumentParser(
        prog="hotfix", parents=[common_options(None)],
        description="Walk through the hotfix pull-request checklist. "
                    "With no command, opens the app on the current branch's session.")
    parser.add_argument("--version", action="version", version=f"hotfix {__version__}")
    commands = parser.add_subparsers(title="commands", metavar="COMMAND")

    def command(name: str, run: Run, help: str) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, parents=[common], help=help, description=help)
        sub.set_defaults(run=run)
        return sub

    sub = command("open", run_app, "open the app (the default when no command is given)")
    sub.add_argument("--checklist", metavar="NAME|PATH",
                     help=f"for a new session: {CHECKLIST_HELP}")
    for group in groups:
        import_module(f"hotfix_tui.cli.{group}").register(command)
    return parser


def run_app(args: argparse.Namespace) -> int:
    from hotfix_tui.cli.common import workspace
    from hotfix_tui.tui.launch import run

    ws = workspace(args)
    return run(ws, session_name=args.session, checklist=getattr(args, "checklist", None))


if __name__ == "__main__":
    sys.exit(main())
