"""One answer for a question the checklist asks in several places (`same_as`, see
docs/checklist-format.md): the built-in checklist asks the severity as Priority Level,
Issue Severity and Incident Severity. A value set on one fills the others that can hold it,
marked `source = "same"`; an answer a person gave there that differs is never replaced,
and from then on that item answers for itself.

Pure: a session and the item just set in, a session out.
"""

from __future__ import annotations

from datetime import datetime

from hotfix_tui.core.model.checklist import Item, Value
from hotfix_tui.core.model.session import Session

# `ItemState.source` of a value copied from the same question asked elsewhere.
FROM_SAME = "same"


def fill_same(session: Session, item_id: str, previous: Value, *, at: datetime,
              by: str) -> Session:
    """After `item_id` was set (it held `previous`): the same question elsewhere gets its
    answer where it fits (a choice takes only one of its options) and where nobody gave
    another: an item nobody typed in, or one that agreed with `previous`."""
    checklist = session.checklist
    value = session.entered(checklist.item(item_id))
    for other in map(checklist.item, checklist.same_questions.get(item_id, ())):
        held = session.entered(other)
        if held == value or not _fits(other, value):
            continue
        if not session.typed(other.id) or held == previous:
            states = dict(session.states)
            states.pop(other.id, None)  # a person's value, agreeing, is replaced: a copy now
            session = session._replace(states=states).with_prefill(
                other.id, value, at=at, by=by, source=FROM_SAME)
    return session


def _fits(item: Item, value: object) -> bool:
    if item.kind == "choice":
        return value == "" or value in item.options
    return item.kind == "text" and isinstance(value, str)
