"""What a session knows of its pull request, beside it in `.hotfix/<session>.pr/`."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from hotfix_tui.core.errors import SessionError
from hotfix_tui.core.storage.layout import Layout
from hotfix_tui.core.storage.pr_record import PrRecord, body_hash, read_pr_state, write_pr_state

T0 = datetime(2026, 11, 23, 14, 0, tzinfo=UTC)
BODY = "## Checks\r\n- [x] Tested\r\n"


@pytest.fixture
def layout(tmp_path: Path) -> Layout:
    return Layout(tmp_path)


def record(base: str = BODY) -> PrRecord:
    return PrRecord(12, "https://github.example/o/r/pull/12", T0, body_hash(base))


def test_the_record_and_its_base_read_back_exactly(layout):
    session = layout.session("s")
    assert read_pr_state(layout, session) is None
    write_pr_state(layout, session, record(), BODY)
    state = read_pr_state(layout, session)
    assert state is not None and state.record == record() and state.base == BODY
    assert layout.pr_base(session).read_bytes() == BODY.encode()  # CRLF kept


def test_a_base_git_turned_into_lf_is_still_the_base(layout):
    session = layout.session("s")
    write_pr_state(layout, session, record(), BODY)
    layout.pr_base(session).write_text(BODY.replace("\r\n", "\n"))
    assert read_pr_state(layout, session).base == BODY.replace("\r\n", "\n")


def test_a_base_that_is_not_the_recorded_one_is_not_used(layout):
    session = layout.session("s")
    write_pr_state(layout, session, record(), BODY)
    layout.pr_base(session).write_text("<<<<<<< HEAD\n")
    state = read_pr_state(layout, session)
    assert state is not None and state.record.number == 12 and state.base is None


@pytest.mark.parametrize("text", ['number = 12\n', 'number = "12"\nurl = "u"\nsynced_at = '
                                  '2026-11-23T14:00:00Z\nbase_hash = "x"\n', "<<<<<<< HEAD\n"])
def test_a_broken_record_is_one_line_naming_the_file(layout, text):
    session = layout.session("s")
    path = layout.pr_record(session)
    path.parent.mkdir(parents=True)
    path.write_text(text)
    with pytest.raises(SessionError) as failed:
        read_pr_state(layout, session)
    assert str(failed.value).startswith(str(path)) and "\n" not in str(failed.value)
    assert path.read_text() == text
