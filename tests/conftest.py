"""Shared fixtures: real temporary git repos (never mocked) and the seed template."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import git
import pytest

if TYPE_CHECKING:
    from tests.fakegithub import FakeGitHub

PROJECT = Path(__file__).resolve().parent.parent
# The seed template the built-in checklist transcribes, kept with the tests: a user's clone
# has no ../shared beside it.
SEED_TEMPLATE = PROJECT / "tests" / "data" / "seeds" / "hotfix_pull_request_template.md"
# Real projects' PR templates and changelogs, beside the checkout in CI only: tests that
# read them are marked `shared` and skipped (with the reason) where it is absent.
SHARED = PROJECT.parent / "shared"
needs_shared = pytest.mark.shared


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    if SHARED.is_dir():
        return
    skip = pytest.mark.skip(reason=f"reads {SHARED}, which is not beside this checkout")
    for item in items:
        if item.get_closest_marker("shared") is not None:
            item.add_marker(skip)
HOTFIX_CHECKLIST = PROJECT / "checklists" / "hotfix.toml"

HEADING = re.compile(r"^#{1,6} .*$", re.MULTILINE)
CHECKBOX = re.compile(r"^[ \t]*[-*+] \[[ xX]\]", re.MULTILINE)
TICKED = re.compile(r"^[ \t]*[-*+] \[[xX]\]", re.MULTILINE)
RULE = re.compile(r"^ {0,3}([-*_])[ \t]*(\1[ \t]*){2,}$", re.MULTILINE)
COMMENT = re.compile(r"^<!--", re.MULTILINE)


def structure(body: str) -> dict[str, object]:
    """What a value must never change in a PR body: headings, boxes, rules, comments."""
    return {
        "headings": HEADING.findall(body),
        "checkboxes": len(CHECKBOX.findall(body)),
        "rules": len(RULE.findall(body)),
        "comments": len(COMMENT.findall(body)),
    }


@pytest.fixture(autouse=True)
def _isolated_git_config(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests see a known git identity and never the developer's own config."""
    home = tmp_path_factory.mktemp("home")
    (home / ".gitconfig").write_text("[user]\n\tname = Dana Tester\n\temail = dana@example.com\n")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.delenv("GIT_DIR", raising=False)


def make_repo(path: Path, branch: str = "hotfix/login-crash", commit: bool = True) -> git.Repo:
    path.mkdir(parents=True, exist_ok=True)
    repo = git.Repo.init(path, initial_branch="main")
    if commit:
        (path / "app.py").write_text("print('hello')\n")
        repo.index.add(["app.py"])
        repo.index.commit("initial commit")
        if branch != "main":
            repo.git.checkout("-b", branch)
    elif branch != "main":
        repo.git.symbolic_ref("HEAD", f"refs/heads/{branch}")
    return repo


@pytest.fixture
def repo_path(tmp_path: Path) -> Path:
    path = tmp_path / "repo"
    make_repo(path)
    return path


@pytest.fixture
def seed_template() -> str:
    return SEED_TEMPLATE.read_text(encoding="utf-8")


@pytest.fixture
def in_repo(repo_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(repo_path)
    return repo_path



@pytest.fixture(autouse=True, scope="session")
def _the_checkout_stays_untouched():
    """No test writes hotfix files into the project's own checkout (a relative path that
    should have been under a test's repo)."""
    stray = PROJECT / ".hotfix"
    existed = stray.exists()
    yield
    assert existed or not stray.exists(), f"a test wrote {stray}"


@pytest.fixture
def github(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeGitHub]:
    """A small GitHub of the test's own on 127.0.0.1, which the real gh is pointed at."""
    from tests.fakegithub import running_github

    with running_github(tmp_path, monkeypatch) as fake:
        yield fake
