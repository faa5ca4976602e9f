"""Declaring checks: an item's own `run` (with its options) or a `check` the repo's config
defines; mistakes are one line naming the file (and line, in a checklist)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from hotfix_tui.core.definition.loader import load_checklist, parse_checklist
from hotfix_tui.core.errors import ChecklistError, ConfigError, SessionError
from hotfix_tui.core.model.check import DEFAULT_TIMEOUT, CheckSpec
from hotfix_tui.core.model.events import Event
from hotfix_tui.core.storage.config import load_config
from hotfix_tui.core.storage.event_log import (
    Record,
    append_records,
    dump_events,
    read_writer_log,
)
from hotfix_tui.core.storage.files import write_atomic
from tests.conftest import HOTFIX_CHECKLIST

HEAD = 'name = "small"\n\n[[sections]]\nid = "tests"\ntitle = "Tests"\n\n'


def box(extra: str, item_id: str = "tested", kind: str = "check") -> str:
    return f'  [[sections.blocks]]\n  id = "{item_id}"\n  kind = "{kind}"\n  label = "Tested"\n{extra}\n'


def test_an_item_runs_its_own_command_with_options():
    checklist = parse_checklist(HEAD + box('  run = "pytest -q"\n  timeout = 300\n  cwd = "api"\n'
                                           '  expect = "passed"\n  retry_every = 10'))
    item = checklist.item("tested")
    assert item.run == CheckSpec("pytest -q", 300.0, "api", "passed", 10.0) and item.has_check


def test_an_item_names_a_check_and_a_longtext_takes_its_evidence():
    checklist = parse_checklist(HEAD + box('  check = "tests"') +
                                box('  evidence_of = "tested"', "after", "longtext"))
    assert (checklist.item("tested").check, checklist.item("tested").run) == ("tests", None)
    assert checklist.item("after").evidence_of == "tested"


@pytest.mark.parametrize(("extra", "line", "reason"), [
    ('  run = "a"\n  check = "b"', 6, "give 'run' (a command) or 'check'"),
    ('  run = ""', 5, "'run' must be a command"),
    ('  run = "a"\n  timeout = -1', 6, "'timeout' must be a positive number of seconds"),
    ('  run = "a"\n  timeout = true', 6, "'timeout' must be a positive number"),
    ('  run = "a"\n  cwd = "../elsewhere"', 6, "'cwd' must stay inside the repo"),
    ('  run = "a"\n  cwd = "/etc"', 6, "'cwd' must stay inside the repo"),
    ('  run = "a"\n  expect = "(unclosed"', 6, "'expect' is not a valid regular expression"),
    ('  run = "a"\n  timeout = 5\n  retry_every = 10', 7, "'retry_every' (10 s) must be shorter"),
    ('  check = "tests"\n  timeout = 5', 6, "set it in .hotfix/config.toml [checks.tests]"),
    ('  timeout = 5', 5, "'timeout' without 'run': it goes with 'run'"),
    ('  check = "Not A Name"', 5, "'check' names a check of .hotfix/config.toml"),
])
def test_a_bad_check_is_one_line_with_file_and_line(tmp_path: Path, extra: str, line: int, reason: str):
    path = tmp_path / "small.toml"
    path.write_text(HEAD + "\n" + box(extra))
    with pytest.raises(ChecklistError) as failed:
        load_checklist(path)
    # `line` counts from the item's `[[sections.blocks]]` header, the 8th line of the file.
    assert str(failed.value).startswith(f"{path}:{7 + line}: ") and reason in str(failed.value)
    assert "\n" not in str(failed.value)


def test_only_a_checkbox_runs_and_only_a_longtext_takes_evidence():
    with pytest.raises(ChecklistError, match="only a checkbox can run a check"):
        parse_checklist(HEAD + box('  run = "a"', kind="text"))
    with pytest.raises(ChecklistError, match="only a longtext can take 'evidence_of'"):
        parse_checklist(HEAD + box('  check = "a"') + box('  evidence_of = "tested"', "x", "text"))
    with pytest.raises(ChecklistError, match=r"<checklist>:16: item 'after': 'evidence_of' names "
                                             r"'tested', which is no item with a check"):
        parse_checklist(HEAD + box("") + box('  evidence_of = "tested"', "after", "longtext"))


def test_the_built_in_checklist_wires_the_boxes_that_ask_for_proof():
    checklist = load_checklist(HOTFIX_CHECKLIST)
    wired = {item.id: item.check for item in checklist.items() if item.has_check}
    assert wired == {"automated-tests": "tests", "error-scenario": "error-scenario",
                     "application-health": "health"}
    assert checklist.item("after").evidence_of == "error-scenario"


def test_the_config_defines_checks_as_commands_or_tables(tmp_path: Path):
    (tmp_path / ".hotfix").mkdir()
    (tmp_path / ".hotfix" / "config.toml").write_text(
        'base = "main"\n[checks]\ntests = "pytest -q"\n'
        '[checks.health]\nrun = "curl -fsS http://127.0.0.1:8080/health"\ntimeout = 300\n'
        'retry_every = 10\nexpect = "ok"\ncwd = "deploy"\n')
    config = load_config(tmp_path)
    assert config.base == "main"
    assert dict(config.checks) == {
        "tests": CheckSpec("pytest -q", DEFAULT_TIMEOUT),
        "health": CheckSpec("curl -fsS http://127.0.0.1:8080/health", 300.0, "deploy", "ok", 10.0)}
    assert load_config(tmp_path / "elsewhere").checks == {}


@pytest.mark.parametrize(("text", "reason"), [
    ('checks = "pytest"', "[checks] must be a table"),
    ('[checks]\ntests = 3', "[checks] tests: give a command, or a table with 'run'"),
    ('[checks.tests]\ntimeout = 3', "[checks] tests: 'run' must be a command"),
    ('[checks.tests]\nrun = "x"\ncwd = "../up"', "[checks] tests: 'cwd' must stay inside the repo"),
    ('[checks.tests]\nrun = "x"\nretries = 3', "[checks] tests: unknown key 'retries'"),
    ('[checks]\n"Bad Name" = "x"', "a check's name is lowercase"),
])
def test_a_bad_config_check_is_one_line_naming_the_file(tmp_path: Path, text: str, reason: str):
    (tmp_path / ".hotfix").mkdir()
    path = tmp_path / ".hotfix" / "config.toml"
    path.write_text(text + "\n")
    with pytest.raises(ConfigError) as failed:
        load_config(tmp_path)
    assert str(failed.value).startswith(f"{path}: ") and reason in str(failed.value)
    assert "\n" not in str(failed.value)


def events_of(path: Path) -> list[Event]:
    return [record.event for record in read_writer_log(path).records]


def test_event_files_written_before_runs_read_as_before_and_runs_round_trip(tmp_path: Path):
    path = tmp_path / "dana-3f9a1c2e.toml"
    path.write_text('schema_version = 1\n\n[[events]]\nat = 2026-11-23T14:02:00Z\nby = "Dana"\n'
                    'event = "ticked"\nitem = "automated-tests"\n')
    old = events_of(path)
    assert old == [Event(datetime(2026, 11, 23, 14, 2, tzinfo=UTC), "Dana", "ticked", "automated-tests")]
    write_atomic(path, dump_events(old))  # as hotfix writes it
    before = path.read_text()
    run = Event(datetime(2026, 11, 23, 14, 5, tzinfo=UTC), "Dana", "check-passed", "automated-tests",
                command="pytest -q", exit_status=0, duration=12.25, excerpt="3 passed\n`x` -->")
    append_records(path, [Record(run, 1)], len(before.encode()))
    assert path.read_text().startswith(before)  # the file only grows
    assert events_of(path) == [*old, run]


def test_a_run_event_with_a_wrong_type_is_one_line(tmp_path: Path):
    path = tmp_path / "dana-3f9a1c2e.toml"
    path.write_text('schema_version = 1\n\n[[events]]\nat = 2026-11-23T14:02:00Z\nby = "Dana"\n'
                    'event = "check-passed"\nexit_status = "zero"\n')
    with pytest.raises(SessionError, match=r"event 1: 'exit_status' must be a number"):
        events_of(path)
