"""A column null exactly where a category says so, learned with its row (issue 13): per planted shape and seed,
the sampled share of rows keeping the rule (null exactly where the category says so) and the share of filled
rows whose value agrees with the rest of the row as the source makes it (a delay beside its status, a refund below
its price, a reason from the channel). Run it with ``PYTHONPATH`` at two trees to compare them.

    PYTHONPATH=src python benchmarks/null_where_learned.py [--seeds 1,2,3]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.unit.synth.test_null_where_learned import SHAPES, relation  # noqa: E402

from simulacra import DatasetSynthesizer  # noqa: E402
from simulacra.inspection import inspect  # noqa: E402
from simulacra.sources import Source  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seeds", default="1,2,3")
    args = ap.parse_args()
    print("| shape | seed | null share source / sample | rule kept | row agrees: source / sample |")
    print("|---|---:|---|---:|---|")
    for name, (make, col, key, nulls) in SHAPES.items():
        for seed in (int(s) for s in args.seeds.split(",")):
            frame = make(seed)
            spec = inspect(Source(location=name, kind="folder", frames={name: frame}, fingerprint=name)).spec
            try:
                sample = DatasetSynthesizer(seed=1).fit({name: frame}, spec).sample(seed=3)[name]
            except Exception as exc:  # the tree under test may fail on the shape: said, and the run goes on
                print(f"| {name} | {seed} | sample failed: {type(exc).__name__}: {str(exc).splitlines()[0][:80]} | | |")
                continue
            held = sample[key].is_in(list(nulls))
            kept = float((sample[col].is_null() == held).mean())
            try:
                agrees = f"{relation(name, sample):.3f}"
            except Exception:  # a number written back as text cannot be compared: said so, not scored
                agrees = f"not computed ({col} sampled as {sample.schema[col]})"
            print(
                f"| {name} | {seed} | {frame[col].is_null().mean():.3f} / {sample[col].is_null().mean():.3f} "
                f"| {kept:.3f} | {relation(name, frame):.3f} / {agrees} |"
            )


if __name__ == "__main__":
    main()
