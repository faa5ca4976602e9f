"""A PR record naming a pull request of another repository than the one gh reads from this
clone (a fork's clone, `gh repo set-default`, a session brought from elsewhere) is refused:
the same number here is someone else's pull request."""

from __future__ import annotations

import pytest

from hotfix_tui.core.errors import ForgeError
from hotfix_tui.core.storage.pr_record import read_pr_state, write_pr_state
from tests.forge.conftest import SESSION
from tests.forge.test_live_pr import hotfix_files, on_the_website, opened


def test_a_pr_of_another_repository_is_neither_read_nor_rewritten(ws, session, github, repo):
    session = opened(ws, session)
    path = ws.session_path(SESSION)
    state = read_pr_state(ws.layout, path)
    assert state is not None
    elsewhere = state.record._replace(url="http://github.localhost/upstream/repo/pull/1")
    write_pr_state(ws.layout, path, elsewhere, state.base)
    on_the_website(github, "- [ ] Reviewed", "- [x] Reviewed")
    body, edits, files = github.pulls[1].body, github.body_edits, hotfix_files(repo)

    with pytest.raises(ForgeError) as refused:
        ws.sync_pr(ws.set_value(session, "deployed", True))

    message = str(refused.value)
    assert "\n" not in message and "upstream/repo/pull/1" in message
    assert "gh repo set-default" in message
    assert (github.pulls[1].body, github.body_edits) == (body, edits)
    saved = ws.load(SESSION)
    assert saved.value(saved.checklist.item("reviewed")) is False
    assert set(hotfix_files(repo)) == set(files)
