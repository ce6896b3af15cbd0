"""``rows: {per, by, count, counts, total}``: a total spread over the parents, each parent within the reach of
ITS value's count distribution (a value counted ``fixed: 0`` gets none: no ticket of a cancelled performance),
the total exact, spread like the values' counts as far as it allows, the same bytes whatever the chunks; a total
no mix of the values can hold refused before any row is made, one the parents drawn cannot hold refused when
they are made, naming the table and the numbers (issues 20 and 13, engine-total57).

Also a total over a parent table that a small ``--scale`` would empty (it keeps a row: ``_scaled_rows``), or whose
rounding leaves the scaled total just out of reach: the total is brought to the nearest that fits.

The structure is planted in specs made here: several status shares, count distributions per value, totals at
several places in the reach, seeds, chunk sizes and scales."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from tests.helpers import frames_of

from simulacra.constraints import check_dataset
from simulacra.errors import SpecValidationError
from simulacra.generation.engine import Engine
from simulacra.spec import load_plan

_ZERO = {"distribution": "fixed", "value": 0}
_UNIFORM = {"distribution": "uniform", "low": 0, "high": 4}  # floor: 0..3
_CATEGORICAL = {"distribution": "categorical", "values": [1, 2, 3, 5, 6], "weights": [3, 2, 2, 1, 1]}  # 1..6
_POISSON = {"distribution": "poisson", "lam": 2.0, "min": 1, "max": 7}  # 1..7
#: distribution -> its reach (least, largest) and mean
_REACH = {id(_ZERO): (0, 0), id(_UNIFORM): (0, 3), id(_CATEGORICAL): (1, 6), id(_POISSON): (1, 7)}

#: shape -> (status shares, counts per status, count for the rest)
SHAPES: dict[str, tuple[dict[str, float], dict[str, dict[str, Any]], dict[str, Any]]] = {
    "cancelled_few": ({"scheduled": 0.9, "cancelled": 0.1}, {"cancelled": _ZERO}, _POISSON),
    "three_statuses": (
        {"scheduled": 0.6, "postponed": 0.25, "cancelled": 0.15},
        {"cancelled": _ZERO, "postponed": _UNIFORM},
        _CATEGORICAL,
    ),
    "no_zero_value": ({"a": 0.5, "b": 0.3, "c": 0.2}, {"a": _CATEGORICAL, "b": _POISSON}, _UNIFORM),
    "cancelled_many": ({"scheduled": 0.5, "cancelled": 0.5}, {"cancelled": _ZERO}, _CATEGORICAL),
}


def spec_of(shape: str, total: int, *, parents: int = 400, nested: bool = False) -> dict[str, Any]:
    """Performances (``parents``, or made per venue: about that many) with a status, and ``total`` tickets."""
    shares, counts, rest = SHAPES[shape]
    tables: dict[str, Any] = {}
    if nested:
        tables["venues"] = {"rows": parents // 8, "primary_key": "id", "columns": {"id": {"generator": "sequence"}}}
        rows: Any = {"per": "venues", "count": {"distribution": "poisson", "lam": 8}}
        cols: dict[str, Any] = {"venue_id": {"generator": "foreign_key", "references": "venues.id"}}
    else:
        rows, cols = parents, {}
    tables["performances"] = {
        "rows": rows,
        "primary_key": "id",
        "columns": {"id": {"generator": "sequence"}, **cols, "status": {"generator": "categorical", "values": shares}},
    }
    tables["tickets"] = {
        "rows": {"per": "performances", "by": "status", "count": rest, "counts": counts, "total": total},
        "primary_key": "id",
        "columns": {
            "id": {"generator": "sequence"},
            "performance_id": {"generator": "foreign_key", "references": "performances.id"},
            "price": {"generator": "uniform", "low": 5, "high": 90, "round": 2},
        },
    }
    return {"seed": 3, "tables": tables}


def reaches(shape: str, status: list[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Each performance's least and largest count (its status's distribution) and that distribution's mean."""
    _, counts, rest = SHAPES[shape]
    ds = [counts.get(s, rest) for s in status]
    lo = np.array([_REACH[id(d)][0] for d in ds])
    hi = np.array([_REACH[id(d)][1] for d in ds])
    return lo, hi, np.array([_mean(d) for d in ds])


def _mean(d: dict[str, Any]) -> float:
    from simulacra.generation import distributions
    from simulacra.spec.model import Distribution

    return float(distributions.count_quantiles(Distribution.model_validate(d)).mean())


def per_parent(frames: dict[str, Any]) -> np.ndarray:
    n = frames["performances"].height
    return np.bincount(frames["tickets"]["performance_id"].to_numpy() - 1, minlength=n)


def total_at(shape: str, where: float, parents: int = 400) -> int:
    """A total ``where`` of the way from the least to the most the expected mix of statuses holds."""
    shares, counts, rest = SHAPES[shape]
    w = sum(shares.values())
    lo = sum(parents * p / w * _REACH[id(counts.get(s, rest))][0] for s, p in shares.items())
    hi = sum(parents * p / w * _REACH[id(counts.get(s, rest))][1] for s, p in shares.items())
    return int(round(lo + where * (hi - lo)))


class TestEachParentWithinItsValuesReach:
    """Every shape, seed, total and scale: the rows are the total (times the scale), each performance's tickets
    within its status's reach, none for a status counted 'fixed: 0'."""

    @pytest.mark.parametrize("shape", ["cancelled_few", "three_statuses", "no_zero_value"])
    @pytest.mark.parametrize("where", [0.25, 0.5, 0.8])
    @pytest.mark.parametrize("nested", [False, True])
    def test_exact_and_bounded(self, shape: str, where: float, nested: bool) -> None:
        total = total_at(shape, where)
        for seed, scale in ((1, 1.0), (2, 1.0), (3, 2.0)):
            frames = frames_of(spec_of(shape, total, nested=nested), seed=seed, scale=scale)
            per = per_parent(frames)
            lo, hi, _ = reaches(shape, frames["performances"]["status"].to_list())
            assert frames["tickets"].height == per.sum() == int(round(total * scale)), (shape, seed)
            assert (per >= lo).all() and (per <= hi).all(), (shape, seed)

    @pytest.mark.parametrize("seed", [1, 2, 3])
    def test_no_ticket_of_a_cancelled_performance(self, seed: int) -> None:
        for shape in ("cancelled_few", "three_statuses", "cancelled_many"):
            frames = frames_of(spec_of(shape, total_at(shape, 0.6)), seed=seed)
            status = np.array(frames["performances"]["status"].to_list())
            per = per_parent(frames)
            assert (status == "cancelled").sum() > 0
            assert per[status == "cancelled"].sum() == 0, shape
            assert per[status != "cancelled"].sum() == total_at(shape, 0.6)

    def test_at_the_ends_of_the_mix(self) -> None:
        # the least and the most the performances drawn hold: every count at its status's end
        spec = spec_of("three_statuses", 1000)
        status = frames_of(spec, seed=4)["performances"]["status"].to_list()
        lo, hi, _ = reaches("three_statuses", status)
        for total, want in ((int(lo.sum()), lo), (int(hi.sum()), hi)):
            spec["tables"]["tickets"]["rows"]["total"] = total
            assert np.array_equal(per_parent(frames_of(spec, seed=4)), want)


class TestTheTotalIsSharedLikeTheValues:
    """The total goes to the values as their counts would share it (all tilted alike), and within a value the
    counts spread over its reach, not only the two integers next to its share."""

    @pytest.mark.parametrize("seed", [1, 2, 3])
    def test_at_the_expected_total_each_value_keeps_its_mean(self, seed: int) -> None:
        spec = spec_of("no_zero_value", 1000)
        status = frames_of(spec, seed=seed)["performances"]["status"].to_list()
        _, _, mean = reaches("no_zero_value", status)
        spec["tables"]["tickets"]["rows"]["total"] = int(round(mean.sum()))  # what the counts give untilted
        per = per_parent(frames_of(spec, seed=seed))
        st = np.array(status)
        for value in ("a", "b", "c"):
            got, want = per[st == value].mean(), mean[st == value][0]
            assert abs(got - want) < 0.12 * want + 0.05, (value, got, want)

    @pytest.mark.parametrize("shape", ["cancelled_few", "three_statuses", "no_zero_value"])
    def test_a_larger_total_raises_every_value_with_room(self, shape: str) -> None:
        small = per_parent(frames_of(spec_of(shape, total_at(shape, 0.3)), seed=1))
        large = per_parent(frames_of(spec_of(shape, total_at(shape, 0.7)), seed=1))
        status = np.array(frames_of(spec_of(shape, total_at(shape, 0.5)), seed=1)["performances"]["status"].to_list())
        for value in set(status.tolist()):
            lo, hi, _ = reaches(shape, [value])
            if hi[0] > lo[0]:
                assert large[status == value].mean() > small[status == value].mean(), value

    @pytest.mark.parametrize("seed", [1, 2])
    def test_counts_spread_within_a_value(self, seed: int) -> None:
        frames = frames_of(spec_of("cancelled_few", total_at("cancelled_few", 0.3)), seed=seed)
        per = per_parent(frames)[np.array(frames["performances"]["status"].to_list()) == "scheduled"]
        assert len(set(per.tolist())) >= 4

    def test_the_seed_changes_the_counts(self) -> None:
        runs = [per_parent(frames_of(spec_of("three_statuses", 1500), seed=s)) for s in (1, 2, 3)]
        assert all(not np.array_equal(runs[0], r) for r in runs[1:])


class TestTheSameWhateverTheChunks:
    """The counts are spread once the parents are made, from their values: any chunk size gives the same rows."""

    @pytest.mark.parametrize("shape", list(SHAPES))
    @pytest.mark.parametrize("nested", [False, True])
    def test_chunk_sizes(self, shape: str, nested: bool) -> None:
        spec = spec_of(shape, total_at(shape, 0.45), nested=nested)
        want = frames_of(spec, seed=5, chunk_size=100_000)
        for chunk in (7, 64):
            got = frames_of(spec, seed=5, chunk_size=chunk)
            for t in want:
                assert want[t].equals(got[t]), (t, chunk)

    def test_a_spilled_parent(self) -> None:
        # a tiny memory budget sends the other children's counts to files; the values' codes stay and agree
        spec = spec_of("three_statuses", 1500)
        spec["tables"]["reviews"] = {
            "rows": {"per": "performances", "count": {"distribution": "poisson", "lam": 2}},
            "primary_key": "id",
            "columns": {
                "id": {"generator": "sequence"},
                "performance_id": {"generator": "foreign_key", "references": "performances.id"},
            },
        }
        want = frames_of(spec, seed=2)
        got = Engine(load_plan(spec), seed=2, chunk_size=16, memory_budget=1).frames()
        for t in want:
            assert want[t].equals(got[t]), t


class TestATotalThatCannotFitIsRefused:
    """Beyond what any mix of the values can hold: a located error at validate time (a sized parent); beyond what
    the parents drawn hold: a located error when they are made, naming the values' numbers."""

    @pytest.mark.parametrize("shape", ["cancelled_few", "three_statuses"])
    def test_at_validate_time(self, shape: str) -> None:
        _, counts, rest = SHAPES[shape]
        hi = max(_REACH[id(d)][1] for d in [rest, *counts.values()])
        with pytest.raises(SpecValidationError) as err:
            Engine(load_plan(spec_of(shape, 400 * hi + 1)))  # what `spec validate` runs
        msg = str(err.value)
        assert "table 'tickets'" in msg and "rows.total" in msg and f"{400 * hi:,}" in msg

    def test_only_the_values_the_column_can_take(self) -> None:
        # statuses a and b only, both counted at least 1: the rest's 0..3 never applies, so under 400 is refused
        spec = spec_of("no_zero_value", 399)
        spec["tables"]["performances"]["columns"]["status"]["values"] = {"a": 0.5, "b": 0.5, "c": 0.0}
        with pytest.raises(SpecValidationError, match=r"rows\.total: 399 rows .*between 400 and 2,800 fit"):
            Engine(load_plan(spec))
        spec["tables"]["performances"]["columns"]["status"]["null_rate"] = 0.1  # a null status: the rest's count
        Engine(load_plan(spec))

    @pytest.mark.parametrize("seed", [1, 2])
    def test_when_the_parents_are_made(self, seed: int) -> None:
        spec = spec_of("cancelled_many", 2000)  # half cancelled: about 200 x 6 = 1,200 fit, not 2,000
        Engine(load_plan(spec))  # 400 x 6 = 2,400 could, with no performance cancelled
        with pytest.raises(SpecValidationError) as err:
            frames_of(spec, seed=seed)
        msg = str(err.value)
        assert "table 'tickets'" in msg and "2,000 rows" in msg and "'cancelled' (0 to 0 each)" in msg

    def test_an_aggregate_of_the_parent_over_it(self) -> None:
        spec = spec_of("cancelled_few", 800)
        spec["tables"]["performances"]["columns"]["sold"] = {
            "generator": "aggregate",
            "function": "count",
            "of": "tickets",
        }
        with pytest.raises(SpecValidationError, match=r"aggregate of 'tickets'.*total spread by 'status'"):
            Engine(load_plan(spec))

    def test_what_still_does_not_combine(self) -> None:
        spec = spec_of("cancelled_few", 800)
        spec["tables"]["tickets"]["rows"]["zero_rate"] = 0.1
        with pytest.raises(SpecValidationError, match="does not combine with 'zero_rate'"):
            load_plan(spec)


class TestValidateAgrees:
    """``validate`` passes what is generated and finds a ticket of a cancelled performance."""

    @pytest.mark.parametrize("shape", list(SHAPES))
    def test_generated_data_passes(self, shape: str) -> None:
        spec = spec_of(shape, total_at(shape, 0.4))
        for seed in (1, 2):
            frames = frames_of(spec, seed=seed)
            assert [f for f in check_dataset(load_plan(spec), frames, declared=True) if not f.ok] == []

    def test_a_ticket_of_a_cancelled_performance_is_found(self) -> None:
        spec = spec_of("cancelled_few", 900)
        frames = frames_of(spec, seed=1)
        status = frames["performances"]["status"].to_list()
        gone = status.index("cancelled") + 1
        frames["tickets"] = frames["tickets"].with_columns(
            frames["tickets"]["performance_id"].scatter([0], gone).alias("performance_id")
        )
        bad = [f for f in check_dataset(load_plan(spec), frames, declared=True) if not f.ok]
        assert any("tickets" in f.check and f.failed >= 1 for f in bad), bad


class TestAScaleThatWouldEmptyTheParents:
    """At a --scale other than 1 the total follows its parents: a parent table the scale would empty keeps a row
    (a positive count is never scaled to none, issue 20 gen82) and the total is held within that row's reach; a
    scaled total the rounding left just out of the scaled parents' reach is the nearest that fits."""

    @pytest.mark.parametrize("by", [False, True])
    @pytest.mark.parametrize("scale", [0.01, 0.02])
    def test_one_parent_row_and_the_total_within_its_reach(self, by: bool, scale: float) -> None:
        spec = spec_of("cancelled_few", 90, parents=20)  # 20 x 0.02 = 0.4 performances: 1; 90 x 0.02 = 2 tickets
        if not by:
            rows = spec["tables"]["tickets"]["rows"]
            del rows["by"], rows["counts"]
        for seed in (1, 2, 3, 4):
            frames = frames_of(spec, seed=seed, scale=scale)
            assert frames["performances"].height == 1
            status = frames["performances"]["status"].to_list()
            lo, hi, _ = reaches("cancelled_few", status) if by else (np.array([1]), np.array([7]), None)
            want = min(max(round(90 * scale) or 1, int(lo[0])), int(hi[0]))  # (none for a cancelled one)
            assert frames["tickets"].height == want == per_parent(frames).sum(), (seed, status)

    def test_a_parent_made_per_one_the_scale_would_empty(self) -> None:
        spec = spec_of("three_statuses", 300, parents=40, nested=True)  # 5 venues x 0.05 = 0.25: 1 venue
        frames = frames_of(spec, seed=1, scale=0.05)
        assert frames["venues"].height == 1 and frames["performances"].height >= 1
        lo, hi, _ = reaches("three_statuses", frames["performances"]["status"].to_list())
        got = per_parent(frames)
        assert ((lo <= got) & (got <= hi)).all()
        assert frames["tickets"].height == min(max(15, int(lo.sum())), int(hi.sum()))  # 300 x 0.05 = 15

    @pytest.mark.parametrize("scale", [0.5, 1.5])
    def test_the_rounding_of_a_fixed_count(self, scale: float) -> None:
        # 7 performances x 3 = 21 tickets; at 0.5: 4 performances (3.5 rounded), 10 tickets (10.5) cannot be 3 each
        spec = spec_of("cancelled_few", 21, parents=7)
        rows = spec["tables"]["tickets"]["rows"]
        del rows["by"], rows["counts"]
        rows["count"] = {"distribution": "fixed", "value": 3}
        frames = frames_of(spec, seed=1, scale=scale)
        assert set(per_parent(frames).tolist()) == {3}
        assert frames["tickets"].height == 3 * frames["performances"].height

    def test_what_does_not_fit_at_scale_1_is_still_refused(self) -> None:
        spec = spec_of("cancelled_few", 400 * 7 + 10)
        with pytest.raises(SpecValidationError, match="rows.total"):
            Engine(load_plan(spec), scale=0.5)
        rows = spec["tables"]["tickets"]["rows"]
        del rows["by"], rows["counts"]
        with pytest.raises(SpecValidationError, match="rows.total"):
            Engine(load_plan(spec), scale=0.5)
