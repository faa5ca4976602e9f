"""CLI: writing the PR body, release notes, changelog entry and postmortem (core/exports.py
does it)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from hotfix_tui.cli.common import EXIT_OK, Command, current_session


def register(command: Command) -> None:
    sub = command("export", run_export, "write the PR body, the release notes and/or the postmortem")
    sub.add_argument("--pr-body", metavar="PATH|-",
                     help="file to write the PR body to, '-' for stdout")
    sub.add_argument("--release-notes", metavar="PATH|-",
                     help="file to write the release notes to, '-' for stdout")
    sub.add_argument("--version", dest="release_version", metavar="X",
                     help="release version (default: the patch after the nearest release tag "
                          "in HEAD's history)")
    sub.add_argument("--changelog", type=Path, metavar="PATH",
                     help="add the release to this changelog, in its own style (a new one is "
                          "Keep a Changelog); in a monorepo its folder picks the package's tags")
    sub.add_argument("--replace", action="store_true",
                     help="rewrite the changelog's entry for the version if it has one")
    sub.add_argument("--dry-run", action="store_true",
                     help="write nothing: print the diff of each file the export would write")
    sub.add_argument("--draft", action="store_true",
                     help="export even if required items are unmet")
    sub.add_argument("--allow-secret", action="store_true",
                     help="export even what looks like a secret (a token, a password)")
    sub.add_argument("--postmortem", metavar="PATH|-",
                     help="file to write the incident's postmortem to, '-' for stdout: summary, "
                          "impact, root cause, the timeline in UTC, the incident clock, "
                          "approvals, N/A decisions, handoffs, evidence, open follow-ups")
    sub.add_argument("--json", dest="postmortem_json", action="store_true",
                     help="with --postmortem: write it as JSON, for tools")
    sub.add_argument("--timeline", action="store_true",
                     help="append the session's log to the PR body, folded in a <details> block")


def run_export(args: argparse.Namespace) -> int:
    from hotfix_tui.core.exports import ExportPlan

    plan = ExportPlan(pr_body=args.pr_body, release_notes=args.release_notes,
                      changelog=args.changelog, version=args.release_version,
                      timeline=args.timeline, draft=args.draft, dry_run=args.dry_run,
                      replace=args.replace, allow_secret=args.allow_secret,
                      postmortem=args.postmortem, postmortem_json=args.postmortem_json)
    plan.check()
    ws, session = current_session(args)
    done = ws.export(session, plan)
    if done.release is not None:
        release = done.release
        if release.given:
            follows = f" after {release.follows}" if release.follows else ""
            print(f"release {release.version} (--version){follows}: its tag will be "
                  f"{release.tag}", file=sys.stderr)
        else:
            print(f"release {release.version}: the patch after {release.follows}, HEAD's "
                  f"nearest release tag; its tag will be {release.tag}", file=sys.stderr)
    if done.stdout:
        sys.stdout.write(done.stdout)
        sys.stdout.flush()
    for path in done.written:
        if args.dry_run:
            print(f"would write {path} (dry run: nothing written)", file=sys.stderr)
        elif path == args.changelog:
            verb = "replaced" if done.replaced else "added"
            print(f"{verb} {done.version} {'in' if done.replaced else 'to'} {path}",
                  file=sys.stderr)
        else:
            print(f"wrote {path}", file=sys.stderr)
    return EXIT_OK
