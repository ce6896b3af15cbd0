"""A record's key to a table follows its other key that is already keyed to that table (issue 20, draft40, draft48).

"members book classes with trainers": the bookings are drafted with a key to the class and one to a trainer, and
the classes with their own key to a trainer. Drawn on its own, a booking's trainer is seldom its class's trainer:
the generated rows contradict each other. Where a drafted table holds a key to a table A and one to a table B, and
A holds exactly one key to B, the table's key to B is read through A (``match``: the booking's trainer is its
class's trainer), so every row's two paths to B agree. Two rules do it, on one walk of the keys (``_key_paths``)
and one way of writing the ``match`` (``_read_through``):

``booked_staff`` (draft40), run first: a booking's key to a member of staff ("a day spa: 15 therapists, 2,500
treatments each given by a therapist, ... 8,000 treatment bookings": the booking's therapist is its treatment's).
Only tables headed by a booking word, only keys to staff; it reads every such key (a second key to the same staff
too), through any other table it refers to that has one key to that staff, guessed or not, whatever its size.

``keys_agree`` (draft48), run last: any record, any table B, but only where the agreement is plainly meant. Left as
drafted: a key that already has a ``match`` or a ``where``, a table with two keys to A or to B, or two tables keyed
to B among those it refers to (which one is the path is not said), an A whose key to B the draft only guessed (a
guess is not spread to the record: a wine shop's "orders" assumed to belong to a wine would give every line of an
order the same wine), a key drawn ``distinct`` (its siblings take different B's), an A of no more rows than B (the
record would reach only the B's some A holds), and a B that refers back to the record.

Both leave a key to B the rows are made per (filled by construction; reading A through it instead would leave the
rows of a B that no A holds without an A). ``own_parts`` (draft50) takes that case from the other side: a record
made per B ("pupils reserve lessons": the reservations made per pupil) whose key to an A keyed to B (each lesson a
pupil's) is drawn on its own names another B's A. It picks the A among its B's own (``match`` on A's key to B),
under ``keys_agree``'s guards, and only where A has more rows than B: a B holding no A leaves the record's A
empty, which through fewer A's than B's would be most rows.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterator
from typing import Any

from simulacra.draft._nouns import singular
from simulacra.draft._roles import is_staff
from simulacra.draft._sport import head_of, keys_to

#: head words of a record that something is booked by a person: "treatment bookings", "desk reservations" (the
#: composer's booked things read them too)
BOOKING_WORDS = frozenset({"booking", "reservation", "appointment", "registration", "enrolment", "enrollment"})

#: a key to B read through A: (the record's key to A, A, A's key to B)
Path = tuple[str, str, str]


def _keys(cols: dict[str, Any]) -> dict[str, str]:
    """A table's foreign-key columns -> the tables they refer to."""
    return {
        c: str(v["references"]).split(".")[0]
        for c, v in cols.items()
        if isinstance(v, dict) and v.get("generator") == "foreign_key" and "references" in v
    }


def _key_paths(
    tables: dict[str, Any], names: list[str]
) -> Iterator[tuple[str, dict[str, Any], dict[str, str], str, str, list[Path]]]:
    """Each key of the tables ``names`` to a drafted table B that may take a ``match``, with the paths to B through
    the other tables the record refers to that hold exactly one key to B: (record, its columns, its keys, the key,
    B, paths). Each rule keeps the keys and paths it trusts."""
    for name in names:
        cols = tables[name]["columns"]
        fks = _keys(cols)
        rows = tables[name].get("rows")
        per = rows.get("per") if isinstance(rows, dict) else None
        for col, b in fks.items():
            if b not in tables:
                continue
            if b == per and rows.get("via", col) == col:
                continue  # made per B: the key is filled by construction and takes no 'match'
            paths = [
                (c, a, keys_to(tables[a]["columns"], b)[0])
                for c, a in fks.items()
                if a != b and a in tables and len(keys_to(tables[a]["columns"], b)) == 1
            ]
            yield name, cols, fks, col, b, paths


def _read_through(tables: dict[str, Any], cols: dict[str, Any], col: str, b: str, path: Path) -> None:
    """The record's key ``col`` to ``b`` takes the B its A holds."""
    via, _, in_a = path
    cols[col]["match"] = {str(tables[b]["primary_key"]): f"{via}.{in_a}"}


def booked_staff(spec: dict[str, Any], notes: list[str]) -> None:
    """Read each booking's key to staff through the one booked table that has a key to that staff."""
    tables = spec["tables"]
    for name, cols, _, col, staff, acts in _key_paths(tables, [t for t in tables if head_of(t) in BOOKING_WORDS]):
        if "match" in cols[col] or not is_staff(staff):
            continue
        if len(acts) != 1:
            continue  # none names its staff, or two do and neither is the one booked
        _read_through(tables, cols, col, staff, acts[0])
        via, act, _ = acts[0]
        notes.append(f"{name}.{col} is read through {via}: a booking is with the staff of what it books ({act})")


def keys_agree(
    spec: dict[str, Any],
    notes: list[str],
    guessed: Collection[tuple[str, str]] = (),
    rows_of: Callable[[str], float] | None = None,
) -> None:
    """Read each table's key to B through its one key to a table A that has exactly one key to B, where A's key
    to B was said (``guessed``: the (table, parent table) pairs the draft only guessed; a guess is no path to
    follow — "orders" of a winery assumed to belong to one wine would give every line of an order that wine).
    ``rows_of``: about how many rows a table has; where given, B is read through A only where A has more rows than B
    (each B holds several A's): through fewer A's the record would reach only the B's some A holds (a booking's
    member read through 900 sessions keyed to members reaches at most 900 of 2,000 members)."""
    tables = spec["tables"]
    for name, cols, fks, col, b, found in _key_paths(tables, list(tables)):
        targets = list(fks.values())
        if targets.count(b) != 1 or any(k in cols[col] for k in ("match", "where", "distinct")):
            continue
        paths = [p for p in found if targets.count(p[1]) == 1 and (p[1], b) not in guessed]
        if len(paths) != 1:
            continue  # no table it refers to is keyed to B, or two are and neither is said to be the path
        via, a, in_a = paths[0]
        if rows_of is not None and rows_of(a) <= rows_of(b):
            continue  # through fewer A's than B's, the record would leave most B's out
        if name in _keys(tables[b]["columns"]).values() or a == name:
            continue  # B refers back to this table: reading it through A would go round in a circle
        _read_through(tables, cols, col, b, paths[0])
        one, of_a, of_b = head_of(name), head_of(a), head_of(b)
        notes.append(
            f"{name}.{col} is read through {via}: a {one}'s {of_b} is its {of_a}'s ({a}.{in_a}), so the two agree"
        )


def own_parts(
    spec: dict[str, Any],
    notes: list[str],
    guessed: Collection[tuple[str, str]] = (),
    rows_of: Callable[[str], float] | None = None,
) -> None:
    """In each table made per a table B, pick the row's A among its B's own (``match``) where it holds one key to a
    table A that has exactly one key to B, said (not in ``guessed``), and (``rows_of``) more rows than B."""
    tables = spec["tables"]
    for name, table in tables.items():
        rows, cols = table.get("rows"), table["columns"]
        b = str(rows.get("per")) if isinstance(rows, dict) else ""
        fks = _keys(cols)
        targets = list(fks.values())
        if b not in tables or targets.count(b) != 1 or name in _keys(tables[b]["columns"]).values():
            continue  # no key to B, two (which one the rows are made per is not plain), or B refers back
        by = next(c for c, t in fks.items() if t == b)
        if rows.get("via", by) != by:
            continue
        for col, a in fks.items():
            if a == b or a == name or a not in tables or targets.count(a) != 1 or (a, b) in guessed:
                continue
            if any(k in cols[col] for k in ("match", "where", "distinct")):
                continue
            in_a = keys_to(tables[a]["columns"], b)
            if len(in_a) != 1 or rows_of is not None and rows_of(a) <= rows_of(b):
                continue  # A not keyed to B, or twice; or fewer A's than B's: most B's would hold none
            cols[col]["match"] = {in_a[0]: by}
            of_a, of_b = (singular(t).replace("_", " ") for t in (a, b))
            notes.append(
                f"{name}.{col} is picked among its {of_b}'s own {a} ({a}.{in_a[0]}): the rows of {name} are made per "
                f"{of_b}, so each one's {of_a} is its {of_b}'s (empty where the {of_b} has no {of_a})"
            )
