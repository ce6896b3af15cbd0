"""``generate`` lays a group's periods with their END at or after every bound a check puts on it from below by an
ancestor's columns (issue 13): ``period_end >= subscription_id.started + INTERVAL '10 days'``, strict (``>``),
written either side, shifted by days or an interval, a ``BETWEEN``'s low end, a conjunction's term beside the
ancestor's end above. On main such a bound was only checked after the laying: a period drawn open and closed at the
next drawn start, or a run moved back and shrunk under the ancestor's end, ended before it and ``generate`` refused
the world (the row broke the check).

Planted per the parent (the subscription) and per the grandparent (the customer's ``joined``/``left``, two links),
date and datetime periods, weekly and monthly, two seeds: every end is at/after (strict: after) the bound computed
here from the ancestor's own columns, ``validate`` passes, chunk sizes 7 and 1,000,000 write the same bytes.

Where a group's bounds cannot hold its run — an end floor past the room an ancestor's end leaves, a start floor
after the group's start ceiling (the declared one, an ``after``, a check's) — ``generate`` stops with an error
located on the table and column, naming the check and a group's key, and writes nothing: a target already there
keeps its bytes."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest
from tests.unit.generation.period_worlds import (
    LIFE,
    Spec,
    ancestor_refs,
    bill_world,
    bills_drawn_as,
    csv_digests,
    read_bill_world,
    same_bytes_at_chunk_sizes,
)

from simulacra.constraints import check_dataset, periods_bad
from simulacra.errors import GenerationError
from simulacra.pipeline import generate
from simulacra.spec import load_plan

# each form: the check (START / END: the ancestor's refs; {d}: the floor's shift in days, scaled to the grain), and
# whether the floor is strict
FORMS: dict[str, tuple[str, bool]] = {
    "interval": ("period_end >= START + INTERVAL '{d} days'", False),
    "strict_days": ("period_end > START + {d}", True),
    "reversed_interval": ("START + INTERVAL '{d} days' <= period_end", False),
    "reversed_strict": ("START + {d} < period_end", True),
    "between": ("period_end BETWEEN START + INTERVAL '{d} days' AND END", False),
    "conjunction": ("period_end > START + INTERVAL '{d} days' and period_end <= END", True),
}
SHIFT = {"week": 9, "month": 40}  # the floor: past most drawn first ends, so open and shrunk periods meet it
CASES = [
    (form, per, kind, grain)
    for form in FORMS
    for per, kind, grain in (
        ("parent", "date", "week"),
        ("grandparent", "datetime", "week"),
        ("parent", "datetime", "month"),
        ("grandparent", "date", "month"),
    )
]


def _world(form: str, per: str, kind: str, grain: str, seed: int, *, customers: int = 16) -> Spec:
    """customers -> subscriptions -> bills, the bills' periods (``kind``: date or datetime) laid per ``per`` and
    held at/after the ancestor's start shifted by ``SHIFT[grain]`` days by ``form``."""
    start_ref, end_ref = ancestor_refs(per)
    check = FORMS[form][0].replace("START", start_ref).replace("END", end_ref).replace("{d}", str(SHIFT[grain]))
    spec = bill_world(
        per, seed, check=check, since=start_ref, grain=grain, customers=customers, open_rate=0.2, life=LIFE[grain]
    )
    # half the bills drawn open: one that is not its group's last is closed at the next drawn start, often before
    # the floor (as a run shrunk under the ancestor's end is)
    return bills_drawn_as(spec, kind, end_null_rate=0.5)


def _ancestors(frames: dict[str, pl.DataFrame], per: str) -> pl.DataFrame:
    """Per subscription, its group's ancestor's start and end (``from``, ``to``)."""
    subs = frames["subscriptions"]
    if per == "parent":
        return subs.select("subscription_id", pl.col("started").alias("from"), pl.col("ended").alias("to"))
    return subs.select("subscription_id", "customer_id").join(
        frames["customers"].select("customer_id", pl.col("joined").alias("from"), pl.col("left").alias("to")),
        on="customer_id",
    )


def _held(spec: Spec, frames: dict[str, pl.DataFrame], form: str, per: str, grain: str) -> pl.DataFrame:
    """The bills beside their floor (computed here from the ancestor's start, not read from the check), after
    asserting every closed one ends at/after it (strict: after) and the laid rules hold."""
    bills = frames["bills"]
    assert int(periods_bad(bills, ["period_start", "period_end"], spec["constraints"][1]["per"]).sum()) == 0
    assert [f for f in check_dataset(load_plan(spec), frames) if f.failed] == []
    j = bills.join(_ancestors(frames, per), on="subscription_id")
    assert j.height == bills.height
    end = pl.col("period_end")
    floor = pl.col("from").cast(bills.schema["period_end"]) + pl.duration(days=SHIFT[grain])
    short = j.filter(end.is_not_null() & ((end <= floor) if FORMS[form][1] else (end < floor)))
    assert short.height == 0, short.head()
    if "END" in FORMS[form][0]:  # and at/before the ancestor's end above
        assert j.filter(pl.col("to").is_not_null() & (end > pl.col("to").cast(bills.schema["period_end"]))).height == 0
    return j.with_columns(floor.alias("floor"))


@pytest.mark.parametrize(("form", "per", "kind", "grain"), CASES)
@pytest.mark.parametrize("seed", [1, 2])
def test_every_end_at_or_after_the_ancestor_floor(form: str, per: str, kind: str, grain: str, seed: int) -> None:
    spec = _world(form, per, kind, grain, seed + 10 * CASES.index((form, per, kind, grain)))
    frames = generate(spec).frames
    j = _held(spec, frames, form, per, grain)
    assert 20 <= j.height <= 300
    # the floor was live: some period ends within 3 days of it
    near = j.filter(
        pl.col("period_end").is_not_null() & (pl.col("period_end") - pl.col("floor") <= pl.duration(days=3))
    )
    assert near.height > 0


@pytest.mark.parametrize(
    ("form", "per", "kind", "grain"),
    [("strict_days", "parent", "date", "week"), ("between", "grandparent", "datetime", "week")],
)
def test_the_same_bytes_at_any_chunk_size(form: str, per: str, kind: str, grain: str, tmp_path: Path) -> None:
    spec = _world(form, per, kind, grain, 77, customers=40)
    frames = read_bill_world(same_bytes_at_chunk_sizes(spec, tmp_path, (7, 1_000_000), tables=3))
    frames["bills"] = frames["bills"].with_columns(pl.col("period_start", "period_end").cast(pl.Datetime("us")))
    if kind == "date":
        frames["bills"] = frames["bills"].with_columns(pl.col("period_start", "period_end").cast(pl.Date))
    assert 40 <= _held(spec, frames, form, per, grain).height <= 600


# a group whose bounds cannot hold its run, per bound kind: (the check, per, the column located, a tweak)
CANNOT: dict[str, tuple[str, str, str]] = {
    # the ancestor's end above (ceilings) before the start a later subscription's bills are drawn after
    "end_ceiling": ("period_end <= subscription_id.ended", "grandparent", "period_start"),
    # a check's start floor after the group's start ceiling (the earliest of its subscriptions')
    "start_floor": (
        "period_start >= subscription_id.started + INTERVAL '2 days' and period_start <= subscription_id.started + 20",
        "grandparent",
        "period_start",
    ),
    # a start ceiling of its own, before the start a later subscription's bills are drawn after
    "start_ceiling": ("period_start < subscription_id.started + INTERVAL '3 weeks'", "grandparent", "period_start"),
    # a later subscription's end floor past the group's end (the earliest of its subscriptions' ends)
    "end_floor": (
        "period_end >= subscription_id.started + INTERVAL '10 days' and period_end <= subscription_id.ended",
        "grandparent",
        "period_end",
    ),
}


@pytest.mark.parametrize("bound", list(CANNOT))
def test_a_run_no_bounds_can_hold_is_located_and_writes_nothing(bound: str, tmp_path: Path) -> None:
    check, per, column = CANNOT[bound]
    spec = bill_world(
        per,
        31,
        check=check,
        since="subscription_id.started",
        grain="week",
        customers=30,
        open_rate=0.0,
        life=LIFE["week"],
        bills=(5, 8),
    )
    out = tmp_path / "out"
    generate({**spec, "constraints": spec["constraints"][1:]}, out, format="csv")  # a target already there
    before = csv_digests(out)
    assert len(before) == 3
    with pytest.raises(GenerationError) as got:
        generate(spec, out, format="csv", if_exists="replace")
    text = str(got.value)
    assert "period_start..period_end" in text and f"check({check})" in text, text
    key = "subscription_id" if per == "parent" else "customer_id"
    assert f"the row of {key} " in text, text
    loc = got.value.location
    assert loc is not None and loc.table == "bills" and loc.column == column, loc
    assert csv_digests(out) == before  # nothing written: the target keeps its bytes
