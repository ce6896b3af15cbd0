"""A text category decided by which of two numbers of its row is larger (issue 13), planted in generated tables:
a match's result (H, D, A by the goals), a trade's side (buy where the price is under the reference, else
sell), a meter's trend (up, flat, down against the previous reading). ``inspect`` drafts it as a ``CASE``
``expression``; fit → sample keeps it on every row; a category that disagrees on 5% of rows, or has nothing
to do with the numbers, stays a category. Before (found on the football league of benchmarks/heldout_league.py,
its first run): learned as a category, 1-2% of sampled results disagreed with their own goals.
"""

from __future__ import annotations

import numpy as np
import polars as pl
import pytest

from simulacra import DatasetSynthesizer
from simulacra.inspection import inspect
from simulacra.inspection._compare import find_sign_category
from simulacra.sources import Source


def _source(name: str, frame: pl.DataFrame) -> Source:
    return Source(location=name, kind="folder", frames={"t": frame}, primary_keys={"t": ["id"]}, fingerprint=name)


def _pick(a: np.ndarray, b: np.ndarray, gt: str, eq: str, lt: str) -> np.ndarray:
    return np.where(a > b, gt, np.where(a == b, eq, lt))


def matches(rng: np.random.Generator, n: int) -> tuple[pl.DataFrame, str, str, str, dict[int, str]]:
    h, a = rng.poisson(1.5, n), rng.poisson(1.1, n)
    frame = pl.DataFrame(
        {
            "id": np.arange(1, n + 1),
            "crowd": rng.integers(900, 40000, n),
            "home": h,
            "away": a,
            "res": _pick(h, a, "H", "D", "A"),
        }
    )
    return frame, "res", "home", "away", {1: "H", 0: "D", -1: "A"}


def trades(rng: np.random.Generator, n: int) -> tuple[pl.DataFrame, str, str, str, dict[int, str]]:
    ref = np.round(rng.uniform(90, 110, n), 2)
    price = np.round(ref + rng.choice([-1, 1], n) * rng.uniform(0.01, 3, n), 2)
    frame = pl.DataFrame(
        {"id": np.arange(1, n + 1), "price": price, "reference": ref, "side": np.where(price < ref, "buy", "sell")}
    )
    return frame, "side", "price", "reference", {1: "sell", -1: "buy"}


def trends(rng: np.random.Generator, n: int) -> tuple[pl.DataFrame, str, str, str, dict[int, str]]:
    prev = rng.integers(100, 200, n)
    now = prev + rng.choice([-2, -1, 0, 0, 1, 3], n)
    frame = pl.DataFrame(
        {"id": np.arange(1, n + 1), "previous": prev, "reading": now, "trend": _pick(now, prev, "up", "flat", "down")}
    )
    return frame, "trend", "previous", "reading", {1: "down", 0: "flat", -1: "up"}


@pytest.mark.parametrize("seed", [5, 6])
@pytest.mark.parametrize("make", [matches, trades, trends], ids=lambda f: f.__name__)
def test_a_category_decided_by_two_numbers_is_drafted_and_kept(make, seed: int) -> None:  # noqa: ANN001
    rng = np.random.default_rng(seed)
    frame, col, a, b, mapping = make(rng, int(rng.integers(120, 400)))
    found = find_sign_category(frame[col], {c: frame[c] for c in frame.columns if c != col})
    assert found is not None and found[:3] == (a, b, mapping)
    spec = inspect(_source(f"{make.__name__}-{seed}", frame)).spec
    assert spec.tables["t"].columns[col].generator == "expression"  # type: ignore[union-attr]
    out = DatasetSynthesizer(seed=0).fit({"t": frame}, spec).sample(seed=seed)["t"]
    sign = np.sign(out[a].to_numpy().astype(float) - out[b].to_numpy().astype(float)).astype(int)
    want = [mapping.get(int(s), mapping.get(-1, mapping.get(0))) for s in sign]
    assert out[col].to_list() == want


def test_a_noisy_or_unrelated_category_stays_a_category() -> None:
    rng = np.random.default_rng(3)
    frame, col, a, b, _ = matches(rng, 600)
    noisy = frame[col].to_numpy().copy()
    flip = rng.choice(600, 30, replace=False)
    noisy[flip] = np.where(noisy[flip] == "H", "A", "H")
    ops = {a: frame[a], b: frame[b], "crowd": frame["crowd"]}
    assert find_sign_category(pl.Series(noisy), ops) is None
    assert find_sign_category(pl.Series(rng.choice(["x", "y", "z"], 600)), ops) is None
