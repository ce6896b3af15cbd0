"""Column kinds from values relative to the row count: a mostly-zero amount drafted as categories is learned as a number."""

from __future__ import annotations

import numpy as np
import polars as pl

from simulacra import DatasetSynthesizer
from simulacra.inspection import inspect
from simulacra.sources import Source
from simulacra.spec import model as m


def _table(seed: int = 0, n: int = 3000) -> dict[str, pl.DataFrame]:
    rng = np.random.default_rng(seed)
    gain = np.where(rng.random(n) < 0.85, 0.0, rng.lognormal(8, 1, n).round(2))
    pdays = np.where(rng.random(n) < 0.8, -1, rng.integers(1, 400, n))
    stars = rng.integers(1, 6, n)  # a genuinely small set of values: stays categorical
    return {"people": pl.DataFrame({"person_id": np.arange(n), "gain": gain, "pdays": pdays, "stars": stars})}


def test_mostly_zero_numbers_are_learned_as_numbers_not_drafted_bins() -> None:
    frames = _table()
    ins = inspect(Source(location="people", kind="folder", frames=frames, fingerprint="p"))
    cols = ins.spec.tables["people"].columns
    assert isinstance(cols["gain"], m.CategoricalColumn) and isinstance(cols["pdays"], m.CategoricalColumn)  # the draft
    model = DatasetSynthesizer(seed=0).fit(frames, ins.spec)
    kinds = model.tables_["people"].kinds
    assert kinds["gain"] == "numeric" and kinds["pdays"] == "numeric" and kinds["stars"] == "categorical"
    assert any("gain" in n and "learned as a number" in n for n in model.notes_)
    out = model.sample(seed=1)["people"]
    real = frames["people"]
    for c, spike in (("gain", 0.0), ("pdays", -1)):
        # the dominant value keeps about its share (drafted as bins, 99.6-100% of rows were the spike)
        assert abs(float((out[c] == spike).mean()) - float((real[c] == spike).mean())) < 0.06
        rest = out.filter(pl.col(c) != spike)[c]
        assert rest.n_unique() > 100  # continuous, not ~20 bin means
        assert rest.min() >= real.filter(pl.col(c) != spike)[c].min() and rest.max() <= real[c].max()
    assert set(out["stars"].unique().to_list()) <= set(range(1, 6))
