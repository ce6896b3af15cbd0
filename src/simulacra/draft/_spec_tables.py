"""Reading one table of a composed spec: its key to another table, whether it is of people, when its row happened.

The passes that rewrite the composer's spec (progress records, reviews) read tables the same way; one home each.
"""

from __future__ import annotations

from typing import Any

from simulacra.draft._sport import keys_to


def key_to(table: dict[str, Any], target: str) -> str | None:
    """The first column of ``table`` that is a foreign key to table ``target``, or None."""
    return next(iter(keys_to(table["columns"], target)), None)


def is_person(table: dict[str, Any]) -> bool:
    """A table of people: the composer gives each person a first name."""
    return "first_name" in table["columns"]


def date_of(table: dict[str, Any]) -> str | None:
    """The column saying when the table's row happened: its first drawn date or datetime, else its first
    expression giving one (a ticket's ``sold_at``, days before the act). A drawn date comes first: where a table
    has both, the expression is the start of the calendar period the row falls in (a weekly row's ``week_start``)
    and the drawn date is after it."""
    cols = [(str(n), c) for n, c in table["columns"].items() if isinstance(c, dict)]
    drawn = [n for n, c in cols if c.get("generator") in ("date", "datetime")]
    derived = [n for n, c in cols if c.get("generator") == "expression" and c.get("dtype") in ("date", "datetime")]
    return next(iter(drawn + derived), None)


def filled_by_rows(table: dict[str, Any], key: str) -> bool:
    """The key a table's rows are made per (``rows: {per: P}``: its one key to P, or ``via``): filled by
    construction, it takes no ``match`` or ``where`` (a spec that gives it one does not validate)."""
    rows = table.get("rows")
    if not isinstance(rows, dict) or "per" not in rows:
        return False
    if "via" in rows:
        return rows["via"] == key
    per = f"{rows['per']}."
    col = table["columns"].get(key)
    return isinstance(col, dict) and col.get("generator") == "foreign_key" and str(col["references"]).startswith(per)
