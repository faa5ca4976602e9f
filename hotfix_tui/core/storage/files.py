"""File primitives: read UTF-8 text and TOML, write atomically, lock, tell a change.

Each failure is one line naming the file and the problem. Nothing here knows what the
files hold (sessions, event logs, checklists): callers pass the error type to raise.
"""

from __future__ import annotations

import errno
import fcntl
import os
import re
import stat
import time
import tomllib
from collections.abc import Collection, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from hotfix_tui.core.errors import FileError, HotfixError


def read_text(path: Path, error: type[HotfixError], what: str,
              missing_ok: bool = False) -> str | None:
    """The file's text, byte for byte (no newline translation: a CRLF file stays CRLF);
    None for a missing file when `missing_ok`. Failures raise `error`."""
    raw = read_bytes(path, error, what, missing_ok)
    if raw is None:
        return None
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        raise error(f"{path}: not UTF-8 text") from None


def read_bytes(path: Path, error: type[HotfixError], what: str,
               missing_ok: bool = False) -> bytes | None:
    """The file's bytes; None for a missing file when `missing_ok`. Failures raise `error`.

    Only a regular file is read: a FIFO, a device or a folder committed or linked where
    a file is expected is refused, never waited on (opened without blocking, then
    checked)."""
    try:
        raw = _read_regular_file(path)
    except FileNotFoundError:
        if missing_ok:
            return None
        raise error(f"{path}: no such {what}") from None
    except OSError as exc:
        raise error(f"{path}: cannot read {what}: {exc.strerror or exc}") from None
    if raw is None:
        raise error(f"{path}: not a regular file (a {what} must be one)")
    return raw


def _read_regular_file(path: Path) -> bytes | None:
    """The bytes of a regular file; None for anything else (FIFO, device, folder).
    O_NONBLOCK: opening a FIFO without a writer, or reading a /proc file that waits for
    data, returns at once instead of hanging."""
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return None
        chunks = []
        while chunk := os.read(fd, 1 << 20):
            chunks.append(chunk)
        return b"".join(chunks)
    finally:
        os.close(fd)


def read_toml(path: Path, error: type[HotfixError], what: str,
              missing_ok: bool = False) -> dict[str, Any] | None:
    """The file's TOML tables, or None for a missing file when `missing_ok`."""
    text = read_text(path, error, what, missing_ok)
    return None if text is None else parse_toml(text, str(path), error)


# A line git writes where a merge left both sides of a conflict.
CONFLICT_MARKER = re.compile(r"^(?:<{7}|>{7}) |^={7}$", re.MULTILINE)


def parse_toml(text: str, where: str, error: type[HotfixError]) -> dict[str, Any]:
    """TOML text's tables; failures raise `error` naming `where`."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        if CONFLICT_MARKER.search(text):
            raise error(f"{where}: has git conflict markers (both sides of a merge changed "
                        "it): run `hotfix resolve` to merge it item by item") from None
        raise error(f"{where}: invalid TOML: {exc}") from None
    except RecursionError:
        data = None  # tomllib recurses once per nested array or inline table
    if data is None or not _nested_within(data, MAX_DEPTH):
        # Nothing hotfix reads nests deeper; whatever walks the data need not recurse far.
        raise error(f"{where}: arrays or tables nested more than {MAX_DEPTH} deep")
    return data


MAX_DEPTH = 32


def _nested_within(data: dict[str, Any], limit: int) -> bool:
    """Whether tables and arrays nest at most `limit` deep (walked without recursion)."""
    stack: list[tuple[object, int]] = [(data, 1)]
    while stack:
        value, depth = stack.pop()
        children = (value.values() if isinstance(value, dict)
                    else value if isinstance(value, list) else ())
        for child in children:
            if isinstance(child, (dict, list)):
                if depth >= limit:
                    return False
                stack.append((child, depth + 1))
    return True


LOCK_WAIT = 5.0


@contextmanager
def file_lock(path: Path, lock_path: Path, wait: float = LOCK_WAIT) -> Iterator[None]:
    """Hold the lock `lock_path` guarding `path` while reading and writing it back.

    An flock belongs to the process: the kernel drops it when the process dies, so a
    killed writer never leaves a stale lock behind to block anyone.
    """
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        # Never through a symlink: a committed one would make us create or open its target.
        fd = os.open(lock_path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC, 0o644)
    except OSError as exc:
        raise FileError(f"{path}: cannot lock: {exc.strerror or exc}") from None
    try:
        deadline = time.monotonic() + wait
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except OSError as exc:
                if exc.errno not in (errno.EAGAIN, errno.EACCES) or time.monotonic() > deadline:
                    raise FileError(f"{path}: locked by another hotfix process for over "
                                    f"{wait:.0f} s") from None
                time.sleep(0.01)
        yield
    finally:
        os.close(fd)  # closing releases the lock


def file_signature(path: Path) -> tuple[int, int, int] | None:
    """Changes whenever the file is replaced or rewritten; None when it does not exist."""
    try:
        stat = path.stat()
    except OSError:
        return None
    return (stat.st_ino, stat.st_mtime_ns, stat.st_size)


def write_atomic(path: Path, text: str) -> None:
    """Replace `path` with `text` so that a crash leaves either the old or the new file.

    The temp file lives in the same folder (rename is atomic only within a filesystem) and
    is fsynced before the rename; the folder is fsynced after so the rename itself lasts.
    """
    write_all({path: text})


def write_all(files: dict[Path, str], user_files: Collection[Path] = ()) -> None:
    """Write several files atomically, all or none: each is written to a temp file beside
    it and fsynced first; only when every one is ready are they renamed into place.

    `user_files`, of `files`, are the user's own (a changelog, an export target): written
    as an editor would, through a symlink to the file it names, keeping an existing file's
    mode (a new one gets the umask's).
    """
    if not files:
        return
    ready: list[tuple[Path, Path]] = []
    try:
        for given, text in files.items():
            path = _link_target(given) if given in user_files else given
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
                fd, tmp = _user_temp_file(path) if given in user_files else _temp_file(path)
                ready.append((tmp, path))
                with os.fdopen(fd, "wb") as handle:
                    handle.write(text.encode("utf-8"))
                    handle.flush()
                    os.fsync(handle.fileno())
            except OSError as exc:
                raise FileError(f"{given}: cannot save: {exc.strerror or exc}") from None
        for tmp, path in ready:
            try:
                os.replace(tmp, path)
            except OSError as exc:
                raise FileError(f"{path}: cannot save: {exc.strerror or exc}") from None
    finally:
        for tmp, _ in ready:
            tmp.unlink(missing_ok=True)
    for folder in {path.parent for _, path in ready}:
        fsync_dir(folder)


def _link_target(path: Path) -> Path:
    """Where a symlink leads (through any chain of them); `path` itself when it is none."""
    return Path(os.path.realpath(path)) if path.is_symlink() else path


def _temp_file(path: Path, mode: int = 0o600) -> tuple[int, Path]:
    """A new temp file beside `path`, only ours (as tempfile.mkstemp makes it, without
    loading tempfile and random for every save)."""
    while True:
        tmp = path.parent / f".{path.name}.{os.urandom(4).hex()}.tmp"
        try:
            return os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, mode), tmp
        except FileExistsError:
            continue


def _user_temp_file(path: Path) -> tuple[int, Path]:
    """A temp file beside `path` with the mode `path` has, or a new file's (0o666 less the
    umask, which the kernel applies here)."""
    fd, tmp = _temp_file(path, 0o666)
    try:
        os.fchmod(fd, stat.S_IMODE(path.stat().st_mode))
    except FileNotFoundError:
        pass  # a new file: the umask's mode stands
    except OSError:
        os.close(fd)
        os.unlink(tmp)
        raise
    return fd, tmp


def fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass  # some filesystems cannot fsync a directory; the file itself is on disk
    finally:
        os.close(fd)

