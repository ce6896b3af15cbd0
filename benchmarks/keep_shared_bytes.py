"""Sample bytes (sha256 of the CSVs) of models whose copy redraws go through ``LearnedTable._keep_shared`` in all
three modes (free, whole, categories: the calls of each are counted), seeds 1-3: run before and after a change
that must not move a byte (learn-distinct56: the modes split into one function each) and compare the output.

    PYTHONPATH=src:. python benchmarks/keep_shared_bytes.py [--adult ../shared/data/adult/adult.data]
"""

from __future__ import annotations

import argparse
import hashlib
import sys
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from tests.unit.synth.test_keys_two_parents import _source  # noqa: E402
from tests.unit.synth.test_nullable_date_once_per_parent import visits  # noqa: E402

from simulacra import DatasetSynthesizer, TabularSynthesizer  # noqa: E402
from simulacra.inspection import inspect  # noqa: E402
from simulacra.synth import _table  # noqa: E402

CALLS = {"free": 0, "whole": 0, "categories": 0}
_ORIGINAL = _table.LearnedTable._keep_shared


def _counted(self: Any, codes: Any, copied: Any, fixed: Any, **kw: Any) -> Any:
    mode = "whole" if kw.get("whole") is not None else "categories" if kw.get("categories") else "free"
    CALLS[mode] += 1
    return _ORIGINAL(self, codes, copied, fixed, **kw)


def tables(adult_path: Path) -> dict[str, pl.DataFrame]:
    cols = ["age", "workclass", "fnlwgt", "education", "edu_num", "marital", "occupation", "relationship", "race"]
    cols += ["sex", "gain", "loss", "hours", "country", "income"]
    adult = pl.read_csv(adult_path, has_header=False, new_columns=cols, n_rows=600)
    adult = adult.with_columns([pl.col(c).str.strip_chars() for c in cols if adult.schema[c] == pl.String])
    rng = np.random.default_rng(5)
    r3 = np.random.default_rng(3)
    n = r3.random(150)
    return {
        "adult": adult,
        "adult-small": adult.select("workclass", "sex", "race", "age", "hours", "gain"),
        "adult-200": adult.head(200).select("workclass", "sex", "race", "relationship", "hours"),
        "3x2x40": pl.DataFrame(
            {"a": rng.choice(["x", "y", "z"], 300), "b": rng.choice(["p", "q"], 300), "n": rng.integers(0, 40, 300)}
        ),
        "stubborn": pl.DataFrame(
            {
                "a": r3.choice(["x", "y"], 150),
                "d": np.where(n < 0.5, 0, r3.integers(1, 10, 150)),
                "e": r3.integers(0, 10, 150),
            }
        ),
    }


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--adult", type=Path, default=ROOT.parent / "shared" / "data" / "adult" / "adult.data")
    args = p.parse_args()
    _table.LearnedTable._keep_shared = _counted  # type: ignore[method-assign]
    total = hashlib.sha256()
    frames = tables(args.adult)
    for seed in (1, 2, 3):
        for name, frame in frames.items():
            out = TabularSynthesizer(seed=seed).fit(frame).sample(800).write_csv().encode()
            total.update(out)
            print(name, seed, hashlib.sha256(out).hexdigest()[:16])
        db = visits(seed, 0.4, (3, 8))
        spec = inspect(_source("visits", db, [("visits", "patient_id", "patients", "patient_id")])).spec
        sample = DatasetSynthesizer(seed=seed).fit(db, spec).sample(seed=seed)
        out = "".join(sample[t].write_csv() for t in sorted(sample)).encode()
        total.update(out)
        print("visits", seed, hashlib.sha256(out).hexdigest()[:16])
    print("calls", CALLS)
    print("all", total.hexdigest())


if __name__ == "__main__":
    main()
