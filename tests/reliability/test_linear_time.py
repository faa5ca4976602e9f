"""Small hostile input costs linear time: each shape that was quadratic (an 80k-backslash
value took a minute to export, import-body of its own export 11 s at 10k items, 10k
identical template lines 19 s) is timed at two sizes, 4x apart, and must take under 8x
as long. Growth, never a wall-clock bound: the machine's speed cancels out."""

from __future__ import annotations

import gc
import time
from collections.abc import Callable
from datetime import UTC, datetime

import pytest

from benchmarks.run import scaled_checklist
from hotfix_tui.core.definition.loader import load_checklist, parse_checklist
from hotfix_tui.core.definition.template_import import template_to_toml
from hotfix_tui.core.markdown.body_import import read_body
from hotfix_tui.core.markdown.render import escape_line, pr_body, render_body
from hotfix_tui.core.model.session import Session
from hotfix_tui.core.safety.secrets import findings, mask
from tests.conftest import HOTFIX_CHECKLIST
from tests.unit.test_body_reader import filled

WHEN = datetime(2026, 11, 23, 14, 0, tzinfo=UTC)


def seconds(work: Callable[[], object]) -> float:
    """The best of three runs, the collector paused (its passes grow with the heap, not
    with what is measured)."""
    best = float("inf")
    for _ in range(3):
        gc.collect()
        gc.disable()
        try:
            start = time.perf_counter()
            work()
            best = min(best, time.perf_counter() - start)
        finally:
            gc.enable()
    return best


def assert_linear(make: Callable[[int], Callable[[], object]], size: int) -> None:
    """Quadratic work takes 16x at 4x the input, every time; a busy machine (tests run in
    parallel) can slow one measurement, so a ratio over 8 is measured again, twice."""
    small, large = make(size), make(4 * size)
    ratios = []
    for _ in range(3):
        ratios.append(seconds(large) / max(seconds(small), 1e-6))
        if ratios[-1] < 8:
            return
    raise AssertionError(f"4x the input took {min(ratios):.1f}x the time (at best)")


def session_with(value: str) -> Session:
    checklist = load_checklist(HOTFIX_CHECKLIST)
    session = Session(name="s", checklist=checklist, created_at=WHEN, created_by="Dana")
    return session.with_value("root-cause", value, at=WHEN, by="Dana")


def exporting(backslashes: int) -> Callable[[], object]:
    session = session_with("\\" * backslashes)
    return lambda: pr_body(session)


def reading_back(backslashes: int) -> Callable[[], object]:
    session = session_with("\\" * backslashes)
    body = pr_body(session)
    return lambda: read_body(session.checklist, body)


def test_a_value_of_backslashes_exports_and_reads_back_in_linear_time():
    body = pr_body(session_with("\\" * 80_000))
    checklist = load_checklist(HOTFIX_CHECKLIST)
    assert read_body(checklist, body).values["root-cause"] == "\\" * 80_000
    assert_linear(exporting, 20_000)
    assert_linear(reading_back, 20_000)


def own_export(times: int) -> Callable[[], object]:
    checklist = parse_checklist(scaled_checklist(times))
    values = {item.id: filled(item, n) for n, item in enumerate(checklist.items())
              if checklist.section(item.section_id).in_body}
    body = render_body(checklist, lambda item: values.get(item.id, item.default))
    return lambda: read_body(checklist, body)


def test_import_body_of_its_own_export_is_linear_in_the_items():
    # 20x and 80x the hotfix checklist: 2,620 and 10,480 items.
    assert_linear(own_export, 20)


def test_import_template_of_identical_box_lines_is_linear():
    assert_linear(lambda n: (lambda: template_to_toml("## S\n" + "- [ ] same\n" * n, "t", "T",
                                                      "t.md")), 2_500)


def test_list_markers_are_escaped_in_linear_time():
    assert_linear(lambda n: (lambda: escape_line("- " * n + "x")), 25_000)


@pytest.mark.parametrize("shape", ["a", "_a", "x://", "a:b@", "aws", "-----BEGIN PRIVATE KEY-----",
                                   "password=", "Q~"])
def test_the_secret_scanner_is_linear_on_any_shape(shape):
    assert_linear(lambda n: (lambda: (findings(shape * n), mask(shape * n))), 50_000 // len(shape))
