"""A drafted spec's counts at a scale: what grows with ``simulacra draft --scale F`` and what does not (issue 20,
draft53).

A request's counts are of two sorts. A *population* ("2,000 patients", "30,000 shipments") is a sample's size: at
scale F it is F times as many, rounded, and a table the request names without a count (a catalogue kind's default
rows) follows the populations said, so the tables keep their proportions at any size. A *fixed set* is not a
sample: the teams of a league (its games pair each of them with every other), the 12 months or 7 weekdays of a
calendar, a venue's stages; its rows are the same at every scale and it is written ``static`` so that
``generate --scale`` leaves it too. Children made per parent row keep their count per parent, so the ratio between
the tables holds (within rounding). A small copy still has every table: a count scaled below one is one row (a
5-row table at 0.1 was none, and every row pointing at it had nothing to point at), and a table that two keys of
one row point at (a match's two clubs, a user following another) keeps two.

Each scaled count is said in the draft's assumptions with its rule, so ``--explain`` lists them.

The rule is the same whichever drafter wrote the spec: the rule-based composer's counts and a language model's are
scaled here alike (a model writes the request's counts as asked; its answer is scaled after it validates). A model
may write a count the loader reads as a number in another way ("50.0", "'50'", ``static: 'no'``): ``counts_as_read``
writes each as the loader reads it first, so no count escapes the scale for being written oddly. What the model
wrote explicitly is never overridden by these rules: a calendar set written ``static: false`` stays a sample (the
rule fills ``static`` only where it is left out) and the notes say the rule's default was not applied; its counts
change by the scale asked only.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

from simulacra._scaled_rows import scaled_rows
from simulacra.errors import SpecError
from simulacra.generation._budget import check_scale as check_generated_scale

if TYPE_CHECKING:
    from collections.abc import Iterable

    from simulacra.draft._catalogue import Kind
    from simulacra.spec.plan import Plan

#: names of calendar sets, each with its size: a table of them is the whole set, whatever the scale
CALENDAR_SETS = {
    "months": 12,
    "weekdays": 7,
    "days_of_week": 7,
    "days_of_the_week": 7,
    "quarters": 4,
    "hours_of_day": 24,
}


def check_scale(scale: float) -> float:
    """``scale`` as a float, checked as ``generate --scale`` checks it (a finite number), and above 0: a draft at 0
    would have no rows, and every table keeps one. A SpecError (exit 2) otherwise."""
    value = check_generated_scale(scale)
    if value == 0:
        raise SpecError("draft: --scale must be above 0 (found 0): every drafted table keeps a row")
    return value


def population_factor(said: Iterable[tuple[int, int]]) -> float | None:
    """How much larger the request's populations are than the catalogue's: the geometric mean, over the counts
    said of catalogue kinds, of (count said / the kind's default rows); None where none is said. A geometric mean,
    so that "5 dentists" and "2,000 patients" weigh alike whichever is the larger number."""
    logs = [math.log(n / d) for n, d in said if n > 0 and d > 0]
    return math.exp(sum(logs) / len(logs)) if logs else None


def following(default: int, factor: float | None) -> int:
    """A catalogue kind's default rows where the request names the table without a count: the default times the
    populations' factor, rounded, at least 1 (the default where no population is said)."""
    return default if factor is None else max(1, round(default * factor))


def catalogue_per(kind: Kind, parent: Kind | None, parent_role: str | None) -> tuple[dict[str, Any], float, str | None]:
    """The count of ``kind`` per parent row the catalogue believes, its share of parents with none, and why where it
    is not the kind's own ``per``: the kind's ``per`` is said of a parent of its first slot (3 orders per customer);
    made per a kind of a later slot only (orders per store, shipments per driver) the rows per parent are the
    catalogue's default rows of the two in ratio (3,000 orders to 20 stores: 150 per store), at least one each
    where there are one or more (issue 20, draft68). A parent no slot names (sales assumed per car) keeps ``per``."""
    assert kind.per is not None

    def named(slot: tuple[str, ...]) -> bool:
        return parent is not None and (parent.name in slot or (parent_role is not None and f"@{parent_role}" in slot))

    if not kind.parents or named(kind.parents[0]) or not any(named(slot) for slot in kind.parents[1:]):
        return dict(kind.per), kind.zero_rate, None  # its own parent, or one the catalogue does not relate
    assert parent is not None
    ratio = kind.rows / max(1, parent.rows)
    mean = float(f"{ratio:.3g}")
    count: dict[str, Any] = {"distribution": "poisson", "lam": mean}
    if mean >= 1:
        count["min"] = 1
    why = f"the catalogue's {kind.rows:,} {kind.table.replace('_', ' ')} to {parent.rows:,} {parent.table.replace('_', ' ')}"
    return count, 0.0, why


def mark_fixed_set(table: dict[str, Any]) -> bool:
    """Write a table of a number of rows ``static`` (a fixed set: ``generate --scale`` leaves its rows); whether
    it is (a table made per parent rows follows its parent instead)."""
    if not isinstance(table.get("rows"), int):
        return False
    table["static"] = True
    return True


def counts_as_read(spec: dict[str, Any], plan: Plan) -> None:
    """Write each table's ``rows``, ``rows.total`` and ``static`` of ``spec`` (the mapping ``plan`` was loaded from)
    as the loader read them, where they are written as another type (a float, a string, a bool for a count): the
    scale reads counts written as integers and a fixed set's flag written as a bool. Those written so stay as they
    are, so a spec written plainly keeps its bytes."""
    tables: dict[str, Any] = spec.get("tables", {})
    for name, read in plan.spec.tables.items():
        table = tables.get(name)
        if not isinstance(table, dict):
            continue
        rows = table.get("rows")
        if isinstance(read.rows, int):
            if type(rows) is not int:
                table["rows"] = read.rows
        elif isinstance(rows, dict) and read.rows.total is not None and type(rows.get("total")) is not int:
            rows["total"] = read.rows.total
        if "static" in table and type(table["static"]) is not bool:
            table["static"] = read.static


def _calendar_sets(tables: dict[str, Any], notes: list[str]) -> None:
    """A root table named as a calendar set with no more rows than the set has: the set itself, static, where the
    spec leaves ``static`` out. A ``static: false`` the model wrote is its choice, which the rule only fills around:
    the table stays a sample that ``--scale`` scales, and the notes say so (issue 20, draft58)."""
    for name, table in tables.items():
        size = CALENDAR_SETS.get(name)
        rows = table.get("rows")
        if size is None or not isinstance(rows, int) or rows > size:
            continue
        if "static" not in table:
            mark_fixed_set(table)
            notes.append(f"{name}: {rows} rows, a calendar set: the same at every --scale (static)")
        elif table["static"] is False:
            notes.append(
                f"{name}: {rows} rows, a calendar set, written static: false by the model: kept, so --scale scales "
                "it (the rule would make it static)"
            )


def _least_rows(name: str, tables: dict[str, Any]) -> int:
    """The fewest rows ``name`` may have: 2 where one row of another table points at two of its rows (a match's
    home and away club), else 1."""
    for table in tables.values():
        keys = [
            c
            for c in table.get("columns", {}).values()
            if isinstance(c, dict)
            and c.get("generator") == "foreign_key"
            and str(c.get("references", "")).split(".")[0] == name
        ]
        if len(keys) >= 2:
            return 2
    return 1


def _scaled(n: int, scale: float, least: int) -> int:
    """``n`` times ``scale`` by generate's rule (``_scaled_rows``: never a positive count to none), and at least
    ``least``."""
    return max(least, scaled_rows(n, scale))


def _count_reach(count: dict[str, Any]) -> tuple[float, float] | None:
    """The fewest and most children one parent row can have under a count the draft writes for a total (a bound
    "1 to 3 each", or a fixed number); None for another distribution (no bound the draft can keep)."""
    kind = count.get("distribution")
    if kind == "fixed":
        v = float(count.get("value", 0))
        return v, v
    if kind == "categorical":
        values = [float(v) for v in count.get("values", [])]
        return (min(values), max(values)) if values else None
    return None


def scale_counts(spec: dict[str, Any], scale: float, notes: list[str]) -> None:
    """Scale a drafted spec's counts in place by ``scale`` (the rules in the module's doc), saying each in
    ``notes``. At scale 1 only the calendar sets are marked (their rows are already the set)."""
    tables: dict[str, Any] = spec.get("tables", {})
    _calendar_sets(tables, notes)
    if scale == 1:
        return
    s = f"scale {scale:g}"
    for name, table in tables.items():
        rows = table.get("rows")
        if isinstance(rows, int) and table.get("static"):
            notes.append(f"{name}: {rows:,} rows at {s} as at 1: a fixed set, not scaled (static)")
        elif isinstance(rows, int):
            least = _least_rows(name, tables)
            table["rows"] = new = _scaled(rows, scale, least)
            why = ""
            if round(rows * scale) < least:
                why = (
                    " (at least two: a row of another table points at two of them)"
                    if least == 2
                    else " (at least one: every table keeps a row)"
                )
            notes.append(f"{name}: {rows:,} rows x {s} = {new:,}{why}")
        elif isinstance(rows, dict) and rows.get("total") is not None:
            _scale_total(name, rows, tables, scale, notes)
        elif isinstance(rows, dict):
            notes.append(f"{name}: made per {rows.get('per')} row as at scale 1, so it follows their rows at {s}")


def _scale_total(name: str, rows: dict[str, Any], tables: dict[str, Any], scale: float, notes: list[str]) -> None:
    """A total spread over the parent rows, scaled as a population and kept within what the scaled parents can
    hold (each within the count's bound), at least one."""
    total = int(rows["total"])
    new = _scaled(total, scale, 1)
    parent = tables.get(str(rows.get("per")), {}).get("rows")
    reach = _count_reach(rows.get("count", {})) if isinstance(parent, int) and rows.get("by") is None else None
    if reach is not None and isinstance(parent, int):
        lo, hi = math.ceil(parent * reach[0]), math.floor(parent * reach[1])
        if lo <= hi:
            new = min(max(new, lo), hi)
    rows["total"] = new
    notes.append(
        f"{name}: {total:,} rows in all x scale {scale:g} = {new:,}, spread over the {rows.get('per')} as at "
        "scale 1 (within what each may have)"
    )
