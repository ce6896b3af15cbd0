"""What a database declares beyond its keys, drafted into the spec: NOT NULL, UNIQUE constraints and CHECKs
(issue 13).

``read_database`` reads them (``Source.not_null``, ``Source.unique``, ``Source.checks``); here they become the
spec's own forms: a NOT NULL column a ``column`` constraint with ``not_null: true`` (and no ``null_rate``), a
single column's UNIQUE the column's ``unique: true``, several columns' a ``unique`` constraint, a CHECK (a
DOMAIN's too, on each column of that type) a ``check`` constraint in the spec's SQL. A partial unique index
(``Source.partial_unique``) whose columns the source repeats in no row is drafted as unique over every row
(stricter, so samples keep it); one the source repeats outside its WHERE cannot be said in the spec and is named
in a note. A check the spec's SQL cannot read (a function it does not have, an
operator it does not know) or that names a column the spec has not, is left out with a note naming the table,
the constraint and why. What the database declares wins over what the draft guessed from the data: a column the
draft did not make unique is made so, and a declared check is kept even where source rows break it (noted).
"""

from __future__ import annotations

from typing import Any

import polars as pl

from simulacra.sources import Source
from simulacra.spec.refs import expression_for, root_names

__all__ = ["declared_structure"]


def _said(name: str | None) -> str:
    return f"'{name}'" if name else "(unnamed)"


def _repeats(frame: pl.DataFrame, columns: tuple[str, ...]) -> int:
    """Rows of ``frame`` whose ``columns`` (none null) another row holds too."""
    return int(frame.drop_nulls(list(columns)).select(list(columns)).is_duplicated().sum())


def declared_structure(
    src: Source,
    frames: dict[str, pl.DataFrame],
    names: dict[str, str],
    data: dict[str, Any],
    comments: dict[tuple[str, ...], str],
) -> list[str]:
    """Draft ``src``'s declared uniques and checks into ``data`` (the spec as plain data) and ``comments``;
    the notes on what was left out or where the declaration overrode the data's draft."""
    notes: list[str] = []
    tables: dict[str, Any] = data.get("tables") or {}
    constraints: list[dict[str, Any]] = list(data.get("constraints") or [])

    def add(con: dict[str, Any], why: str) -> None:
        comments[("constraints", str(len(constraints)))] = why
        constraints.append(con)

    for t, columns in src.not_null.items():
        tn = names.get(t, t)
        if tn not in tables or t not in frames:
            continue
        cols = tables[tn].get("columns") or {}
        for c in columns:
            if c not in cols:
                continue
            if cols[c].get("null_rate"):
                cols[c]["null_rate"] = 0.0
            if any(con.get("table") == tn and con.get("column") == c and con.get("not_null") for con in constraints):
                continue
            add({"table": tn, "column": c, "not_null": True}, "declared in the database: NOT NULL")
    for t in dict.fromkeys([*src.unique, *src.partial_unique]):
        tn = names.get(t, t)
        if tn not in tables or t not in frames:
            continue
        cols = tables[tn].get("columns") or {}
        pk = tables[tn].get("primary_key")
        sets: list[tuple[tuple[str, ...], str]] = [(u, "") for u in src.unique.get(t, [])]
        for index, u, cond in src.partial_unique.get(t, []):
            said = f"partial unique index '{index}' ({', '.join(u)}) WHERE {cond}"
            dups = 0 if any(c not in frames[t].columns for c in u) else _repeats(frames[t], u)
            if dups or any(c not in cols for c in u):
                why = (
                    f"the source repeats {dups:,} row(s) of it outside the WHERE"
                    if dups
                    else "a column of it is not in the spec"
                )
                notes.append(
                    f"table '{t}': {said} is not in the spec: its unique holds over every row, not some, and {why}; "
                    "a sample may repeat it among the rows the WHERE picks, which the database would refuse"
                )
                continue
            sets.append((u, f"{said}, kept as unique over every row (stricter: the source repeats none)"))
        for u, partial in sets:
            missing = [c for c in u if c not in cols]
            if missing:
                notes.append(
                    f"table '{t}': declared UNIQUE ({', '.join(u)}) left out: column {', '.join(missing)} is not in "
                    "the spec (a type it cannot hold)"
                )
                continue
            dups = _repeats(frames[t], u)
            broken = f"; the source repeats {dups:,} row(s) of it, the samples will not" if dups else ""
            if len(u) == 1:
                if pk == u[0]:
                    continue
                c = u[0]
                path = ("tables", tn, "columns", c)
                if not cols[c].get("unique"):
                    cols[c]["unique"] = True
                    notes.append(
                        f"table '{t}', column '{c}': unique, as the database declares (the draft from the data had "
                        f"not made it unique){broken}"
                    )
                said = (
                    f"unique: declared in the database ({partial})"
                    if partial
                    else ("unique: declared in the database (UNIQUE constraint or unique index)")
                )
                comments[path] = (comments.get(path, "") + "; " if comments.get(path) else "") + said
                continue
            held = [i for i, con in enumerate(constraints) if con.get("table") == tn and con.get("unique")]
            if any(set(constraints[i]["unique"]) == set(u) for i in held):
                i = next(i for i in held if set(constraints[i]["unique"]) == set(u))
                key = ("constraints", str(i))
                comments[key] = f"declared in the database ({partial or 'UNIQUE'}); " + comments.get(key, "")
                continue
            what = partial or f"UNIQUE ({', '.join(u)})"
            add({"table": tn, "unique": list(u)}, f"declared in the database: {what}{broken}")
    for t, checks in src.checks.items():
        tn = names.get(t, t)
        if tn not in tables or t not in frames:
            continue
        frame = frames[t]
        cols = set(tables[tn].get("columns") or {})
        for name, text in checks:
            where = f"table '{t}': CHECK {_said(name)} ({text}) left out"
            try:
                used = root_names(text)
                unknown = [c for c in used if c not in cols]
                if unknown:
                    notes.append(f"{where}: it reads {', '.join(unknown)}, not a column of the spec's {tn}")
                    continue
                ok = frame.select(expression_for(text, frame.schema).alias("ok")).to_series()
            except Exception as exc:  # noqa: BLE001 - polars raises several types for what it cannot read
                why = str(exc).splitlines()[0] if str(exc).strip() else type(exc).__name__
                notes.append(f"{where}: the spec's SQL cannot read it ({why})")
                continue
            if ok.dtype != pl.Boolean:
                notes.append(f"{where}: the spec's SQL reads it as {ok.dtype}, not as true or false")
                continue
            n_broken = int((~ok.fill_null(True)).sum())
            if any(con.get("table") == tn and con.get("check") == text for con in constraints):
                continue
            why = f"declared in the database: CHECK {_said(name)}"
            if n_broken:
                why += f"; {n_broken:,} source row(s) break it, the samples will not"
                notes.append(
                    f"table '{t}': CHECK {_said(name)} ({text}) kept as declared; {n_broken:,} source row(s) break it"
                )
            add({"table": tn, "check": text}, why)
    if constraints:
        data["constraints"] = constraints
    return notes
