"""How fast hotfix is where it is felt: start-up, headless commands, saves, the app's response.

    python benchmarks/run.py [--repeat N] [--quick] [--only PART]...

Prints one table. Every figure is measured several times (min, median, max) and compared
with a reference measured in the same run on the same machine, so a loaded machine shows
up in both: a hello-world Textual app for the app's start and memory, a one-field Textual
app's key press for the app's key presses and section switches, `python -c pass` for the
headless commands (and for importing the CLI's shared modules, the floor they set), writing
the same bytes atomically for a save (the hotfix checklist's save for the larger ones).
Two floors are measured like hotfix, to show what no change to hotfix can win back: its
first screen's kinds of widgets in a bare Textual app, and a script doing only what any
headless command must (parse arguments, read two TOML files, print JSON).

Everything runs in a temporary folder: git repos made for the purpose, the hotfix checklist
and synthetic ones 10x and 100x as large (its sections repeated). The app runs in a real
terminal: a tmux server of its own, in control mode, which reports every byte a program
writes to its 80x24 window as it arrives. "Painted" is the moment the text looked for
arrives, so no polling loop shares the two CPUs with the program being timed.

Speed goals live here, never in timed test asserts.
"""

from __future__ import annotations

import argparse
import copy
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import tomllib
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import textual
import tomli_w

from hotfix_tui.core.model.checklist import Checklist, Item, Value
from hotfix_tui.core.model.events import HANDOFF, Event
from hotfix_tui.core.model.session import Session
from hotfix_tui.core.storage.files import write_atomic
from hotfix_tui.core.storage.session_file import dump_session
from hotfix_tui.core.workspace import Workspace

PROJECT = Path(__file__).resolve().parent.parent
HOTFIX_TOML = PROJECT / "checklists" / "hotfix.toml"
HOTFIX = Path(sys.executable).parent / "hotfix"
BRANCH = "hotfix/login-crash"
SESSION = "hotfix-login-crash"
EARLY_SESSION = "early"
# Where the app starts for the key press figures: its first item is a text field.
TYPING_SECTION = "related-issues"
TYPING_ITEM = "critical-bug"
# Typed one key at a time; every run of 6 letters is unique, so the field's last 6 letters
# on screen tell which key press the screen has caught up with.
TYPED = "qwhzkrmbvtxplnjgfdsycoeiuaqzmxnbvh"
# Keys follow each other this far apart: each lands just after the 100 ms save of the
# previous one started, where a save that blocked the app would show.
KEY_INTERVAL = 0.11
HELLO_APP = '''\
from textual.app import App
from textual.widgets import Static


class Hello(App[None]):
    def compose(self):
        yield Static("Hello, World!")


Hello().run()
'''
HELLO_TEXT = "Hello, World!"
# hotfix's first screen without hotfix: the same kinds of widgets (a sidebar of 20 sections,
# a status line with a progress bar, a section of fields, a footer of 8 keys), bare. The
# floor Textual itself sets for such a screen.
WIDGETS_APP = '''\
from textual.app import App
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import (Checkbox, ContentSwitcher, Footer, Input, Label, OptionList,
                             ProgressBar, RadioButton, RadioSet, Static)


class Widgets(App[None]):
    BINDINGS = [(f"f{n}", "quit", f"Key {n}") for n in range(1, 9)]

    def compose(self):
        with Horizontal():
            yield OptionList(*(f"  Section {n:<16} 0/7" for n in range(20)))
            with Vertical():
                with Horizontal():
                    yield Static("session - 0/131 done")
                    yield ProgressBar(total=131, show_eta=False)
                with ContentSwitcher(initial="section"):
                    with VerticalScroll(id="section"):
                        yield Static("Hello, World!")
                        for n in range(3):
                            yield Label(f"Field {n}")
                            yield Input(placeholder="type here")
                        for n in range(4):
                            yield Checkbox(f"Box {n}")
                        with RadioSet():
                            yield RadioButton("One")
                            yield RadioButton("Two")
        yield Footer()


Widgets().run()
'''
# What a headless command cannot do without: parse its arguments, read the checklist and
# the session (TOML), print JSON. The floor the standard library sets.
FLOOR_SCRIPT = '''\
import argparse, json, sys, tomllib
from pathlib import Path

parser = argparse.ArgumentParser(prog="floor")
commands = parser.add_subparsers()
commands.add_parser("status").add_argument("--json", action="store_true")
parser.parse_args(["status", "--json"])
checklist = tomllib.loads(Path(sys.argv[1]).read_text(encoding="utf-8"))
session = tomllib.loads(Path(sys.argv[2]).read_text(encoding="utf-8"))
print(json.dumps({"checklist": checklist["name"], "session": session}, default=str, indent=2))
'''
PARTS = ("start", "headless", "app", "saves")
# The reference for a key press: Textual's own floor for showing a typed key.
ECHO_APP = '''\
from textual.app import App
from textual.widgets import Input


class Echo(App[None]):
    def compose(self):
        yield Input(placeholder="Type here")


Echo().run()
'''
ECHO_TEXT = "Type here"
TIMEOUT = 30.0
# On screen once the review is: the border of its PR body preview.
REVIEW_TEXT = "PR body preview"


# --- figures and the table ---------------------------------------------------------------


@dataclass
class Figure:
    name: str
    unit: str
    samples: list[float]
    reference: str
    ref_samples: list[float]

    @property
    def ratio(self) -> float:
        return statistics.median(self.samples) / statistics.median(self.ref_samples)


def p99(samples: list[float]) -> float:
    ordered = sorted(samples)
    return ordered[max(0, -(-99 * len(ordered) // 100) - 1)]


def table(figures: list[Figure]) -> str:
    def number(value: float) -> str:
        return f"{value:.1f}" if value < 100 else f"{value:.0f}"

    header = ("figure", "unit", "min", "median", "max", "n", "reference", "ref median", "ratio")
    rows = [header]
    for fig in figures:
        rows.append((fig.name, fig.unit, number(min(fig.samples)),
                     number(statistics.median(fig.samples)), number(max(fig.samples)),
                     str(len(fig.samples)), fig.reference,
                     number(statistics.median(fig.ref_samples)), f"{fig.ratio:.2f}x"))
    widths = [max(len(row[i]) for row in rows) for i in range(len(header))]
    left = {0, 1, 6}
    lines = []
    for row in rows:
        cells = [cell.ljust(w) if i in left else cell.rjust(w)
                 for i, (cell, w) in enumerate(zip(row, widths, strict=True))]
        lines.append("  ".join(cells).rstrip())
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    load = ", load {:.2f} {:.2f} {:.2f}".format(*os.getloadavg())
    return (f"{date.today()}: {os.cpu_count()} CPUs ({cpu}){load}; Python "
            f"{platform.python_version()}, Textual {textual.__version__}, "
            f"{subprocess.run(['tmux', '-V'], capture_output=True, text=True).stdout.strip()}")


# --- the place the benchmark works in ------------------------------------------------------


def run(*argv: str | Path, cwd: Path | None = None, env: dict[str, str] | None = None) -> str:
    result = subprocess.run([str(a) for a in argv], cwd=cwd, env=env, capture_output=True,
                            text=True, check=True)
    return result.stdout


def make_repo(path: Path, env: dict[str, str]) -> Path:
    """A repo with some history: a base branch, and a hotfix branch with two commits and an
    uncommitted change, so git pre-fill has real work to do."""
    path.mkdir(parents=True)
    run("git", "init", "-q", "-b", "main", cwd=path, env=env)
    for n in range(40):
        folder = path / "src" / f"pkg{n % 5}"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"module{n}.py").write_text(f"def f{n}():\n    return {n}\n" * 20)
    run("git", "add", ".", cwd=path, env=env)
    run("git", "commit", "-q", "-m", "initial", cwd=path, env=env)
    run("git", "checkout", "-q", "-b", BRANCH, cwd=path, env=env)
    for n, message in ((1, "Fix stale cache key after deploy"), (6, "Add regression test")):
        (path / "src" / "pkg1" / f"module{n}.py").write_text(f"def f{n}():\n    return -{n}\n")
        run("git", "commit", "-q", "-am", message, cwd=path, env=env)
    (path / "src" / "pkg2" / "module2.py").write_text("# work in progress\n")
    return path


REFRESH_CHANGES = (2, 3000)


def changed_repo(path: Path, files: int, env: dict[str, str]) -> Path:
    """A repo whose hotfix branch changed `files` files in one commit, with a session."""
    path.mkdir(parents=True)
    run("git", "init", "-q", "-b", "main", cwd=path, env=env)
    for n in range(max(files, 40)):
        folder = path / "src" / f"pkg{n % 50}"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"module{n}.py").write_text(f"def f{n}():\n    return {n}\n")
    run("git", "add", ".", cwd=path, env=env)
    run("git", "commit", "-q", "-m", "initial", cwd=path, env=env)
    run("git", "checkout", "-q", "-b", BRANCH, cwd=path, env=env)
    for n in range(files):
        (path / "src" / f"pkg{n % 50}" / f"module{n}.py").write_text(f"def f{n}():\n    return -{n}\n")
    run("git", "commit", "-q", "-am", "Fix every module", cwd=path, env=env)
    Workspace.open(path).create(SESSION)
    return path


def scaled_checklist(times: int) -> str:
    """The hotfix checklist with its sections repeated `times` times (ids and titles
    numbered from the second copy on): `times` x the items, sections and file."""
    data = tomllib.loads(HOTFIX_TOML.read_text(encoding="utf-8"))
    sections = data["sections"]
    data["name"] = f"hotfix-{times}x"
    data["sections"] = [_numbered(copy.deepcopy(s), n) for n in range(1, times + 1)
                        for s in sections]
    return tomli_w.dumps(data, multiline_strings=True)


def _numbered(section: dict[str, Any], n: int) -> dict[str, Any]:
    if n > 1:
        section["id"] = f"{section['id']}-{n}"
        section["title"] = f"{section['title']} ({n})"
        section.pop("qualification", None)  # one job, one place: the first copy keeps it
        for block in section.get("blocks", []):
            if "id" in block:
                block["id"] = f"{block['id']}-{n}"
                for job in ("fill", "clock", "release"):
                    block.pop(job, None)
        for sub in section.get("subsections", []):
            _numbered(sub, n)
    return section


def sample_value(item: Item, n: int = 0) -> Value:
    if item.kind == "check":
        return True
    if item.kind == "choice":
        return item.options[n % len(item.options)]
    if item.kind == "list":
        return ("src/pkg1/module1.py", f"src/pkg1/module{n}.py")
    return f"value {n} of {item.label}"


def half_filled(ws: Workspace, session: Session) -> Session:
    """A session in the middle of an incident: every other item filled in, in every section
    (review and test ticks too, which `status` checks against newer commits)."""
    for n, item in enumerate(session.checklist.items()):
        if n % 2 == 0 and item.id != TYPING_ITEM:
            session = ws.change(session, item.id, sample_value(item, n))
    ws.save(session)
    return session


@dataclass
class Place:
    root: Path
    env: dict[str, str]
    hotfix_repo: Path = field(init=False)
    big_repo: Path = field(init=False)
    new_repo: Path = field(init=False)
    hello: Path = field(init=False)
    echo: Path = field(init=False)
    widgets: Path = field(init=False)
    floor: Path = field(init=False)
    refresh_repos: tuple[Path, Path] = field(init=False)

    def set_up(self) -> None:
        home = self.root / "home"
        home.mkdir()
        (home / ".gitconfig").write_text("[user]\n\tname = Bench Mark\n\temail = b@example.com\n")
        self.hello = self.root / "hello.py"
        self.hello.write_text(HELLO_APP)
        self.echo = self.root / "echo.py"
        self.echo.write_text(ECHO_APP)
        self.widgets = self.root / "widgets.py"
        self.widgets.write_text(WIDGETS_APP)
        self.floor = self.root / "floor.py"
        self.floor.write_text(FLOOR_SCRIPT)
        # One repo per scene: the app asks which session to open when a repo has several,
        # and the start-up figures are about going straight to the checklist.
        self.hotfix_repo = make_repo(self.root / "repo-hotfix", self.env)
        self.new_repo = make_repo(self.root / "repo-new", self.env)
        self.big_repo = make_repo(self.root / "repo-100x", self.env)
        folder = self.big_repo / ".hotfix" / "checklists"
        folder.mkdir(parents=True)
        (folder / "hotfix-100x.toml").write_text(scaled_checklist(100), encoding="utf-8")
        for repo, ref in ((self.hotfix_repo, "hotfix"), (self.big_repo, "hotfix-100x")):
            ws = Workspace.open(repo)
            half_filled(ws, ws.create(SESSION, ref))
        self.refresh_repos = (changed_repo(self.root / "repo-changed-2", REFRESH_CHANGES[0],
                                           self.env),
                              changed_repo(self.root / "repo-changed-3000",
                                           REFRESH_CHANGES[1], self.env))
        ws = Workspace.open(self.hotfix_repo)
        early = ws.create(EARLY_SESSION)
        for item in early.checklist.sections[0].items():  # qualification: nothing to go stale
            early = ws.change(early, item.id, sample_value(item))
        ws.save(early)

    def reset_app_session(self, repo: Path) -> None:
        """Start the app in the typing section with the typed-into field empty."""
        ws = Workspace.open(repo)
        ws.set_value(ws.load(SESSION), TYPING_ITEM, "")
        ws.save_ui_state(SESSION, {"section": TYPING_SECTION})


def bench_env(root: Path) -> dict[str, str]:
    """Programs see a known git identity and nobody's own git or tmux configuration. They
    may cache bytecode, as an installed program does (pip compiles it at install): with
    PYTHONDONTWRITEBYTECODE set, every run would compile hotfix's modules anew."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("GIT_", "TMUX")) and k != "PYTHONDONTWRITEBYTECODE"}
    env.update(HOME=str(root / "home"), XDG_CONFIG_HOME=str(root / "home" / ".config"),
               GIT_CONFIG_NOSYSTEM="1")
    return env


@contextmanager
def environment(env: dict[str, str]) -> Iterator[None]:
    """The in-process parts (Workspace) read git config like the programs do."""
    saved = dict(os.environ)
    os.environ.clear()
    os.environ.update(env)
    try:
        yield
    finally:
        os.environ.clear()
        os.environ.update(saved)


# --- a real terminal ------------------------------------------------------------------------


ANSI = re.compile(rb"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)|P[^\x1b]*\x1b\\|[@-Z\\-_])")
OCTAL = re.compile(rb"\\([0-7]{3})")


class Terminal:
    """A tmux server of its own, with a control-mode client attached to an 80x24 session:
    tmux sends it `%output %PANE DATA` for every write a program in a window makes."""

    def __init__(self, env: dict[str, str]) -> None:
        self.socket = f"hotfix-bench-{os.getpid()}"
        self.env = env
        self.tmux("-f", "/dev/null", "new-session", "-d", "-s", "bench", "-x", "80", "-y", "24",
                  "exec sleep 100000")
        # A program that dies stays on screen, so its last words can be shown.
        self.tmux("set-option", "-g", "remain-on-exit", "on")
        self.client = subprocess.Popen(["tmux", "-L", self.socket, "-C", "attach", "-t", "bench"],
                                       stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=env)
        self.lock = threading.Condition()
        self.output: dict[str, list[tuple[float, bytes]]] = defaultdict(list)
        self.pids: dict[str, int] = {}
        self.replies: list[tuple[bool, list[str]]] = []
        self._block: list[str] | None = None
        threading.Thread(target=self._read, daemon=True).start()
        self._wait_reply(0)  # the reply to attaching
        self.command("refresh-client -C 80x24")

    def tmux(self, *args: str) -> str:
        return run("tmux", "-L", self.socket, *args, env=self.env)

    def _read(self) -> None:
        assert self.client.stdout is not None
        for line in self.client.stdout:
            now = time.perf_counter()
            with self.lock:
                if line.startswith(b"%output "):
                    parts = line.rstrip(b"\n").split(b" ", 2)
                    data = OCTAL.sub(lambda m: bytes([int(m.group(1), 8)]), parts[2]) \
                        if len(parts) == 3 else b""
                    self.output[parts[1].decode()].append((now, data))
                elif line.startswith(b"%begin"):
                    self._block = []
                elif line.startswith((b"%end", b"%error")) and self._block is not None:
                    self.replies.append((line.startswith(b"%end"), self._block))
                    self._block = None
                elif self._block is not None:
                    self._block.append(line.decode().rstrip("\n"))
                self.lock.notify_all()

    def _wait_reply(self, index: int) -> list[str]:
        with self.lock:
            if not self.lock.wait_for(lambda: len(self.replies) > index, TIMEOUT):
                raise RuntimeError("tmux did not answer")
            ok, lines = self.replies[index]
        if not ok:
            raise RuntimeError(f"tmux: {' '.join(lines)}")
        return lines

    def command(self, command: str) -> list[str]:
        """Send a tmux command; returns its output lines once tmux has answered."""
        with self.lock:
            index = len(self.replies)
        assert self.client.stdin is not None
        self.client.stdin.write(command.encode() + b"\n")
        self.client.stdin.flush()
        return self._wait_reply(index)

    def start(self, command: str, cwd: Path) -> tuple[str, int, float]:
        """Run `command` in a new 80x24 window: its pane, pid and the time it was asked for."""
        for text in (command, str(cwd)):
            assert "'" not in text
        started = time.perf_counter()
        pane, pid, size = self.command(
            f"new-window -P -F '#{{pane_id}} #{{pane_pid}} #{{window_width}}x#{{window_height}}' "
            f"-c '{cwd}' 'exec {command}'")[0].split()
        if size != "80x24":
            raise RuntimeError(f"the window is {size}, not 80x24")
        self.pids[pane] = int(pid)
        return pane, int(pid), started

    def wait_for(self, pane: str, text: str, since: float) -> float:
        """When the program in `pane` wrote `text` after `since` (escape sequences aside)."""
        wanted = text.encode()

        def arrived() -> float | None:
            chunks = [(t, data) for t, data in self.output[pane] if t >= since]
            seen = b""
            for t, data in chunks:
                seen += data
                if wanted in ANSI.sub(b"", seen):
                    return t
            return None

        deadline = time.monotonic() + TIMEOUT
        with self.lock:
            while (found := arrived()) is None:
                if time.monotonic() > deadline or not Path(f"/proc/{self.pids[pane]}").exists():
                    screen = self.tmux("capture-pane", "-p", "-t", pane)
                    raise RuntimeError(f"{text!r} never appeared; the screen:\n{screen}")
                self.lock.wait(0.5)
        return found

    def keys(self, pane: str, *keys: str, literal: bool = False) -> float:
        """Send keys; returns the time just before they were sent."""
        flag = "-l " if literal else ""
        sent = time.perf_counter()
        self.command(f"send-keys -t {pane} {flag}{' '.join(keys)}")
        return sent

    def stop(self, pane: str, pid: int) -> None:
        self.command(f"kill-pane -t {pane}")
        deadline = time.monotonic() + TIMEOUT
        while Path(f"/proc/{pid}").exists() and time.monotonic() < deadline:
            time.sleep(0.01)  # the next measurement must not share the CPUs with this one
        with self.lock:
            self.output.pop(pane, None)

    def close(self) -> None:
        subprocess.run(["tmux", "-L", self.socket, "kill-server"], capture_output=True)
        self.client.wait(TIMEOUT)


def peak_memory_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmHWM in /proc: peak memory needs Linux")


# --- the measurements --------------------------------------------------------------------


def first_label(checklist: Checklist, section_id: str) -> str:
    return checklist.section(section_id).items()[0].label


def start_up(term: Terminal, place: Place, repeat: int) -> tuple[list[Figure], list[float]]:
    """Cold start to the first screen painted: a resumed session, a new one (pre-filled from
    git), the same kinds of widgets bare, and the hello-world app; interleaved so a busy
    moment hits them alike."""
    checklist = Workspace.open(place.hotfix_repo).checklist("hotfix")
    resumed_text = first_label(checklist, TYPING_SECTION)
    new_text = first_label(checklist, checklist.sections[0].id)
    hello, resume, new, widgets, hello_memory = [], [], [], [], []
    for _ in range(repeat):
        pane, pid, started = term.start(f"{sys.executable} {place.hello}", place.root)
        hello.append(term.wait_for(pane, HELLO_TEXT, started) - started)
        time.sleep(0.3)  # let it settle before reading its peak memory
        hello_memory.append(peak_memory_mib(pid))
        term.stop(pane, pid)

        pane, pid, started = term.start(f"{sys.executable} {place.widgets}", place.root)
        widgets.append(term.wait_for(pane, HELLO_TEXT, started) - started)
        term.stop(pane, pid)

        place.reset_app_session(place.hotfix_repo)
        pane, pid, started = term.start(str(HOTFIX), place.hotfix_repo)
        resume.append(term.wait_for(pane, resumed_text, started) - started)
        term.stop(pane, pid)

        shutil.rmtree(place.new_repo / ".hotfix", ignore_errors=True)
        pane, pid, started = term.start(str(HOTFIX), place.new_repo)
        new.append(term.wait_for(pane, new_text, started) - started)
        term.stop(pane, pid)
    ms = [1000 * t for t in hello]
    figures = [
        Figure(name, "ms", [1000 * t for t in samples], "hello-world app", ms)
        for name, samples in (("first paint: hotfix, resume", resume),
                              ("first paint: hotfix, new session", new),
                              ("first paint: its widgets bare, no hotfix", widgets))
    ]
    return figures, hello_memory


def typing(term: Terminal, pane: str, keys: int) -> list[float]:
    """Key press to the key on screen, one key at a time into the focused text field. The
    first 5 keys are not timed: a letter or two could also turn up elsewhere on screen."""
    pressed = []
    for n in range(keys + 5):
        sent = term.keys(pane, TYPED[n], literal=True)
        shown = term.wait_for(pane, TYPED[max(0, n - 5):n + 1], sent)
        if n >= 5:
            pressed.append(1000 * (shown - sent))
        time.sleep(max(0.0, sent + KEY_INTERVAL - time.perf_counter()))
    return pressed


def echo_typing(term: Terminal, place: Place, keys: int) -> list[float]:
    pane, pid, started = term.start(f"{sys.executable} {place.echo}", place.root)
    term.wait_for(pane, ECHO_TEXT, started)
    time.sleep(1.0)
    pressed = typing(term, pane, keys)
    term.stop(pane, pid)
    return pressed


def in_app(term: Terminal, place: Place, repo: Path, label: str, keys: int, switches: int
           ) -> tuple[list[float], list[float], list[float], float]:
    """Key presses in a text field; page down to the next section's first item on screen
    (each section built on first show); ctrl+r to the review on screen, as often; the
    app's peak memory afterwards."""
    place.reset_app_session(repo)
    checklist = Workspace.open(repo).load(SESSION).checklist
    pane, pid, started = term.start(str(HOTFIX), repo)
    term.wait_for(pane, first_label(checklist, TYPING_SECTION), started)
    time.sleep(1.0)  # start-up work done; the app is idle, waiting for the person
    pressed = typing(term, pane, keys)
    time.sleep(0.3)
    switched = []
    ids = [s.id for s in checklist.sections]
    for n in range(switches):
        target = ids[ids.index(TYPING_SECTION) + n + 1]
        sent = term.keys(pane, "PageDown")
        switched.append(1000 * (term.wait_for(pane, first_label(checklist, target), sent) - sent))
        time.sleep(0.1)
    reviewed = []
    for _ in range(switches):
        sent = term.keys(pane, "C-r")
        reviewed.append(1000 * (term.wait_for(pane, REVIEW_TEXT, sent) - sent))
        closed = term.keys(pane, "Escape")
        term.wait_for(pane, first_label(checklist, target), closed)
        time.sleep(0.1)
    memory = peak_memory_mib(pid)
    term.stop(pane, pid)
    return pressed, switched, reviewed, memory


def app_figures(term: Terminal, place: Place, keys: int, switches: int,
                hello_memory: list[float]) -> list[Figure]:
    echo = echo_typing(term, place, keys)
    found = {label: in_app(term, place, repo, label, keys, switches)
             for label, repo in (("hotfix", place.hotfix_repo), ("100x hotfix", place.big_repo))}
    figures = [Figure(f"key press to screen: {label}", "ms", pressed, "key press, one-field app",
                      echo) for label, (pressed, _, _, _) in found.items()]
    # The slowest key of the run (with 29 keys, also its p99), against the slowest echo.
    figures += [Figure(f"key press to screen: {label}, worst", "ms", [max(pressed)],
                       "key press, one-field app, worst", [max(echo)])
                for label, (pressed, _, _, _) in found.items()]
    figures += [Figure(f"switch section: {label}", "ms", switched, "key press, one-field app",
                       echo) for label, (_, switched, _, _) in found.items()]
    # The review's goal: open as fast as a section switch.
    figures += [Figure(f"review open: {label}", "ms", reviewed, f"switch section: {label}",
                       switched) for label, (_, switched, reviewed, _) in found.items()]
    figures += [Figure(f"peak memory: {label}", "MiB", [memory], "hello-world app",
                       hello_memory) for label, (_, _, _, memory) in found.items()]
    return figures


def headless(place: Place, repeat: int) -> list[Figure]:
    """The console script as a person runs it, against starting Python and doing nothing;
    interleaved, so both see the same moments of a busy machine. `status` reads git only
    when ticks could have gone stale, so it is timed on a session with such ticks and on
    one without; `set` records a change as git's user.name unless given `--as`, so it is
    timed both ways (a new value each run, so every run saves); importing what every
    command imports before its own group (cli/common.py: the workspace and the core under
    it) shows the floor hotfix's imports set, and a script that only parses its arguments,
    reads the checklist and session files and prints JSON shows the floor the standard
    library sets. `refresh` is timed in a branch that changed 2 files and in one that
    changed 3,000."""
    def timed(*argv: str | Path, cwd: Path = place.hotfix_repo) -> float:
        started = time.perf_counter()
        subprocess.run([str(a) for a in argv], cwd=cwd, env=place.env,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
        return 1000 * (time.perf_counter() - started)

    commands = {
        "hotfix status --json, ticks to re-check": (HOTFIX, "status", "--json"),
        "hotfix status --json, none to re-check": (HOTFIX, "status", "--json", "--session",
                                                   EARLY_SESSION),
        "hotfix export --draft --pr-body -": (HOTFIX, "export", "--draft", "--pr-body", "-"),
        "hotfix set, without --as": (HOTFIX, "set", TYPING_ITEM, "INC-{run}"),
        "hotfix set --as NAME": (HOTFIX, "set", TYPING_ITEM, "INC-{run}", "--as", "Bench Mark"),
        "import hotfix_tui.cli.common alone": (sys.executable, "-c",
                                                "import hotfix_tui.cli.common"),
        "floor: argparse, read 2 TOML files, JSON": (
            sys.executable, place.floor, HOTFIX_TOML,
            place.hotfix_repo / ".hotfix" / f"{EARLY_SESSION}.toml"),
    }
    times: dict[str, list[float]] = {name: [] for name in commands}
    reference, refresh_small, refresh_big = [], [], []
    for run_number in range(repeat + 1):
        reference.append(timed(sys.executable, "-c", "pass"))
        for name, argv in commands.items():
            times[name].append(timed(*(str(a).format(run=run_number) for a in argv)))
        refresh_small.append(timed(HOTFIX, "refresh", cwd=place.refresh_repos[0]))
        refresh_big.append(timed(HOTFIX, "refresh", cwd=place.refresh_repos[1]))
    # The first run may write .pyc files: not a fair sample.
    reference, refresh_small, refresh_big = reference[1:], refresh_small[1:], refresh_big[1:]
    figures = [Figure(name, "ms", samples[1:], "python -c pass", reference)
               for name, samples in times.items()]
    small, big = (f"hotfix refresh, {n:,} changed files" for n in REFRESH_CHANGES)
    return figures + [Figure(small, "ms", refresh_small, "python -c pass", reference),
                      Figure(big, "ms", refresh_big, small, refresh_small)]


def saves(place: Place, repeat: int, count: int) -> list[Figure]:
    """One change saved, in-process through the Workspace: `count` saves per repetition,
    their median and p99. The reference writes the same bytes with the same atomic write."""
    root = place.root / "repo-saves"
    make_repo(root, place.env)
    folder = root / ".hotfix" / "checklists"
    folder.mkdir(parents=True)
    for times in (10, 100):
        (folder / f"hotfix-{times}x.toml").write_text(scaled_checklist(times), encoding="utf-8")
    ws = Workspace.open(root)
    figures = []
    base: dict[str, list[float]] = {}
    for times, ref in ((1, "hotfix"), (10, "hotfix-10x"), (100, "hotfix-100x")):
        session = half_filled(ws, ws.create(f"saves-{ref}", ref))
        medians, p99s, floor_medians, floor_p99s = [], [], [], []
        for _ in range(repeat):
            took, floor = [], []
            for n in range(count):
                started = time.perf_counter()
                session = ws.set_value(session, TYPING_ITEM, f"INC-{n}")
                took.append(1000 * (time.perf_counter() - started))
                text = dump_session(session, ref)
                started = time.perf_counter()
                write_atomic(root / "floor.toml", text)
                floor.append(1000 * (time.perf_counter() - started))
            medians.append(statistics.median(took))
            p99s.append(p99(took))
            floor_medians.append(statistics.median(floor))
            floor_p99s.append(p99(floor))
        name = "hotfix" if times == 1 else f"{times}x hotfix"
        if times == 1:
            base = {"median": medians, "p99": p99s}
            figures += [
                Figure(f"save one change: {name}, median", "ms", medians,
                       "atomic write, same bytes", floor_medians),
                Figure(f"save one change: {name}, p99", "ms", p99s,
                       "atomic write, same bytes", floor_p99s),
            ]
        else:
            figures += [
                Figure(f"save one change: {name}, median", "ms", medians,
                       "hotfix save, median", base["median"]),
                Figure(f"save one change: {name}, p99", "ms", p99s,
                       "hotfix save, p99", base["p99"]),
            ]
    return figures


LOG_SIZES = (10, 1_000, 10_000)
TICKED_BOX = "automated-tests"


def event_saves(place: Place, repeat: int, count: int) -> list[Figure]:
    """A save that adds an event (a box ticked or unticked) to a session whose log already
    holds 10, 1,000 and 10,000 events; the reference for the larger logs is the smallest,
    and for the smallest a save of a text edit there, which adds no event."""
    root = place.root / "repo-events"
    make_repo(root, place.env)
    ws = Workspace.open(root)
    medians: dict[int, list[float]] = {}
    edit_medians: list[float] = []
    for size in LOG_SIZES:
        session = ws.create(f"log-{size}")
        start = session.created_at - timedelta(seconds=size)  # all before the ticks
        session = ws.save(session._replace(events=tuple(
            Event(start + timedelta(seconds=n), "Bench Mark", HANDOFF, to=f"person {n}")
            for n in range(size))))
        session = ws.set_value(session, TYPING_ITEM, "INC-0")  # its one event of the run
        medians[size], no_event = [], []
        for _ in range(repeat):
            took, edits = [], []
            for n in range(count):
                started = time.perf_counter()
                session = ws.set_value(session, TICKED_BOX, n % 2 == 0)
                took.append(1000 * (time.perf_counter() - started))
                started = time.perf_counter()
                session = ws.set_value(session, TYPING_ITEM, f"INC-{n + 1}")
                edits.append(1000 * (time.perf_counter() - started))
            medians[size].append(statistics.median(took))
            no_event.append(statistics.median(edits))
        if size == LOG_SIZES[0]:
            edit_medians = no_event
    smallest = f"save adding an event: {LOG_SIZES[0]:,} events"
    return [Figure(f"save adding an event: {size:,} events", "ms", medians[size],
                   smallest if size != LOG_SIZES[0] else "save adding none, 10 events",
                   medians[LOG_SIZES[0]] if size != LOG_SIZES[0] else edit_medians)
            for size in LOG_SIZES]


def progress(what: str) -> None:
    print(f"... {what}", file=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=10, metavar="N",
                        help="runs of each start-up (and twice as many of each command; "
                             "up to 5 of 100 saves each); default 10")
    parser.add_argument("--quick", action="store_true",
                        help="one of everything: proves the benchmark runs, measures nothing")
    parser.add_argument("--only", choices=PARTS, action="append", metavar="PART",
                        help=f"measure only this part ({', '.join(PARTS)}); repeatable")
    args = parser.parse_args(argv)
    parts = set(args.only or PARTS)
    if shutil.which("tmux") is None:
        parser.error("needs tmux")
    repeat = 1 if args.quick else args.repeat
    commands, save_runs = (1, 1) if args.quick else (2 * repeat, min(repeat, 5))
    # Keys: as many as TYPED tells apart (its length less the first 5, untimed).
    saves_per_run, keys, switches = (2, 2, 1) if args.quick else (100, len(TYPED) - 5, 10)

    with tempfile.TemporaryDirectory(prefix="hotfix-bench-") as tmp:
        root = Path(tmp).resolve()
        env = bench_env(root)
        with environment(env):
            place = Place(root, env)
            progress("setting up repos and the 10x and 100x checklists")
            place.set_up()
            # As after an install: hotfix's bytecode is written before anything is timed.
            run(sys.executable, "-c", "import compileall, os, hotfix_tui; compileall.compile_dir("
                "os.path.dirname(hotfix_tui.__file__), quiet=1)", env=env)
            term = Terminal(env)
            figures: list[Figure] = []
            app: list[Figure] = []
            try:
                hello_memory: list[float] = []
                if parts & {"start", "app"}:
                    progress("start-up in tmux")
                    start_figures, hello_memory = start_up(term, place, repeat)
                    figures += start_figures if "start" in parts else []
                if "headless" in parts:
                    progress("headless commands")
                    figures += headless(place, commands)
                if "app" in parts:
                    progress("typing and switching sections in the app")
                    app = app_figures(term, place, keys, switches, hello_memory)
            finally:
                term.close()
            if "saves" in parts:
                progress("saves")
                figures += saves(place, save_runs, saves_per_run)
                figures += event_saves(place, save_runs, saves_per_run)
            figures += app
    print(machine())
    print(table(figures))
    return 0


if __name__ == "__main__":
    sys.exit(main())
