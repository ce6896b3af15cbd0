"""Near-duplicate detection on a planted set: simulacra's numpy MinHash LSH beside datasketch's MinHashLSH.

    .venv/bin/python benchmarks/dedupe.py            # 20,000 distinct texts + planted copies
    .venv/bin/python benchmarks/dedupe.py --quick    # 4,000 distinct texts

The planted set (seeded): ``--docs`` distinct texts of 40-80 words drawn from a 20,000-word
vocabulary, then, appended in shuffled order, for a random fifth of them each of:
  exact     a verbatim copy                                          (should go)
  near-90   a copy with ~3 % of its words replaced (Jaccard ~0.9)   (should go)
  near-70   a copy with ~10 % replaced (Jaccard ~0.7)               (should stay: below 0.8)
The truth of each planted copy is the *exact* Jaccard similarity of its character 5-shingle set
to its source's (computed here with Python sets): it should be removed when >= the threshold
(0.8). Distinct texts share almost no 5-shingles.

Both sides do the same job the same way, streaming through the texts in order: a text is a
duplicate when it is near (>= 0.8) a text kept before it; otherwise it is kept and indexed.
  simulacra   ``DuplicateFilter(text=..., exact=False, threshold=0.8, num_perm=128)`` over chunks
              of 10,000: vectorised shingle hashing, MinHash, banding, then the candidates
              verified against the threshold
  datasketch  per text: its 5-shingle set, ``MinHash(num_perm=128).update_batch``, then
              ``MinHashLSH(threshold=0.8, num_perm=128).query`` and ``insert`` when no candidate
              (its documented dedup loop; datasketch does not verify candidates)
Recall: share of planted copies with true Jaccard >= 0.8 that were removed; precision: share of
removed texts that are such copies. CPU seconds (``time.process_time``) beside wall seconds;
the ratio is datasketch's CPU time over ours.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("POLARS_MAX_THREADS", "1")
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

import numpy as np
import polars as pl

from simulacra.curate import DuplicateFilter

THRESHOLD = 0.8
K = 5


def shingles(text: str) -> set[str]:
    t = " ".join(text.lower().split())
    return {t[i : i + K] for i in range(max(len(t) - K + 1, 1))}


def jaccard(a: str, b: str) -> float:
    x, y = shingles(a), shingles(b)
    return len(x & y) / len(x | y)


def planted(n_docs: int, seed: int) -> tuple[list[str], np.ndarray]:
    """Texts and, per text, whether it should be removed (a planted copy at Jaccard >= THRESHOLD)."""
    rng = np.random.default_rng(seed)
    vocab = np.array(
        ["".join(rng.choice(list("abcdefghijklmnopqrstuvwxyz"), rng.integers(3, 10))) for _ in range(20_000)]
    )
    base = [list(rng.choice(vocab, rng.integers(40, 81))) for _ in range(n_docs)]
    texts = [" ".join(w) for w in base]
    copies: list[tuple[str, int]] = []
    for _kind, rate in (("exact", 0.0), ("near-90", 0.03), ("near-70", 0.10)):
        for i in rng.choice(n_docs, n_docs // 5, replace=False):
            words = list(base[i])
            if rate:
                for j in rng.choice(len(words), max(1, round(rate * len(words))), replace=False):
                    words[j] = str(rng.choice(vocab))
            copies.append((" ".join(words), int(i)))
    order = rng.permutation(len(copies))
    truth = [False] * n_docs
    for o in order:
        text, src = copies[o]
        texts.append(text)
        truth.append(jaccard(text, texts[src]) >= THRESHOLD)
    return texts, np.array(truth)


def run_simulacra(texts: list[str], chunk: int) -> tuple[np.ndarray, float, float]:
    c0, w0 = time.process_time(), time.perf_counter()
    f = DuplicateFilter(text="text", exact=False, threshold=THRESHOLD, num_perm=128, shingle=K, seed=1)
    removed = []
    frame = pl.DataFrame({"text": texts})
    for lo in range(0, len(texts), chunk):
        removed.append(~f.check(frame.slice(lo, chunk)).keep)
    return np.concatenate(removed), time.process_time() - c0, time.perf_counter() - w0


def run_datasketch(texts: list[str]) -> tuple[np.ndarray, float, float]:
    from datasketch import MinHash, MinHashLSH

    c0, w0 = time.process_time(), time.perf_counter()
    lsh = MinHashLSH(threshold=THRESHOLD, num_perm=128)
    removed = np.zeros(len(texts), dtype=bool)
    for i, t in enumerate(texts):
        m = MinHash(num_perm=128, seed=1)
        m.update_batch([s.encode("utf-8") for s in shingles(t)])
        if lsh.query(m):
            removed[i] = True
        else:
            lsh.insert(str(i), m)
    return removed, time.process_time() - c0, time.perf_counter() - w0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--docs", type=int, default=20_000)
    ap.add_argument("--quick", action="store_true", help="4,000 distinct texts")
    ap.add_argument("--chunk", type=int, default=10_000)
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args()
    n = 4_000 if args.quick else args.docs
    texts, truth = planted(n, args.seed)
    mb = sum(len(t.encode()) for t in texts) / 1e6
    print(
        f"planted set: {len(texts):,} texts ({mb:.1f} MB), {int(truth.sum()):,} to remove "
        f"(true Jaccard >= {THRESHOLD}), threshold {THRESHOLD}, 128 permutations, {K}-shingles"
    )
    rows = [("simulacra (numpy MinHash LSH + verify)", *run_simulacra(texts, args.chunk))]
    try:
        rows.append(("datasketch MinHashLSH", *run_datasketch(texts)))
    except ImportError:
        print("datasketch is not installed: baseline skipped")
    print("\n| | texts/s (CPU) | CPU s | wall s | recall | precision | removed |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for name, removed, cpu, wall in rows:
        tp = int((removed & truth).sum())
        recall = tp / max(int(truth.sum()), 1)
        precision = tp / max(int(removed.sum()), 1)
        print(
            f"| {name} | {len(texts) / cpu:,.0f} | {cpu:.2f} | {wall:.2f} | {recall:.3f} | {precision:.3f} | "
            f"{int(removed.sum()):,} |"
        )
    if len(rows) == 2:
        print(f"\nthroughput ratio (datasketch CPU s / simulacra CPU s): {rows[1][2] / rows[0][2]:.2f}x")


if __name__ == "__main__":
    main()
