"""Which checklist `hotfix new` starts with: an explicit `--checklist`, else the repo's
configured default (`.hotfix/config.toml checklist = "..."`), else a template named
hotfix, else the built-in hotfix checklist. Real temporary git repos."""

import json
import shutil
from pathlib import Path

import pytest

from hotfix_tui.cli import main
from tests.conftest import PROJECT

TEMPLATES = PROJECT / "tests" / "data" / "templates"


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def started_with(capsys, *args: str) -> str:
    code, _, err = run(capsys, "new", *args)
    assert code == 0, err
    code, out, _ = run(capsys, "status", "--json")
    return json.loads(out)["checklist"]


def configure(repo: Path, text: str) -> None:
    (repo / ".hotfix").mkdir(exist_ok=True)
    (repo / ".hotfix" / "config.toml").write_text(text)


@pytest.fixture
def templates(in_repo: Path) -> Path:
    """A generic contributor template and one named hotfix, as GitHub keeps them."""
    (in_repo / ".github" / "PULL_REQUEST_TEMPLATE").mkdir(parents=True)
    shutil.copy(TEMPLATES / "boxes.md", in_repo / ".github" / "pull_request_template.md")
    shutil.copy(TEMPLATES / "levels.md", in_repo / ".github" / "PULL_REQUEST_TEMPLATE" / "hotfix.md")
    return in_repo


def test_without_a_choice_the_builtin_hotfix_checklist_even_beside_a_generic_template(
        in_repo, capsys):
    (in_repo / ".github").mkdir()
    shutil.copy(TEMPLATES / "boxes.md", in_repo / ".github" / "pull_request_template.md")
    assert started_with(capsys) == "hotfix"
    code, out, _ = run(capsys, "export", "--draft", "--pr-body", "-")
    assert out.startswith("# Hotfix Pull Request\n")


def test_a_template_named_hotfix_comes_before_the_builtin(templates, capsys):
    started_with(capsys)
    _, out, _ = run(capsys, "export", "--draft", "--pr-body", "-")
    assert out == (TEMPLATES / "levels.md").read_text()


def test_the_configured_default_comes_before_a_hotfix_template(templates, capsys):
    configure(templates, 'base = "main"\nchecklist = "pull-request-template"\n')
    assert started_with(capsys) == "pull-request-template"


def test_an_explicit_checklist_comes_before_the_configured_default(templates, capsys):
    configure(templates, 'checklist = "pull-request-template"\n')
    assert run(capsys, "new", "--checklist", "hotfix")[0] == 0
    _, out, _ = run(capsys, "export", "--draft", "--pr-body", "-")
    assert out == (TEMPLATES / "levels.md").read_text()


def test_a_configured_path_is_relative_to_the_repo_from_any_folder(in_repo, capsys,
                                                                    monkeypatch):
    (in_repo / "process").mkdir()
    shutil.copy(TEMPLATES / "fields.md", in_repo / "process" / "incident.md")
    configure(in_repo, 'checklist = "process/incident.md"\n')
    (in_repo / "src").mkdir()
    monkeypatch.chdir(in_repo / "src")
    assert started_with(capsys) == "incident"
    # `set` on a branch without a session starts one the same way.
    assert main(["set", "--session", "other", "severity", "High"]) == 0
    code, out, _ = run(capsys, "status", "--json", "--session", "other")
    assert json.loads(out)["checklist"] == "incident"


@pytest.mark.parametrize(("config", "error"), [
    ('checklist = "nope"\n', "checklist = 'nope': no checklist named 'nope' (available: hotfix)"),
    ("checklist = 3\n", "'checklist' must be a checklist name or path, e.g. checklist = \"hotfix\""),
    ('checklist = "  "\n', "'checklist' must be a checklist name or path"),
])
def test_a_bad_configured_checklist_is_one_line_naming_the_config(in_repo, capsys, config, error):
    configure(in_repo, config)
    code, out, err = run(capsys, "new")
    assert (code, out) == (2, "")
    assert err.count("\n") == 1 and error in err
    assert str(in_repo / ".hotfix" / "config.toml") in err
    assert not (in_repo / ".hotfix" / "hotfix-login-crash.toml").exists()
