"""The incident record from the shell: `na`, `approve`, `handoff`, `log`, `export --timeline`
and what `status` shows, in real temporary git repos."""

import json
import re
from pathlib import Path

import pytest

from hotfix_tui.cli import main
from hotfix_tui.core.workspace import Workspace
from tests.conftest import structure

ISO = r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d"


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def start(capsys) -> None:
    assert main(["new"]) == 0
    capsys.readouterr()


def status(capsys, *args: str) -> dict:
    code, out, err = run(capsys, "status", "--json", *args)
    assert code == 0, err
    return json.loads(out)


def items(data: dict) -> dict:
    return {item["id"]: item for section in data["sections"] for item in section["items"]}


def fill_required(repo: Path, but: tuple[str, ...] = ()) -> None:
    ws = Workspace.open(repo)
    session = ws.load_or_create("hotfix-login-crash")
    for item in session.unmet_required():
        if item.id not in but:
            value = {"check": True, "choice": item.options[0] if item.options else "x",
                     "list": ("a.py",)}.get(item.kind, "filled")
            session = ws.change(session, item.id, value)
    ws.save(session)


def test_na_marks_a_box_done_with_its_reason_and_check_accepts_it(in_repo, capsys):
    fill_required(in_repo, but=("automated-tests",))
    for phase in status(capsys)["phases"]:  # the gate also wants the phases' approvals
        for role in phase["missing"]:
            assert main(["approve", phase["id"], role]) == 0
    assert run(capsys, "check")[0] == 1
    code, out, err = run(capsys, "na", "automated-tests", "No automated suite for this service")
    assert (code, err) == (0, "")
    assert out == "automated-tests: N/A (No automated suite for this service)\n"
    assert run(capsys, "check")[0] == 0
    item = items(status(capsys))["automated-tests"]
    assert item["done"] is True and item["value"] is True
    assert item["na"] == "No automated suite for this service"
    assert item["updated_by"] == "Dana Tester"
    code, body, _ = run(capsys, "export", "--pr-body", "-")
    assert code == 0
    assert ("- [x] ~~**Automated Tests**: All existing tests pass~~ N/A: No automated suite for "
            "this service\n") in body


@pytest.mark.parametrize("args, problem", [
    (("na", "root-cause", "unknown"), "only a checkbox can be marked N/A"),
    (("na", "automated-tests", ""), "needs a reason"),
    (("na", "no-such-item", "x"), "has no item"),
    (("approve", "testing", "Product Owner"), "needs no approval from 'Product Owner'"),
    (("approve", "nowhere", "QA Lead"), "has no phase 'nowhere'"),
    (("handoff", "--to", " "), "to whom"),
    (("export", "--timeline", "--release-notes", "-"), "--timeline goes with --pr-body"),
    (("--as", "bad \udcff byte", "set", "root-cause", "x"), "give a name of printable text"),
    (("--as", "two\nlines", "handoff", "--to", "Lee"), "give a name of printable text"),
])
def test_bad_input_is_one_line_exit_2_and_the_files_stay(in_repo, capsys, args, problem):
    start(capsys)
    session_file = in_repo / ".hotfix" / "hotfix-login-crash.toml"
    before = session_file.read_bytes()
    code, out, err = run(capsys, *args)
    assert code == 2 and out == ""
    assert err.startswith("hotfix: error: ") and problem in err and err.count("\n") == 1, err
    assert session_file.read_bytes() == before
    assert not (in_repo / ".hotfix" / "hotfix-login-crash.events").exists()


def test_log_prints_who_did_what_in_order(in_repo, capsys):
    start(capsys)
    main(["set", "automated-tests", "true"])
    main(["--as", "Lee", "na", "database-rollback", "no schema change"])
    main(["approve", "qualification", "product owner", "--as", "Pat"])
    main(["handoff", "--to", "Lee", "--note", "Deploy is half done"])
    capsys.readouterr()
    code, out, _ = run(capsys, "log")
    assert code == 0
    lines = [re.sub(ISO, "T", line) for line in out.splitlines()]
    assert lines == [
        "T  Dana Tester  started the session (Hotfix Pull Request)",
        "T  Dana Tester  ticked Automated Tests",
        "T  Lee          marked Database Rollback N/A: no schema change",
        "T  Pat          approved: Qualification - Product Owner",
        "T  Dana Tester  handed the session to Lee: Deploy is half done",
    ]
    code, out, _ = run(capsys, "log", "--json")
    events = json.loads(out)
    assert [e["event"] for e in events] == ["started", "ticked", "not-applicable", "approved",
                                            "handoff"]
    assert events[3] == {"at": events[3]["at"], "by": "Pat", "event": "approved",
                         "phase": "qualification", "role": "Product Owner",
                         "text": "approved: Qualification - Product Owner"}
    assert re.fullmatch(ISO, events[3]["at"])


def test_handoff_is_shown_to_whoever_opens_the_session_next(in_repo, capsys):
    start(capsys)
    code, out, _ = run(capsys, "handoff", "--to", "Lee", "--note", "Rollback is ready.\nWatch errors.")
    assert code == 0 and out.startswith("hotfix-login-crash: handed to Lee; ")
    data = status(capsys)
    assert data["holder"] == "Lee"
    assert data["handoff"] == {"from": "Dana Tester", "to": "Lee",
                               "note": "Rollback is ready.\nWatch errors.",
                               "at": data["handoff"]["at"]}
    code, out, _ = run(capsys, "--as", "Lee", "status")
    assert "held by Lee: handed over by Dana Tester at " in out
    assert "  | Rollback is ready.\n  | Watch errors.\n" in out
    assert "left: Critical business impact, " in out
    assert ("incident clock: Response Time not yet; Resolution Time not yet; "
            "Authorization Time not yet\n") in out
    assert "process approvals still missing:\n  - Qualification: Product Owner, Technical Lead\n" in out
    code, _, err = run(capsys, "set", "root-cause", "cache")  # Dana, no longer the holder
    assert code == 0
    assert err == "hotfix: note: Lee holds this session; recording the change as Dana Tester\n"
    code, _, err = run(capsys, "--as", "Lee", "set", "root-cause", "cache key")
    assert (code, err) == (0, "")


def test_approve_records_and_withdraws_phase_approvals(in_repo, capsys):
    start(capsys)
    code, out, _ = run(capsys, "approve", "qualification", "technical lead")
    assert (code, out) == (0, "qualification: approval recorded; still missing: Product Owner\n")
    code, out, _ = run(capsys, "approve", "--as", "Pat", "qualification", "Product Owner")
    assert out == "qualification: approval recorded; none missing\n"
    code, out, _ = run(capsys, "approve", "qualification", "Product Owner", "--withdraw")
    assert out == "qualification: approval withdrawn; still missing: Product Owner\n"
    phases = {p["id"]: p for p in status(capsys)["phases"]}
    assert phases["qualification"]["missing"] == ["Product Owner"]
    assert phases["qualification"]["approvals"][1]["by"] == "Dana Tester"


def test_the_timeline_is_appended_only_when_asked(in_repo, capsys, seed_template):
    start(capsys)
    main(["set", "automated-tests", "true"])
    capsys.readouterr()
    _, plain, _ = run(capsys, "export", "--draft", "--pr-body", "-")
    code, with_log, _ = run(capsys, "export", "--draft", "--pr-body", "-", "--timeline")
    assert code == 0
    assert with_log.startswith(plain + "\n\n<details>\n<summary>Timeline</summary>\n\n- ")
    assert with_log.endswith(": ticked Automated Tests\n\n</details>")
    assert structure(with_log) == structure(plain) == {**structure(seed_template)}
    # Drafts are previews: they record nothing.
    assert [e["event"] for e in json.loads(run(capsys, "log", "--json")[1])] == [
        "started", "ticked"]


def test_the_first_complete_export_is_the_resolution_time(in_repo, capsys):
    fill_required(in_repo)
    code, body, _ = run(capsys, "export", "--pr-body", "-")
    assert code == 0
    events = json.loads(run(capsys, "log", "--json")[1])
    exported = [e for e in events if e["event"] == "exported"]
    assert len(exported) == 1 and exported[0]["text"] == "exported the PR body"
    assert f"**Resolution Time:** {exported[0]['at']}\n" in body
    first_change = next(e for e in events if e["event"] != "started")
    assert f"**Response Time:** {first_change['at']}\n" in body
    approvals = [e["at"] for e in events if e["event"] == "approved"]
    assert f"**Authorization Time:** {max(approvals)}\n" in body
    assert "(approved by Dana Tester, " in body
    run(capsys, "export", "--pr-body", "-")
    assert items(status(capsys))["resolution-time"]["value"] == exported[0]["at"]
    assert f"Resolution Time {exported[0]['at']};" in run(capsys, "status")[1]
    assert re.fullmatch(ISO, exported[0]["at"])  # ISO 8601 with the UTC offset


def test_commit_takes_the_event_log_along(in_repo, capsys):
    import git

    start(capsys)
    main(["set", "automated-tests", "true"])
    main(["handoff", "--to", "Lee", "--note", "pager is yours"])
    repo = git.Repo(in_repo)
    (in_repo / "unrelated.py").write_text("staged, not part of it\n")
    repo.git.add("unrelated.py")
    capsys.readouterr()
    code, out, err = run(capsys, "commit")
    assert code == 0, err
    files = sorted(repo.head.commit.stats.files)
    assert files[0] == ".hotfix/hotfix-login-crash.events/" + next(
        (in_repo / ".hotfix" / "hotfix-login-crash.events").iterdir()).name
    assert files[1:] == [".hotfix/hotfix-login-crash.toml"]
    assert repo.git.diff("--cached", "--name-only").splitlines() == ["unrelated.py"]
    assert run(capsys, "commit")[1].startswith("nothing to commit: ")
