"""CLI: the session's live pull request: open it, or bring it and the session into step."""

from __future__ import annotations

import argparse

from hotfix_tui.cli.common import EXIT_OK, Command, current_session
from hotfix_tui.core.safety.terminal import shown


def register(command: Command) -> None:
    sub = command("pr", run_pr,
                  "open the branch's pull request through the GitHub CLI (a draft while "
                  "required items are unmet), or bring its body and the session into step both "
                  "ways: ticks and values changed on the website come in, the session's go out")
    sub.add_argument("--allow-secret", action="store_true",
                     help="push the body even when the session holds what looks like a secret")


def run_pr(args: argparse.Namespace) -> int:
    ws, session = current_session(args)
    if not args.allow_secret:
        ws.secrets.refuse(session, "pushing the PR body", log=False)
    from hotfix_tui.core.pr_sync import pr_summary  # loaded when used: gh is rare

    for line in pr_summary(ws.sync_pr(session)):
        print(shown(line))
    return EXIT_OK
