"""Saving reuses each item's text for a state it has written before, and only then."""

from __future__ import annotations

import tomllib
from datetime import UTC, datetime, timedelta, timezone

from hotfix_tui.core.storage.session_file import dump_session
from hotfix_tui.core.workspace import Workspace

AT = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)


def test_each_item_is_written_as_it_is_now(repo_path):
    session = Workspace.open(repo_path).create("s")
    first = dump_session(session.with_value("critical-bug", "4242", at=AT, by="Ann"), "hotfix")
    # The same moment in another time zone compares equal, yet is written as given.
    later = AT.astimezone(timezone(timedelta(hours=1)))
    again = session.with_value("critical-bug", "4242", at=later, by="Ann")
    second = dump_session(again, "hotfix")
    assert "updated_at = 2026-11-23 10:00:00+00:00" in first
    assert "updated_at = 2026-11-23 11:00:00+01:00" in second
    assert tomllib.loads(second)["items"]["critical-bug"]["value"] == "4242"
    changed = dump_session(again.with_value("critical-bug", "4243", at=later, by="Ann"), "hotfix")
    assert tomllib.loads(changed)["items"]["critical-bug"]["value"] == "4243"
