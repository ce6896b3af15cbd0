"""A category decided by bands of a number of its row is a rule in fit's draft too, kept on every sampled row.

Found by the airline probe (``benchmarks/heldout_airline.py``, issue 13): a bag's fee is 60 over 23 kg, else 0.
``inspect`` drafted it as a ``case`` on the weight, but only with its state rules, which ``fit`` turns off, so a
learned sample drew the fee beside the weight and 0.7% of bags had a fee their weight does not take. Planted over
two to four bands, a flag and seeds, through the draft ``fit`` uses (``state_rules=False``).
"""

from __future__ import annotations

import numpy as np
import polars as pl
import pytest

import simulacra
from simulacra.inspection import inspect
from simulacra.sources import Source

CASES = [  # cuts (lower bounds of each band after the first), values
    ((23.0,), (0.0, 60.0)),
    ((40.0, 55.0, 70.0), ("D", "C", "B", "A")),
    ((50.0,), (False, True)),
]


def _band(x: np.ndarray, cuts: tuple[float, ...], values: tuple) -> list:
    return [values[int(np.searchsorted(np.asarray(cuts), v, side="right"))] for v in x]


@pytest.mark.parametrize("case", CASES, ids=["fee", "letter", "flag"])
@pytest.mark.parametrize("seed", [2, 13])
def test_a_band_is_a_rule_in_fits_draft(case: tuple, seed: int) -> None:
    cuts, values = case
    rng = np.random.default_rng(seed)
    n = 1500
    x = np.round(rng.uniform(max(cuts) - 40, max(cuts) + 30, n), 1)
    x = np.where(np.isin(x, cuts), x + 0.1, x)  # no value on a cut: a band's least value decides its bound
    frame = pl.DataFrame({"item_id": np.arange(1, n + 1), "measure": x, "band": _band(x, cuts, values)})
    frames = {"items": frame}
    ins = inspect(
        Source(location="planted", kind="folder", frames=frames, fingerprint=f"{values}{seed}"), state_rules=False
    )
    col = ins.spec.tables["items"].columns["band"]
    assert col.generator == "case", col
    out = simulacra.DatasetSynthesizer(seed=0).fit(frames, ins.spec).sample(seed=seed + 1)["items"]
    m = out["measure"].to_numpy()
    # between the source's bands (a sampled value between a band's last and the next one's first) either holds
    lo = {c: float(frame.filter(pl.col("measure") < c)["measure"].max()) for c in cuts}  # type: ignore[arg-type]
    clear = np.array([not any(lo[c] < v < c + 0.11 for c in cuts) for v in m])
    got = out["band"].to_list()
    want = _band(m, cuts, values)
    ok = [g == w for g, w, k in zip(got, want, clear, strict=True) if k]
    assert sum(ok) / len(ok) == 1.0
