import os
import tomllib
from datetime import UTC, datetime
from pathlib import Path

import pytest

from hotfix_tui.core.errors import FileError, SessionError
from hotfix_tui.core.storage.files import write_atomic
from hotfix_tui.core.storage.layout import check_session_name, safe_session_name
from hotfix_tui.core.workspace import Workspace

WHEN = datetime(2026, 11, 23, 14, 2, tzinfo=UTC)


@pytest.fixture
def workspace(repo_path: Path) -> Workspace:
    return Workspace.open(repo_path)


def test_session_round_trips_every_kind(workspace: Workspace):
    session = workspace.create("s")
    values = {"automated-tests": True, "risk-level": "High", "files-modified": ("a.py", "b c.py"),
              "root-cause": 'line one\r\nline "two"\n\ttabbed \\ """', "critical-bug": "42"}
    for item_id, value in values.items():
        session = session.with_value(item_id, value, at=WHEN, by="Dana")
    workspace.save(session)
    loaded = Workspace.open(workspace.root).load("s")
    for item_id, value in values.items():
        assert loaded.value(loaded.checklist.item(item_id)) == value
        assert loaded.state(item_id).updated_by == "Dana"
        assert loaded.state(item_id).updated_at == WHEN
    assert loaded.created_by == "Dana Tester"


def test_file_is_versioned_and_stable(workspace: Workspace):
    session = workspace.create("s")
    path = workspace.session_path("s")
    first = path.read_text()
    data = tomllib.loads(first)
    assert list(data)[:5] == ["schema_version", "checklist", "checklist_hash", "created_at",
                              "created_by"]
    assert data["schema_version"] == 2
    assert data["checklist"] == "hotfix"
    assert list(data["items"]) == [item.id for item in session.checklist.items()]
    workspace.save(session)
    assert path.read_text() == first


def test_a_change_touches_only_its_own_item(workspace: Workspace):
    session = workspace.create("s")
    path = workspace.session_path("s")
    before = path.read_text().splitlines()
    workspace.save(session.with_value("root-cause", "cache", at=WHEN, by="Dana"))
    after = path.read_text().splitlines()
    removed = [line for line in before if line not in after]
    added = [line for line in after if line not in before]
    assert removed == []  # `value = ""` lines of other items are unchanged too
    # The item's lines, and (its event being the first) the line holding the writer's save.
    (writer,) = workspace.layout.events(path).iterdir()
    assert added == ["[saves]", f"{writer.stem} = 1", 'value = "cache"',
                     "updated_at = 2026-11-23 14:02:00+00:00", 'updated_by = "Dana"']


@pytest.mark.parametrize("content, reason", [
    (b"schema_version = [", "invalid TOML"),
    (b"schema_version = 99\n", "unsupported schema_version 99"),
    (b"schema_version = 1\n", "missing 'checklist'"),
    (b'schema_version = 1\nchecklist = "hotfix"\ncreated_at = 2026-01-01T00:00:00Z\n'
     b'created_by = "x"\nitems = 3\n', "'items' must be a table"),
    (b'schema_version = 1\nchecklist = "hotfix"\ncreated_at = 2026-01-01T00:00:00Z\n'
     b'created_by = "x"\n[items.risk-level]\nvalue = 3\n', "item 'risk-level': 3 is not a text"),
    (b"\xff\xfe", "not UTF-8"),
])
def test_unreadable_session_is_reported_and_left_alone(workspace, content, reason):
    path = workspace.session_path("broken")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
    with pytest.raises(SessionError) as caught:
        workspace.load("broken")
    assert str(caught.value).startswith(f"{path}: ")
    assert reason in str(caught.value)
    assert "\n" not in str(caught.value)
    assert path.read_bytes() == content


def test_atomic_write_leaves_no_temp_files_and_keeps_the_old_file_on_failure(tmp_path: Path):
    target = tmp_path / "s.toml"
    write_atomic(target, "old\n")
    write_atomic(target, "new\n")
    assert target.read_text() == "new\n"
    assert os.listdir(tmp_path) == ["s.toml"]
    blocked = tmp_path / "missing-parent-is-a-file"
    blocked.write_text("")
    with pytest.raises(FileError, match="cannot save"):
        write_atomic(blocked / "s.toml", "x")


def test_session_names(workspace: Workspace):
    assert safe_session_name("hotfix/login-crash") == "hotfix-login-crash"
    assert safe_session_name("../../etc/passwd") == "etc-passwd"
    assert safe_session_name("con") == "session-con"
    assert check_session_name("hotfix-1.2") == "hotfix-1.2"
    for bad in ("../x", "a/b", "/abs", ".hidden", "a..b", "nul", ""):
        with pytest.raises(SessionError, match="invalid session name"):
            check_session_name(bad)
    assert workspace.default_session_name() == "hotfix-login-crash"


def test_new_session_refuses_to_overwrite(workspace: Workspace):
    workspace.create("s")
    with pytest.raises(SessionError, match="already exists"):
        workspace.create("s")
