"""Things the users act on: how many where no count is said, and a thing said by two words (issue 20, draft52).

"members reserve tables", "riders rent scooters": the things are a table of their own (draft45), and with no count
said and no catalogue kind they were a flat 100 rows, whether 80 swimmers share the lockers or 250,000 riders the
scooters. Things acted on are shared: fewer of them than the users, a share by what they are (a place, a court or a
room, is shared by more users than a thing in the hand), taken of the users the request counts, bounded and
rounded; the reason is said in the notes. A catalogue kind keeps its own default rows (its setting's usual size),
scaled with the populations the request says as every catalogue table named without a count (draft53).

"members reserve picnic tables", "students book study rooms": the object is said by two words. A modifier no
mention holds before a noun of things is one thing with it (`picnic_tables`), the modifier no table of its own; a
modifier before a noun that is a mention already (a catalogue noun, "study rooms") is a word of that mention, the
verb's object.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import TYPE_CHECKING

from simulacra.draft._nouns import senses_of, singular

if TYPE_CHECKING:
    from simulacra.draft._compose import Entity
    from simulacra.draft._parse import Mention, Request

#: users per thing acted on, by the noun's first sense: a place (a court, a pitch, a room) is shared by more users
#: than a thing (a kayak, a scooter); a thing of no known sense is read as a thing
_USERS_PER = {"L": 20, "T": 10}
#: a table of shared things has a few rows at least, and no more than a large fleet or estate
_FEWEST, _MOST = 2, 200_000


def compound_object(
    req: Request,
    o: int,
    clause: int,
    phrases: dict[str, tuple[str, ...]],
    new: Callable[..., Mention],
    thing_at: Callable[..., Mention | None],
) -> Mention | None:
    """The object said by two words at token o: a singular modifier no mention holds and the noun after it, a
    mention already ("study rooms": the rooms' mention takes the modifier) or a noun of things (``thing_at``, the
    verb module's reading of one; "picnic tables": one mention of both words). None where token o is no such
    modifier."""
    toks = req.tokens
    if o + 1 >= len(toks) or toks[o + 1].clause != clause or toks[o].clause != clause:
        return None
    word = toks[o].text
    # a noun of its own ("picnic", "study"), not a word like "more" or "other" (the parser imports this module's
    # caller: its stopwords are not at hand, a noun's senses are)
    if (
        not word.isalpha()
        or singular(word) != word
        or not senses_of(word)
        or any(m.first <= o <= m.last for m in req.mentions)
    ):
        return None
    head = next((m for m in req.mentions if m.first == o + 1), None)
    if head is not None:
        if not _plural(req, head):
            return None
        # the mention of the head takes the modifier: one noun of both words ("study rooms"), as the parse names
        # a compound later; the record's object is then that noun, not the head alone
        whole = dataclasses.replace(head, phrase=f"{word} {head.phrase}", first=o)
        req.mentions[:] = [whole if m is head else m for m in req.mentions]
        return whole
    thing = thing_at(req, o + 1, clause, phrases, new)
    if thing is None:
        return None
    return new(f"{word} {thing.phrase}", o, thing.last, clause, ())


def _plural(req: Request, m: Mention) -> bool:
    """A mention said in the plural (things, not one setting: "book the studio")."""
    last = req.tokens[m.last].text
    return singular(last) != last


def users_of(e: Entity, order: list[Entity], req: Request) -> Entity | None:
    """The table of the users that act on the things of e: the subject of the verb whose object e is, where its
    count is said."""
    m = e.mention
    if m is None:
        return None
    v = next((v for v in req.verb_records if v.obj == m.phrase and v.subject not in (None, m.phrase)), None)
    if v is None:
        return None
    subject = next((x for x in order if x.mention is not None and x.mention.phrase == v.subject), None)
    return subject if subject is not None and subject.count is not None else None


def _round(n: float) -> int:
    """Two significant figures: a size drafted, not measured."""
    if n < 100:
        return round(n)
    step = 10 ** (len(str(int(n))) - 2)
    return int(round(n / step) * step)


def thing_rows(e: Entity, order: list[Entity], req: Request) -> tuple[int, str] | None:
    """The rows of a table of things acted on with no count said, and the note saying why; None where the users
    are not counted (the flat default stands)."""
    users = users_of(e, order, req)
    if users is None or users.count is None:
        return None
    sense = next((s for s in senses_of(e.mention.phrase if e.mention else e.table) if s in _USERS_PER), "T")
    per = _USERS_PER[sense]
    rows = min(max(_round(users.count / per), _FEWEST), _MOST)
    what = "a place" if sense == "L" else "a thing"
    return rows, (
        f"no count asked for {e.table}: {rows:,} rows, one per {per} of the {users.count:,} {users.table} who use "
        f"them ({what} shared, fewer than its users; bounded {_FEWEST} to {_MOST:,})"
    )
