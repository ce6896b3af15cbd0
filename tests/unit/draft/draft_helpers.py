"""Helpers the draft's tests share."""

from __future__ import annotations

import datetime as dt
import math
import random
import re
from typing import Any


def ref_targets(table: dict[str, Any]) -> list[str]:
    """The table each of a drafted table's foreign keys points at, in column order (a table twice where two keys
    point at it)."""
    return [
        str(c["references"]).split(".")[0]
        for c in table["columns"].values()
        if isinstance(c, dict) and c.get("generator") == "foreign_key"
    ]


def refs(table: dict[str, Any]) -> set[str]:
    """The tables a drafted table's foreign keys point at."""
    return set(ref_targets(table))


def keys_to(table: dict[str, Any], parent: str) -> list[str]:
    """The foreign-key columns of drafted ``table`` that point at ``parent``, in column order."""
    return [
        name
        for name, c in table["columns"].items()
        if isinstance(c, dict) and c.get("generator") == "foreign_key" and str(c["references"]).split(".")[0] == parent
    ]


def first_key_to(table: dict[str, Any], parent: str) -> str | None:
    """The first foreign-key column of drafted ``table`` that points at ``parent``; None where none does."""
    return next(iter(keys_to(table, parent)), None)


def primary_key(spec: dict[str, Any], table: str) -> str:
    """The primary key of ``table`` in a drafted spec."""
    return str(spec["tables"][table]["primary_key"])


def has_dates(table: dict[str, Any]) -> bool:
    """Whether a drafted table has a date or date-time column."""
    return any(isinstance(c, dict) and c.get("generator") in ("date", "datetime") for c in table["columns"].values())


def rows_per_parent(frames: dict[str, Any], child: str, parent: str, key: str) -> list[int]:
    """Rows of ``child`` per row of ``parent`` (through ``key``), parents with none counted as 0."""
    per: list[int] = frames[child].group_by(key).len()["len"].to_list()
    return per + [0] * (frames[parent].height - len(per))


def club_town(city: str) -> str:
    """A city as a club's name takes it: 'Halle (Saale)' is Halle, 'Paris 04 Hôtel-de-Ville' is Paris."""
    return re.sub(r" \d+\b.*$", "", re.sub(r" \(.*\)$", "", city))


def draft_said(template: str, said: str) -> dict[str, Any]:
    """The spec drafted offline from ``template`` with its count ``{n}`` said as ``said``."""
    from simulacra.draft import draft

    return draft(template.format(n=said)).spec


def key_to(spec: dict[str, Any], table: str, parent: str) -> str:
    """The column of drafted ``table`` that refers to ``parent``."""
    return next(
        c
        for c, col in spec["tables"][table]["columns"].items()
        if isinstance(col, dict) and str(col.get("references", "")).startswith(f"{parent}.")
    )


def assert_capped_joining_table(
    spec: dict[str, Any], link: str, owner: str, other: str, bound: int, total: int, seed: int
) -> None:
    """``link`` joins ``owner`` and ``other``, is made per owner with ``total`` rows in all, and the rows it
    generates give every owner at most ``bound`` of them, spread (more than two counts), ``total`` in all."""
    import simulacra

    rows = spec["tables"][link]["rows"]
    assert isinstance(rows, dict) and rows["per"] == owner and rows["total"] == total
    assert {owner, other} <= refs(spec["tables"][link])
    frames = simulacra.generate(spec, seed=seed).frames
    per = rows_per_parent(frames, link, owner, key_to(spec, link, owner))
    assert frames[link].height == total
    assert max(per) <= bound and len(set(per)) > 2


def assert_record_refers_to(tables: dict[str, Any], records: str, doers: str, partners: str | None) -> None:
    """The doer (and the partner, where one is said) are drafted tables that the act's record refers to."""
    assert {doers, records} <= set(tables)
    assert doers in refs(tables[records])
    if partners is not None:
        assert partners in tables and partners in refs(tables[records])


def assert_keys_point_at_rows(spec: dict[str, Any], frames: dict[str, Any], records: str, parents: list[str]) -> None:
    """Rows of ``records`` were generated and each one's key to every table of ``parents`` is a real row's key."""
    assert frames[records].height > 0
    for parent in parents:
        col = key_to(spec, records, parent)
        pk = spec["tables"][parent]["primary_key"]
        assert set(frames[records][col].drop_nulls().to_list()) <= set(frames[parent][pk].to_list())


#: a sequence key column of a spec written by hand (a model's replayed answer)
SEQUENCE_COLUMN: dict[str, str] = {"generator": "sequence"}


def spec_table(rows: Any, columns: dict[str, Any], **extra: Any) -> dict[str, Any]:
    """A table of a spec written by hand: its rows, any other fields, the first column its key."""
    return {"rows": rows, **extra, "primary_key": next(iter(columns)), "columns": columns}


def fk_column(ref: str) -> dict[str, str]:
    """A foreign-key column of a spec written by hand, referencing ``ref`` (``table.column``)."""
    return {"generator": "foreign_key", "references": ref}


def made_per(spec: dict[str, Any], parent: str) -> str:
    """The one table of a drafted spec whose rows are made per row of ``parent``."""
    found = [t for t, ts in spec["tables"].items() if isinstance(ts["rows"], dict) and ts["rows"].get("per") == parent]
    assert len(found) == 1, found
    return found[0]


def parent_starts(rows_spec: dict[str, Any], parents: Any, parent: str) -> list[dt.datetime | None]:
    """Each parent row's own start, where the rows' count is the steps left after it (``rows.equals`` names the
    parent's date column), as a date-time; None for every row where the count is the whole grid (draft64)."""
    named = [c for c in parents.columns if c in str(rows_spec.get("equals", ""))]
    if not named:
        return [None] * len(parents)
    assert len(named) == 1, (parent, named)
    out: list[dt.datetime | None] = []
    for v in parents[named[0]]:
        out.append(None if v is None else v if isinstance(v, dt.datetime) else dt.datetime.combine(v, dt.time()))
    return out


def grid_rows(spec: dict[str, Any], frames: Any, table: str, parent: str, full: int, step_s: int) -> int:
    """Rows a table made per parent row and step holds: ``full`` grid steps for each parent, less the steps
    before a parent's own start where it has one (draft64: a mast put up mid-span is read from then on). The grid's
    first instant is the one the spec's step expression starts from."""
    cols = spec["tables"][table]["columns"]
    exprs = " ".join(str(c.get("expr", "")) for c in cols.values() if isinstance(c, dict))
    found = re.search(r"(?:TIMESTAMP|DATE) '(\d{4}-\d{2}-\d{2})", exprs)
    assert found is not None, exprs
    origin = dt.datetime.fromisoformat(found.group(1))
    total = 0
    for began in parent_starts(spec["tables"][table]["rows"], frames[parent], parent):
        skipped = 0 if began is None else max(0, math.ceil((began - origin).total_seconds() / step_s))
        total += max(0, full - skipped)
    return total


def step_requests(
    seed: int,
    n: int,
    settings: list[tuple[str, str, str]],
    steps: list[tuple[int, str, int]],
    spans: list[tuple[str, dt.date, dt.date]],
    most: int,
    counts: tuple[int, int],
) -> list[tuple[str, int, dt.date, dt.date, str]]:
    """``n`` requests of rows made per parent row and step, drawn (``seed``) from ``settings`` (setting, parents, the
    rows' noun), ``steps`` (number, unit as said, seconds in the unit) and ``spans`` (said, first day, last day),
    ``counts`` parents (inclusive), none making more than ``most`` rows per parent: (text, step in seconds, first
    day, last day, parents as said). A unit said ``s`` is written against its number ("every 30s"). draft63/64."""
    rng = random.Random(seed)
    out: list[tuple[str, int, dt.date, dt.date, str]] = []
    while len(out) < n:
        setting, parents, noun = rng.choice(settings)
        k, unit, size = rng.choice(steps)
        said, first, last = rng.choice(spans)
        if math.ceil(((last - first).days + 1) * 86_400 / (k * size)) > most:
            continue
        count = rng.randint(*counts)
        text = f"{setting}: {count} {parents} with {noun} every {k}{'' if unit == 's' else ' '}{unit} {said}"
        out.append((text, k * size, first, last, parents))
    return out
