"""`hotfix export` for a release and `hotfix start`, in real repositories: which tag it
used and the tag the release gets, a dry run, --replace, refusals (one line, exit 2,
nothing written), and files written as an editor would."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import git
import pytest

from hotfix_tui.cli import main
from tests.conftest import make_repo
from tests.gitrepos import commit, tag, write

OLD = ("# Changelog\n\n## [Unreleased]\n\n## [0.30.2](https://x.test/tui/releases/tag/"
       "tui-v0.30.2) - 2026-06-19\n\n### Bug Fixes\n\n- Shadows stay\n")


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def tui(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys) -> git.Repo:
    """Plain tags before, prefixed ones now (with another crate's on the same commit), a
    changelog, and a hotfix branch with one fix and its session; cwd is the repo."""
    root = tmp_path / "repo"
    repo = make_repo(root, branch="main")
    tag(repo, "v0.29.0")
    commit(repo, "release", {"CHANGELOG.md": OLD})
    tag(repo, "tui-v0.30.2", "tui-core-v0.1.1", annotated=True)
    repo.git.checkout("-q", "-b", "hotfix/login-crash")
    commit(repo, "Key the cache by build", {"cache.py": "KEY = 'build'\n"})
    monkeypatch.chdir(root)
    assert main(["new"]) == 0
    capsys.readouterr()
    return repo


# The checklist as last parsed, kept for the next command (core/definition/parsed.py): no
# output of a command, nor anything a refusal could have damaged.
PARSED = Path(".hotfix", ".local", "checklists")


def files_now(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file() and ".git" not in p.parts
            and not p.relative_to(root).is_relative_to(PARSED)}


def test_the_export_says_which_tag_it_followed_and_the_tag_to_make(tui: git.Repo, capsys):
    code, out, err = run(capsys, "export", "--draft", "--changelog", "CHANGELOG.md",
                         "--release-notes", "-")
    assert code == 0, err
    assert err.splitlines() == [
        "release 0.30.3: the patch after tui-v0.30.2, HEAD's nearest release tag; its tag "
        "will be tui-v0.30.3",
        "added 0.30.3 to CHANGELOG.md"]
    assert out.startswith("# Hotfix 0.30.3: Login crash\n")
    text = Path("CHANGELOG.md").read_text()
    assert "## [0.30.3](https://x.test/tui/releases/tag/tui-v0.30.3) - " in text
    code, _, err = run(capsys, "export", "--draft", "--changelog", "CHANGELOG.md", "--dry-run",
                       "--version", "1.0.0")
    assert code == 0 and err.splitlines()[0] == (
        "release 1.0.0 (--version) after tui-v0.30.2: its tag will be tui-v1.0.0")


def test_a_dry_run_prints_the_diff_and_writes_nothing(tui: git.Repo, capsys, tmp_path):
    before = files_now(Path.cwd())
    body = tmp_path / "pr.md"
    code, out, err = run(capsys, "export", "--dry-run", "--draft", "--changelog",
                         "CHANGELOG.md", "--pr-body", str(body))
    assert code == 0, err
    assert files_now(Path.cwd()) == before and not body.exists()
    assert out.startswith("--- /dev/null\n+++ b/" + str(body))
    diff = out[out.index("--- a/CHANGELOG.md"):]
    assert diff.startswith("--- a/CHANGELOG.md\n+++ b/CHANGELOG.md\n@@ ")
    assert "\n+## [0.30.3](https://x.test/tui/releases/tag/tui-v0.30.3) - " in diff
    assert "\n+- Key the cache by build\n" in diff
    assert err.splitlines()[1:] == [f"would write {body} (dry run: nothing written)",
                                    "would write CHANGELOG.md (dry run: nothing written)"]


def test_replace_rewrites_the_entry_for_the_version(tui: git.Repo, capsys):
    assert run(capsys, "export", "--draft", "--changelog", "CHANGELOG.md")[0] == 0
    first = Path("CHANGELOG.md").read_text()
    main(["set", "changes-made", "- Key the cache by build and by host"])
    code, _, err = run(capsys, "export", "--draft", "--changelog", "CHANGELOG.md", "--replace")
    assert code == 0 and err.endswith("replaced 0.30.3 in CHANGELOG.md\n")
    assert Path("CHANGELOG.md").read_text() == first.replace("by build\n",
                                                             "by build and by host\n")


@pytest.mark.parametrize("case", ["entry exists", "prerelease", "bad config", "packages",
                                  "not utf-8", "replace alone"])
def test_refusals_are_one_line_exit_2_and_write_nothing(tui: git.Repo, capsys, tmp_path, case):
    root = Path.cwd()
    changelog = root / "CHANGELOG.md"
    if case == "entry exists":
        changelog.write_text(OLD.replace("## [0.30.2]", "## [v0.30.3] - 2026-11-20\n\n"
                                         "- first try\n\n## [0.30.2]"))
        reason = "CHANGELOG.md: already has an entry for 0.30.3 (line 5): --replace rewrites it"
    elif case == "prerelease":
        tag(tui, "tui-v0.31.0-rc.1")
        reason = (f"{root}: HEAD's nearest release tag tui-v0.31.0-rc.1 is a prerelease, so the "
                  "next patch is not known: name the version (hotfix export --version X)")
    elif case == "bad config":
        write(root, {".hotfix/config.toml": 'tag = "tui-v"\n'})
        reason = (f"{root / '.hotfix' / 'config.toml'}: 'tag' must be a tag name with {{version}} "
                  'in it once, e.g. tag = "v{version}" or tag = "mypkg-v{version}"')
    elif case == "packages":
        changelog.unlink()  # without a changelog nothing says which crate releases
        reason = (f"{root}: tags of several packages are nearest to HEAD (tui-core-v0.1.1, "
                  "tui-v0.30.2): say which with --changelog PATH, or tag = "
                  f"\"tui-core-v{{version}}\" in {root / '.hotfix' / 'config.toml'}")
    elif case == "not utf-8":
        changelog.write_bytes(b"# Changelog\n\xff\n")
        reason = "CHANGELOG.md: not UTF-8 text"
    else:
        reason = "--replace goes with --changelog: it rewrites an entry there"
    before = files_now(root)
    body = tmp_path / "pr.md"
    args = ["export", "--draft", "--pr-body", str(body), "--release-notes", str(tmp_path / "n")]
    if case == "replace alone":
        args.append("--replace")
    elif case != "packages":
        args += ["--changelog", "CHANGELOG.md"]
    code, out, err = run(capsys, *args)
    assert (code, out, err) == (2, "", f"hotfix: error: {reason}\n")
    assert files_now(root) == before
    assert not body.exists() and not (tmp_path / "n").exists()


def test_a_refused_changelog_records_no_export(tui: git.Repo, capsys, tmp_path):
    for name in ("problem-statement", "root-cause"):
        main(["set", name, "x"])
    Path("CHANGELOG.md").write_text(OLD.replace("0.30.2]", "0.30.3]"))
    code, _, _ = run(capsys, "export", "--draft", "--pr-body", str(tmp_path / "pr.md"),
                     "--changelog", "CHANGELOG.md")
    assert code == 2 and not (tmp_path / "pr.md").exists()
    code, out, _ = run(capsys, "log")
    assert code == 0 and "exported" not in out


def test_files_keep_their_mode_and_are_written_through_symlinks(tui: git.Repo, capsys, tmp_path):
    docs = Path("docs")
    docs.mkdir()
    os.replace("CHANGELOG.md", docs / "CHANGES.md")
    os.symlink(docs / "CHANGES.md", "CHANGELOG.md")
    os.chmod(docs / "CHANGES.md", 0o640)
    body = tmp_path / "pr.md"
    body.write_text("old body\n")
    os.chmod(body, 0o604)
    old_umask = os.umask(0o027)
    try:
        code, _, err = run(capsys, "export", "--draft", "--changelog", "CHANGELOG.md",
                           "--pr-body", str(body), "--release-notes", str(tmp_path / "new.md"))
    finally:
        os.umask(old_umask)
    assert code == 0, err
    assert Path("CHANGELOG.md").is_symlink() and os.readlink("CHANGELOG.md") == str(
        docs / "CHANGES.md")
    assert "## [0.30.3]" in (docs / "CHANGES.md").read_text()
    assert stat.S_IMODE(os.stat(docs / "CHANGES.md").st_mode) == 0o640
    assert stat.S_IMODE(os.stat(body).st_mode) == 0o604 and body.read_text() != "old body\n"
    assert stat.S_IMODE(os.stat(tmp_path / "new.md").st_mode) == 0o640  # 0o666 less the umask
    assert [p.name for p in docs.iterdir()] == ["CHANGES.md"]  # no temp file left


def test_start_names_the_tag_and_the_release_it_will_make(tui: git.Repo, capsys):
    tui.git.checkout("-q", "main")
    commit(tui, "unreleased work", {"wip.py": "w = 1\n"})
    write(Path.cwd(), {".hotfix/config.toml": 'tag = "tui-v{version}"\n'})
    code, out, err = run(capsys, "start", "payment-timeout")
    assert code == 0 and err == ""
    assert out.splitlines()[:2] == ["created branch hotfix/payment-timeout from tui-v0.30.2",
                                    "its release will be 0.30.3, tagged tui-v0.30.3"]
    assert tui.head.commit == tui.tags["tui-v0.30.2"].commit
