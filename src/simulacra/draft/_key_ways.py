"""Runs of foreign keys from one table of a composed spec to another: an order line's customer is its order's.

A pass that reads a row's relative through its keys (a review's product through its order line, its customer
through the line's order) writes the run dotted, in a ``match`` or an ``after``: ``order_line_id.order_id.customer_id``
(the engine follows such runs from the row's own key, one table at a time).
"""

from __future__ import annotations

from typing import Any

from simulacra.draft._spec_tables import is_person

#: a run of keys: (the column followed, the table it reaches), one pair per key
Way = list[tuple[str, str]]


def foreign_keys(table: dict[str, Any]) -> list[tuple[str, str]]:
    """(column, the table it refers to) for each foreign key of ``table``, in column order."""
    return [
        (str(n), str(c.get("references", "")).split(".")[0])
        for n, c in table["columns"].items()
        if isinstance(c, dict) and c.get("generator") == "foreign_key"
    ]


def ways(tables: dict[str, Any], start: str, goal: str, avoid: tuple[str, ...] = ()) -> list[Way]:
    """Each run of one or two keys from table ``start`` to table ``goal``, the one-key runs first (in column order):
    not through a table of people (a customer's other orders are no relative of an order line) nor through
    ``avoid``."""
    out: list[Way] = [[(c, to)] for c, to in foreign_keys(tables[start]) if to == goal]
    for c, mid in foreign_keys(tables[start]):
        if mid in tables and mid not in (start, goal, *avoid) and not is_person(tables[mid]):
            out += [[(c, mid), (c2, to)] for c2, to in foreign_keys(tables[mid]) if to == goal]
    return out


def read(key: str, way: Way) -> str:
    """The dotted run by which a row whose column ``key`` refers to the way's start reads the way's end:
    ``read("order_line_id", [("order_id", "orders"), ("customer_id", "customers")])`` is
    ``order_line_id.order_id.customer_id``."""
    return ".".join([key, *(c for c, _ in way)])
