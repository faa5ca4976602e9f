"""The headless CLI, in real temporary git repos: in-process for speed, and as the
installed `hotfix` console script where a separate process is the point."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from hotfix_tui.cli import main
from tests.conftest import structure

HOTFIX = str(Path(sys.executable).parent / "hotfix")


def hotfix(*args: str, stdin: str | None = None, cwd: Path | None = None
           ) -> subprocess.CompletedProcess[str]:
    return subprocess.run([HOTFIX, *args], capture_output=True, text=True, input=stdin, cwd=cwd,
                          timeout=60)


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_new_then_draft_export_prints_the_seed_template(in_repo, seed_template):
    result = hotfix("new")
    assert result.returncode == 0, result.stderr
    assert (in_repo / ".hotfix" / "hotfix-login-crash.toml").is_file()
    result = hotfix("export", "--draft", "--pr-body", "-")
    assert result.returncode == 0, result.stderr
    assert result.stdout == seed_template


def test_a_value_set_in_one_process_is_read_by_the_next(in_repo):
    assert hotfix("set", "root-cause", "stale cache key").returncode == 0
    result = hotfix("status", "--json")
    items = {i["id"]: i for s in json.loads(result.stdout)["sections"] for i in s["items"]}
    assert items["root-cause"]["value"] == "stale cache key"
    assert items["root-cause"]["updated_by"] == "Dana Tester"
    assert items["root-cause"]["done"] is True


def test_fill_everything_with_set_then_export(in_repo, capsys, seed_template):
    main(["new"])
    status = json.loads(_json_status(capsys))
    for section in status["sections"]:
        for item in section["items"]:
            value = {"check": "true", "choice": (item.get("options") or [""])[-1],
                     "list": "src/a.py\nsrc/b.py"}.get(item["kind"], "## not a heading\n- [ ] no box")
            assert main(["set", item["id"], value]) == 0
    # The gate also wants every approval the process phases require.
    for phase in status["phases"]:
        for role in phase["missing"]:
            assert main(["approve", phase["id"], role]) == 0
    capsys.readouterr()
    assert main(["check"]) == 0
    code, out, err = run(capsys, "export", "--pr-body", "-")
    assert code == 0, err
    assert out.count("- [x]") == 92  # every box but the two risk levels not chosen
    assert structure(out) == {**structure(seed_template), "checkboxes": 94}


def _json_status(capsys) -> str:
    capsys.readouterr()
    assert main(["status", "--json"]) == 0
    return capsys.readouterr().out


def test_status_json_shape(in_repo, capsys):
    main(["set", "automated-tests", "yes"])
    main(["set", "files-modified", "a.py\nb.py"])
    status = json.loads(_json_status(capsys))
    assert set(status) == {"session", "checklist", "progress", "sections", "stale", "orphans",
                           "holder", "handoff", "phases"}
    assert status["stale"] == []
    assert status["session"] == "hotfix-login-crash"
    assert status["checklist"] == "hotfix"
    # The two set, and Response Time: filled from the record by the first of them.
    assert status["progress"] == {"done": 3, "total": 131}
    items = {i["id"]: i for s in status["sections"] for i in s["items"]}
    assert items["automated-tests"]["value"] is True
    assert items["files-modified"]["value"] == ["a.py", "b.py"]
    assert items["risk-level"]["options"] == ["Low", "Medium", "High"]
    assert "options" not in items["root-cause"]
    assert set(items["root-cause"]) == {"id", "label", "kind", "required", "value", "done",
                                        "updated_at", "updated_by"}
    assert {i["kind"] for i in items.values()} == {"text", "longtext", "check", "choice", "list"}


def test_set_reads_stdin_and_checks_values(in_repo, capsys, monkeypatch):
    import io

    monkeypatch.setattr(sys, "stdin", io.StringIO("line one\nline two\n"))
    assert main(["set", "--session", "s", "problem-statement", "-"]) == 0
    status = json.loads(_json_status_for(capsys, "s"))
    items = {i["id"]: i for s in status["sections"] for i in s["items"]}
    assert items["problem-statement"]["value"] == "line one\nline two"
    code, _, err = run(capsys, "set", "--session", "s", "risk-level", "extreme")
    assert code == 2
    assert err == "hotfix: error: item 'risk-level' is one of: Low, Medium, High (got 'extreme')\n"
    code, _, err = run(capsys, "set", "--session", "s", "no-such-item", "x")
    assert code == 2 and "has no item 'no-such-item'" in err


def _json_status_for(capsys, session: str) -> str:
    capsys.readouterr()
    assert main(["status", "--json", "--session", session]) == 0
    return capsys.readouterr().out


def test_export_refuses_unmet_required_items_unless_draft(in_repo, capsys, tmp_path):
    main(["new"])
    target = tmp_path / "body.md"
    code, _, err = run(capsys, "export", "--pr-body", str(target))
    assert code == 1
    assert "required items are unmet" in err and "  - root-cause: Root Cause" in err
    assert not target.exists()
    code, _, err = run(capsys, "export", "--draft", "--pr-body", str(target))
    assert code == 0 and target.read_text().startswith("# Hotfix Pull Request\n")


def test_check_is_a_gate(in_repo, capsys):
    main(["new"])
    code, _, err = run(capsys, "check")
    assert code == 1 and "- issue-severity: Issue Severity (Hotfix Overview)" in err


def test_corrupt_session_gives_one_line_and_stays_byte_identical(in_repo):
    path = in_repo / ".hotfix" / "hotfix-login-crash.toml"
    path.parent.mkdir()
    content = b'schema_version = 1\nchecklist = "hotfix"\n[items\n'
    path.write_bytes(content)
    for args in (["set", "root-cause", "x"], ["status"], ["export", "--draft", "--pr-body", "-"],
                 ["new"], ["check"]):
        result = hotfix(*args)
        assert result.returncode == 2, args
        assert result.stderr.count("\n") == 1 and str(path) in result.stderr, result.stderr
        assert path.read_bytes() == content


def test_options_work_after_the_command_and_repo_from_elsewhere(repo_path, tmp_path, capsys):
    code, _, err = run(capsys, "set", "--repo", str(repo_path / "sub" / ".."), "--session", "other",
                       "critical-bug", "77")
    assert code == 0, err
    assert (repo_path / ".hotfix" / "other.toml").is_file()
    code, out, _ = run(capsys, "sessions", "--repo", str(repo_path))
    # Critical Bug, and Response Time filled from the record by that first change.
    assert code == 0 and out.startswith("other ") and "2/131" in out and "Dana Tester" in out


def test_bad_session_names_are_refused(in_repo, capsys):
    code, _, err = run(capsys, "new", "--session", "../../escape")
    assert code == 2 and "invalid session name" in err
    assert not (in_repo.parent / "escape.toml").exists()


def test_validate_reports_file_line_and_reason(tmp_path, capsys):
    bad = tmp_path / "team.toml"
    bad.write_text('name = "team"\n[[sections]]\nid = "Bad Id"\ntitle = "x"\n')
    code, _, err = run(capsys, "validate", str(bad))
    assert code == 2
    assert err.startswith(f"hotfix: error: {bad}:3: section needs an 'id'")
    code, out, _ = run(capsys, "validate", str(Path(__file__).parents[2] / "checklists" / "hotfix.toml"))
    assert code == 0 and "20 sections, 131 items" in out


def test_custom_checklist_by_path_and_outside_git(tmp_path, capsys, monkeypatch):
    folder = tmp_path / "plain"
    folder.mkdir()
    (folder / "mine.toml").write_text(
        'name = "mine"\n[[sections]]\nid = "s"\ntitle = "S"\n'
        '  [[sections.blocks]]\n  id = "done"\n  kind = "check"\n  label = "Done"\n')
    monkeypatch.chdir(folder)
    code, _, err = run(capsys, "new", "--checklist", "mine.toml")
    assert code == 0 and "not a git repository" in err
    assert (folder / ".hotfix" / "hotfix.toml").is_file()
    main(["set", "done", "true"])
    code, out, _ = run(capsys, "export", "--pr-body", "-")
    assert code == 0 and out == "## S\n- [x] Done\n"


def test_headless_commands_do_not_import_textual(in_repo):
    script = ("import sys; from hotfix_tui.cli import main; "
              "[main(a) for a in (['new'], ['status', '--json'], ['set', 'root-cause', 'x'], "
              "['export', '--draft', '--pr-body', '-'], ['check'], ['sessions'])]; "
              "print(sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich')))")
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert result.stdout.strip().splitlines()[-1] == "[]"


def test_commands_that_only_read_load_only_what_reading_needs(in_repo):
    # The import budget of a read, checked without timing anything (benchmarks/ times it):
    # these modules serve writes (tempfile, hashlib for the checklist's digest, secrets),
    # the app, git or the import of templates, and each costs milliseconds to load.
    assert subprocess.run([sys.executable, "-m", "hotfix_tui", "set", "root-cause", "x"],
                          capture_output=True).returncode == 0
    # An export keeps the body it gives out (import-body's base): the same body again
    # writes nothing, and reads as little as a read.
    assert subprocess.run([sys.executable, "-m", "hotfix_tui", "export", "--draft",
                           "--pr-body", "-"], capture_output=True).returncode == 0
    heavy = ("dataclasses", "inspect", "hashlib", "tempfile", "secrets", "difflib", "git",
             "textual")
    script = ("import sys; from hotfix_tui.cli import main; "
              "[main(a) for a in (['status', '--json'], ['status'], ['check'], "
              "['export', '--draft', '--pr-body', '-'], ['sessions'], ['log'])]; "
              f"print(sorted(m for m in sys.modules if m.split('.')[0] in {heavy!r}))")
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert result.stdout.strip().splitlines()[-1] == "[]", result.stderr


@pytest.mark.parametrize("args", [["--help"], ["set", "--help"], ["export", "--help"]])
def test_help(args, capsys):
    with pytest.raises(SystemExit) as caught:
        main(args)
    assert caught.value.code == 0
    assert "--session" in capsys.readouterr().out


def test_a_reader_that_left_gets_no_traceback(in_repo):
    """`hotfix status | head -1`: the reader may be gone before hotfix writes."""
    assert hotfix("new").returncode == 0
    read_end, write_end = os.pipe()
    os.close(read_end)  # gone before the first byte: every write fails with EPIPE
    try:
        run = subprocess.run([HOTFIX, "status"], cwd=in_repo, stdout=write_end,
                             stderr=subprocess.PIPE, text=True, timeout=60)
    finally:
        os.close(write_end)
    assert (run.returncode, run.stderr) == (0, "")
