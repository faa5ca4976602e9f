"""`hotfix import-body` takes nothing back: a body that is not the checklist's is refused
whole, a stale export changes nothing the session changed since, `--dry-run` writes
nothing, and every change it makes is in the log as from an imported body."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from hotfix_tui.cli import main

SESSION = Path(".hotfix") / "hotfix-login-crash.toml"


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def values(capsys: pytest.CaptureFixture[str]) -> dict[str, object]:
    code, out, _ = run(capsys, "status", "--json")
    assert code == 0
    return {item["id"]: item["value"] for s in json.loads(out)["sections"] for item in s["items"]}


def hotfix_state(repo: Path) -> dict[str, bytes]:
    """The session file, its log and the bodies kept for import: all an import could touch."""
    folder = repo / ".hotfix"
    return {str(path.relative_to(folder)): path.read_bytes() for path in folder.rglob("*")
            if path.is_file() and not path.name.endswith(".lock")}


def exported(capsys: pytest.CaptureFixture[str], **settings: str) -> str:
    for item_id, value in settings.items():
        assert run(capsys, "set", item_id.replace("_", "-"), value)[0] == 0
    code, body, err = run(capsys, "export", "--draft", "--pr-body", "-")
    assert code == 0, err
    return body


UNRELATED = """# fastcache

A small cache for Python.

## Install

    pip install fastcache

## Usage

- [ ] write docs
- [x] publish

Notes: none yet.
"""


@pytest.mark.parametrize(("name", "text"), [("empty", ""), ("blank line", "\n"),
                                            ("unrelated", UNRELATED)])
def test_a_body_that_is_not_the_checklists_is_refused_and_changes_nothing(in_repo, capsys,
                                                                          monkeypatch, name,
                                                                          text):
    exported(capsys, additional_notes="Call Dana", root_cause="Stale cache key")
    before = hotfix_state(in_repo)
    session_bytes = (in_repo / SESSION).read_bytes()
    (in_repo / "pr.md").write_text(text)
    code, out, err = run(capsys, "import-body", "pr.md")
    assert (code, out) == (2, "")
    assert err.startswith("hotfix: error: pr.md: does not look like a PR body of checklist "
                          "'hotfix' (") and err.endswith("): nothing imported\n")
    assert err.count("\n") == 1
    monkeypatch.setattr("sys.stdin", io.StringIO(text))
    code, _, err = run(capsys, "import-body", "-")
    assert code == 2 and err.startswith("hotfix: error: standard input: does not look like")
    assert (in_repo / SESSION).read_bytes() == session_bytes
    assert hotfix_state(in_repo) == before


def test_no_value_comes_from_an_unmatched_tail(in_repo, capsys):
    """A body cut short after most of the checklist: the lines after the last part found
    are nobody's value, not Additional Notes' (the item without a label of its own)."""
    body = exported(capsys, root_cause="Stale cache key")
    cut = body[:body.index("## Additional Notes")] + "Thanks all, merging after lunch\n"
    (in_repo / "pr.md").write_text(cut)
    code, out, err = run(capsys, "import-body", "pr.md")
    assert code == 0 and out.endswith("changed: nothing\n")
    assert ("additional-notes: where its value starts or ends is not found in the body "
            "(Additional Notes)") in err
    assert values(capsys)["additional-notes"] == ""


def test_dry_run_lists_the_changes_and_writes_nothing(in_repo, capsys):
    body = exported(capsys, root_cause="Stale cache key")
    before = hotfix_state(in_repo)
    edited = (body.replace("- [ ] **Automated Tests**", "- [x] **Automated Tests**")
                  .replace("Stale cache key", "Stale cache key after deploy"))
    (in_repo / "pr.md").write_text(edited)
    code, out, err = run(capsys, "import-body", "--dry-run", "pr.md")
    assert (code, err) == (0, "")
    assert out.splitlines() == [
        "hotfix-login-crash: read 126 item(s) from the body; would change: root-cause, "
        "automated-tests",
        "  - root-cause: Root Cause: 'Stale cache key after deploy'",
        "  - automated-tests: Automated Tests: ticked"]
    assert hotfix_state(in_repo) == before


def test_a_stale_export_read_back_takes_nothing_back(in_repo, capsys):
    """Export, keep working in the session (a tick, a text, an N/A), then read the old
    export back, as a round trip through the website does: nothing is reverted."""
    old = exported(capsys, root_cause="Stale cache key")
    assert run(capsys, "set", "automated-tests", "true")[0] == 0
    assert run(capsys, "set", "root-cause", "Stale cache key in the login service")[0] == 0
    assert run(capsys, "na", "schema-changes", "no schema")[0] == 0
    exported(capsys)  # exported again since: the old body is still known for what it is
    assert run(capsys, "set", "affected-users", "EU customers")[0] == 0
    before = values(capsys)
    (in_repo / "pr.md").write_text(old)
    code, out, err = run(capsys, "import-body", "pr.md")
    assert (code, err) == (0, "")
    assert out.endswith("changed: nothing\n")
    assert values(capsys) == before


def test_a_real_edit_comes_in_and_is_logged_as_from_the_body(in_repo, capsys):
    old = exported(capsys, root_cause="Stale cache key")
    assert run(capsys, "set", "affected-users", "EU customers")[0] == 0  # after the export
    edited = (old.replace("- [ ] **Automated Tests**", "- [x] **Automated Tests**")
                 .replace("- **Critical Bug**: Fixes #", "- **Critical Bug**: Fixes #123"))
    (in_repo / "pr.md").write_text(edited)
    code, out, err = run(capsys, "--as", "Lee", "import-body", "pr.md")
    assert (code, err) == (0, "")
    assert out.endswith("changed: critical-bug, automated-tests\n")
    now = values(capsys)
    assert (now["automated-tests"], now["critical-bug"]) == (True, "123")
    assert now["affected-users"] == "EU customers"  # the session's own change stays
    code, log, _ = run(capsys, "log")
    assert code == 0
    lines = log.splitlines()
    assert any("Lee (from an imported body)  ticked Automated Tests" in line for line in lines)
    assert any("Lee (from an imported body)  edited Critical Bug" in line for line in lines)
    # Read back again, the same body changes nothing, even once the session moved on.
    assert run(capsys, "set", "automated-tests", "false")[0] == 0
    code, out, _ = run(capsys, "import-body", "pr.md")
    assert out.endswith("changed: nothing\n") and values(capsys)["automated-tests"] is False


def test_both_sides_changing_an_item_keeps_the_sessions_and_says_so(in_repo, capsys):
    old = exported(capsys, root_cause="Stale cache key")
    assert run(capsys, "set", "root-cause", "Stale key in the session cache")[0] == 0
    (in_repo / "pr.md").write_text(old.replace("Stale cache key", "Cache key"))
    code, out, err = run(capsys, "import-body", "pr.md")
    assert code == 0 and out.endswith("changed: nothing\n")
    assert err == ("hotfix: note: kept the session's Root Cause ('Stale key in the session "
                   "cache'): the body changed it too since it was exported, to 'Cache key'\n")
    assert values(capsys)["root-cause"] == "Stale key in the session cache"


def test_a_body_from_another_clone_never_replaces_a_value_the_session_holds(in_repo, capsys):
    """No export of this session is known here (it went out from a colleague's clone):
    what the session holds stays; what it left empty comes from the body."""
    body = exported(capsys, root_cause="Stale cache key")
    (in_repo / ".hotfix" / ".local" / "bodies" / "hotfix-login-crash.toml").unlink()
    assert run(capsys, "set", "root-cause", "Stale key in the session cache")[0] == 0
    edited = (body.replace("Stale cache key", "Cache key")
                  .replace("**Affected Users:** ", "**Affected Users:** EU customers"))
    (in_repo / "pr.md").write_text(edited)
    code, out, err = run(capsys, "import-body", "pr.md")
    assert code == 0 and out.endswith("changed: affected-users\n")
    assert err == ("hotfix: note: kept the session's Root Cause ('Stale key in the session "
                   "cache'): no export of this session here tells which side changed it, not "
                   "the body's 'Cache key'\n")
    now = values(capsys)
    assert (now["root-cause"], now["affected-users"]) == ("Stale key in the session cache",
                                                          "EU customers")
