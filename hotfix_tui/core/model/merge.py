"""Merging two writers' item states: what the save transaction and the git merge
driver both do. Pure."""

from __future__ import annotations

from collections.abc import Mapping

from hotfix_tui.core.model.session import FROM_GIT, ItemState


def merge_states(base: Mapping[str, ItemState], ours: Mapping[str, ItemState],
                 theirs: Mapping[str, ItemState]) -> tuple[dict[str, ItemState], list[str]]:
    """Three-way merge of item states: `base` is the file as we last read or wrote it,
    `theirs` the file now. Items only we changed take ours, items only they changed take
    theirs, and when both changed one, the later change wins (ours on a tie).
    Returns the merged states and the ids whose value now comes from someone else."""
    merged = dict(theirs)
    for item_id in ours:
        mine, before, other = ours[item_id], base.get(item_id), theirs.get(item_id)
        if mine in (before, other):
            continue
        if other is None or other == before or _wins(mine, other):
            merged[item_id] = mine
    from_others = [item_id for item_id, state in merged.items()
                   if state != ours.get(item_id)]
    return merged, from_others


def _wins(mine: ItemState, other: ItemState) -> bool:
    """Whether our change beats theirs to the same item: git's pre-fill never beats a
    person (a refresh racing someone's typing must not replace it), else the later."""
    if (mine.source == FROM_GIT) != (other.source == FROM_GIT):
        return other.source == FROM_GIT
    return _later_or_same(mine, other)


def _later_or_same(mine: ItemState, other: ItemState) -> bool:
    if mine.updated_at is None or other.updated_at is None:
        return other.updated_at is None
    return mine.updated_at >= other.updated_at

