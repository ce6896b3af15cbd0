"""SHA-256 over every table file an example generates: the check that a memory change left the bytes alone.

    PYTHONPATH=src .venv/bin/python benchmarks/memory_digest.py shop 31 --budget 4194304 --chunk-size 100000
    PYTHONPATH=/tmp/before/src .venv/bin/python benchmarks/memory_digest.py shop 31   # the same, older code

Prints the example, scale, budget, chunk size and the digest (Parquet folder, tables only). Generated data.
"""

from __future__ import annotations

import argparse
import hashlib
import tempfile
from pathlib import Path


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("spec", help="an example's name (shop, hr, ...)")
    ap.add_argument("scale", type=float)
    ap.add_argument("--budget", type=int, default=None, help="--memory-budget in bytes (default: the engine's)")
    ap.add_argument("--chunk-size", type=int, default=100_000)
    ap.add_argument("--format", default="parquet", choices=("parquet", "csv"))
    args = ap.parse_args()

    from simulacra.examples import example_path
    from simulacra.pipeline import generate

    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "out"
        generate(
            str(example_path(args.spec)),
            out,
            format=args.format,
            scale=args.scale,
            chunk_size=args.chunk_size,
            documents=False,
            memory_budget=args.budget,
        )
        h = hashlib.sha256()
        for p in sorted(out.glob(f"*.{args.format}")):
            h.update(p.name.encode() + b"\0" + p.read_bytes())
    budget = "default" if args.budget is None else f"{args.budget:,}"
    print(f"{args.spec} scale {args.scale} budget {budget} chunk {args.chunk_size:,}: {h.hexdigest()}")


if __name__ == "__main__":
    main()
