"""The review step after a draft is generated: validate, check plausibility, repair within bounds.

Checks, on data generated from the spec (in memory):

- ``validate``: every check ``simulacra validate`` runs (keys, foreign keys, ranges, scenario shares...);
- empty scenarios: a scenario that got no row (its rate times its table's rows is below one) is set to
  ``count: 1``; a scenario that changes no column is reported (its rows look like any other);
- unused tables: a table no foreign key links to or from (in a spec of several tables) is reported; a
  table that came out empty is reported;
- distributions outside their declared range: a numeric column whose draws pile up at its ``min`` or
  ``max`` (more than 2% of rows clipped) gets a narrower spread (normal ``std``, lognormal ``sigma``)
  so that about 1% are clipped; its centre (mean, median) is never moved.

Repairs never change a table, a key or a relation, nor a value the request said (``said``: a count, a rate, a
locale, a span, a count per parent row): a check that finds a said value implausible reports it, with the value and
why, and keeps it (``kept as asked: ...``); only what the draft assumed is repaired. Each repair is reported. A
repair that moved a said value anyway is a fault of the review: ``GenerationError`` names the value, where it is and
what it became.
"""

from __future__ import annotations

import copy
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import polars as pl

from simulacra.draft._draft import value_at
from simulacra.errors import GenerationError, Location

__all__ = ["Review", "review_draft", "review_spec"]

CLIP_LIMIT = 0.02  # share of rows at a bound above which a distribution is said to spill outside its range
Z_99 = 2.326  # one-sided 1% point of the normal


@dataclass
class Review:
    spec: dict[str, Any]
    changes: list[str] = field(default_factory=list)
    findings: list[str] = field(default_factory=list)
    frames: dict[str, pl.DataFrame] = field(default_factory=dict)


MAX_REVIEW_ROWS = 300_000  # larger drafts are reviewed on a scaled-down sample


def _expected_rows(spec: dict[str, Any]) -> dict[str, float]:
    from simulacra.generation._budget import estimate_output
    from simulacra.spec.load import load_plan

    plan = load_plan(spec)
    return dict(estimate_output(plan, {t: {} for t in plan.tables}).rows)


def _generate(spec: dict[str, Any], seed: int, scale: float) -> tuple[dict[str, pl.DataFrame], dict[str, int]]:
    from simulacra.pipeline import generate

    result = generate(spec, seed=seed, scale=scale)
    return result.frames, dict(result.manifest.get("scenario_rows", {}))


def _fk_links(spec: dict[str, Any]) -> set[str]:
    linked: set[str] = set()
    for t, table in spec["tables"].items():
        rows = table.get("rows")
        if isinstance(rows, dict) and rows.get("per"):
            linked |= {t, rows["per"]}
        for col in (table.get("columns") or {}).values():
            if isinstance(col, dict) and col.get("generator") == "foreign_key":
                linked |= {t, str(col["references"]).split(".")[0]}
    return linked


KEPT = "kept as asked"  # how a finding on a value the request said starts


def _clip_repairs(
    spec: dict[str, Any], frames: dict[str, pl.DataFrame], said: Mapping[str, str], findings: list[str]
) -> list[str]:
    changes: list[str] = []
    for t, table in spec["tables"].items():
        frame = frames.get(t)
        if frame is None or frame.height < 50:
            continue
        for name, col in (table.get("columns") or {}).items():
            if not isinstance(col, dict) or name not in frame.columns:
                continue
            gen = col.get("generator")
            dist = col.get("distribution") if gen == "money" else gen
            if dist not in ("normal", "lognormal") or ("min" not in col and "max" not in col):
                continue
            values = frame[name].drop_nulls().cast(pl.Float64)
            if values.len() == 0:
                continue
            n = values.len()
            at_min = float((values <= col["min"]).sum()) / n if "min" in col else 0.0
            at_max = float((values >= col["max"]).sum()) / n if "max" in col else 0.0
            if max(at_min, at_max) <= CLIP_LIMIT:
                continue
            where = f"table '{t}', column '{name}'"
            spread = "std" if dist == "normal" else "sigma"
            path = f"tables.{t}.columns.{name}.{spread}"
            if path in said:
                findings.append(
                    f"{KEPT}: {where}: {spread} {col.get(spread)} ({said[path]}): {max(at_min, at_max):.1%} of draws "
                    f"fall outside [{col.get('min', '-inf')}, {col.get('max', 'inf')}] and are clipped; not narrowed"
                )
                continue
            if dist == "normal" and "mean" in col and "std" in col:
                old = float(col["std"])
                limits = [(col["max"] - col["mean"]) / Z_99] if "max" in col else []
                limits += [(col["mean"] - col["min"]) / Z_99] if "min" in col else []
                new = round(min([old, *limits]), 4)
                if 0 < new < old:
                    col["std"] = new
                    changes.append(
                        f"{where}: {max(at_min, at_max):.1%} of draws fell outside [{col.get('min', '-inf')}, "
                        f"{col.get('max', 'inf')}] and were clipped; std {old:g} -> {new:g} (mean kept)"
                    )
            elif dist == "lognormal" and "median" in col and "sigma" in col:
                old = float(col["sigma"])
                limits = (
                    [math.log(col["max"] / col["median"]) / Z_99]
                    if "max" in col and col["max"] > col["median"] > 0
                    else []
                )
                limits += (
                    [math.log(col["median"] / col["min"]) / Z_99]
                    if "min" in col and col["min"] > 0 and col["median"] > col["min"]
                    else []
                )
                new = round(min([old, *limits]), 4)
                if 0 < new < old:
                    col["sigma"] = new
                    changes.append(
                        f"{where}: {max(at_min, at_max):.1%} of draws fell outside [{col.get('min', '0')}, "
                        f"{col.get('max', 'inf')}] and were clipped; sigma {old:g} -> {new:g} (median kept)"
                    )
    return changes


def review_spec(
    spec: dict[str, Any], *, seed: int = 0, rounds: int = 2, said: Mapping[str, str] | None = None
) -> Review:
    """Generate ``spec`` in memory, check it and repair it within bounds (at most ``rounds`` times).

    ``said``: the values the request said (``Draft.said``: a path in the spec -> the request's words); a check
    that would repair one reports it instead and keeps it."""
    said = dict(said or {})
    from simulacra.pipeline import check

    out = Review(copy.deepcopy(spec))
    for _ in range(max(1, rounds)):
        expected = _expected_rows(out.spec)
        total = sum(expected.values())
        scale = 1.0 if total <= MAX_REVIEW_ROWS else MAX_REVIEW_ROWS / total
        frames, scen_rows = _generate(out.spec, seed, scale)
        out.frames = frames
        changes: list[str] = []
        findings = [f"validate: {f.problem().render()}" for f in check(out.spec, frames) if not f.ok]
        if scale < 1:
            findings.append(f"reviewed on a sample: --scale {scale:.4g} of about {total:,.0f} rows")
        # empty scenarios
        for sc in out.spec.get("scenarios") or []:
            name, table = sc["name"], sc["table"]
            got = scen_rows.get(name, 0)
            rate = float(sc.get("rate", 1.0))
            full = expected.get(table, 0.0)
            empty = got == 0 and "count" not in sc and "share" not in sc and full >= 1 and rate * full < 1
            path = f"scenarios.{name}.rate"
            if empty and path in said:
                findings.append(
                    f"{KEPT}: scenario '{name}' rate {rate:g} ({said[path]}) x {full:,.0f} rows of {table} = "
                    f"{rate * full:.2f} expected, and it got no row: ask for more {table} or a higher rate for one"
                )
            elif empty:
                sc.pop("rate", None)
                sc["count"] = 1
                changes.append(
                    f"scenario '{name}' got no row (rate {rate:g} x {full:,.0f} rows of {table} = "
                    f"{rate * full:.2f} expected): set count: 1 so it has exactly one row"
                )
            if not sc.get("columns"):
                findings.append(
                    f"scenario '{name}' changes no column: its rows carry the label only and look like any "
                    "other row; add the columns that differ"
                )
        # unused and empty tables
        tables = list(out.spec["tables"])
        if len(tables) > 1:
            linked = _fk_links(out.spec)
            for t in tables:
                if t not in linked:
                    findings.append(
                        f"table '{t}' is linked to no other table by a foreign key: add one if its rows "
                        "belong to another table's (left as is)"
                    )
        for t in tables:
            if frames.get(t) is not None and frames[t].height == 0:
                findings.append(f"table '{t}' came out empty")
        changes += _clip_repairs(out.spec, frames, said, findings)
        out.changes += changes
        out.findings = findings
        if not changes:
            break
    from simulacra.spec.load import load_plan

    load_plan(out.spec)  # the repaired spec still validates
    _said_unmoved(spec, out.spec, said)  # the rule above, kept
    return out


def _said_location(spec: Mapping[str, Any], path: str) -> Location:
    """Where a ``said`` path is: its table and column ("tables.pupils.columns.score.std"), a scenario's table
    ("scenarios.default.rate"), or nowhere in particular ("locale")."""
    parts = path.split(".")
    if parts[0] == "tables" and len(parts) > 1:
        return Location(table=parts[1], column=parts[3] if len(parts) > 3 and parts[2] == "columns" else None)
    if parts[0] == "scenarios" and len(parts) > 1:
        sc = next((s for s in spec.get("scenarios") or [] if isinstance(s, dict) and s.get("name") == parts[1]), None)
        return Location(table=str(sc["table"])) if sc and sc.get("table") else Location()
    return Location()


def _said_unmoved(before: dict[str, Any], after: dict[str, Any], said: Mapping[str, str]) -> None:
    """Raise ``GenerationError`` naming each value the request said (``said``) that ``after`` moved from
    ``before``: the review's repairs keep them, so a move is a repair that broke that rule."""
    moved = [p for p in said if p != "span" and value_at(after, p) != value_at(before, p)]
    if not moved:
        return
    where = _said_location(before, moved[0])
    what = "; ".join(f"{p}: {value_at(before, p)!r} ({said[p]}) -> {value_at(after, p)!r}" for p in moved)
    raise GenerationError(
        f"review: a repair moved {len(moved)} value(s) the request said, which the review must keep as asked: {what}",
        location=where,
    )


def review_draft(d: Any, *, seed: int = 0) -> tuple[Any, list[str], dict[str, pl.DataFrame]]:
    """Review a ``Draft``: the repaired draft (its YAML notes each change), the changes, and the data checked."""
    from simulacra.draft._draft import Draft, render_yaml

    r = review_spec(d.spec, seed=seed, said=d.said)
    notes = (
        list(d.assumptions) + [f"review changed: {c}" for c in r.changes] + [f"review found: {f}" for f in r.findings]
    )
    provenance = dict(d.provenance)
    provenance["review"] = f"{len(r.changes)} change(s)"
    text = render_yaml(
        r.spec,
        prompt=d.prompt,
        assumptions=notes,
        provenance={k: v for k, v in provenance.items() if k in ("method", "model", "prompt_version", "review")},
    )
    new = Draft(d.prompt, r.spec, text, notes, d.method, provenance, d.rounds, d.said)
    return new, r.changes + [f"(found, not changed) {f}" for f in r.findings], r.frames
