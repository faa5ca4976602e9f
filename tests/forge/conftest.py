"""`hotfix pr` against the real `gh` program and a GitHub of our own (tests/fakegithub.py).

Each test gets a fresh fake GitHub on a free port of 127.0.0.1, gh pointed at it through its
environment, and a repo whose remote is `http://github.localhost/owner/repo.git` (what gh
reads to know the repository); pushes go to a local bare repo instead (the remote's push
URL), which the fake looks at to tell whether a branch was pushed. Tests elsewhere (the
app's) build the same from `running_github` and `add_github_remote`.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from hotfix_tui.core.model.session import Session
from hotfix_tui.core.workspace import Workspace
from tests.conftest import make_repo
from tests.fakegithub import FakeGitHub, add_github_remote

BRANCH = "hotfix/login-crash"
SESSION = "hotfix-login-crash"

SMALL = '''
name = "small"

[[sections]]
id = "summary"
title = "Summary"

  [[sections.blocks]]
  text = "<!-- What and why -->"

  [[sections.blocks]]
  id = "problem-statement"
  kind = "longtext"
  label = "Problem Statement"
  required = true
  release = "summary"

  [[sections.blocks]]
  id = "ticket"
  kind = "text"
  label = "Ticket"

[[sections]]
id = "checks"
title = "Checks"

  [[sections.blocks]]
  id = "tested"
  kind = "check"
  label = "Tested"
  description = "Tests pass"
  required = true

  [[sections.blocks]]
  id = "reviewed"
  kind = "check"
  label = "Reviewed"

  [[sections.blocks]]
  id = "deployed"
  kind = "check"
  label = "Deployed"
'''


@pytest.fixture
def repo(tmp_path: Path, github: FakeGitHub) -> Path:
    """A clone of owner/repo on the hotfix branch, `main` pushed, the branch not yet."""
    path = tmp_path / "repo"
    with make_repo(path, branch=BRANCH) as repo:
        add_github_remote(repo, github)
    (path / ".hotfix" / "checklists").mkdir(parents=True)
    (path / ".hotfix" / "checklists" / "small.toml").write_text(SMALL)
    return path


@pytest.fixture
def ws(repo: Path) -> Workspace:
    return Workspace.open(repo)


@pytest.fixture
def session(ws: Workspace) -> Session:
    return ws.create(SESSION, "small", from_git=False)
