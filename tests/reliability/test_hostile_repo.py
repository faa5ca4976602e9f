"""What a teammate can commit into `.hotfix/` (or the repo's templates) never leads a read
or a write out of the repo, never hangs a command, never overwrites hotfix's own files
and never gives more than a one-line error: symlinks, FIFOs, /proc paths, deep nesting."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from hotfix_tui.cli import main
from hotfix_tui.core.errors import SessionError
from hotfix_tui.core.workspace import Workspace

SESSION_FILE = Path(".hotfix") / "hotfix-login-crash.toml"
EVENTS = Path(".hotfix") / "hotfix-login-crash.events"


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def hotfix(repo: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """The CLI in a process of its own: a read that hangs fails the test at the timeout
    instead of hanging the suite."""
    return subprocess.run([sys.executable, "-m", "hotfix_tui", *args], cwd=repo, text=True,
                          capture_output=True, timeout=30)


def everything_in(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    folder = tmp_path / "outside"
    folder.mkdir()
    (folder / "precious.toml").write_text("precious = true\n")
    return folder


@pytest.mark.parametrize("link", [".hotfix/hotfix-login-crash.events", ".hotfix/.local",
                                  ".hotfix/.hotfix-login-crash.toml.lock",
                                  ".hotfix/config.toml"])
def test_a_committed_symlink_under_hotfix_is_never_followed(in_repo, capsys, outside, link):
    assert main(["new"]) == 0
    path = in_repo / link
    if path.is_dir():
        for child in path.iterdir():
            child.unlink()
        path.rmdir()
    else:
        path.unlink(missing_ok=True)
    target = outside / "precious.toml" if link.endswith((".lock", ".toml")) else outside
    path.symlink_to(target)
    before = everything_in(outside)
    capsys.readouterr()
    # config.toml is read when git is: by `refresh`.
    command = ("refresh",) if link.endswith("config.toml") else ("set", "root-cause", "written")
    code, _, err = run(capsys, *command)
    assert code == 2 and err.count("\n") == 1, err
    assert "follows no symlink under .hotfix/" in err
    assert everything_in(outside) == before and sorted(os.listdir(outside)) == ["precious.toml"]


def test_the_apps_exports_do_not_follow_a_symlinked_out_folder(in_repo, outside):
    ws = Workspace.open(in_repo)
    session = ws.create("s")
    (in_repo / ".hotfix" / "out").symlink_to(outside)
    with pytest.raises(SessionError, match="follows no symlink"):
        ws.out_path(session, "pr-body")
    assert sorted(os.listdir(outside)) == ["precious.toml"]


def test_a_symlinked_event_file_is_not_read(in_repo, capsys, outside):
    assert main(["new"]) == 0
    (in_repo / EVENTS).mkdir()
    (in_repo / EVENTS / "mallory-00000000.toml").symlink_to(outside / "precious.toml")
    capsys.readouterr()
    code, _, err = run(capsys, "log")
    assert code == 2 and "follows no symlink under .hotfix/" in err and err.count("\n") == 1


def test_a_session_naming_a_proc_file_as_its_checklist_does_not_hang(in_repo):
    assert hotfix(in_repo, "new").returncode == 0
    path = in_repo / SESSION_FILE
    path.write_text(path.read_text().replace('checklist = "hotfix"', 'checklist = "/proc/kmsg"'))
    for command in ("status", "log", "check"):
        result = hotfix(in_repo, command)
        assert result.returncode == 2 and result.stderr.count("\n") == 1
        assert "outside the repo" in result.stderr


@pytest.mark.parametrize("ref", ["../outside.toml", "/etc/hostname", "checklists/../../x.toml",
                                 "checklists/linked.toml"])
def test_a_session_names_only_checklists_inside_the_repo(in_repo, capsys, tmp_path, ref):
    (tmp_path / "outside.toml").write_text('name = "outside"\n[[sections]]\nid = "s"\n'
                                           'title = "S"\n')
    (in_repo / "checklists").mkdir()
    (in_repo / "checklists" / "linked.toml").symlink_to(tmp_path / "outside.toml")
    assert main(["new"]) == 0
    path = in_repo / SESSION_FILE
    path.write_text(path.read_text().replace('checklist = "hotfix"', f'checklist = "{ref}"'))
    capsys.readouterr()
    code, _, err = run(capsys, "status")
    assert code == 2 and err.count("\n") == 1 and "cannot load its checklist" in err


def test_a_template_symlinked_out_of_the_repo_is_no_checklist(in_repo, capsys, tmp_path):
    secret = tmp_path / "credentials"
    secret.write_text("## Keys\n- [ ] aws_secret_access_key = not-for-the-pr-body\n")
    (in_repo / ".github").mkdir()
    (in_repo / ".github" / "pull_request_template.md").symlink_to(secret)
    code, out, _ = run(capsys, "checklists")
    assert code == 0 and "pull-request-template" not in out
    code, _, err = run(capsys, "new", "--checklist", "pull-request-template")
    assert code == 2 and "no checklist named" in err


@pytest.mark.parametrize("where", ["session", "event log"])
def test_a_fifo_where_a_file_is_expected_is_refused_not_waited_on(in_repo, where):
    assert hotfix(in_repo, "new").returncode == 0
    if where == "session":
        os.mkfifo(in_repo / ".hotfix" / "fifo.toml")
        result = hotfix(in_repo, "status", "--session", "fifo")
    else:
        (in_repo / EVENTS).mkdir()
        os.mkfifo(in_repo / EVENTS / "mallory-00000000.toml")
        result = hotfix(in_repo, "status")
    assert result.returncode == 2 and result.stderr.count("\n") == 1
    assert "not a regular file" in result.stderr


NESTED = "x = " + "[" * 500 + "]" * 500 + "\n"


@pytest.mark.parametrize("where", ["session", "event log", "config", "checklist"])
def test_deep_nesting_is_a_one_line_error(in_repo, capsys, where):
    assert main(["new"]) == 0
    assert main(["handoff", "--to", "Lee"]) == 0
    paths = {"session": in_repo / SESSION_FILE,
             "event log": next((in_repo / EVENTS).glob("*.toml")),
             "config": in_repo / ".hotfix" / "config.toml",
             "checklist": in_repo / "deep.toml"}
    path = paths[where]
    old = path.read_text() if path.exists() else 'schema_version = 1\nname = "deep"\n'
    path.write_text(re.sub(r"schema_version = \d+\n", lambda m: m[0] + NESTED, old, count=1)
                    if "schema_version" in old else NESTED + old)
    capsys.readouterr()
    command = ("validate", str(path)) if where == "checklist" else ("refresh",)
    code, out, err = run(capsys, *command)
    assert code == 2 and out == "" and err.count("\n") == 1, err
    assert f"{path}: " in err and "nested" in err


@pytest.mark.parametrize("target", [SESSION_FILE, EVENTS / "x.toml", Path(".hotfix/config.toml"),
                                    Path(".hotfix/checklists/team.toml"),
                                    Path(".github/pull_request_template.md")])
def test_export_never_writes_over_hotfixs_own_files(in_repo, capsys, target):
    (in_repo / ".hotfix" / "checklists").mkdir(parents=True)
    (in_repo / ".hotfix" / "checklists" / "team.toml").write_text(
        'name = "team"\n[[sections]]\nid = "s"\ntitle = "S"\n'
        '  [[sections.blocks]]\n  id = "a"\n  kind = "check"\n  label = "A"\n')
    (in_repo / ".github").mkdir()
    (in_repo / ".github" / "pull_request_template.md").write_text("## T\n- [ ] t\n")
    assert main(["new"]) == 0
    assert main(["handoff", "--to", "Lee"]) == 0
    (in_repo / EVENTS / "x.toml").write_text('schema_version = 1\n')
    (in_repo / ".hotfix" / "config.toml").write_text('base = "main"\n')
    before = everything_in(in_repo / ".hotfix") | everything_in(in_repo / ".github")
    capsys.readouterr()
    for args in (("--pr-body", str(target)), ("--release-notes", str(target), "--version", "1.0.1"),
                 ("--changelog", str(target), "--version", "1.0.1")):
        code, _, err = run(capsys, "export", "--draft", *args)
        assert code == 2 and err.count("\n") == 1 and f"{target}: is " in err, err
    assert everything_in(in_repo / ".hotfix") | everything_in(in_repo / ".github") == before
