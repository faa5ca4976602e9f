"""`hotfix import-template`, `hotfix import-body` and a repo's own PR templates used as
checklists, in real temporary git repos."""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path

import pytest

from hotfix_tui.cli import main
from hotfix_tui.core.definition.loader import load_checklist
from tests.conftest import PROJECT, SEED_TEMPLATE, SHARED, needs_shared

REAL_TEMPLATES = SHARED / "templates"
OWN_TEMPLATES = PROJECT / "tests" / "data" / "templates"
GOFAP = REAL_TEMPLATES / "27_UniversalStandards__GOFAP__hotfix.md"


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def values(capsys: pytest.CaptureFixture[str]) -> dict[str, dict[str, object]]:
    code, out, _ = run(capsys, "status", "--json")
    assert code == 0
    return {item["id"]: item for s in json.loads(out)["sections"] for item in s["items"]}


def test_import_template_writes_a_checklist_found_by_name(in_repo: Path, capsys):
    shutil.copy(OWN_TEMPLATES / "crlf.md", in_repo / "windows_template.md")
    code, out, err = run(capsys, "import-template", "windows_template.md")
    assert code == 0, err
    written = in_repo / ".hotfix" / "checklists" / "windows-template.toml"
    assert out.startswith(f"wrote {written} (checklist 'windows-template': 3 sections, ")
    assert load_checklist(written).name == "windows-template"
    assert run(capsys, "new", "--checklist", "windows-template")[0] == 0
    code, out, err = run(capsys, "export", "--draft", "--pr-body", "body.md")
    assert code == 0, err
    assert (in_repo / "body.md").read_bytes() == (OWN_TEMPLATES / "crlf.md").read_bytes()


@needs_shared
def test_import_template_to_a_chosen_file_and_never_over_one(in_repo: Path, capsys):
    code, _, err = run(capsys, "import-template", str(SEED_TEMPLATE), "-o", "checklists/seed.toml")
    assert code == 0, err
    target = in_repo / "checklists" / "seed.toml"
    before = target.read_bytes()
    code, _, err = run(capsys, "import-template", str(GOFAP), "-o", "checklists/seed.toml")
    assert code == 2
    assert err == "hotfix: error: checklists/seed.toml: already exists (--force replaces it)\n"
    assert target.read_bytes() == before
    code, _, err = run(capsys, "import-template", str(GOFAP), "-o", "checklists/seed.toml",
                       "--force")
    assert code == 0, err
    assert "GOFAP" in target.read_text()


@pytest.mark.parametrize(("name", "content", "reason"), [
    ("missing.md", None, "no such template"),
    ("latin1.md", "## Caf\xe9\n".encode("latin-1"), "not UTF-8 text"),
])
def test_an_unreadable_template_is_one_line_and_exit_2(in_repo: Path, capsys, name, content,
                                                       reason):
    if content is not None:
        (in_repo / name).write_bytes(content)
    code, out, err = run(capsys, "import-template", name)
    assert (code, out) == (2, "")
    assert err == f"hotfix: error: {name}: {reason}\n"
    assert not (in_repo / ".hotfix" / "checklists").exists()


@needs_shared
def test_the_repos_pr_templates_are_checklists(in_repo: Path, capsys):
    github = in_repo / ".github"
    (github / "PULL_REQUEST_TEMPLATE").mkdir(parents=True)
    shutil.copy(REAL_TEMPLATES / "22_apache__superset__PULL_REQUEST_TEMPLATE.md",
                github / "pull_request_template.md")
    shutil.copy(GOFAP, github / "PULL_REQUEST_TEMPLATE" / "incident.md")
    (in_repo / "docs").mkdir()
    shutil.copy(OWN_TEMPLATES / "boxes.md", in_repo / "docs" / "PULL_REQUEST_TEMPLATE.md")
    code, out, _ = run(capsys, "checklists")
    assert code == 0
    listed = [line.split() for line in out.splitlines()]
    assert listed == [
        ["pull-request-template", str(github / "pull_request_template.md")],
        ["incident", str(github / "PULL_REQUEST_TEMPLATE" / "incident.md")],
        ["hotfix", str(PROJECT / "checklists" / "hotfix.toml")]]
    assert run(capsys, "new", "--checklist", "incident")[0] == 0
    assert run(capsys, "set", "reproduced-issue-before-fix", "true")[0] == 0
    assert values(capsys)["reproduced-issue-before-fix"]["value"] is True  # reopened by name
    code, out, _ = run(capsys, "export", "--draft", "--pr-body", "-")
    assert out == GOFAP.read_text().replace("- [ ] Reproduced", "- [x] Reproduced")


@needs_shared
def test_a_template_shadows_the_builtin_and_a_definition_shadows_the_template(in_repo, capsys):
    (in_repo / ".github" / "PULL_REQUEST_TEMPLATE").mkdir(parents=True)
    shutil.copy(GOFAP, in_repo / ".github" / "PULL_REQUEST_TEMPLATE" / "hotfix.md")
    code, out, _ = run(capsys, "checklists")
    assert out.split() == ["hotfix", str(in_repo / ".github" / "PULL_REQUEST_TEMPLATE" / "hotfix.md")]
    assert run(capsys, "import-template", str(SEED_TEMPLATE), "-o", ".hotfix/checklists/hotfix.toml")[0] == 0
    code, out, _ = run(capsys, "checklists")
    assert out.split() == ["hotfix", str(in_repo / ".hotfix" / "checklists" / "hotfix.toml")]


def fill_and_export(capsys, settings: dict[str, str]) -> str:
    for item_id, value in settings.items():
        assert run(capsys, "set", item_id, value)[0] == 0
    code, body, err = run(capsys, "export", "--draft", "--pr-body", "-")
    assert code == 0, err
    return body


def test_import_body_restores_what_an_exported_body_holds(in_repo: Path, capsys, monkeypatch):
    shutil.copy(SEED_TEMPLATE, in_repo / "template.md")
    assert run(capsys, "import-template", "template.md")[0] == 0
    assert run(capsys, "new", "--checklist", "template")[0] == 0
    settings = {"issue-severity": "Emergency", "root-cause": "Stale cache key\n## not a heading",
                "files-modified": "src/a.py\nsrc/b.py", "high-risk": "true",
                "critical-bug": "123", "additional-notes": "Call Dana"}
    body = fill_and_export(capsys, settings)
    filled = {item_id: item["value"] for item_id, item in values(capsys).items()}
    (in_repo / ".hotfix" / "hotfix-login-crash.toml").unlink()
    assert run(capsys, "new", "--checklist", "template")[0] == 0
    (in_repo / "pr.md").write_text(body)
    code, out, err = run(capsys, "import-body", "pr.md")
    assert (code, err) == (0, "")
    assert out.startswith("hotfix-login-crash: read 128 item(s) from the body; changed: ")
    assert {item_id: item["value"] for item_id, item in values(capsys).items()} == filled
    monkeypatch.setattr("sys.stdin", io.StringIO(body))
    code, out, _ = run(capsys, "import-body", "-")
    assert out.endswith("changed: nothing\n")


def test_import_body_changes_only_what_the_body_changed_and_reports_the_rest(in_repo, capsys):
    assert run(capsys, "new")[0] == 0
    body = fill_and_export(capsys, {"root-cause": "Stale cache key", "automated-tests": "true"})
    before = values(capsys)
    edited = (body.replace("- [ ] **Manual Testing**: Critical paths",
                           "- [x] **Manual Testing**: Critical paths")
                  .replace("**Affected Users:** ", "**Affected Users:** EU customers")
                  .replace("- [ ] **Schema Changes**: Database schema modifications",
                           "- [ ] Schema changed")
                  .replace("## Security Considerations\n",
                           "## Security Considerations\nAudited by Lee.\n"))
    (in_repo / "pr.md").write_text(edited)
    code, out, err = run(capsys, "--as", "Lee", "import-body", "pr.md")
    assert code == 0
    assert out.endswith("changed: affected-users, mitigation-manual-testing\n")
    lines = edited.split("\n")
    assert err == ("hotfix: could not match 3 part(s) of the body:\n"
                   "  - schema-changes: not found in the body (Schema Changes)\n"
                   f"  - line {lines.index('- [ ] Schema changed') + 1} is in no item: "
                   "'- [ ] Schema changed'\n"
                   f"  - line {lines.index('Audited by Lee.') + 1} is in no item: "
                   "'Audited by Lee.'\n")
    after = values(capsys)
    changed = {i for i in after if after[i] != before[i]}
    assert changed == {"affected-users", "mitigation-manual-testing"}
    assert after["affected-users"]["value"] == "EU customers"
    assert after["affected-users"]["updated_by"] == "Lee (from an imported body)"
    assert after["root-cause"] == before["root-cause"]


def test_import_body_needs_a_session_and_a_readable_file(in_repo: Path, capsys):
    code, _, err = run(capsys, "import-body", "pr.md")
    assert code == 2 and "no such session" in err
    assert run(capsys, "new")[0] == 0
    code, out, err = run(capsys, "import-body", "missing.md")
    assert (code, out) == (2, "")
    assert err == "hotfix: error: missing.md: cannot read PR body: no such file or directory\n"
