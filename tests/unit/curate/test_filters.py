"""Privacy filters and scorers, each proven on data built to fail it."""

from __future__ import annotations

import numpy as np
import polars as pl

from simulacra.curate.privacy import DistanceFilter, NgramFilter, RareCombinationFilter
from simulacra.curate.scorers import Detectability, load_callable, text_scores


def _people(n: int, seed: int) -> pl.DataFrame:
    rng = np.random.default_rng(seed)
    return pl.DataFrame(
        {
            "age": rng.integers(18, 90, n),
            "income": rng.normal(50_000, 15_000, n).round(0),
            "city": rng.choice(["Lyon", "Paris", "Nice", "Lille", "Brest"], n),
            "job": rng.choice([f"job{i}" for i in range(40)], n),
        }
    )


def test_distance_filter_drops_copied_and_nudged_real_rows_only() -> None:
    real = _people(2000, 0)
    fresh = _people(500, 1)
    copies = real.head(50)
    nudged = real.slice(50, 50).with_columns(pl.col("income") + 1.0)  # 1 unit on a ~100k range: distance ~2.5e-6
    synthetic = pl.concat([fresh, copies, nudged])
    f = DistanceFilter(real, min_distance=0.001)
    keep = f.check(synthetic)
    dropped = ~keep
    planted = np.r_[np.zeros(500, bool), np.ones(100, bool)]
    recall = (dropped & planted).sum() / planted.sum()
    precision = (dropped & planted).sum() / max(dropped.sum(), 1)
    assert recall == 1.0
    assert precision >= 0.9, precision  # a fresh row can by chance lie that close to a real one
    d, arg = f.distances(copies)
    assert np.all(d == 0) and np.array_equal(arg, np.arange(50))


def test_rare_combination_filter() -> None:
    real = pl.DataFrame({"zip": ["75001"] * 50 + ["29200"] * 2, "age": [40] * 50 + [93, 93]})
    synthetic = pl.DataFrame({"zip": ["75001", "29200", "29200"], "age": [40, 93, 41]})
    f = RareCombinationFilter(real, columns=["zip", "age"], k=5)
    assert f.check(synthetic).tolist() == [True, False, True]  # common combination stays; the rare copy goes


def test_ngram_filter_finds_a_copied_passage() -> None:
    real = [
        "the quick brown fox jumps over the lazy dog near the river bank today",
        "an entirely different sentence about invoices and payment terms and more words here",
    ]
    synthetic = pl.Series(
        [
            "Prefix words: The quick brown fox jumps over the lazy dog near the river bank, then more",  # 12+ words copied
            "the quick brown fox jumps over a sleepy cat",  # short overlap only
            "",
        ]
    )
    f = NgramFilter(real, n=8)
    assert f.check(synthetic).tolist() == [False, True, True]


def test_text_scores() -> None:
    s = text_scores(
        pl.Series(
            [
                "a fine and varied sentence with words",
                "buy now buy now buy now buy now buy now",
                "Dear {{ name }}, hello",
                "",
            ]
        )
    )
    assert s["repetition"][0] == 0.0 and s["repetition"][1] > 0.5
    assert s["leftovers"].tolist() == [0.0, 0.0, 1.0, 0.0]
    assert s["quality"][0] == 1.0 and s["quality"][2] == 0.0 and s["quality"][3] == 0.0


def test_detectability_ranks_obviously_fake_rows_higher() -> None:
    real = _people(1500, 2)
    good = _people(600, 3)
    bad = _people(200, 4).with_columns(pl.lit(150, dtype=pl.Int64).alias("age"))  # impossible age: easy to detect
    synthetic = pl.concat([good, bad])
    synthetic = synthetic[np.random.default_rng(0).permutation(synthetic.height).tolist()]
    is_bad = (synthetic.get_column("age") == 150).to_numpy()
    det = Detectability(real, seed=1).fit(synthetic)
    p = det.score(synthetic, 0)
    assert p[is_bad].mean() > 0.9
    assert p[~is_bad].mean() < 0.6
    assert det.score(synthetic, 0).tolist() == Detectability(real, seed=1).fit(synthetic).score(synthetic, 0).tolist()


def test_load_callable() -> None:
    f = load_callable("numpy:sqrt")
    assert f(4.0) == 2.0


def test_language_share_tells_the_expected_language() -> None:
    s = text_scores(
        pl.Series(
            [
                "Thank you for your order, we will ship it to you.",
                "Vielen Dank für die Bestellung, wir haben sie nicht vergessen.",
                "Merci pour votre commande, nous la préparons.",
                "12345",
            ]
        ),
        language="en",
    )
    assert (
        s["language"].tolist()[0] == 1.0
        and s["language"][1] < 0.5
        and s["language"][2] < 0.5
        and s["language"][3] == 0.0
    )
    assert s["quality"][0] == 1.0 and s["quality"][1] == 0.0
