"""Every forge's templates, one real temporary repo per layout: `hotfix checklists` lists
the template where GitHub, GitLab, Azure DevOps, Gitea or Forgejo keeps it, and an
untouched session of it exports the template's body byte for byte, front matter removed."""

from pathlib import Path

import pytest

from hotfix_tui.cli import main
from hotfix_tui.core.definition.front_matter import without_front_matter
from tests.conftest import PROJECT

TEMPLATES = PROJECT / "tests" / "data" / "templates"
FRONT_MATTER = "---\nname: Hotfix\nabout: For fixes of production incidents\nlabels:\n  - hotfix\n---\n"

# (where the template lives, the name it is listed by, its body, front matter before it)
LAYOUTS = [
    # GitHub: .github/, the top level, docs/; `_` or `-`, .md or .txt, any case.
    (".github/pull_request_template.md", "pull-request-template", "boxes.md", ""),
    ("Pull-Request-Template.txt", "pull-request-template", "fields.md", ""),
    ("docs/PULL_REQUEST_TEMPLATE.md", "pull-request-template", "crlf.md", ""),
    (".github/PULL_REQUEST_TEMPLATE/hotfix.md", "hotfix", "intro_blank_line.md", FRONT_MATTER),
    ("docs/pull_request_template/incident.md", "incident", "levels.md", ""),
    # GitLab: .gitlab/merge_request_templates/*.md.
    (".gitlab/merge_request_templates/Default.md", "default", "extra_final_newlines.md", ""),
    (".gitlab/merge_request_templates/Security Fix.md", "security-fix", "fields.md", FRONT_MATTER),
    # Azure DevOps: .azuredevops/, .vsts/ (docs/ and the top level as above).
    (".azuredevops/pull_request_template.md", "pull-request-template", "blocks.md", ""),
    (".vsts/pull_request_template.txt", "pull-request-template", "no_final_newline.md", ""),
    (".azuredevops/pull_request_template/rollback.txt", "rollback", "intro_with_items.md", ""),
    # Gitea and Forgejo: .gitea/, .forgejo/, front matter stripped as they do.
    (".gitea/PULL_REQUEST_TEMPLATE.md", "pull-request-template", "no_headings.md",
     FRONT_MATTER),
    (".forgejo/pull_request_template.md", "pull-request-template", "mixed_endings.md",
     FRONT_MATTER.replace("\n", "\r\n")),
]


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize(("where", "name", "body", "front_matter"), LAYOUTS,
                         ids=[layout[0] for layout in LAYOUTS])
def test_each_forges_template_is_listed_and_exports_its_body_exactly(
        in_repo: Path, capsys, where, name, body, front_matter):
    expected = (TEMPLATES / body).read_bytes()
    path = in_repo / where
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(front_matter.encode() + expected)
    code, out, _ = run(capsys, "checklists")
    assert code == 0
    listed = [line.split(None, 1) for line in out.splitlines()]
    assert listed[0] == [name, str(path)]
    assert run(capsys, "new", "--checklist", name)[0] == 0
    exported = in_repo / "pr.md"
    code, _, err = run(capsys, "export", "--draft", "--pr-body", str(exported))
    assert code == 0, err
    assert exported.read_bytes() == expected


def test_gitlab_lists_default_first_and_the_rest_by_name(in_repo: Path, capsys):
    folder = in_repo / ".gitlab" / "merge_request_templates"
    folder.mkdir(parents=True)
    for file_name in ("Bug.md", "default.md", "Security.md", "notes.txt"):
        (folder / file_name).write_text("## Summary\n")
    _, out, _ = run(capsys, "checklists")
    assert [line.split()[0] for line in out.splitlines()] == ["default", "bug", "security",
                                                              "hotfix"]


def test_a_name_found_in_two_places_is_the_first_forges(in_repo: Path, capsys):
    for where in (".gitea/pull_request_template.md", ".github/pull_request_template.md"):
        (in_repo / where).parent.mkdir()
        (in_repo / where).write_text("## Summary\n")
    _, out, _ = run(capsys, "checklists")
    assert out.splitlines()[0].split() == ["pull-request-template",
                                           str(in_repo / ".github" / "pull_request_template.md")]


@pytest.mark.parametrize("text", [
    "---\n\n## Summary\n\n---\n\n## Checks\n- [ ] Tests pass\n",  # rules, not front matter
    "---\nA sentence under a rule.\n---\n",
    "---\nname: never closed\n\n## Summary\n",
    "----\n---\n",  # nothing between the fences
    "## Summary\n---\nname: x\n---\n",  # not on the first line
])
def test_what_only_looks_like_front_matter_stays_the_templates_own(text):
    assert without_front_matter(text) == text


def test_front_matter_of_keys_lists_and_comments_is_removed_whatever_the_line_endings():
    front = "---\nname: Hotfix\n# why: the forge's\nlabels:\n  - hotfix\n- urgent\n--- \n"
    assert without_front_matter(front + "## Summary\n") == "## Summary\n"
    crlf = front.replace("\n", "\r\n")
    assert without_front_matter(crlf + "## Summary\r\n") == "## Summary\r\n"
    assert without_front_matter("---\ntitle: x\n---") == ""
