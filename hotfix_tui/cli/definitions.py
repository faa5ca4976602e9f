"""CLI: checking a checklist definition and importing a PR template as one."""

from __future__ import annotations

import argparse
from pathlib import Path

from hotfix_tui.cli.common import EXIT_OK, Command, workspace
from hotfix_tui.core.definition.loader import load_checklist


def register(command: Command) -> None:
    sub = command("validate", run_validate, "check a checklist definition file")
    sub.add_argument("file", type=Path, metavar="FILE")

    sub = command("import-template", run_import_template,
                  "turn a markdown pull-request template into a checklist definition")
    sub.add_argument("template", type=Path, metavar="TEMPLATE.md")
    sub.add_argument("-o", "--output", type=Path, metavar="PATH",
                     help="file to write (default: .hotfix/checklists/NAME.toml, NAME from "
                          "the template's file name)")
    sub.add_argument("--force", action="store_true", help="replace the file if it exists")


def run_validate(args: argparse.Namespace) -> int:
    checklist = load_checklist(args.file)
    sections = len(checklist.sections)
    print(f"{args.file}: ok ({sections} sections, {len(checklist.items())} items)")
    return EXIT_OK


def run_import_template(args: argparse.Namespace) -> int:
    ws = workspace(args)
    path, checklist = ws.import_template(args.template, args.output, force=args.force)
    print(f"wrote {path} (checklist {checklist.name!r}: {len(checklist.sections)} sections, "
          f"{len(checklist.items())} items)")
    return EXIT_OK

