"""A count said per parent row that multiplies into a huge table at scale 1 (issue 20, draft61).

"10k visits per buyer" with no count of buyers asked: the catalogue's 1,000 buyers make 10,000,000 visits, which
nobody asked for (the request said the visits of one buyer, not how many buyers) and which takes minutes to
generate. "2,500 seed packets per lab sample" where 'lab sample' names no table of the draft: the count is put on
the table the seed packets were assumed to belong to (lockers, 52,632 of them), 131 million rows, a count said of
one thing applied to another. Each is re-read where its table's rows at scale 1 would pass ``HUGE_ROWS``:

- the count was said per a phrase that names no table of the draft, and the parent is only assumed: the count is
  read as the table's total (2,500 seed packets in all, each with a parent row drawn uniformly);
- the count was said per the parent it is made per, and the top table of the chain above it has no count the
  request asked (the catalogue's default, or 100): that top table gets fewer rows, so the table is about
  ``HUGE_ROWS`` rows; the count per parent row stays as asked;
- the request asked the top table's count too: the rows are the counts asked, multiplied; kept.

Each re-reading replaces the note it changes, so ``--explain`` says what the draft made.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

from simulacra.draft._nouns import singular

if TYPE_CHECKING:
    from simulacra.draft._compose import Entity

__all__ = ["HUGE_ROWS", "huge_per_parent"]

#: rows at scale 1 over which a table made per a parent row is re-read (a million rows generate in seconds;
#: ten million take most of a minute)
HUGE_ROWS = 1_000_000


def _mean(count: dict[str, Any]) -> float:
    mean = count.get("value", count.get("lam", count.get("mean")))
    if mean is None and count.get("values"):
        mean = sum(count["values"]) / len(count["values"])
    return float(mean) if mean is not None else 3.0


def _chain(tables: dict[str, dict[str, Any]], table: str) -> tuple[str, float] | None:
    """The top table of the chain a table is made per (a count of its own) and the rows per top row; None where
    the chain has a total, loops or is longer than eight."""
    factor, seen = 1.0, {table}
    rows = tables[table]["rows"]
    while isinstance(rows, dict):
        if "total" in rows or rows.get("per") not in tables or rows["per"] in seen or len(seen) > 8:
            return None
        factor *= _mean(rows.get("count", {}))
        table = rows["per"]
        seen.add(table)
        rows = tables[table]["rows"]
    return (table, factor) if isinstance(rows, int) else None


def _words(table: str) -> str:
    return table.replace("_", " ")


def _replace_note(notes: list[str], start: str, new: str) -> None:
    at = next((i for i, n in enumerate(notes) if n.startswith(start)), None)
    if at is None:
        notes.append(new)
    else:
        notes[at] = new


def huge_per_parent(order: list[Entity], tables: dict[str, dict[str, Any]], notes: list[str]) -> None:
    """Re-read each table made per a parent whose rows at scale 1 pass ``HUGE_ROWS`` (see the module)."""
    entities = {e.table: e for e in order}
    for e in order:
        table = tables.get(e.table)
        if table is None:
            continue
        rows = table.get("rows")
        if not isinstance(rows, dict) or e.parent is None or e.per_count is None or rows.get("per") != e.parent.table:
            continue
        chain = _chain(tables, e.table)
        if chain is None:
            continue
        top, factor = chain
        expected = tables[top]["rows"] * factor
        if expected <= HUGE_ROWS:
            continue
        parent = _words(singular(e.parent.table))
        said = f"{e.per_count:,.0f}" if float(e.per_count).is_integer() else f"{e.per_count:g}"
        if e.per_phrase and e.per_target is not e.parent and not e.per_phrase.isdigit():
            table["rows"] = max(1, round(e.per_count))
            _replace_note(
                notes,
                f"{e.table}: made per ",
                f"{e.table}: {said} said per '{e.per_phrase}', which names no table of the draft; made per "
                f"{parent} (an assumed parent) it would be about {expected:,.0f} rows: read as {said} in all, "
                f"each with a parent row of {e.parent.table} drawn uniformly",
            )
            continue
        owner = entities.get(top)
        if owner is None or owner.count is not None:
            continue  # the counts asked, multiplied: kept as asked
        before = tables[top]["rows"]
        after = max(1, math.floor(before * HUGE_ROWS / expected))
        if after >= before:
            continue
        tables[top]["rows"] = after
        _replace_note(
            notes,
            f"no count asked for {top}:",
            f"no count asked for {top}: {after:,} rows, not {before:,}: {said} {_words(e.table)} per {parent} "
            f"with {before:,} would make about {expected:,.0f} {_words(e.table)}; fewer {_words(top)} keep them "
            f"about {after * factor:,.0f} (say how many {_words(top)} to choose)",
        )
