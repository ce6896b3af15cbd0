"""``generate`` lays a group's periods inside every bound a spec can put on them from an ancestor's columns (issue
13), not only a bare ``period_end <= subscription_id.ended``: the comparison written the other way round
(``subscription_id.ended >= period_end``), strict (``<``), the ancestor's column moved by days or an interval
(``subscription_id.ended - 1``, ``+ INTERVAL '2 days'``, ``- INTERVAL '1 week'``), inside a conjunction with the
start's bound (``period_start >= ... and period_end <= ...``), a ``BETWEEN``, and an ancestor whose own columns are
laid periods (subscriptions laid one after another per customer). Each form bounded laid bills on main only where it
was the bare one: the laying moved ends past the bound and ``generate`` refused the world (the row broke the check).

Planted per the parent (the subscription) and per the grandparent (the customer, its ``left`` read through two
links), weekly and monthly, two seeds, 20 to 500 bills: every end is on/before (strict: before) the bound computed
here from the ancestor's own columns, every start on/after the ancestor's start, ``validate`` passes, chunk sizes 7
and 1,000,000 write the same bytes; a group bound by each row's own subscription laid inside each."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest
from tests.unit.generation.period_worlds import (
    GRAIN,
    Spec,
    beside_ancestor,
    bounded_world,
    read_bill_world,
    same_bytes_at_chunk_sizes,
)
from tests.unit.generation.period_worlds import uniform as _u

from simulacra.constraints import periods_bad
from simulacra.errors import GenerationError
from simulacra.pipeline import generate

# each form: the check (END: the ancestor's end ref, START: its start ref), the shift of the bound from the
# ancestor's end in days, whether strict
FORMS: dict[str, tuple[str, int, bool]] = {
    "bare": ("period_end <= END", 0, False),
    "reversed": ("END >= period_end", 0, False),
    "strict": ("period_end < END", 0, True),
    "reversed_strict": ("END > period_end", 0, True),
    "minus_days": ("period_end <= END - 1", -1, False),
    "plus_interval": ("period_end <= END + INTERVAL '2 days'", 2, False),
    "minus_interval": ("period_end < END - INTERVAL '1 week'", -7, True),
    "conjunction": ("period_start >= START and period_end <= END", 0, False),
    "between": ("period_end BETWEEN START AND END", 0, False),
    "laid_ancestor": ("period_end <= END", 0, False),  # the ancestor's own columns laid as periods
}


def _world(form: str, per: str, grain: str, seed: int, *, customers: int = 20) -> Spec:
    """customers -> subscriptions -> bills, the bills' periods laid per ``per`` and bounded by ``form``."""
    check, _, _ = FORMS[form]
    return bounded_world(per, grain, seed, check=check, customers=customers, laid_ancestor=form == "laid_ancestor")


def _inside(spec: Spec, frames: dict[str, pl.DataFrame], form: str, per: str) -> pl.DataFrame:
    """The bills beside their ancestor's start and bound (computed here, not read from the check), after asserting
    each bill inside."""
    _, shift, strict = FORMS[form]
    j = beside_ancestor(spec, frames, per)
    bound = pl.col("to") + pl.duration(days=shift)
    past = j.filter((pl.col("period_end") >= bound) if strict else (pl.col("period_end") > bound))
    assert past.height == 0, past.head()
    assert j.filter(pl.col("period_start") > bound).height == 0  # no period begins once the bound has passed
    assert j.filter(pl.col("period_start") < pl.col("from")).height == 0
    return j


CASES = [(form, per, grain) for form in FORMS for per in ("parent", "grandparent") for grain in ("month", "week")]


@pytest.mark.parametrize(("form", "per", "grain"), CASES)
@pytest.mark.parametrize("seed", [1, 2])
def test_every_bill_inside_the_bound(form: str, per: str, grain: str, seed: int) -> None:
    spec = _world(form, per, grain, seed + 10 * CASES.index((form, per, grain)))
    try:
        frames = generate(spec).frames
    except GenerationError as e:
        # a group that cannot fit: only where the ancestor's columns are themselves moved apart (a customer's bills
        # each bounded by their own laid subscription); located on the rule, never a row past the bound
        assert form == "laid_ancestor" and per == "grandparent", e
        assert "period_start..period_end" in str(e) and "subscription_id.ended" in str(e)
        assert e.location is not None and e.location.table == "bills" and e.location.column == "period_start"
        return
    j = _inside(spec, frames, form, per)
    assert 20 <= j.height <= 500
    # the bound was live: some bill ends within two periods' length of it
    _, shift, _ = FORMS[form]
    near = j.filter(
        pl.col("to").is_not_null()
        & (pl.col("to") + pl.duration(days=shift) - pl.col("period_end") < pl.duration(days=2 * GRAIN[grain][1]))
    )
    assert near.height > 0
    if form == "laid_ancestor":  # the ancestor's own periods were laid: a customer's subscriptions never overlap
        assert int(periods_bad(frames["subscriptions"], ["started", "ended"], ["customer_id"]).sum()) == 0


@pytest.mark.parametrize(
    ("form", "per"),
    [
        ("reversed_strict", "parent"),
        ("minus_interval", "grandparent"),
        ("conjunction", "parent"),
        ("between", "grandparent"),
        ("plus_interval", "parent"),
        ("laid_ancestor", "parent"),
    ],
)
def test_the_same_bytes_at_any_chunk_size(form: str, per: str, tmp_path: Path) -> None:
    spec = _world(form, per, "week", 77, customers=40)
    folder = same_bytes_at_chunk_sizes(spec, tmp_path, (7, 1_000_000), tables=3)
    assert 20 <= _inside(spec, read_bill_world(folder), form, per).height <= 500


def test_a_bound_each_rows_own_is_laid_inside_each() -> None:
    """A customer's bills laid as one run, each bound by its own subscription through a conjunction shifted by an
    interval, the subscriptions apart in time: the earliest of the run's bounds cannot hold it, each bill's own can
    (gen86: laid against each row's own bounds; a located error before), so laid, valid and inside each."""
    spec = _world("conjunction", "grandparent", "month", 31, customers=40)
    spec["tables"]["subscriptions"]["columns"]["ended"]["null_rate"] = 0.0
    spec["tables"]["bills"]["rows"]["count"] = _u(4, 8, None)
    spec["tables"]["bills"]["columns"]["period_start"]["after"] = "subscription_id.started"
    spec["constraints"][0]["check"] = (
        "period_start >= subscription_id.started and period_end <= subscription_id.ended - INTERVAL '1 day'"
    )
    frames = generate(spec).frames
    j = frames["bills"].join(
        frames["subscriptions"].select("subscription_id", "started", "ended"), on="subscription_id"
    )
    assert j.height == frames["bills"].height > 0
    inside = (pl.col("period_start") >= pl.col("started")) & (pl.col("period_end") < pl.col("ended"))
    assert j.filter(~inside).height == 0
    assert int(periods_bad(frames["bills"], ["period_start", "period_end"], ["customer_id"]).sum()) == 0


@pytest.mark.parametrize(
    ("check", "want"),
    [
        (
            "s.ended >= period_end AND period_end > s.started",
            [("s.ended", True, False), ("s.started", False, True)],
        ),
        (
            "(period_start >= s.a) AND (period_end < s.b - INTERVAL '1 week')",
            [("s.b - INTERVAL '1 week'", True, True)],
        ),
        (
            "period_end BETWEEN s.a AND s.b AND period_end < DATE_SUB(s.c, 3)",
            [("s.a", False, False), ("s.b", True, False), ("DATE_SUB(s.c, 3)", True, True)],
        ),
        ('"period_end" <= LEAST(s.b, s.c)', [("LEAST(s.b, s.c)", True, False)]),
        # a null guard on the column itself: the bound on its non-null rows (SQL's CHECK passes a null anyway)
        ("period_end IS NULL OR period_end <= s.b", [("s.b", True, False)]),
        # no bound: the rows need not keep the term, or it is not the column against an ancestor's
        ("period_end <= s.b OR period_start > s.a", []),
        ("period_start IS NULL OR period_end <= s.b", []),
        ("NOT period_end > s.b", []),
        ("period_end NOT BETWEEN s.a AND s.b", []),
        ("period_end <> s.b", []),
        ("period_end = s.b", []),
        ("s.a <= period_end <= s.b", []),
        ("period_end <= period_start + 30", []),
        ("period_end + 1 <= s.b", []),
    ],
)
def test_the_bounds_a_check_puts_on_the_end(check: str, want: list[tuple[str, bool, bool]]) -> None:
    """Only what every row must keep is a bound: a term of a top-level AND comparing the bare column with an
    expression of dotted refs; a disjunction, a negation, an inequality or the row's own columns bound nothing."""
    from simulacra.spec.bounds import column_bounds  # (main has no such reader: imported here, the rest runs there)

    got = column_bounds(check, "period_end", lambda names: all("." in n for n in names))
    assert [(b.expr, b.below, b.strict) for b in got] == want
