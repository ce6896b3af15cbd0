"""``rows: {per, count, total}``: a table with exactly ``total`` rows (times --scale, rounded) spread over its
parents, each parent's count within the count's reach (its min..max) and spread like it as far as the total
allows; each count a function of the seed and the parent's row alone (the same whatever the chunks); a total
that cannot fit refused, located, before any row is made (issue 20, draft23).

The structure is planted in specs made here: parents sized by a number or per a grandparent, several count
distributions, totals at several shares of the parents, several seeds and scales."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from tests.helpers import frames_of

from simulacra.errors import SpecValidationError
from simulacra.generation.engine import Engine
from simulacra.spec import load_plan

#: count distribution (as written) -> its reach (least, largest)
_COUNTS: dict[str, tuple[dict[str, Any], tuple[int, int]]] = {
    "uniform_ints": ({"distribution": "uniform", "low": 0, "high": 4}, (0, 3)),  # floor: 0..3
    "categorical": ({"distribution": "categorical", "values": [1, 2, 3, 5, 6], "weights": [3, 2, 2, 1, 1]}, (1, 6)),
    "bounded_poisson": ({"distribution": "poisson", "lam": 2.0, "min": 1, "max": 7}, (1, 7)),
}


def spec_of(count: dict[str, Any], total: int, *, parents: int = 400, nested: bool = False) -> dict[str, Any]:
    """Owners (``parents`` of them, or made per shop: about ``parents`` in all) and pets, ``total`` of them."""
    tables: dict[str, Any] = {}
    if nested:
        tables["shops"] = {"rows": parents // 8, "primary_key": "id", "columns": {"id": {"generator": "sequence"}}}
        owner_rows: Any = {"per": "shops", "count": {"distribution": "poisson", "lam": 8}}
        owner_cols: dict[str, Any] = {"shop_id": {"generator": "foreign_key", "references": "shops.id"}}
    else:
        owner_rows, owner_cols = parents, {}
    tables["owners"] = {
        "rows": owner_rows,
        "primary_key": "id",
        "columns": {"id": {"generator": "sequence"}, **owner_cols},
    }
    tables["pets"] = {
        "rows": {"per": "owners", "count": count, "total": total},
        "primary_key": "id",
        "columns": {
            "id": {"generator": "sequence"},
            "owner_id": {"generator": "foreign_key", "references": "owners.id"},
            "weight": {"generator": "uniform", "low": 1, "high": 40, "round": 1},
        },
    }
    return {"seed": 3, "tables": tables}


def per_parent(frames: dict[str, Any]) -> np.ndarray:
    """Pets per owner row, owners with none counted as 0."""
    n = frames["owners"].height
    idx = frames["pets"]["owner_id"].to_numpy() - 1  # sequence keys from 1: the owner's row
    return np.bincount(idx, minlength=n)


def _total_for(share: float, parents: int = 400) -> int:
    return int(round(share * parents))


class TestTheTotalIsExactWithinTheReach:
    """Every seed, scale and distribution: the rows are the total (times the scale, rounded), each parent's count
    within the reach, parents with none counted."""

    @pytest.mark.parametrize("name", list(_COUNTS))
    @pytest.mark.parametrize("scale", [0.5, 1.0, 2.0, 3.7])
    @pytest.mark.parametrize("nested", [False, True])
    def test_exact_and_bounded(self, name: str, scale: float, nested: bool) -> None:
        count, (lo, hi) = _COUNTS[name]
        for seed, share in ((1, lo + 0.3 * (hi - lo)), (2, lo + 0.75 * (hi - lo))):
            total = _total_for(share)
            frames = frames_of(spec_of(count, total, nested=nested), seed=seed, scale=scale)
            per = per_parent(frames)
            assert frames["pets"].height == int(round(total * scale)) == per.sum(), (name, seed)
            assert lo <= per.min() and per.max() <= hi, (name, seed)

    @pytest.mark.parametrize("name", list(_COUNTS))
    def test_at_the_ends_of_the_reach(self, name: str) -> None:
        count, (lo, hi) = _COUNTS[name]
        for total in (400 * lo, 400 * hi, 400 * lo + 1, 400 * hi - 1):
            per = per_parent(frames_of(spec_of(count, total), seed=4))
            assert per.sum() == total and lo <= per.min() and per.max() <= hi


class TestTheCountsSpread:
    """Not only the two integers next to total / parents: the counts reach over the count's values, with a
    spread near the count's own where the total is near its mean, and differ from seed to seed."""

    @pytest.mark.parametrize("name", list(_COUNTS))
    @pytest.mark.parametrize("seed", [1, 2, 3])
    def test_more_than_the_two_next_to_the_share(self, name: str, seed: int) -> None:
        count, (lo, hi) = _COUNTS[name]
        total = _total_for(lo + 0.4 * (hi - lo))
        per = per_parent(frames_of(spec_of(count, total), seed=seed))
        share_lo, share_hi = total // 400, -(-total // 400)
        assert per.min() < share_lo and per.max() > share_hi
        assert len(set(per.tolist())) >= 4

    def test_spread_like_the_count_at_its_mean(self) -> None:
        # uniform 0..3 has mean 1.5 and sd 1.118; a total of 1.5 per parent keeps about that spread
        count = _COUNTS["uniform_ints"][0]
        for seed in (1, 2, 3):
            per = per_parent(frames_of(spec_of(count, 600, parents=400), seed=seed))
            assert 0.95 < per.std() < 1.3, per.std()
            shares = np.bincount(per, minlength=4) / 400
            assert (shares > 0.15).all(), shares

    @pytest.mark.parametrize("nested", [False, True])
    def test_the_seed_changes_the_counts(self, nested: bool) -> None:
        count = _COUNTS["categorical"][0]
        runs = [per_parent(frames_of(spec_of(count, 1000, nested=nested), seed=s)) for s in (1, 2, 3)]
        runs = [r for r in runs if len(r) == len(runs[0])] if nested else runs
        assert all(not np.array_equal(runs[0], r) for r in runs[1:])

    def test_no_room_leaves_one_count(self) -> None:
        per = per_parent(frames_of(spec_of(_COUNTS["uniform_ints"][0], 1200), seed=1))  # 3 each: the top
        assert set(per.tolist()) == {3}


class TestTheSameWhateverTheChunks:
    """Each parent's count is a function of the seed and its row: any chunk size gives the same rows."""

    @pytest.mark.parametrize("name", list(_COUNTS))
    @pytest.mark.parametrize("nested", [False, True])
    def test_chunk_sizes(self, name: str, nested: bool) -> None:
        spec = spec_of(_COUNTS[name][0], 700, nested=nested)
        want = frames_of(spec, seed=5, chunk_size=100_000)
        for chunk in (1, 7, 64):
            got = frames_of(spec, seed=5, chunk_size=chunk)
            for t in want:
                assert want[t].equals(got[t]), (t, chunk)


class TestATotalThatCannotFitIsRefused:
    """Above parents * largest or below parents * least: a located error before any row is made, at validate
    time where the parent's rows are known (a sized parent, or one with a total), else when it is made."""

    @pytest.mark.parametrize("name", list(_COUNTS))
    def test_at_validate_time(self, name: str) -> None:
        count, (lo, hi) = _COUNTS[name]
        for total in {400 * hi + 1, max(400 * lo - 1, -1)} - {-1}:
            with pytest.raises(SpecValidationError) as err:
                Engine(load_plan(spec_of(count, total)))  # what `spec validate` runs
            msg = str(err.value)
            assert "table 'pets'" in msg and "rows.total" in msg and f"{400 * hi:,}" in msg

    def test_at_a_scale(self) -> None:
        count = _COUNTS["categorical"][0]  # 1..6: 400 owners take 400..2,400
        spec = spec_of(count, 1000, parents=400)
        spec["tables"]["owners"]["static"] = True
        Engine(load_plan(spec), scale=2.0)
        with pytest.raises(SpecValidationError, match=r"rows\.total: 3,000 rows \(1,000 at --scale 3\)"):
            Engine(load_plan(spec), scale=3.0)

    def test_a_parent_made_per_a_grandparent(self) -> None:
        count = _COUNTS["bounded_poisson"][0]  # 1..7
        spec = spec_of(count, 50_000, nested=True)  # about 400 owners: far less than 50,000 fit
        Engine(load_plan(spec))  # its owners are not known before they are made
        with pytest.raises(SpecValidationError, match="rows.total"):
            frames_of(spec, seed=1)

    @pytest.mark.parametrize(
        "extra",
        [
            {"zero_rate": 0.2},
            {"equals": "id % 3"},
        ],
    )
    def test_what_does_not_combine(self, extra: dict[str, Any]) -> None:
        spec = spec_of(_COUNTS["uniform_ints"][0], 500)
        spec["tables"]["owners"]["columns"]["kind"] = {"generator": "categorical", "values": ["a", "b"]}
        spec["tables"]["pets"]["rows"].update(extra)
        with pytest.raises(SpecValidationError, match=f"does not combine with '{next(iter(extra))}'"):
            load_plan(spec)


class TestValidateAndSampleKeepTheTotal:
    """``validate`` allows any count within the reach of a total's count (not only a categorical's values);
    a model learned from such a dataset samples the total (times the scale) again."""

    @pytest.mark.parametrize("name", list(_COUNTS))
    def test_validate_passes(self, name: str) -> None:
        from simulacra.constraints import check_dataset

        spec = spec_of(_COUNTS[name][0], _total_for(_COUNTS[name][1][0] + 1.5))
        for seed in (1, 2):
            frames = frames_of(spec, seed=seed)
            assert [f for f in check_dataset(load_plan(spec), frames, declared=True) if not f.ok] == []

    def test_a_count_outside_the_reach_is_found(self) -> None:
        from simulacra.constraints import check_dataset

        spec = spec_of(_COUNTS["categorical"][0], 1000)  # 1..6 each
        frames = frames_of(spec, seed=1)
        frames["pets"] = frames["pets"].filter(frames["pets"]["owner_id"] != 1)  # owner 1 left with none
        bad = [f for f in check_dataset(load_plan(spec), frames, declared=True) if not f.ok]
        assert any("rows.total" in f.check and f.failed == 1 for f in bad), bad

    def test_sample_keeps_the_total(self) -> None:
        from simulacra import DatasetSynthesizer
        from simulacra.spec import load_spec

        spec = spec_of(_COUNTS["categorical"][0], 1003)
        model = DatasetSynthesizer(seed=0).fit(frames_of(spec, seed=1), load_spec(spec))
        for seed in (1, 2):
            for scale in (1.0, 2.0):
                assert model.sample(seed=seed, scale=scale)["pets"].height == int(round(1003 * scale))
