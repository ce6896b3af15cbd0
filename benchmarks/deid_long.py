"""Cost of one long document against its size: it should grow linearly (issue 14: 5 MB took 25 minutes).

    .venv/bin/python benchmarks/deid_long.py [--sizes 0.25,0.5,1] [--seed 0] [--no-ner]

The document is synthetic e-mail threads and news (``simulacra.text.corpus``, seeded) joined
into one text of each size; ``Deidentifier.deidentify`` runs on it whole, and the runner's
block path (``deidentify_path`` with its default 100,000-character blocks) runs on it as a
file. CPU seconds of this process, and seconds per MB: flat when the cost is linear.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from simulacra.text.corpus import synthetic_documents
from simulacra.text.engine import Deidentifier
from simulacra.text.runner import deidentify_path


def document(chars: int, seed: int) -> str:
    parts: list[str] = []
    n = 0
    for d in synthetic_documents(10**7, seed=seed, weights={"email_thread": 0.5}):
        parts.append(d.text)
        n += len(d.text) + 2
        if n >= chars:
            break
    return "\n\n".join(parts)[:chars]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sizes", default="0.25,0.5,1")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--no-ner", action="store_true", help="patterns and structure only")
    ap.add_argument(
        "--ner",
        default="spacy",
        choices=("spacy", "fast"),
        help="name tagger (default spacy: the tagger the recorded figures were measured with)",
    )
    args = ap.parse_args(argv)
    policy = {"ner": False} if args.no_ner else None
    engine = Deidentifier(policy, ner=args.ner)
    engine.deidentify("Warm up: Alice Smith called.")
    print(f"{'MB':>6}{'whole s':>10}{'s/MB':>8}{'blocks s':>10}{'s/MB':>8}")
    with tempfile.TemporaryDirectory() as tmp:
        for mb in (float(x) for x in args.sizes.split(",")):
            text = document(int(mb * 1e6), args.seed)
            t0 = time.process_time()
            engine.deidentify(text)
            whole = time.process_time() - t0
            src = Path(tmp) / f"long-{mb}.txt"
            src.write_text(text)
            t0 = time.process_time()
            deidentify_path(src, Path(tmp) / f"out-{mb}.txt", policy=policy, replace=True, ner=args.ner)
            blocks = time.process_time() - t0
            print(f"{mb:>6.2f}{whole:>10.2f}{whole / mb:>8.2f}{blocks:>10.2f}{blocks / mb:>8.2f}", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
