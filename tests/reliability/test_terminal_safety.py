"""A teammate's committed files cannot act on your terminal: every command's output shows
escape sequences, C1 controls and bidi overrides escaped, `--json` stays valid JSON with
the exact values, and names and notes that break the rules are one-line errors on read."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import tomli_w

from hotfix_tui.cli import main
from hotfix_tui.core.safety.terminal import is_plain, json_safe, shown
from tests.hostile import (
    BIDI,
    BOT,
    C1_CSI,
    CLEAR,
    CLIPBOARD,
    COLLEAGUE,
    NOTE,
    RAW,
    SESSION,
    TITLE,
    hostile_repo,
)


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def assert_safe(*streams: str) -> None:
    for stream in streams:
        assert not any(raw in stream for raw in RAW), stream


@pytest.fixture
def hostile(in_repo: Path) -> Path:
    hostile_repo(in_repo)
    return in_repo


@pytest.mark.parametrize("args", [
    ("status",), ("log",), ("sessions",), ("checklists",), ("check",), ("status", "--json"),
    ("log", "--json"), ("export", "--draft", "--pr-body", "-"),
    ("export", "--draft", "--timeline", "--pr-body", "-"), ("refresh",), ("na", "box", "again"),
    ("approve", "review", "lead [/role] \u202eevil\u202c \u2066isolate\u2069"),
])
def test_no_command_prints_what_a_terminal_would_act_on(hostile, capsys, args):
    code, out, err = run(capsys, *args, "--session", SESSION)
    # The gate fails on the phase approval still missing, naming its hostile role.
    assert code == (1 if args == ("check",) else 0), err
    assert_safe(out, err)


def test_status_shows_names_notes_and_labels_escaped_and_literally(hostile, capsys):
    code, out, _ = run(capsys, "status", "--session", SESSION)
    assert code == 0
    assert f"held by {BOT}: handed over by {COLLEAGUE}" in out
    assert f"  | {NOTE}\n" in out
    assert "Evil \\x1b]52;c;cm0gLXJmIH4=\\x07[/x] checklist" in out
    assert "Lead [/role] \\u202eevil\\u202c \\u2066isolate\\u2069" in out


def test_json_is_valid_and_holds_the_exact_values(hostile, capsys):
    code, out, _ = run(capsys, "status", "--json", "--session", SESSION)
    assert code == 0
    assert_safe(out)
    items = {i["id"]: i for s in json.loads(out)["sections"] for i in s["items"]}
    assert items["note"]["value"] == CLIPBOARD + TITLE
    assert items["story"]["value"] == f"{CLEAR}\n{BIDI}\n[/x]"
    assert items["things"]["value"] == [TITLE, "[/x]", C1_CSI]
    assert items["box"]["label"] == f"Box {CLIPBOARD} [/x]"


def test_an_error_quoting_a_file_is_one_escaped_line(hostile, capsys):
    code, _, err = run(capsys, "set", "--session", SESSION, "pick", f"C {CLIPBOARD}\nfake line")
    assert code == 2 and err.count("\n") == 1
    assert_safe(err)
    assert "\\x1b]52" in err


# The committed shapes that wrote to the clipboard, set the title and cleared the screen.
@pytest.mark.parametrize("key, value", [
    ("note", f"watch {CLIPBOARD} out"), ("note", f"title {TITLE}"), ("note", CLEAR),
    ("note", f"C1 {C1_CSI}"), ("note", "lone\rcarriage return"), ("by", f"Dana{TITLE}"),
    ("to", f"Lee {BIDI}"), ("to", "two\nlines"), ("by", "x" * 101), ("note", "n" * 10_001),
], ids=["clipboard", "title", "clear", "c1", "cr", "by-title", "to-bidi", "to-lines", "by-long",
        "note-long"])
def test_a_committed_event_breaking_the_rules_is_a_one_line_error(in_repo, capsys, key, value):
    assert main(["new"]) == 0
    assert main(["handoff", "--to", "Lee", "--note", "fine"]) == 0
    path = next((in_repo / ".hotfix" / "hotfix-login-crash.events").glob("*.toml"))
    text = path.read_text()
    field = re.search(rf"^{key} = .*$", text, re.MULTILINE)
    assert field is not None
    path.write_text(text.replace(field.group(), tomli_w.dumps({key: value}).strip()))
    capsys.readouterr()
    for command in (("status",), ("log",), ("status", "--json"), ("set", "root-cause", "x")):
        code, out, err = run(capsys, *command)
        assert code == 2 and out == "" and err.count("\n") == 1, err
        assert f"{path}: event 1: '{key}'" in err
        assert_safe(err)


@pytest.mark.parametrize("field, value", [
    ("updated_by", f"Dana {CLIPBOARD}"), ("na", f"reason {TITLE}"), ("na", "r" * 201),
    ("created_by", f"x{BIDI}"),
], ids=["updated-by", "na-title", "na-long", "created-by"])
def test_a_committed_session_breaking_the_rules_is_a_one_line_error(in_repo, capsys, field, value):
    assert main(["na", "automated-tests", "fine"]) == 0
    path = in_repo / ".hotfix" / "hotfix-login-crash.toml"
    text = path.read_text()
    old = re.search(rf"^{field} = .*$", text, re.MULTILINE)
    assert old is not None
    path.write_text(text.replace(old.group(), tomli_w.dumps({field: value}).strip(), 1))
    before = path.read_bytes()
    capsys.readouterr()
    code, out, err = run(capsys, "status")
    assert code == 2 and out == "" and err.count("\n") == 1 and f"'{field}'" in err, err
    assert_safe(err)
    assert path.read_bytes() == before


@pytest.mark.parametrize("args", [
    ("handoff", "--to", f"Lee{TITLE}"), ("handoff", "--to", "Lee", "--note", CLIPBOARD),
    ("na", "automated-tests", f"no {CLEAR}"), ("--as", f"Dana{BIDI}", "set", "root-cause", "x"),
])
def test_names_notes_and_reasons_are_checked_on_write_as_on_read(in_repo, capsys, args):
    assert main(["new"]) == 0
    capsys.readouterr()
    code, _, err = run(capsys, *args)
    assert code == 2 and err.count("\n") == 1
    assert_safe(err)


def test_shown_escapes_every_control_and_bidi_character():
    controls = [*map(chr, range(0x20)), "\x7f", *map(chr, range(0x80, 0xA0)), "\u061c", "\u200e",
                "\u200f", *map(chr, range(0x202A, 0x202F)), *map(chr, range(0x2066, 0x206A)),
                "\u2028", "\u2029"]
    for char in controls:
        text = shown(f"a{char}b")
        expected_plain = char == "\t"
        assert (text == f"a{char}b") is expected_plain, repr(char)
        assert is_plain(text)
    assert shown("\x1b[2J") == "\\x1b[2J" and shown("\u202e") == "\\u202e"
    assert shown("a\nb\r\nc\rd", lines=True) == "a\nb\r\nc\\x0dd"
    assert shown("a\nb") == "a\\x0ab"
    assert shown("plain [b] text é 🔥") == "plain [b] text é 🔥"


def test_json_safe_keeps_json_valid_and_the_same():
    value = {"v": "\x7f\x9b\u202e\x1b\n\u2066 é"}
    text = json_safe(json.dumps(value, ensure_ascii=False))
    assert is_plain(text, lines=True)
    assert json.loads(text) == value
