"""Learned date orders against the sample (issue 13, trust63): planted databases written to SQLite as a user's
(dates and date-times as ISO text), ``fit`` -> ``sample`` -> ``check_dataset`` with the fit's own spec.

The databases are ``planted(seed)`` of ``tests/unit/synth/test_trust63_sample_keeps_date_orders.py`` (one home):
per database learn99's four columns on one instant, tables of 2..6 dates in chains, forks and joins with 0%,
30% or 100% ties, mixed days and date-times, nulls on some rows, shuffled columns, and a child dated after its
parent. Printed per database: the learned order checks, whether ``sample`` refused, and the failed checks with
the rows they fail on.

    PYTHONPATH=src .venv/bin/python benchmarks/trust63_date_orders.py --split dev|test

Split: seeds 0, 1, 2 are ``dev`` (the property test's; the fix was made looking at them); seeds 10..15 are
``test`` (committed before the fix was run on them; run once on ``int`` and once after, nothing tuned on them).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.unit.synth.sqlite_helpers import write_frames  # noqa: E402
from tests.unit.synth.test_trust63_sample_keeps_date_orders import planted  # noqa: E402

import simulacra  # noqa: E402
from simulacra.constraints import check_dataset  # noqa: E402
from simulacra.errors import SimulacraError  # noqa: E402
from simulacra.spec import load_plan  # noqa: E402

SPLITS = {"dev": [0, 1, 2], "test": [10, 11, 12, 13, 14, 15]}


def run(seed: int, work: Path) -> tuple[int, int, int, bool]:
    """``(order checks learned, checks failed, rows failing, refused)`` for one planted database."""
    frames = planted(seed)
    db = write_frames(work / f"planted{seed}.db", frames, {"id": "dated0"})
    fitted = simulacra.fit(db, seed=seed)
    orders = [c for c in fitted.spec.constraints if c.check and "<" in c.check]
    try:  # the public path: it refuses a sample that fails its checks
        simulacra.sample(fitted.model, seed=seed)
        refused = False
    except SimulacraError as e:
        refused = True
        print(f"seed {seed}: sample refused: {str(e).splitlines()[0]}")
    out = fitted.model.sample(seed=seed)  # the same rows, unchecked: what failed, and where
    failed = [f for f in check_dataset(load_plan(fitted.spec), out) if not f.ok]
    rows = sum(int(f.failed or 0) for f in failed)
    print(f"seed {seed}: {len(orders)} order checks learned; {len(failed)} failed checks, {rows} failing rows")
    for f in failed:
        print("   ", f.problem().render())
    return len(orders), len(failed), rows, refused


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--split", choices=list(SPLITS), required=True)
    args = ap.parse_args()
    totals = [0, 0, 0, 0]
    with tempfile.TemporaryDirectory() as tmp:
        for seed in SPLITS[args.split]:
            got = run(seed, Path(tmp))
            totals = [t + int(g) for t, g in zip(totals, got, strict=True)]
    print(
        f"{args.split}: {len(SPLITS[args.split])} databases, {totals[0]} order checks learned, "
        f"{totals[3]} samples refused, {totals[1]} failed checks ({totals[2]} failing rows)"
    )


if __name__ == "__main__":
    main()
