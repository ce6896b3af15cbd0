"""A matched key's nulls where its match has no candidate are the sampler's, not a learned share (issue 13,
learn-probe48: the airline probe).

A loyalty ledger's entry has a passenger and, matched to it, one of that passenger's bookings; a passenger with no
booking earns a bonus with no booking. The key's null share (10.8%) was learned over every row and drawn again among
the rows that have a candidate, while sample nulls the rows with none itself: 21% of sampled entries had no booking,
a third of them for passengers who had bookings (0 in the source).

Planted in generated ledgers (several seeds, shares of passengers without bookings, and with or without nulls of
the source's own among passengers with bookings): the sampled share of entries with no booking among passengers
with bookings is the source's, and the entries of passengers without one have none."""

from __future__ import annotations

import numpy as np
import polars as pl
import pytest

from simulacra import DatasetSynthesizer
from simulacra.inspection import inspect
from simulacra.sources import Source
from simulacra.spec import model as m

SHAPES = [  # (seed, share of passengers with no booking, share of null keys among entries that have a candidate)
    (1, 0.10, 0.0),
    (2, 0.25, 0.0),
    (3, 0.15, 0.2),
    (4, 0.35, 0.1),
]


def airline(seed: int, none_share: float, own_nulls: float, n: int = 600) -> dict[str, pl.DataFrame]:
    rng = np.random.default_rng(seed)
    passengers = pl.DataFrame({"passenger_id": np.arange(1, n + 1), "tier": rng.choice(["basic", "silver", "gold"], n)})
    k = np.where(rng.uniform(size=n) < none_share, 0, 1 + rng.poisson(1.5, n))
    owner = np.repeat(passengers["passenger_id"].to_numpy(), k)
    bookings = pl.DataFrame(
        {
            "booking_id": np.arange(1, len(owner) + 1),
            "passenger_id": owner,
            "fare": np.round(rng.gamma(3, 40, len(owner)), 2),
        }
    )
    mine: dict[int, list[int]] = {}
    for b, p in zip(bookings["booking_id"].to_list(), owner.tolist(), strict=True):
        mine.setdefault(p, []).append(b)
    e = 1 + rng.poisson(1.2, n)
    who = np.repeat(passengers["passenger_id"].to_numpy(), e)
    booking = [None if p not in mine or rng.uniform() < own_nulls else int(rng.choice(mine[p])) for p in who.tolist()]
    ledger = pl.DataFrame(
        {
            "entry_id": np.arange(1, len(who) + 1),
            "passenger_id": who,
            "booking_id": pl.Series(booking, dtype=pl.Int64),
            "points": rng.integers(100, 900, len(who)),
        }
    )
    return {"passengers": passengers, "bookings": bookings, "ledger": ledger}


def spec_of(frames: dict[str, pl.DataFrame]) -> m.DatasetSpec:
    """The draft, its ledger's booking matched to the entry's passenger (as the airline's draft writes it)."""
    spec = inspect(Source(location="airline", kind="folder", frames=frames, fingerprint="airline")).spec
    t = spec.tables["ledger"]
    col = t.columns["booking_id"].model_copy(update={"match": {"passenger_id": "passenger_id"}})  # type: ignore[union-attr]
    return spec.model_copy(
        update={"tables": {**spec.tables, "ledger": t.model_copy(update={"columns": {**t.columns, "booking_id": col}})}}
    )


def nulls(f: dict[str, pl.DataFrame]) -> tuple[float, float]:
    """(null share of booking_id among entries of passengers with a booking, the same among those without)."""
    has = f["ledger"]["passenger_id"].is_in(f["bookings"]["passenger_id"].unique().implode())
    null = f["ledger"]["booking_id"].is_null()
    return float(null.filter(has).mean() or 0.0), float(null.filter(~has).mean() or 0.0)


class TestAMatchedKeysNullsWhereNoCandidateAreNotDrawnAgain:
    @pytest.mark.parametrize(("seed", "none_share", "own_nulls"), SHAPES)
    def test_the_null_share_among_rows_with_a_candidate_is_the_sources(
        self, seed: int, none_share: float, own_nulls: float
    ) -> None:
        frames = airline(seed, none_share, own_nulls)
        real_with, real_without = nulls(frames)
        assert real_without == 1.0
        model = DatasetSynthesizer(seed=0).fit(frames, spec_of(frames))
        for s in (seed, seed + 10):
            out = model.sample(seed=s)
            with_, without = nulls(out)
            assert without == 1.0  # no candidate: null
            assert abs(with_ - real_with) < 0.04 + 0.1 * real_with
