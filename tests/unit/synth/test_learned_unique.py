"""A learned column unique in the source stays unique in samples (issue 13), planted in generated data.

A serial or cheque number is an integer that never repeats where as many random draws of its range would:
``inspect`` drafts it ``unique: true`` (a wide-ranged amount, which rarely repeats by chance, is not marked).
In an event table (a sequence child, drawn position by position) the uniqueness was skipped: 82% of a
planted cheque column's sampled values were distinct. Now every sampled value is distinct, the events keep
their order, and the values stay near the source's range; a root table whose numbers fill their range
(redraws cannot find free values) ends unique too.
"""

from __future__ import annotations

import numpy as np
import polars as pl
import pytest

from simulacra import DatasetSynthesizer
from simulacra.inspection import inspect
from simulacra.sources import ForeignKey, Source

NAMES = [("accounts", "trans", "cheque"), ("meters", "readings", "serial"), ("cards", "swipes", "voucher")]


def events(seed: int) -> tuple[dict[str, pl.DataFrame], Source, tuple[str, str, str], int]:
    rng = np.random.default_rng(seed)
    parent, child, col = NAMES[seed % len(NAMES)]
    n = int(rng.integers(200, 350))
    owner = np.repeat(np.arange(1, n + 1), rng.integers(2, 12, n))
    m = len(owner)
    width = int(m * rng.uniform(1.3, 5.0))
    start = int(rng.integers(1, 100_000))
    day = np.datetime64("2020-01-01") + rng.integers(0, 900, m).astype("timedelta64[D]")
    frames = {
        parent: pl.DataFrame({"pid": np.arange(1, n + 1), "kind": rng.choice(["a", "b", "c"], n)}),
        child: pl.DataFrame(
            {
                "eid": np.arange(1, m + 1),
                "pid": owner,
                "day": day,
                col: rng.choice(np.arange(start, start + width), m, replace=False),
                "cents": rng.integers(0, 10**12, m),
                "amount": np.round(rng.gamma(2.0, 50.0, m), 2),
            }
        ),
    }
    src = Source(
        location=child,
        kind="folder",
        frames=frames,
        primary_keys={parent: ["pid"], child: ["eid"]},
        foreign_keys=[ForeignKey(child, "pid", parent, "pid")],
        fingerprint=f"events{seed}",
    )
    return frames, src, (parent, child, col), width


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_a_unique_number_in_an_event_table_stays_unique(seed: int) -> None:
    frames, src, (parent, child, col), width = events(seed)
    spec = inspect(src).spec
    assert spec.tables[child].columns[col].unique  # type: ignore[union-attr]
    assert not getattr(spec.tables[child].columns["cents"], "unique", False)  # repeats would be chance
    model = DatasetSynthesizer(seed=0).fit(frames, spec)
    assert model.tables_[child].sequence_column == "day"
    real = frames[child][col]
    for s in (1, 2):
        out = model.sample(seed=s)[child]
        assert out.height > 400
        assert out[col].null_count() == 0 and out[col].n_unique() == out.height
        lo, hi = int(real.min()), int(real.max())  # type: ignore[arg-type]
        assert ((out[col] >= lo) & (out[col] <= hi + out.height // 10)).mean() >= 0.99
        # order within each parent still holds; the values still spread as the source's do
        assert out.select((pl.col("day").diff().over("pid").dt.total_days().fill_null(0) >= 0).all()).item()
        q = [0.1, 0.5, 0.9]
        got = np.quantile(out[col].to_numpy(), q)
        want = np.quantile(real.to_numpy(), q)
        assert np.all(np.abs(got - want) <= 0.1 * width)


def test_a_root_tables_unique_numbers_that_fill_their_range_end_unique() -> None:
    rng = np.random.default_rng(5)
    n = 2000
    frame = pl.DataFrame(
        {
            "id": np.arange(1, n + 1),
            "tag": rng.choice(np.arange(10, 10 + int(1.1 * n)), n, replace=False),
            "size": rng.choice(["s", "m", "l"], n),
        }
    )
    src = Source(location="tags", kind="folder", frames={"tags": frame}, primary_keys={"tags": ["id"]}, fingerprint="t")
    spec = inspect(src).spec
    assert spec.tables["tags"].columns["tag"].unique  # type: ignore[union-attr]
    out = DatasetSynthesizer(seed=0).fit({"tags": frame}, spec).sample(seed=1)["tags"]
    assert out["tag"].n_unique() == out.height == n
