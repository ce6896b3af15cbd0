"""Children per candidate of a matched key, on the planted schemas of ``tests/unit/synth/test_matched_key_repeats.py``
(a payment's invoice among its customer's invoices: mostly once; a claim's policy among its holder's policies:
mostly twice; a ledger entry's booking among its passenger's bookings: a heavy tail), 3 seeds each: the source's
share of candidates with exactly k children, the sample's, and their total variation distance.

    PYTHONPATH=src .venv/bin/python benchmarks/matched_key_repeats.py
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from tests.unit.synth.ref_count_helpers import tvd  # noqa: E402
from tests.unit.synth.test_matched_key_repeats import CASES, per_candidate, plant, spec_of  # noqa: E402

from simulacra import DatasetSynthesizer  # noqa: E402


def main() -> None:
    print("| schema | seed | source: share with k = 0, 1, 2, 3 | sample: the same | TVD |")
    print("|---|---:|---|---|---:|")
    for schema, seed in CASES:
        frames = plant(schema, seed)
        out = DatasetSynthesizer(seed=0).fit(frames, spec_of(schema, frames)).sample(seed=seed)
        a, b = per_candidate(schema, frames), per_candidate(schema, out)
        show = [", ".join(f"{d.get(k, 0.0):.3f}" for k in range(4)) for d in (a, b)]
        print(f"| {schema} | {seed} | {show[0]} | {show[1]} | {tvd(a, b):.3f} |")


if __name__ == "__main__":
    main()
