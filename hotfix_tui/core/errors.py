"""Errors the core raises for bad input; the CLI turns each into one line and exit 2."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from hotfix_tui.core.model.session import Session


class HotfixError(Exception):
    """A problem the user can fix: the message is one line naming the file and the problem."""


class FileError(HotfixError):
    """A file that cannot be written or locked (full disk, read-only folder, permissions)."""


class ChecklistError(HotfixError):
    """A checklist definition that cannot be read or does not validate."""


class SessionError(HotfixError):
    """A session file that cannot be read, written, or does not fit its checklist."""


class ValueInputError(HotfixError):
    """A value that does not fit the item it was given for."""


class ConfigError(HotfixError):
    """A `.hotfix/config.toml` that cannot be read or holds a wrong value."""


class RepoError(HotfixError):
    """A git operation that failed (GitPython's exceptions, reduced to one line)."""


class ExportError(HotfixError):
    """A file to export into (a changelog) that cannot be read or does not fit."""


class SecretError(HotfixError):
    """Text that looks like a credential, refused before it is committed or exported."""


class BodyError(HotfixError):
    """A PR body to read back into a session that cannot be read."""


class CheckError(HotfixError):
    """A check that cannot run: none declared, missing from the config, a bad folder."""


class UntrustedCommand(CheckError):
    """A check's command this clone's user has not approved (or approved before it changed):
    the app shows `command` and asks; the CLI prints the message."""

    def __init__(self, message: str, item_id: str, command: str, changed: bool) -> None:
        super().__init__(message)
        self.item_id = item_id
        self.command = command
        self.changed = changed


class UnmetRequired(HotfixError):
    """Required items are unmet (a check, an export): exit 1 after listing them."""

    def __init__(self, session: Session, message: str) -> None:
        super().__init__(message)
        self.session = session


class ForgeError(HotfixError):
    """The forge (GitHub through `gh`) could not be used: not installed, not signed in, out
    of reach, no remote, or a pull request that cannot be synced. Says what to do."""


class PullRequestGone(ForgeError):
    """The forge knows no pull request of that number (deleted, or the repository moved)."""
