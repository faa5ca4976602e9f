"""Paths a user takes that the first version got wrong (found reading the change again)."""

from __future__ import annotations

import json
from pathlib import Path

from hotfix_tui.cli import main
from hotfix_tui.core.workspace import Workspace


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_the_repo_config_is_not_a_session(in_repo: Path, capsys):
    assert main(["new"]) == 0
    capsys.readouterr()
    (in_repo / ".hotfix" / "config.toml").write_text('base = "main"\n')
    code, out, err = run(capsys, "sessions")
    assert code == 0 and err == ""
    assert out.startswith("hotfix-login-crash ") and "config" not in out
    code, _, err = run(capsys, "new", "--session", "config")
    assert code == 2 and "invalid session name 'config'" in err


def test_release_notes_without_a_tag_write_nothing(in_repo: Path, capsys, tmp_path: Path):
    assert main(["new"]) == 0
    body = tmp_path / "pr.md"
    code, _, err = run(capsys, "export", "--draft", "--pr-body", str(body),
                       "--release-notes", str(tmp_path / "notes.md"))
    assert code == 2 and "no release tag" in err
    assert not body.exists()


def test_a_checklist_path_is_relative_to_where_the_user_is(in_repo: Path, capsys, monkeypatch):
    sub = in_repo / "sub"
    sub.mkdir()
    (sub / "mine.toml").write_text('name = "mine"\n[[sections]]\nid = "s"\ntitle = "S"\n'
                                   '  [[sections.blocks]]\n  id = "a"\n  kind = "check"\n'
                                   '  label = "A"\n')
    monkeypatch.chdir(sub)
    code, _, err = run(capsys, "new", "--checklist", "mine.toml")
    assert code == 0, err
    monkeypatch.chdir(in_repo)  # the session finds its checklist from anywhere
    assert main(["set", "a", "true"]) == 0


def test_a_hand_written_time_without_offset_is_read_as_local(in_repo: Path, capsys):
    assert main(["set", "root-cause", "cache"]) == 0
    path = in_repo / ".hotfix" / "hotfix-login-crash.toml"
    text = path.read_text()
    path.write_text(text.replace('[items.critical-bug]\nvalue = ""',
                                 '[items.critical-bug]\nvalue = "7"\n'
                                 'updated_at = 2026-11-23T10:00:00\nupdated_by = "Sam"'))
    code, out, err = run(capsys, "sessions")
    assert code == 0, err
    assert main(["set", "critical-bug", "8"]) == 0


def test_a_missing_repo_folder_is_an_error_not_created(tmp_path: Path, capsys):
    missing = tmp_path / "typo"
    code, _, err = run(capsys, "new", "--repo", str(missing))
    assert code == 2 and err == f"hotfix: error: {missing}: no such folder (--repo)\n"
    assert not missing.exists()


def test_importing_a_draft_body_changes_no_clock_item(in_repo: Path, capsys, tmp_path: Path):
    assert main(["new"]) == 0
    body = tmp_path / "draft.md"
    assert main(["export", "--draft", "--pr-body", str(body)]) == 0  # no Response Time yet
    # A change kept out of the body: the Response Time is now known, the draft shows none.
    assert main(["set", "critical-business-impact", "true"]) == 0
    capsys.readouterr()
    before = (in_repo / ".hotfix" / "hotfix-login-crash.toml").read_text()
    code, out, err = run(capsys, "import-body", str(body))
    assert code == 0, err
    assert (in_repo / ".hotfix" / "hotfix-login-crash.toml").read_text() == before


def test_ticking_a_stale_box_again_from_the_cli_checks_it_anew(in_repo: Path, capsys):
    from datetime import UTC, datetime

    ws = Workspace.open(in_repo)
    session = ws.create("hotfix-login-crash")
    early = datetime(2020, 1, 1, tzinfo=UTC)
    ws.save(session.with_value("primary-workflow", True, at=early, by="Dana Tester"))
    assert main(["set", "primary-workflow", "true"]) == 0
    capsys.readouterr()
    assert main(["status", "--json"]) == 0
    items = {i["id"]: i for s in json.loads(capsys.readouterr().out)["sections"]
             for i in s["items"]}
    assert not items["primary-workflow"]["updated_at"].startswith("2020")
