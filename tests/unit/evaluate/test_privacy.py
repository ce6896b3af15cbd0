"""Privacy metrics: a copier is caught, an honest sample is not; the statistics are the documented ones."""

from __future__ import annotations

import numpy as np
import polars as pl
import pytest

from simulacra.evaluation import privacy
from simulacra.evaluation._frames import MixedEncoder, infer_columns


@pytest.fixture(scope="module")
def infos(train: pl.DataFrame) -> list:
    return infer_columns(train)


def test_wilson_interval_matches_the_formula() -> None:
    rate, err = privacy.wilson(30, 100)
    z = 1.959963984540054
    assert rate == pytest.approx((30 + z * z / 2) / (100 + z * z))
    assert err == pytest.approx(z / (100 + z * z) * np.sqrt(30 * 70 / 100 + z * z / 4))


def test_risk_is_excess_over_control() -> None:
    r = privacy.Risk.from_counts(60, 20, 100)
    m, c = privacy.wilson(60, 100)[0], privacy.wilson(20, 100)[0]
    assert r.value == pytest.approx((m - c) / (1 - c))
    assert r.ci[0] < r.value < r.ci[1]
    assert privacy.Risk.from_counts(20, 20, 100).value == pytest.approx(0.0)


def test_copier_is_flagged(train: pl.DataFrame, adult_holdout: pl.DataFrame, infos: list) -> None:
    copy = train.sample(fraction=1.0, shuffle=True, seed=4)
    em = privacy.exact_match(train, copy, infos, adult_holdout)
    assert em.raw == 1.0 and em.score == 0.0
    share, nndr = privacy.dcr(train, copy, adult_holdout, infos)
    assert share.raw is not None and share.raw > 0.95 and share.score is not None and share.score < 0.1
    assert nndr.raw is not None and nndr.raw < 0.05
    mi = privacy.membership_inference(train, copy, adult_holdout, infos)
    assert mi.raw is not None and mi.raw > 0.9 and mi.details["auc"] > 0.95
    so = privacy.singling_out_risk(train, copy, adult_holdout, infos, n_attacks=500)
    assert so.raw is not None and so.details["ci_low"] > 0.5
    inf = privacy.inference_risk(train, copy, adult_holdout, infos, "occupation", n_attacks=500)
    assert inf.raw is not None and inf.details["ci_low"] > 0.3


def test_honest_sample_is_not_flagged(
    train: pl.DataFrame, fresh: pl.DataFrame, adult_holdout: pl.DataFrame, infos: list
) -> None:
    em = privacy.exact_match(train, fresh, infos, adult_holdout)
    assert em.score == 1.0
    share, nndr = privacy.dcr(train, fresh, adult_holdout, infos)
    assert 0.4 < (share.raw or 0) < 0.6 and (share.score or 0) > 0.8
    assert (nndr.score or 0) > 0.8
    mi = privacy.membership_inference(train, fresh, adult_holdout, infos)
    assert (mi.raw or 0) < 0.1
    for r in (
        privacy.singling_out_risk(train, fresh, adult_holdout, infos, n_attacks=500),
        privacy.linkability_risk(train, fresh, adult_holdout, infos, n_attacks=500),
        privacy.inference_risk(train, fresh, adult_holdout, infos, "Y", n_attacks=500),
    ):
        assert r.details["ci_low"] < 0.05, r.metric  # no risk beyond what unseen records give
        assert r.score is not None and 0 <= r.score <= 1


def test_shortcut_functions(train: pl.DataFrame, adult_holdout: pl.DataFrame) -> None:
    assert privacy.exact_match_rate(train, train[:100]) == 1.0
    assert privacy.dcr_share(train, train[:300], adult_holdout) > 0.95


def test_nearest_uses_the_index() -> None:
    ref = np.array([[0.0, 0.0], [1.0, 0.0], [0.0, 2.0]], dtype=np.float32)
    d, i = privacy.nearest(ref, np.array([[0.9, 0.1]], dtype=np.float32), k=2)
    assert i.tolist() == [[1, 0]]
    assert d[0, 0] == pytest.approx(np.hypot(0.1, 0.1), rel=1e-5)


def test_synthetic_nulls_where_the_real_column_has_none_still_give_a_distance() -> None:
    """A null in a synthetic numeric column the real data never leaves empty is far from every real row
    (before, it added a column to the synthetic matrix only, and DCR failed on the width)."""
    rng = np.random.default_rng(0)
    real = pl.DataFrame({"x": rng.normal(size=400), "k": rng.choice(["a", "b"], 400).tolist()})
    holdout = pl.DataFrame({"x": rng.normal(size=200), "k": rng.choice(["a", "b"], 200).tolist()})
    synth = real.with_columns(pl.when(pl.int_range(pl.len()) % 4 == 0).then(None).otherwise(pl.col("x")).alias("x"))
    infos = infer_columns(real)
    share, nndr = privacy.dcr(real, synth, holdout, infos)
    assert share.raw is not None and nndr.raw is not None  # computed, not reported as failed
    enc = MixedEncoder(real, infos)
    assert enc.transform(synth).shape[1] == enc.transform(real).shape[1]
    far = enc.transform(synth.filter(pl.col("x").is_null()))
    near = enc.transform(real.filter(pl.int_range(pl.len()) % 4 == 0))
    assert float(np.linalg.norm(far - near, axis=1).min()) > 0.0
