"""Release notes and Keep a Changelog entries: pure functions of a session and a version."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from hotfix_tui.core.definition.loader import load_checklist, parse_checklist
from hotfix_tui.core.errors import ExportError, ValueInputError
from hotfix_tui.core.exports import ExportPlan, export
from hotfix_tui.core.git.versions import check_version, latest_release, next_patch
from hotfix_tui.core.markdown.release_notes import (
    NEW_CHANGELOG,
    add_changelog_entry,
    changelog_entry,
    release_notes,
    title,
)
from hotfix_tui.core.model.session import Session
from hotfix_tui.core.workspace import Workspace
from tests.conftest import HOTFIX_CHECKLIST

WHEN = datetime(2026, 11, 23, 14, 2, tzinfo=UTC)
DAY = date(2026, 11, 24)


@pytest.fixture(scope="module")
def checklist():
    return load_checklist(HOTFIX_CHECKLIST)


def session_with(checklist, name: str = "hotfix-login-crash", **values) -> Session:
    session = Session(name=name, checklist=checklist, created_at=WHEN, created_by="Dana")
    for item_id, value in values.items():
        session = session.with_value(item_id.replace("_", "-"), value, at=WHEN, by="Dana")
    return session


FILLED = dict(
    problem_statement="Users are logged out\nafter every deploy.",
    root_cause="# Stale cache key",
    changes_made="- Key the cache by build\n- Add a test",
    why_this_solution="Smallest change.",
    production_impact="Login fails for 30% of sessions",
    affected_users="All web users",
    impact_assessment="No data loss.",
    issue_severity="Emergency",
    risk_level="Low",
    rollback_strategy_documented=True,
    database_rollback=False,
    blue_green_deployment=True,
    critical_bug="1234",
    incident_report="https://status.example.com/i/77",
)


def test_versions():
    assert next_patch("v1.4.2") == "1.4.3" and next_patch("2.0.9") == "2.0.10"
    assert latest_release(["v1.4.2", "v1.10.0", "v1.9.9", "v2.0.0-rc1", "nightly"]) == "v1.10.0"
    assert latest_release(["nightly"]) is None
    assert check_version(" v2.0.1 ") == "2.0.1" and check_version("2.0.1-hotfix.1") == "2.0.1-hotfix.1"
    for bad in ("", "1 2", "[1.0]", "v"):
        with pytest.raises(ValueInputError, match="invalid version"):
            check_version(bad)


def test_release_notes_carry_every_part(checklist):
    notes = release_notes(session_with(checklist, **FILLED), "1.4.3", DAY)
    assert notes == """# Hotfix 1.4.3: Login crash

- **Version:** 1.4.3
- **Date:** 2026-11-24
- **Severity:** Emergency
- **Risk level:** Low Risk: Isolated change with minimal impact

## Summary

Users are logged out
after every deploy.

## Root cause

\\# Stale cache key

## The fix

- Key the cache by build
- Add a test

Smallest change.

## Impact

Login fails for 30% of sessions

**Affected users:** All web users

No data loss.

## Rollback plan

- Rollback Strategy Documented: Clear rollback procedure

## Deployment

- Blue-Green Deployment: Zero-downtime deployment planned

## Related issues

- Fixes #1234
- Incident report: https://status.example.com/i/77
"""


def test_release_notes_leave_out_what_is_empty(checklist):
    assert release_notes(session_with(checklist), "1.4.3", DAY) == (
        "# Hotfix 1.4.3: Login crash\n\n- **Version:** 1.4.3\n- **Date:** 2026-11-24\n")
    other = parse_checklist('name = "tiny"\n[[sections]]\nid = "s"\ntitle = "S"\n'
                            '  [[sections.blocks]]\n  id = "done"\n  kind = "check"\n'
                            '  label = "Done"\n')
    assert "## " not in release_notes(session_with(other, name="detached-abc1234"), "1", DAY)
    assert title(session_with(other, name="detached-abc1234")) == "Detached abc1234"


def test_changelog_entry(checklist):
    entry = changelog_entry(session_with(checklist, **FILLED), "1.4.3", DAY)
    assert entry == ("## [1.4.3] - 2026-11-24\n\n### Fixed\n\n- Login crash: Users are logged "
                     "out after every deploy. (Fixes #1234; Incident report: "
                     "https://status.example.com/i/77)\n")


ENTRY = "## [1.4.3] - 2026-11-24\n\n### Fixed\n\n- Login crash\n"
KEEP = """# Changelog

All notable changes.

## [Unreleased]

### Added

- Something new

## [1.4.2] - 2026-10-01

### Fixed

- Earlier fix

[unreleased]: https://example.com/compare/v1.4.2...HEAD
"""


def test_entry_goes_above_the_newest_release_and_the_rest_is_untouched():
    updated = add_changelog_entry(KEEP, ENTRY, "1.4.3")
    at = KEEP.index("## [1.4.2]")
    assert updated == KEEP[:at] + ENTRY + "\n" + KEEP[at:]


def test_entry_keeps_crlf_and_handles_files_without_releases():
    crlf = KEEP.replace("\n", "\r\n")
    updated = add_changelog_entry(crlf, ENTRY, "1.4.3")
    at = crlf.index("## [1.4.2]")
    assert updated == crlf[:at] + ENTRY.replace("\n", "\r\n") + "\r\n" + crlf[at:]

    only_unreleased = "# Changelog\n\n## [Unreleased]\n- wip"  # no final newline
    assert add_changelog_entry(only_unreleased, ENTRY, "1.4.3") == (
        only_unreleased + "\n\n" + ENTRY)
    assert add_changelog_entry("", ENTRY, "1.4.3") == ENTRY
    no_unreleased = "# Changes\n## v1.4.2\n- old\n"
    assert add_changelog_entry(no_unreleased, ENTRY, "1.4.3") == (
        "# Changes\n\n" + ENTRY + "\n## v1.4.2\n- old\n")


def test_a_new_changelog_and_a_duplicate_version():
    created = add_changelog_entry(None, ENTRY, "1.4.3")
    assert created == NEW_CHANGELOG + ENTRY
    assert created.index("## [Unreleased]") < created.index("## [1.4.3]")
    with pytest.raises(ValueInputError, match="already has an entry for 1.4.2"):
        add_changelog_entry(KEEP, ENTRY.replace("1.4.3", "1.4.2"), "1.4.2")


def test_workspace_writes_notes_and_refuses_an_unreadable_changelog(repo_path):
    ws = Workspace.open(repo_path)
    session = ws.create("hotfix-login-crash")
    notes = repo_path / "out" / "notes.md"
    export(ws, session, ExportPlan(release_notes=notes, version="1.4.3", draft=True), DAY)
    assert notes.read_text() == release_notes(session, "1.4.3", DAY)
    changelog = repo_path / "CHANGELOG.md"
    changelog.write_bytes(b"# Changelog\n\xff\n")
    with pytest.raises(ExportError, match=f"^{changelog}: not UTF-8 text$"):
        export(ws, session, ExportPlan(changelog=changelog, version="1.4.3", draft=True), DAY)
    assert changelog.read_bytes() == b"# Changelog\n\xff\n"


def test_a_choice_option_with_odd_spacing_is_named_not_a_traceback(tmp_path):
    from datetime import UTC, date, datetime

    from hotfix_tui.core.definition.loader import parse_checklist
    from hotfix_tui.core.markdown.release_notes import release_notes as notes
    from hotfix_tui.core.model.session import Session

    checklist = parse_checklist(
        'name = "odd"\n[[sections]]\nid = "s"\ntitle = "S"\n'
        '  [[sections.blocks]]\n  id = "risk-level"\n  kind = "choice"\n  label = "Risk Level"\n'
        '  release = "risk"\n  options = ["Low  risk", "High"]\n'
        '  option_lines = ["- [ ] **Low  risk**: small", "- [ ] **High**: big"]\n')
    when = datetime(2026, 11, 23, tzinfo=UTC)
    session = Session("s", checklist, when, "Dana").with_value("risk-level", "Low  risk",
                                                                at=when, by="Dana")
    assert "Low risk: small" in notes(session, "1.0.1", date(2026, 11, 23))
