"""Shares of a lookup table's child sampled at scale 1 and 3 (issue 13, learn-scale52): the planted classes of
``tests/unit/synth/test_scaled_child_shares.py``, fitted once (copies allowed, or rejected with ``--reject``),
sampled with seeds 1 and 2 at each scale; prints the source's share and each scale's mean.

    PYTHONPATH=src python benchmarks/scaled_child_shares.py [--reject]
"""

from __future__ import annotations

import sys

import numpy as np

sys.path.insert(0, ".")
from tests.unit.synth.test_scaled_child_shares import CASES, fitted, plant, shares  # noqa: E402


def main() -> None:
    copies = "--reject" not in sys.argv
    print("| shape | zero | seed | share | source | scale 1 | scale 3 |")
    print("|---|---:|---:|---|---:|---:|---:|")
    for dated, zero, seed in CASES:
        frames = plant(dated, zero, seed)
        model = fitted(frames, f"scaled{dated}{zero}{seed}", copies=copies)
        source = shares(frames["flights"])
        got = {sc: [shares(model.sample(seed=s, scale=sc)["flights"]) for s in (1, 2)] for sc in (1, 3)}
        for k in source:
            m1, m3 = (float(np.mean([g[k] for g in got[sc]])) for sc in (1, 3))
            shape = "dated" if dated else "plain"
            print(f"| {shape} | {zero} | {seed} | {k} | {source[k]:.3f} | {m1:.3f} | {m3:.3f} |", flush=True)


if __name__ == "__main__":
    main()
