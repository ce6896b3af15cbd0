"""An act of a trade is done by the trade's staff for a customer (issue 20, draft46).

"a photography studio: 12 photographers, 2,000 clients and 5,000 photo shoots": once photographers were read as
staff (draft40), the shoots belonged to the clients and lost their photographer — a shoot is taken by one. An
act whose words share their stem with the words of exactly one table of staff (photo - photographer, tattoo -
tattoo artist, massage - masseuse, lock - locksmith) is the work of that trade: it refers to that staff table as
well as to the request's one table of customers, where it reaches neither already (the customer only where it is
of no thing: a vehicle's inspection is for the vehicle's owner, not one drawn apart). Several staff tables of the
trade, or several customer tables, leave it as drafted: which one does it is not said. A table named by a word of
the staff's noun ('300 vehicles' beside '30 vehicle inspectors') is what they work on, not an act of theirs.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from simulacra.draft._nouns import singular
from simulacra.draft._roles import is_staff

if TYPE_CHECKING:
    from simulacra.draft._compose import Entity

#: the fewest letters two words share at their start to be of one stem ('phot' of photo and photographer); fewer
#: would join unrelated words ('art' of artist and artwork)
_STEM = 4


#: what a trade does or makes, by the noun's class: a shoot, a callout, a sale, a report; not a place or a group
#: it works in ('90 pharmacies' beside pharmacists: WordNet's first sense of a pharmacy is no act)
_ACTS = frozenset({"event", "thing", "money", "document", None})


def _one_stem(a: str, b: str) -> bool:
    return len(a) >= _STEM and len(b) >= _STEM and a[:_STEM] == b[:_STEM]


def _words(x: Entity) -> list[str]:
    assert x.mention is not None
    return [singular(w) for w in [*x.mention.modifiers, *x.mention.phrase.split()]]


def _staff(x: Entity) -> bool:
    return x.mention is not None and is_staff(x.table)


def trade_acts(
    order: list[Entity],
    notes: list[str],
    *,
    free: Callable[[Entity, Entity], bool],
    ancestors: Callable[[Entity], set[int]],
    is_people: Callable[[Entity], bool],
    is_client: Callable[[Entity], bool],
) -> None:
    """Key each act of the one staff table of its trade to that staff and to the one customer table."""
    staff = [x for x in order if _staff(x)]
    clients = [x for x in order if is_client(x) and x.mention is not None]
    for e in order:
        if e.mention is None or e.acts_as is not None or is_people(e) or e.klass not in _ACTS:
            continue
        mine = _words(e)
        # '300 vehicles' beside '30 vehicle inspectors': what the staff's word names is what they work on, no act
        trade = [
            x for x in staff if mine[-1] not in _words(x) and any(_one_stem(w, s) for w in mine for s in _words(x))
        ]
        if len(trade) != 1:
            continue
        who = trade[0]
        reached = ancestors(e)
        if id(who) not in reached and free(who, e):
            e.refs.append(who)
            notes.append(
                f"{e.table} refer to {who.table}: a {' '.join(_words(e))} is the work of one of them (one stem)"
            )
        links = [x for x in (e.parent, *e.refs) if x is not None]
        if (
            len(clients) == 1
            and not any(id(c) in reached for c in clients)
            and all(is_people(x) for x in links)  # a vehicle's inspection: its customer would be the vehicle's
            and free(clients[0], e)
        ):
            e.refs.append(clients[0])
            notes.append(
                f"{e.table} refer to {clients[0].table}: {who.table} do it for one, and {clients[0].table} are the "
                "request's only customers"
            )
