"""The app's commands: each one's key, footer hint and command-palette entry in one place."""

from __future__ import annotations

from dataclasses import dataclass

from textual.binding import Binding, BindingType


@dataclass(frozen=True)
class Command:
    action: str
    title: str
    help: str
    key: str | None = None
    footer: str | None = None
    key_display: str | None = None
    # Priority keys work even where a text widget would take them (section paging).
    priority: bool = False
    show: bool = True
    # Keys that text widgets keep for themselves (ctrl+arrows move by word there).
    other_keys: str | None = None
    # Its hint stays in the footer of a narrow pane (the most used keys).
    narrow: bool = True


MAIN_COMMANDS = (
    Command("next_section", "Next section", "Go to the next section", "pagedown", "Next",
            "PgDn", priority=True, other_keys="ctrl+right"),
    Command("previous_section", "Previous section", "Go to the previous section", "pageup",
            "Prev", "PgUp", priority=True, other_keys="ctrl+left", narrow=False),
    Command("app.review", "Review and export", "Preview the PR body, see what is missing, export",
            "ctrl+r", "Review", "^r", priority=True),
    Command("app.export", "Export PR body", "Write the PR body to a file now", "ctrl+e", "Export",
            "^e", priority=True, narrow=False),
    Command("app.timeline", "Timeline", "The incident as a timeline: where it stands in the "
            "process, the incident clock, who did what when", "ctrl+t", "Timeline", "^t",
            priority=True, show=False),
    Command("app.refresh", "Refresh from git", "Fill in again what git knows (files changed, "
            "commits, branch); typed values stay", "ctrl+g", "Git", "^g", priority=True,
            show=False),
    Command("app.copy_body", "Copy PR body", "Copy the PR body to the clipboard", None),
    Command("app.sync_pr", "Sync pull request", "Open the branch's pull request, or bring it "
            "and the session into step both ways (`hotfix pr`)", "ctrl+o", "PR", "^o",
            priority=True, show=False),
    Command("app.toggle_pr_every_minute", "Sync PR every minute", "Turn on or off syncing the "
            "pull request every minute and after each export, while the app is open", None),
    Command("run_check", "Run check", "Run the focused box's check (again: cancel it); a pass "
            "ticks the box with its evidence", "r", "Run"),
    Command("mark_na", "Mark not applicable", "Mark the focused checkbox N/A, with a short "
            "reason (space on the box clears it)", "n", "N/A"),
    Command("mark_group_na", "Mark group N/A…", "Mark every open box of the focused item's "
            "group (or section) N/A, with one reason", "N", "Group N/A", "N", show=False),
    Command("mark_section_na", "Mark section N/A…", "Mark every open box of this section N/A, "
            "with one reason", None),
    Command("reconfirm", "Re-confirm stale tick", "Tick the focused stale box again: checked "
            "since the newest commit", "r", "Re-confirm", show=False),
    Command("copy_item_id", "Copy item id", "Copy the focused item's id (for the CLI)", None),
    Command("app.undo", "Undo", "Take back your last change: a tick, a value, an N/A, an "
            "approval", "ctrl+z", "Undo", "^z", priority=True),
    Command("app.redo", "Redo", "Make the change you took back again", "ctrl+y", "Redo", "^y",
            priority=True, show=False),
    Command("app.quit", "Quit", "Save and quit", "ctrl+q", "Quit", "^q", priority=True),
)

# Everywhere: on every screen's footer, its hint last.
APP_COMMANDS = (
    Command("app.help", "Help", "List the keys of this screen and what the marks mean",
            "question_mark", "Help", "?"),
    # Its hint where a text field takes `?` as a character.
    Command("app.help", "Help", "List the keys of this screen and what the marks mean", "f1",
            "Help", "F1"),
)

HELP_COMMANDS = (
    Command("close", "Close help", "Back to where you were", "escape", "Back", "Esc"),
    Command("copy_id", "Copy item id", "Copy the focused item's id", "c", "Copy id", "c"),
    Command("close", "Close help", "Back to where you were", "question_mark", "Back", "?",
            show=False, other_keys="f1"),
)

REASON_COMMANDS = (
    Command("cancel", "Cancel", "Close without marking the box N/A", "escape", "Cancel", "Esc"),
)

APPROVAL_COMMANDS = (
    Command("cancel", "Cancel", "Close without recording the approval", "escape", "Cancel",
            "Esc"),
)

TRUST_COMMANDS = (
    Command("cancel", "Cancel", "Close without approving or running anything", "escape",
            "Cancel", "Esc"),
)

REVIEW_COMMANDS = (
    Command("back", "Back to the checklist", "Leave the review", "escape", "Back", "Esc"),
    Command("reconfirm", "Re-confirm stale tick", "Tick the highlighted stale box again: "
            "checked since the newest commit", "r", "Re-confirm", show=False),
    Command("app.export", "Export PR body", "Write the PR body to a file now", "ctrl+e", "Export",
            "^e"),
    Command("app.copy_body", "Copy PR body", "Copy the PR body to the clipboard", "ctrl+y", "Copy",
            "^y"),
    Command("app.quit", "Quit", "Save and quit", "ctrl+q", "Quit", "^q", priority=True),
)


TIMELINE_COMMANDS = (
    Command("back", "Back to the checklist", "Leave the timeline", "escape", "Back", "Esc"),
    Command("app.quit", "Quit", "Save and quit", "ctrl+q", "Quit", "^q", priority=True),
)


def wide_only(*groups: tuple[Command, ...]) -> frozenset[str]:
    """The actions whose footer hint a narrow pane leaves out."""
    return frozenset(c.action for group in groups for c in group if not c.narrow)


def bindings(commands: tuple[Command, ...]) -> list[BindingType]:
    found: list[BindingType] = []
    for c in commands:
        if c.key:
            found.append(Binding(c.key, c.action, c.footer or c.title, show=c.show,
                                 key_display=c.key_display, priority=c.priority, tooltip=c.help))
        if c.other_keys:
            found.append(Binding(c.other_keys, c.action, c.title, show=False))
    return found
