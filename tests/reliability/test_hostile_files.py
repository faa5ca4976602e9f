"""Hostile files and names: nothing is written outside .hotfix/, a bad file is reported in
one line with exit 2 and left byte for byte, a full disk keeps the previous file."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from hotfix_tui.cli import main
from hotfix_tui.core.storage import files as store
from hotfix_tui.core.workspace import Workspace


def run(capsys, *args: str) -> tuple[int, str]:
    code = main(list(args))
    return code, capsys.readouterr().err


@pytest.mark.parametrize("name", ["../outside", "a/b", "/etc/passwd", "..", ".", "nul",
                                  "con.txt", "x" * 101, "line\nbreak", ""])
def test_hostile_session_names_are_refused(in_repo: Path, capsys, name: str):
    code, err = run(capsys, "set", "--session", name, "root-cause", "x")
    assert code == 2 and "invalid session name" in err and err.count("\n") == 1
    written = {p.relative_to(in_repo.parent) for p in in_repo.parent.rglob("*") if p.is_file()}
    assert all(str(p).startswith("repo/") for p in written)
    assert not (in_repo / ".hotfix").exists()


def test_a_symlinked_session_file_is_not_followed_out_of_the_repo(in_repo: Path, tmp_path, capsys):
    outside = tmp_path / "outside.toml"
    outside.write_text("precious\n")
    (in_repo / ".hotfix").mkdir()
    (in_repo / ".hotfix" / "evil.toml").symlink_to(outside)
    code, err = run(capsys, "set", "--session", "evil", "root-cause", "x")
    assert code == 2 and "follows no symlink under .hotfix/" in err
    assert outside.read_text() == "precious\n"


def test_a_symlinked_hotfix_folder_is_not_followed_out_of_the_repo(in_repo: Path, tmp_path, capsys):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (in_repo / ".hotfix").symlink_to(elsewhere)
    code, err = run(capsys, "new")
    assert code == 2 and "follows no symlink under .hotfix/" in err
    assert list(elsewhere.iterdir()) == []


def test_a_full_disk_keeps_the_previous_file(in_repo: Path, capsys, monkeypatch):
    assert main(["set", "root-cause", "before"]) == 0
    path = in_repo / ".hotfix" / "hotfix-login-crash.toml"
    before = path.read_bytes()

    def disk_full(fd: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(store.os, "fsync", disk_full)
    code, err = run(capsys, "set", "root-cause", "after")
    assert code == 2
    assert err == f"hotfix: error: {path}: cannot save: No space left on device\n"
    assert path.read_bytes() == before
    assert [p.name for p in path.parent.iterdir() if p.name.endswith(".tmp")] == []


def test_a_checklist_that_fails_validation_stops_the_session_load(in_repo: Path, capsys):
    (in_repo / "checklists").mkdir()
    team = in_repo / "checklists" / "team.toml"
    team.write_text('name = "team"\n[[sections]]\nid = "s"\ntitle = "S"\n'
                    '  [[sections.blocks]]\n  id = "a"\n  kind = "check"\n  label = "A"\n')
    assert main(["new", "--checklist", "team"]) == 0
    session_file = in_repo / ".hotfix" / "hotfix-login-crash.toml"
    before = session_file.read_bytes()
    team.write_text(team.read_text().replace('"check"', '"tickbox"'))
    code, err = run(capsys, "set", "a", "true")
    assert code == 2 and err.count("\n") == 1
    assert "team.toml:7: item 'a': kind 'tickbox'" in err and str(session_file) in err
    assert session_file.read_bytes() == before


@pytest.mark.parametrize("secret, kind", [
    ("ghp_" + "a1" * 18, "a GitHub token"),
    ("-----BEGIN OPENSSH PRIVATE KEY-----", "a private key"),
    ("AKIA" + "Z" * 16, "an AWS access key"),
])
def test_values_that_look_like_secrets_are_warned_about(in_repo: Path, capsys, secret, kind):
    code, err = run(capsys, "set", "root-cause", f"the key was {secret}")
    assert code == 0
    assert f"warning: the value for root-cause looks like {kind}" in err


def test_plain_values_give_no_secret_warning(in_repo: Path, capsys):
    code, err = run(capsys, "set", "root-cause", "password rotation failed at 02:00")
    assert code == 0 and "warning" not in err


def test_lock_and_temp_files_are_git_ignored(in_repo: Path):
    import git

    Workspace.open(in_repo).create("s")
    for name in (".local/x.toml", "out/s.pr-body.md", ".s.toml.lock", ".s.toml.x.tmp",
                 "s.events/.a.toml.y.tmp"):
        (in_repo / ".hotfix" / name).parent.mkdir(parents=True, exist_ok=True)
        (in_repo / ".hotfix" / name).write_text("x")
    shown = git.Repo(in_repo).git.status("--porcelain", "--untracked-files=all", ".hotfix")
    assert [line[3:] for line in shown.splitlines()] == [".hotfix/s.toml"]
    assert not (in_repo / ".hotfix" / ".gitignore").exists()  # nothing to commit for it


def test_a_read_only_folder_keeps_the_previous_file(in_repo: Path, capsys, monkeypatch):
    # Tests may run as root, for whom chmod does not stop writes: the refusal is simulated
    # where the kernel would give it, at creating the temp file.
    assert main(["set", "root-cause", "before"]) == 0
    path = in_repo / ".hotfix" / "hotfix-login-crash.toml"
    before = path.read_bytes()

    def read_only(*args, **kwargs):
        raise OSError(errno.EROFS, os.strerror(errno.EROFS))

    monkeypatch.setattr(store, "_temp_file", read_only)
    code, err = run(capsys, "set", "root-cause", "after")
    assert code == 2
    assert err == f"hotfix: error: {path}: cannot save: Read-only file system\n"
    assert path.read_bytes() == before
