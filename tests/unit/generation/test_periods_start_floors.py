"""``generate`` lays a group's periods with their START at/after every floor a check puts on it from an ancestor's
columns (issue 13), as it lays an end's floor: ``period_start >= subscription_id.started + INTERVAL '20 days'``,
strict, written either side, a ``BETWEEN``'s low end, a conjunction's term beside the end's bounds. Three classes,
planted per the parent (the subscription) and per the grandparent (the customer's ``joined``/``left``, two links),
date and datetime periods, weekly and monthly, three seeds (in turn across the shapes, or each):

- a start floor past the drawn starts (drawn ``after`` the ancestor's start by at most two periods): every row was
  redrawn and, still short, the world refused, though laying each run from its floor fits it;
- a run shrunk under its ancestor's end and then raised to its end floors: the later periods squashed to nothing
  (a period drawn 6 to 30 days long laid zero days long) — a run keeps each period's length above zero;
- floors and ceilings on the start and the end together (conjunctions, two ``BETWEEN``s): laid, not refused.

A world no laying can hold (a start floor after the ancestor's end) is still refused with an error naming the table,
the column and the check, and writes nothing; chunk sizes 7 and 1,000,000 write the same bytes."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest
from tests.unit.generation.period_worlds import (
    LIFE,
    Spec,
    ancestor_refs,
    beside_ancestor,
    bill_world,
    bills_drawn_as,
    csv_digests,
    same_bytes_at_chunk_sizes,
)

from simulacra.errors import GenerationError
from simulacra.pipeline import generate

# the start floor's shift past the ancestor's start in days: past every drawn start (drawn at most two periods
# after it), so the draw alone never meets it; the end floor's a few days after it, no later than the latest start
# the ceilings below leave (``END - 2``) in the shortest-lived ancestor (25 and 100 days): every end at/after the
# floor puts every next start there too (a 24-day end floor under a 25-day ancestor holds one bill only)
START_SHIFT = {"week": 20, "month": 80}
END_SHIFT = {"week": 22, "month": 95}

# class (a): each form the check (START / END: the ancestor's refs; {d} the start floor's shift, {e} the end's),
# whether the start floor is strict
START_FORMS: dict[str, tuple[str, bool]] = {
    "interval": ("period_start >= START + INTERVAL '{d} days'", False),
    "reversed_strict": ("START + {d} < period_start", True),
    "between": ("period_start BETWEEN START + {d} AND END", False),
    "conjunction": ("period_start >= START + INTERVAL '{d} days' and period_end <= END", False),
    "with_end_floor": ("period_start > START + {d} and period_end >= START + INTERVAL '{e} days'", True),
}
SHAPES = [
    ("parent", "date", "week"),
    ("grandparent", "date", "month"),
    ("parent", "datetime", "month"),
    ("grandparent", "datetime", "week"),
]
# each form in each shape once, the three seeds taken in turn
A_CASES = [(form, *shape, 1 + i % 3) for i, (form, shape) in enumerate((f, s) for f in START_FORMS for s in SHAPES)]


def _world(
    check: str, per: str, kind: str, grain: str, seed: int, *, customers: int = 10, closed: bool = False
) -> Spec:
    """customers -> subscriptions -> bills, the bills' periods (``kind``) laid per ``per`` and held by ``check``
    (START / END / {d} / {e} filled in); ``closed``: every bill drawn closed (6 to 30 days long) and every
    ancestor closed, so each run is shrunk under its ancestor's end."""
    start_ref, end_ref = ancestor_refs(per)
    text = (
        check.replace("START", start_ref)
        .replace("END", end_ref)
        .replace("{d}", str(START_SHIFT[grain]))
        .replace("{e}", str(END_SHIFT[grain]))
    )
    spec = bill_world(
        per,
        seed,
        check=text,
        since=start_ref,
        grain=grain,
        customers=customers,
        open_rate=0.0 if closed else 0.2,
        life=LIFE[grain],
        bills=(4, 8) if closed else (1, 8),
    )
    return bills_drawn_as(spec, kind, end_null_rate=0.0 if closed else None)


def _laid(spec: Spec, frames: dict[str, pl.DataFrame], per: str) -> pl.DataFrame:
    """The bills beside their ancestor's start and end cast to the bills' type, after asserting the periods laid
    (no overlap), every check kept and every closed period starting on/before its end."""
    j = beside_ancestor(spec, frames, per)
    dtype = j.schema["period_start"]
    j = j.with_columns(pl.col("from").cast(dtype), pl.col("to").cast(dtype))
    assert j.filter(pl.col("period_end") < pl.col("period_start")).height == 0
    return j


@pytest.mark.parametrize(("form", "per", "kind", "grain", "seed"), A_CASES)
def test_a_start_floor_past_the_drawn_starts_is_laid(form: str, per: str, kind: str, grain: str, seed: int) -> None:
    check, strict = START_FORMS[form]
    spec = _world(check, per, kind, grain, seed + 10 * A_CASES.index((form, per, kind, grain, seed)))
    j = _laid(spec, generate(spec).frames, per)
    assert 10 <= j.height <= 300
    floor = pl.col("from") + pl.duration(days=START_SHIFT[grain])
    start = pl.col("period_start")
    short = j.filter((start <= floor) if strict else (start < floor))
    assert short.height == 0, short.head()
    # the floor was live: some bill starts within a day of it (a run laid from it)
    assert j.filter(start - floor <= pl.duration(days=1)).height > 0


# class (b): a run shrunk under its ancestor's end, its ends held at/after a floor (and its starts, for one form)
SQUASH_FORMS = {
    "end_floor": "period_end >= START + INTERVAL '12 days' and period_end <= END",
    "both_floors": "period_start >= START + 3 and period_end >= START + INTERVAL '12 days' and period_end <= END",
    "between": "period_end BETWEEN START + 12 AND END",
}
B_CASES = [(form, per) for form in SQUASH_FORMS for per in ("parent", "grandparent")]


@pytest.mark.parametrize(("form", "per"), B_CASES)
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_a_shrunk_run_raised_to_its_floors_keeps_every_period_long(form: str, per: str, seed: int) -> None:
    spec = _world(SQUASH_FORMS[form], per, "date", "week", seed, customers=16, closed=True)
    j = _laid(spec, generate(spec).frames, per)
    assert j.height >= 40
    squashed = j.filter(pl.col("period_end") <= pl.col("period_start"))
    assert squashed.height == 0, squashed.head()
    floor = pl.col("from") + pl.duration(days=12)
    assert j.filter(pl.col("period_end") < floor).height == 0
    # the floor was live: some bill ends on it
    assert j.filter(pl.col("period_end") == floor).height > 0


# class (c): floors and ceilings on the start and the end together
BOTH_FORMS = {
    "four_terms": (
        "period_start >= START + {d} and period_start <= END - 2 and period_end >= START + INTERVAL '{e} days' "
        "and period_end <= END"
    ),
    "two_betweens": "period_start BETWEEN START + INTERVAL '{d} days' AND END - 2 AND period_end BETWEEN START + {e} AND END",
}
C_CASES = [(form, *shape, 5 + i % 3) for i, (form, shape) in enumerate((f, s) for f in BOTH_FORMS for s in SHAPES)]


@pytest.mark.parametrize(("form", "per", "kind", "grain", "seed"), C_CASES)
def test_floors_and_ceilings_on_start_and_end_together(form: str, per: str, kind: str, grain: str, seed: int) -> None:
    spec = _world(BOTH_FORMS[form], per, kind, grain, seed + 10 * C_CASES.index((form, per, kind, grain, seed)))
    j = _laid(spec, generate(spec).frames, per)
    assert 10 <= j.height <= 300
    start, end = pl.col("period_start"), pl.col("period_end")
    assert j.filter(start < pl.col("from") + pl.duration(days=START_SHIFT[grain])).height == 0
    assert j.filter(end < pl.col("from") + pl.duration(days=END_SHIFT[grain])).height == 0
    closed = pl.col("to").is_not_null()
    assert j.filter(closed & ((end > pl.col("to")) | (start > pl.col("to") - pl.duration(days=2)))).height == 0


@pytest.mark.parametrize(("form", "per", "kind", "grain"), [("with_end_floor", "grandparent", "datetime", "week")])
def test_the_same_bytes_at_any_chunk_size(form: str, per: str, kind: str, grain: str, tmp_path: Path) -> None:
    spec = _world(START_FORMS[form][0], per, kind, grain, 77, customers=12)
    same_bytes_at_chunk_sizes(spec, tmp_path, (7, 1_000_000), tables=3)


def test_the_same_bytes_at_any_chunk_size_for_a_squashed_run(tmp_path: Path) -> None:
    spec = _world(SQUASH_FORMS["both_floors"], "grandparent", "date", "week", 78, customers=30, closed=True)
    same_bytes_at_chunk_sizes(spec, tmp_path, (7, 1_000_000), tables=3)


@pytest.mark.parametrize("per", ["parent", "grandparent"])
def test_a_start_floor_after_the_ancestor_end_is_refused_located(per: str, tmp_path: Path) -> None:
    """Every ancestor ends (life 25 to 70 days) before the floor (100 days on): no laying holds it, so an error
    naming the table, the start column and the check, and the target keeps its bytes."""
    check = "period_start >= START + INTERVAL '100 days' and period_end <= END"
    spec = _world(check, per, "date", "week", 3, closed=True)
    out = tmp_path / "out"
    generate({**spec, "constraints": spec["constraints"][1:]}, out, format="csv")  # a target already there
    before = csv_digests(out)
    with pytest.raises(GenerationError) as got:
        generate(spec, out, format="csv", if_exists="replace")
    text = str(got.value)
    assert "bills" in text and "period_start" in text, text
    assert spec["constraints"][0]["check"] in text, text
    loc = got.value.location
    assert loc is not None and loc.table == "bills" and loc.column == "period_start", loc
    assert csv_digests(out) == before
