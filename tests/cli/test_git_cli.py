"""The git commands and git-aware behaviour of the CLI, in real temporary repositories."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import git
import pytest

from hotfix_tui.cli import main
from tests.conftest import make_repo
from tests.gitrepos import commit, write

HOTFIX = str(Path(sys.executable).parent / "hotfix")
SESSION = Path(".hotfix") / "hotfix-login-crash.toml"


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def items(status_json: str) -> dict[str, dict]:
    return {i["id"]: i for s in json.loads(status_json)["sections"] for i in s["items"]}


@pytest.fixture
def released(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> git.Repo:
    """Tag v1.4.2 on main, then a hotfix branch changing two files; cwd is the repo."""
    root = tmp_path / "repo"
    repo = make_repo(root, branch="main")
    commit(repo, "add the session store", {"store.py": "cache = {}\n"})
    repo.create_tag("v1.4.2")
    repo.git.checkout("-q", "-b", "hotfix/login-crash")
    commit(repo, "Key the login cache by build", {"app.py": "print('fixed')\n",
                                                  "store.py": "cache = {'build': 1}\n"})
    monkeypatch.chdir(root)
    return repo


def test_acceptance_files_release_notes_and_commit(released: git.Repo, capsys, tmp_path):
    code, _, err = run(capsys, "new")
    assert code == 0 and err == ""
    code, out, _ = run(capsys, "status", "--json")
    assert code == 0
    assert items(out)["files-modified"]["value"] == ["app.py", "store.py"]
    assert items(out)["changes-made"]["value"] == "- Key the login cache by build"

    notes = tmp_path / "notes.md"
    code, _, err = run(capsys, "export", "--draft", "--release-notes", str(notes))
    assert code == 0, err
    assert notes.read_text().startswith("# Hotfix 1.4.3: Login crash\n\n- **Version:** 1.4.3\n")

    write(Path.cwd(), {"unrelated.py": "not part of the session commit\n"})
    released.git.add("unrelated.py")
    before = released.head.commit
    code, out, err = run(capsys, "commit")
    assert code == 0, err
    head = released.head.commit
    assert head.parents == (before,)
    assert list(head.stats.files) == [SESSION.as_posix()]
    assert head.message.startswith("hotfix checklist hotfix-login-crash: ")
    assert out == f"committed {Path.cwd() / SESSION} ({head.hexsha[:7]})\n"
    assert released.git.diff("--cached", "--name-only").splitlines() == ["unrelated.py"]
    assert "unrelated.py" not in {blob.path for blob in head.tree.traverse()}
    code, out, _ = run(capsys, "commit")
    assert code == 0 and out.startswith("nothing to commit: ")


def test_refresh_keeps_typed_values_and_flags_stale_ticks(released: git.Repo, capsys):
    assert main(["new"]) == 0
    assert main(["set", "components-affected", "login"]) == 0
    assert main(["set", "files-modified", "app.py\nsee the PR"]) == 0
    assert main(["set", "error-scenario", "true"]) == 0       # testing: goes stale
    assert main(["set", "mitigation-manual-testing", "true"]) == 0  # development: never stale
    # Dated after any tick made today: a commit that lands after the boxes were ticked.
    commit(released, "Also clear the cache on logout", {"logout.py": "cache.clear()\n"},
           when="2099-01-01T00:00:00+00:00")
    capsys.readouterr()
    code, out, _ = run(capsys, "refresh")
    assert code == 0
    assert out == ("hotfix-login-crash: refreshed from git on hotfix/login-crash, base main: "
                   "changes-made\nkept what was typed in: files-modified\n")
    code, out, _ = run(capsys, "status", "--json")
    assert items(out)["files-modified"]["value"] == ["app.py", "see the PR"]
    assert items(out)["changes-made"]["value"] == ("- Key the login cache by build\n"
                                                    "- Also clear the cache on logout")
    assert json.loads(out)["stale"] == ["error-scenario"]
    code, out, _ = run(capsys, "status")
    assert out.endswith("stale: 1 tick(s) made before the latest commit; check them again:\n"
                        "  - error-scenario: Error Scenario (Testing Verification)\n")
    session = (Path.cwd() / SESSION).read_text()
    assert f'head = "{released.head.commit.hexsha}"' in session


def test_ticks_after_the_last_commit_are_not_stale(tmp_path, monkeypatch, capsys):
    repo = make_repo(tmp_path / "repo", branch="main")
    repo.git.checkout("-q", "-b", "hotfix/old")
    commit(repo, "an old fix", {"a.py": "a = 1\n"}, when="2001-01-01T00:00:00+00:00")
    monkeypatch.chdir(tmp_path / "repo")
    assert main(["set", "error-scenario", "true"]) == 0
    code, out, _ = run(capsys, "status", "--json")
    assert json.loads(out)["stale"] == []


def test_changelog_and_version_override(released: git.Repo, capsys):
    changelog = Path("CHANGELOG.md")
    old = "# Changelog\n\n## [Unreleased]\n\n## [1.4.2] - 2026-10-01\n\n- first\n"
    changelog.write_text(old)
    main(["set", "problem-statement", "Users were logged out"])
    code, out, err = run(capsys, "export", "--draft", "--changelog", "CHANGELOG.md",
                         "--release-notes", "-")
    assert code == 0, err
    assert out.startswith("# Hotfix 1.4.3: Login crash\n")
    day = re.search(r"^## \[1\.4\.3\] - (\d{4}-\d\d-\d\d)$", changelog.read_text(), re.M)
    assert day and f"- **Date:** {day[1]}\n" in out
    # The newest entry has no sections, so neither has the new one; it says the fix.
    assert changelog.read_text() == old.replace(
        "## [1.4.2]", f"## [1.4.3] - {day[1]}\n\n- Key the login cache by build\n\n## [1.4.2]")
    code, _, err = run(capsys, "export", "--draft", "--changelog", "CHANGELOG.md")
    assert code == 2 and err == ("hotfix: error: CHANGELOG.md: already has an entry for 1.4.3 "
                                 "(line 5): --replace rewrites it\n")
    code, out, _ = run(capsys, "export", "--draft", "--release-notes", "-", "--version", "v2.0.1")
    assert code == 0 and out.startswith("# Hotfix 2.0.1: ")
    code, _, err = run(capsys, "export", "--release-notes", "-")
    assert code == 1 and "required items are unmet" in err
    code, _, err = run(capsys, "export")
    assert code == 2 and "give --pr-body, --release-notes, --changelog and/or --postmortem" in err


def test_start_branches_from_the_tag_the_release_follows(released: git.Repo, capsys):
    released.git.checkout("-q", "main")
    commit(released, "unreleased work", {"wip.py": "w = 1\n"})
    code, out, err = run(capsys, "start", "payment-timeout")
    assert code == 0, err
    assert out.splitlines() == [
        "created branch hotfix/payment-timeout from v1.4.2",
        "its release will be 1.4.3, tagged v1.4.3",
        f"created {Path.cwd() / '.hotfix' / 'hotfix-payment-timeout.toml'} (hotfix, 131 items)"]
    assert released.active_branch.name == "hotfix/payment-timeout"
    assert released.head.commit == released.tags["v1.4.2"].commit
    code, out, _ = run(capsys, "status", "--json")
    assert json.loads(out)["session"] == "hotfix-payment-timeout"


def test_git_failures_are_one_line_without_traceback(released: git.Repo):
    released.git.checkout("-q", "main")
    result = subprocess.run([HOTFIX, "start", "login-crash", "--session", "other"],
                            capture_output=True, text=True)
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert "a branch named 'hotfix/login-crash' already exists" in result.stderr
    write(Path.cwd(), {".hotfix/config.toml": 'base = "develop"\n'})
    result = subprocess.run([HOTFIX, "new"], capture_output=True, text=True)
    assert result.returncode == 2 and result.stderr.count("\n") == 1
    assert result.stderr.startswith(f"hotfix: error: {Path.cwd() / '.hotfix' / 'config.toml'}: ")
    assert not (Path.cwd() / ".hotfix" / "main.toml").exists()


def test_start_over_changes_in_the_way_names_them_and_what_to_do(released: git.Repo, capsys):
    # On main, store.py changed since v1.4.2 and is edited again, not committed.
    released.git.checkout("-q", "main")
    commit(released, "unreleased work", {"store.py": "cache = {'v': 2}\n"})
    write(Path.cwd(), {"store.py": "cache = {'v': 3}\n"})
    code, _, err = run(capsys, "start", "payment-timeout")
    assert code == 2 and err.count("\n") == 1
    assert err.rstrip().endswith(
        "would be overwritten by checkout: store.py; Please commit your changes or stash "
        "them before you switch branches.")
    assert released.active_branch.name == "main"


def test_detached_head_session(released: git.Repo, capsys):
    released.git.checkout("-q", "--detach", "HEAD")
    code, out, _ = run(capsys, "new")
    name = f"detached-{released.head.commit.hexsha[:7]}"
    assert code == 0 and f"{name}.toml" in out
    text = (Path.cwd() / ".hotfix" / f"{name}.toml").read_text()
    assert "[git]\nbase = \"main\"\nhead = " in text and "branch =" not in text


@pytest.mark.parametrize("kind", ["plain", "bare", "unborn"])
def test_without_git_every_command_works_with_a_notice(kind, tmp_path, monkeypatch, capsys):
    folder = tmp_path / kind
    if kind == "bare":
        git.Repo.init(folder, bare=True)
    elif kind == "unborn":
        make_repo(folder, branch="main", commit=False)
    else:
        folder.mkdir()
    monkeypatch.chdir(folder)
    notice = {"plain": f"hotfix: not a git repository: working in {folder}\n",
              "bare": f"hotfix: bare git repository: working in {folder}\n",
              "unborn": "hotfix: repository has no commits yet\n"}[kind]
    name = "main" if kind == "unborn" else "hotfix"
    for args in (["new"], ["set", "root-cause", "x"], ["refresh"], ["status", "--json"],
                 ["export", "--draft", "--release-notes", "-", "--version", "1.0.1"],
                 ["export", "--draft", "--pr-body", "-"], ["start", "quick"]):
        code, out, err = run(capsys, *args)
        told = "release 1.0.1 (--version): its tag will be v1.0.1\n" if "1.0.1" in args else ""
        assert code == 0 and err == notice + told, (args, err)
    assert (folder / ".hotfix" / f"{name}.toml").is_file()
    assert (folder / ".hotfix" / "hotfix-quick.toml").is_file()
    code, _, err = run(capsys, "export", "--draft", "--release-notes", "-")
    assert code == 2 and err == notice + (f"hotfix: error: {folder}: no release tag in HEAD's "
                                          "history: name the version (hotfix export "
                                          "--version X)\n")
    code, _, err = run(capsys, "commit")
    if kind == "unborn":
        assert code == 0 and git.Repo(folder).head.commit.message.startswith("hotfix checklist")
    else:
        assert code == 2 and err.endswith("nothing to commit outside a git work tree\n")


def test_without_a_git_program_commands_still_work(in_repo):
    env = {**os.environ, "GIT_PYTHON_GIT_EXECUTABLE": str(in_repo / "no-such-git")}
    result = subprocess.run([HOTFIX, "new"], capture_output=True, text=True, env=env)
    assert result.returncode == 0, result.stderr
    assert result.stderr.startswith("hotfix: git is not usable (") and result.stderr.count("\n") == 1
    assert (in_repo / ".hotfix" / "hotfix.toml").is_file()


def test_git_commands_do_not_import_textual(released):
    script = ("import sys; from hotfix_tui.cli import main; "
              "[main(a) for a in (['new'], ['refresh'], ['commit'], ['status'], "
              "['export', '--draft', '--release-notes', '-', '--changelog', 'CHANGELOG.md'], "
              "['start', 'other'])]; "
              "print(sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich')))")
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "[]"
    assert released.active_branch.name == "hotfix/other"
