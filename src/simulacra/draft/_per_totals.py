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

A count per parent row the request did not say (the catalogue's guess: 3 orders per customer, 300 pupils per
school) under a large count it did say ("2 million patients, their visits and prescriptions": 6,000,000 visits
guessed) is lowered by ``bound_guessed_counts`` (issue 20, draft63), so no table made of guesses passes
``HUGE_ROWS`` or the largest count asked above it, whichever is larger; counts said are never changed. A count the
catalogue gives as one or more per parent row (3 appointments per doctor) is lowered to one per parent at the least,
never below: a child is never scarcer than its parent (issue 20, draft68).

A table the request names without a count and with no parent (doctors beside "2M clinics") follows the counts said
by the catalogue's ratios (``_scaled_counts.following``); ``bound_followed_rows`` keeps it within what the user set:
no more rows than ``HUGE_ROWS`` or the largest count said, whichever is larger, and no more than a table said under
it that the catalogue makes one or more per parent row (parents fewer than their children) (issue 20, draft68).
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

from simulacra.draft._nouns import singular

if TYPE_CHECKING:
    from simulacra.draft._compose import Entity

__all__ = ["HUGE_ROWS", "bound_followed_rows", "bound_guessed_counts", "huge_per_parent"]

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


def _factor(rows: dict[str, Any]) -> float:
    """Rows per parent row on average: the count's mean less the parents that have none."""
    return _mean(rows.get("count", {})) * (1.0 - float(rows.get("zero_rate", 0.0) or 0.0))


def _down(x: float) -> float:
    """``x`` rounded down to three significant digits (a count's mean as a person writes it)."""
    if x <= 0:
        return 0.0
    unit = 10.0 ** (math.floor(math.log10(x)) - 2)
    return round(math.floor(x / unit + 1e-9) * unit, 12)


def _scaled(count: dict[str, Any], mean: float) -> dict[str, Any]:
    """The count with its mean lowered to ``mean`` (its shape kept where it has a mean of its own; a fixed
    value, a categorical or uniform one made a poisson); a least count above the new mean is lowered."""
    kind = count.get("distribution")
    if kind == "negative_binomial":
        out = dict(count, mean=mean)
    elif kind == "poisson":
        out = dict(count, **{"lam" if "lam" in count else "mean": mean})
    elif kind == "fixed" and float(mean).is_integer():
        out = dict(count, value=mean)
    else:
        out = {"distribution": "poisson", "lam": mean}
        out.update({k: count[k] for k in ("min", "max") if k in count})
    if "min" in out and float(out["min"]) > mean:
        low = math.floor(mean)
        if low > 0:
            out["min"] = low
        else:
            del out["min"]
    if "min" in out and 1 <= float(out["min"]) <= mean <= float(out["min"]) + 0.5:  # the least count is the count
        return {"distribution": "fixed", "value": float(math.floor(mean))}
    if "max" in out and "min" in out and out["max"] < out["min"]:
        del out["max"]
    return out


def bound_guessed_counts(order: list[Entity], tables: dict[str, dict[str, Any]], notes: list[str]) -> None:
    """Lower the counts per parent row the request did not say where a table they make would pass ``HUGE_ROWS``
    and every count asked above it (see the module). The table's own guessed count is lowered first, then the
    ones above it, each to no fewer than one per parent while another is left, the nearest below one last;
    a chain whose counts were all said is kept as multiplied. Runs after ``huge_per_parent``."""
    entities = {e.table: e for e in order}

    def guessed(e: Entity) -> bool:
        return e.per_count is None and e.per_range is None

    def chain(e: Entity) -> list[Entity] | None:
        out, seen = [e], {e.table}
        while True:
            rows = tables.get(out[-1].table, {}).get("rows")
            if isinstance(rows, int):
                return out
            up = out[-1].parent
            if (
                not isinstance(rows, dict)
                or "total" in rows
                or up is None
                or rows.get("per") != up.table
                or up.table in seen
                or entities.get(up.table) is not up
                or len(out) > 8
            ):
                return None
            out.append(up)
            seen.add(up.table)

    chains = [(e, c) for e in order if e.table in tables and (c := chain(e)) is not None and len(c) > 1]
    for e, links in sorted(chains, key=lambda ec: len(ec[1])):  # parents before their children
        top = links[-1]
        top_rows = int(tables[top.table]["rows"])
        per = [links[i] for i in range(len(links) - 1)]  # each made per the next
        expected = top_rows * math.prod(_factor(tables[x.table]["rows"]) for x in per)
        bound = max(HUGE_ROWS, top_rows if top.count is not None else 0)
        if expected <= bound:
            continue
        ours = [x for x in per if guessed(x) and _factor(tables[x.table]["rows"]) > 0]
        if not ours:
            continue  # the counts asked, multiplied: kept as asked
        need = bound / expected  # the share of rows to keep
        lowered: list[tuple[Entity, float, float]] = []
        for x in ours:  # no fewer than one per parent row while another guess is left above
            if need >= 1:
                break
            mean = _mean(tables[x.table]["rows"]["count"])
            if mean <= 1:
                continue
            new = _down(max(1.0, mean * need))
            need *= mean / new
            lowered.append((x, mean, new))
        below_one = [x for x in ours if _mean(tables[x.table]["rows"]["count"]) < 1]
        if need < 1 and below_one:  # then the nearest guessed below one already (never one of one or more: draft68)
            x = below_one[0]
            mean = next((n for y, _, n in lowered if y is x), _mean(tables[x.table]["rows"]["count"]))
            new = _down(mean * need)
            if new <= 0:
                continue
            lowered = [t for t in lowered if t[0] is not x] + [
                (x, next((m for y, m, _ in lowered if y is x), mean), new)
            ]
        for x, mean, new in lowered:
            rows = tables[x.table]["rows"]
            rows["count"] = _scaled(rows["count"], new)
            for key, count in list(rows.get("counts", {}).items()):  # the counts by a parent's value, alike
                if isinstance(count, dict) and _mean(count) > 0:
                    rows["counts"][key] = _scaled(count, _down(_mean(count) * new / mean))
        after = top_rows * math.prod(_factor(tables[x.table]["rows"]) for x in per)
        said = (
            f"{top_rows:,} {_words(top.table)} asked" if top.count is not None else f"{top_rows:,} {_words(top.table)}"
        )
        changes = ", ".join(
            f"{_words(x.table)} {new:g} per {_words(singular(x.parent.table)) if x.parent else '?'}, not {mean:g}"
            for x, mean, new in lowered
        )
        notes.append(
            f"warning: {e.table}: about {expected:,.0f} rows with the counts per parent row the draft guessed "
            f"({said}), over {bound:,}: {changes} (guessed, not asked), so about {after:,.0f}; say how many "
            f"{_words(e.table)} per {_words(singular(e.parent.table)) if e.parent else 'parent'} to choose"
        )


def several_per_parent(e: Entity) -> bool:
    """Whether the catalogue makes ``e``'s kind one or more per parent row (3 appointments per patient, 1 payment
    per order); a kind it makes fewer than one of (0.8 prescriptions per appointment), none per parent or an unknown
    noun is not."""
    per = e.kind.per if e.kind is not None else None
    return per is not None and _mean(per) * (1.0 - e.kind.zero_rate if e.kind else 1.0) >= 1


def bound_followed_rows(order: list[Entity], tables: dict[str, dict[str, Any]], notes: list[str]) -> None:
    """Keep each root table the request names without a count, sized by the catalogue's ratio to the counts said,
    within what the user set (see the module): no more than ``HUGE_ROWS`` or the largest count said, and no more
    than the rows of a table said made per it that the catalogue makes one or more per parent row. Replaces the
    table's note with how it was sized. Runs before ``huge_per_parent``."""
    said = [int(e.count) for e in order if e.count is not None and isinstance(tables.get(e.table, {}).get("rows"), int)]
    if not said:
        return
    cap = max(HUGE_ROWS, max(said))
    for e in order:
        table = tables.get(e.table)
        if table is None or e.count is not None or e.kind is None or e.parent is not None:
            continue
        rows = table.get("rows")
        if not isinstance(rows, int) or table.get("static"):
            continue
        bound, why = cap, f"the largest count said or {HUGE_ROWS:,}, whichever is larger"
        for c in order:
            crows = tables.get(c.table, {}).get("rows")
            if c.parent is e and c.count is not None and isinstance(crows, int) and several_per_parent(c):
                if crows < bound:
                    bound, why = crows, f"the {crows:,} {_words(c.table)} said, one or more per {_words(e.kind.name)}"
        if rows <= bound:
            continue
        table["rows"] = after = max(1, bound)
        _replace_note(
            notes,
            f"no count asked for {e.table}:",
            f"no count asked for {e.table}: {after:,} rows, not {rows:,} (the catalogue's ratio to the counts said): "
            f"no more than {why}",
        )
