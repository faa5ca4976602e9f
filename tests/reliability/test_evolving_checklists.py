"""A session started on one version of a checklist opens after items were added, removed,
renamed or re-kinded: added ones are empty, the others' values are kept and shown."""

from __future__ import annotations

import json
from pathlib import Path

from hotfix_tui.cli import main
from hotfix_tui.core.workspace import Workspace
from tests.tui.helpers import app_for, until

VERSION_1 = '''name = "team"
[[sections]]
id = "s"
title = "S"
  [[sections.blocks]]
  id = "kept"
  kind = "text"
  label = "Kept"
  [[sections.blocks]]
  id = "removed"
  kind = "longtext"
  label = "Removed"
  [[sections.blocks]]
  id = "old-name"
  kind = "text"
  label = "Renamed"
  [[sections.blocks]]
  id = "rekinded"
  kind = "text"
  label = "Re-kinded"
'''

VERSION_2 = '''name = "team"
[[sections]]
id = "s"
title = "S"
  [[sections.blocks]]
  id = "kept"
  kind = "text"
  label = "Kept"
  [[sections.blocks]]
  id = "new-name"
  kind = "text"
  label = "Renamed"
  [[sections.blocks]]
  id = "rekinded"
  kind = "check"
  label = "Re-kinded"
  [[sections.blocks]]
  id = "added"
  kind = "list"
  label = "Added"
'''


def evolve(repo: Path) -> Path:
    folder = repo / "checklists"
    folder.mkdir()
    (folder / "team.toml").write_text(VERSION_1)
    for item in ("kept", "removed", "old-name", "rekinded"):
        assert main(["set", "--repo", str(repo), "--checklist", "team", item, f"{item} value"]) == 0
    (folder / "team.toml").write_text(VERSION_2)
    return repo / ".hotfix" / "hotfix-login-crash.toml"


def test_status_shows_orphans_and_new_items_empty(repo_path: Path, capsys):
    evolve(repo_path)
    capsys.readouterr()
    assert main(["status", "--json", "--repo", str(repo_path)]) == 0
    status = json.loads(capsys.readouterr().out)
    items = {i["id"]: i for s in status["sections"] for i in s["items"]}
    assert items["kept"]["value"] == "kept value"
    assert items["added"]["value"] == [] and items["new-name"]["value"] == ""
    assert items["rekinded"]["value"] is False
    orphans = {o["id"]: o for o in status["orphans"]}
    assert set(orphans) == {"removed", "old-name", "rekinded"}
    assert orphans["removed"]["value"] == "removed value"
    assert orphans["rekinded"]["reason"] == "the item is now a check"


def test_orphaned_values_survive_saves(repo_path: Path):
    path = evolve(repo_path)
    assert main(["set", "--repo", str(repo_path), "added", "one\ntwo"]) == 0
    text = path.read_text()
    for value in ('value = "removed value"', 'value = "old-name value"',
                  'value = "rekinded value"'):
        assert value in text
    session = Workspace.open(repo_path).load("hotfix-login-crash")
    assert set(session.orphans()) == {"removed", "old-name", "rekinded"}
    # Setting the re-kinded item replaces its old value: then it is no orphan.
    Workspace.open(repo_path).set_value(session, "rekinded", True)
    assert set(Workspace.open(repo_path).load("hotfix-login-crash").orphans()) == {
        "removed", "old-name"}


async def test_the_app_opens_and_shows_the_orphans(repo_path: Path):
    evolve(repo_path)
    app = app_for(repo_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: any("3 saved value(s) have no item" in str(n.message)
                                       for n in app._notifications))
        await pilot.press("ctrl+r")
        await pilot.pause()
        shown = str(app.screen.query_one("#orphans").render())
        assert "removed value" in shown and "the item is now a check" in shown
