"""Issue 13 (branch learn-names): how concentrated the value engine's people's names are.

    PYTHONPATH=src .venv/bin/python benchmarks/names_concentration.py            # pools, per 1,000 draws
    PYTHONPATH=src .venv/bin/python benchmarks/names_concentration.py --league W # a learn_heldout_league.py work folder

Pools: for en_US, en_GB, de_DE, fr_FR first (female, male) and last names, the top-1 share, top-10 share and
distinct count per 1,000 draws (mean of 20 draws of 1,000, numpy seed 7), Faker's list as weighted by Faker
("before") beside the population-shaped pool (``values._names``, "after"). League: per players' name column,
rows, distinct, top share and the three most common values of the source and of each sample.
"""

from __future__ import annotations

import argparse
import collections
import sqlite3
from pathlib import Path

import numpy as np

from simulacra.values._names import _faker_list, population_names
from simulacra.values._strings import Pool


def _stats(pool: Pool, n: int = 1000, reps: int = 20) -> tuple[float, float, float]:
    rng = np.random.default_rng(7)
    t1 = t10 = d = 0.0
    for _ in range(reps):
        c = np.sort(np.bincount(pool.index(rng.integers(0, 2**64, size=n, dtype=np.uint64))))[::-1]
        t1, t10, d = t1 + c[0] / n, t10 + c[:10].sum() / n, d + float((c > 0).sum())
    return t1 / reps, t10 / reps, d / reps


def pools() -> None:
    print("| list | before top-1 / top-10 / distinct | after top-1 / top-10 / distinct | pool size | coverage |")
    print("|---|---|---|---|---|")
    for loc in ("en_US", "en_GB", "de_DE", "fr_FR"):
        for which in ("first_female", "first_male", "last"):
            b = _stats(Pool(*_faker_list(loc, which)))
            p = population_names(loc, which)
            a = _stats(Pool(p.items, p.weights))
            print(
                f"| {loc} {which} | {b[0]:.3f} / {b[1]:.3f} / {b[2]:.0f} | {a[0]:.3f} / {a[1]:.3f} / {a[2]:.0f} "
                f"| {len(p.items)} | {p.coverage:.2f} |"
            )


def league(work: Path) -> None:
    for col in ("last_name", "first_name"):
        for db in ("league.db", "sample1.db", "sample2.db", "sample3.db"):
            con = sqlite3.connect(work / db)
            vals = [r[0] for r in con.execute(f"select {col} from players")]  # noqa: S608
            c = collections.Counter(vals)
            top = c.most_common(3)
            print(f"{col} {db}: rows {len(vals)}, distinct {len(c)}, top share {top[0][1] / len(vals):.3f} {top}")


if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    ap.add_argument("--league", type=Path)
    args = ap.parse_args()
    league(args.league) if args.league else pools()
