"""Digests of ``generate``'s CSV output for specs whose laid periods have an END floor by an ancestor's column
(``period_end >= subscription_id.started + INTERVAL '40 days'``, strict, either side, a ``BETWEEN``, beside an
ancestor's end): the worlds of tests/unit/generation/test_periods_end_floors.py, two seeds — the laying's second
running maximum (each end raised to its run's floors so far), which benchmarks/periods_bound_digests.py's worlds
do not reach. Run with main's src and a branch's src on PYTHONPATH: the same digests say the outputs did not
change (house, issue 13: the running maxima moved to ``synth._following.run_max``)."""

from __future__ import annotations

import hashlib
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.unit.generation import test_periods_end_floors as floors  # noqa: E402

from simulacra.pipeline import generate  # noqa: E402

if __name__ == "__main__":
    total = hashlib.sha256()
    n = 0
    with tempfile.TemporaryDirectory() as tmp:
        for form, per, kind, grain in floors.CASES:
            for seed in (1, 2):
                name = f"{form}-{per}-{kind}-{grain}-{seed}"
                out = Path(tmp) / name
                try:
                    generate(floors._world(form, per, kind, grain, seed), out, format="csv")
                    got = "".join(hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(out.glob("*.csv")))
                except Exception as e:  # a refused world is an output too: its message
                    got = f"{type(e).__name__}: {e}"
                digest = hashlib.sha256(got.encode()).hexdigest()
                total.update(digest.encode())
                n += 1
                print(name, digest[:16])
    print(f"{n} specs, all: {total.hexdigest()}")
