"""A record's key to a table follows its other key that is already keyed to that table (issue 20, draft48).

"members book classes with trainers": the bookings are drafted with a key to the class and one to a trainer, and
the classes with their own key to a trainer. Drawn on its own, a booking's trainer is seldom its class's trainer:
the generated rows contradict each other. Where a drafted table holds one key to a table A and one to a table B,
and A holds exactly one key to B, the table's key to B is read through A (``match``: the booking's trainer is its
class's trainer), so every row's two paths to B agree. draft40's ``booked_staff`` did this for a booking's member of
staff; this is the same rule for any record and any table.

Left as drafted: a key to B the rows are made per (filled by construction; reading A through it instead would leave
the rows of a B that no A holds without an A), a key that already has a ``match`` or a ``where``, a table with
two keys to A or to B, or two tables keyed to B among those it refers to (which one is the path is not said), and
an A whose key to B the draft only guessed (a guess is not spread to the record: a wine shop's "orders" assumed to
belong to a wine would give every line of an order the same wine), a key drawn ``distinct`` (its siblings take
different B's), and an A of no more rows than B (the record would reach only the B's some A holds).
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from typing import Any

from simulacra.draft._sport import head_of, keys_to


def _keys(cols: dict[str, Any]) -> dict[str, str]:
    """A table's foreign-key columns -> the tables they refer to."""
    return {
        c: str(v["references"]).split(".")[0]
        for c, v in cols.items()
        if isinstance(v, dict) and v.get("generator") == "foreign_key" and "references" in v
    }


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
    for name, table in tables.items():
        cols = table["columns"]
        fks = _keys(cols)
        targets = list(fks.values())
        rows = table.get("rows")
        per = rows.get("per") if isinstance(rows, dict) else None
        for col, b in fks.items():
            if targets.count(b) != 1 or b not in tables or any(k in cols[col] for k in ("match", "where", "distinct")):
                continue
            if b == per and rows.get("via", col) == col:
                continue  # made per B: the key is filled by construction and takes no 'match'
            paths = [
                (c, a)
                for c, a in fks.items()
                if a != b
                and a in tables
                and targets.count(a) == 1
                and len(keys_to(tables[a]["columns"], b)) == 1
                and (a, b) not in guessed
            ]
            if len(paths) != 1:
                continue  # no table it refers to is keyed to B, or two are and neither is said to be the path
            via, a = paths[0]
            if rows_of is not None and rows_of(a) <= rows_of(b):
                continue  # through fewer A's than B's, the record would leave most B's out
            if name in _keys(tables[b]["columns"]).values() or a == name:
                continue  # B refers back to this table: reading it through A would go round in a circle
            in_a = keys_to(tables[a]["columns"], b)[0]
            cols[col]["match"] = {str(tables[b]["primary_key"]): f"{via}.{in_a}"}
            one, of_a, of_b = head_of(name), head_of(a), head_of(b)
            notes.append(
                f"{name}.{col} is read through {via}: a {one}'s {of_b} is its {of_a}'s ({a}.{in_a}), so the two agree"
            )
