"""A date a fixed time after another date of its row (an invoice due 30 days after issue, a slot ending 45
minutes after it starts, a follow-up 2 weeks after a visit) is a rule of the row (issue 13): drafted as an
``expression`` (``issued_at + INTERVAL '30 days'``), for ``generate`` and for ``fit`` alike. Before, it was
drafted as an ``after:`` offset with a lognormal of sigma 0.01 and learned as a number: 0% of sampled
invoices were due 30 days after issue, against 100% in the source. Planted over kinds, units and seeds; a
spread gap, a gap held on fewer rows, or a later date present where the earlier one is not, stay drawn."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import polars as pl
import pytest

import simulacra
from simulacra.inspection import inspect
from simulacra.sources import Source

CASES = [  # (kind, gap in seconds, the INTERVAL drafted)
    ("datetime", 30 * 86_400, "30 days"),
    ("datetime", 45 * 60, "45 minutes"),
    ("datetime", 2 * 3_600, "2 hours"),
    ("date", 14 * 86_400, "14 days"),
]


def _frame(seed: int, kind: str, gap: int, *, off: float = 0.0, spread: bool = False) -> pl.DataFrame:
    rng = np.random.default_rng(seed)
    n = 600
    start = np.datetime64("2023-01-01", "s") + rng.integers(0, 400 * 86_400, n).astype("timedelta64[s]")
    if kind == "date":
        start = start.astype("datetime64[D]").astype("datetime64[s]")
    gaps = np.full(n, gap)
    if spread:
        gaps = gaps + rng.integers(1, 5, n) * (86_400 if kind == "date" else 60)
    flip = rng.random(n) < off
    gaps[flip] += 86_400
    end = start + gaps.astype("timedelta64[s]")
    f = pl.DataFrame(
        {
            "slot_id": np.arange(1, n + 1),
            "begins": start.astype("datetime64[us]"),
            "ends": end.astype("datetime64[us]"),
            "fee": rng.gamma(2.0, 20.0, n).round(2),
        }
    )
    return f.with_columns(pl.col("begins", "ends").dt.date()) if kind == "date" else f


def _columns(frame: pl.DataFrame) -> dict:  # type: ignore[type-arg]
    src = Source(
        location="s", kind="folder", frames={"slots": frame}, primary_keys={"slots": ["slot_id"]}, fingerprint="s"
    )
    return inspect(src).spec.tables["slots"].columns


@pytest.mark.parametrize("case", CASES)
@pytest.mark.parametrize("seed", [1, 2])
def test_a_fixed_gap_is_drafted_as_a_rule(seed: int, case: tuple[str, int, str]) -> None:
    kind, gap, interval = case
    cols = _columns(_frame(seed, kind, gap, off=0.004))  # a few rows off: still the rule
    assert cols["ends"].generator == "expression"
    assert cols["ends"].expr == f"begins + INTERVAL '{interval}'"
    assert cols["begins"].generator == kind


@pytest.mark.parametrize("seed", [1, 2])
def test_a_spread_or_rarely_fixed_gap_stays_drawn(seed: int) -> None:
    assert _columns(_frame(seed, "datetime", 3_600, spread=True))["ends"].generator == "datetime"
    assert _columns(_frame(seed, "datetime", 3_600, off=0.05))["ends"].generator == "datetime"
    holes = _frame(seed, "datetime", 3_600).with_columns(  # present where the earlier date is not
        begins=pl.when(pl.col("slot_id") % 10 == 0).then(None).otherwise(pl.col("begins"))
    )
    assert _columns(holes)["ends"].generator == "datetime"


@pytest.mark.parametrize("case", [CASES[0], CASES[3]])
def test_fit_keeps_the_gap_exact(tmp_path: Path, case: tuple[str, int, str]) -> None:
    kind, gap, _ = case
    src = tmp_path / "src"
    src.mkdir()
    frame = _frame(3, kind, gap)
    frame.write_csv(src / "slots.csv")
    simulacra.fit(src, output=tmp_path / "model", seed=3)
    simulacra.sample(tmp_path / "model", output=tmp_path / "out", format="parquet", seed=4)
    s = pl.read_parquet(tmp_path / "out" / "slots.parquet")
    if s["begins"].dtype == pl.String:
        parse = (lambda c: pl.col(c).str.to_date()) if kind == "date" else (lambda c: pl.col(c).str.to_datetime())
        s = s.with_columns(parse("begins"), parse("ends"))
    seconds = (s["ends"].cast(pl.Datetime("us")) - s["begins"].cast(pl.Datetime("us"))).dt.total_seconds()
    assert s.height == frame.height
    assert float((seconds == gap).mean()) == 1.0
