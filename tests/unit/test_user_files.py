"""Writing the user's own files as an editor would (storage/files.py `user_files`): through
a chain of symlinks to the file they name, keeping its mode, all or none with the rest."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from hotfix_tui.core.errors import FileError
from hotfix_tui.core.storage.files import write_all


def test_a_symlink_chain_is_followed_and_the_mode_kept(tmp_path: Path):
    target = tmp_path / "real" / "CHANGES.md"
    target.parent.mkdir()
    target.write_text("old\n")
    os.chmod(target, 0o600)
    (tmp_path / "middle.md").symlink_to(target)
    link = tmp_path / "CHANGELOG.md"
    link.symlink_to(tmp_path / "middle.md")
    write_all({link: "new\n"}, user_files={link})
    assert link.is_symlink() and (tmp_path / "middle.md").is_symlink()
    assert target.read_text() == "new\n" and stat.S_IMODE(target.stat().st_mode) == 0o600
    assert sorted(p.name for p in target.parent.iterdir()) == ["CHANGES.md"]


def test_a_dangling_symlink_gets_its_target_created(tmp_path: Path):
    link = tmp_path / "notes.md"
    link.symlink_to(tmp_path / "out" / "notes.md")
    (tmp_path / "out").mkdir()
    old_umask = os.umask(0o077)
    try:
        write_all({link: "notes\n"}, user_files={link})
    finally:
        os.umask(old_umask)
    made = tmp_path / "out" / "notes.md"
    assert link.is_symlink() and made.read_text() == "notes\n"
    assert stat.S_IMODE(made.stat().st_mode) == 0o600


def test_a_user_file_that_cannot_be_written_leaves_the_others_unwritten(tmp_path: Path):
    body = tmp_path / "pr.md"
    (tmp_path / "a-file").write_text("not a folder\n")
    blocked = tmp_path / "a-file" / "CHANGELOG.md"
    with pytest.raises(FileError, match=f"^{blocked}: cannot save: "):
        write_all({body: "body\n", blocked: "new\n"}, user_files={body, blocked})
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a-file"]
