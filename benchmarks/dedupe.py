"""Near-duplicate detection on a planted set: simulacra's numpy MinHash LSH beside datasketch's MinHashLSH.

    .venv/bin/python benchmarks/dedupe.py            # 20,000 distinct texts + planted copies
    .venv/bin/python benchmarks/dedupe.py --quick    # 4,000 distinct texts
    .venv/bin/python benchmarks/dedupe.py --scale 1000000 10000000   # peak memory, streamed (below)

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

``--scale N ...``: peak memory at N rows, each side in a fresh interpreter reading a stream that
is never held whole: chunks of 100,000 short texts (12 words from a 20,000-word vocabulary, ~90
bytes), of which 10 % are planted copies of texts from earlier chunks (a 20,000-text reservoir):
half verbatim, half with one letter changed (character 5-shingle Jaccard ~0.89, to remove).
Sides: simulacra with ``memory_budget`` 64 MB (state spilled to a temp folder), simulacra with
everything in memory (``memory_budget=None``, the behaviour before spilling), and datasketch's
MinHashLSH (in memory; its loop as above; skipped past ``--baseline-max`` rows, as it takes
hours there). Peak RSS is ``ru_maxrss`` of that interpreter (the stream generator included).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
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


SCALE_CHUNK = 100_000
SCALE_BUDGET = 64 * 1024 * 1024


def stream(n_rows: int, seed: int):  # type: ignore[no-untyped-def]
    """Chunks of (texts, should-go) for --scale: 90 % fresh 12-word texts, 10 % copies of earlier chunks' texts."""
    rng = np.random.default_rng(seed)
    letters = np.array(list("abcdefghijklmnopqrstuvwxyz"))
    vocab = np.array(["".join(rng.choice(letters, rng.integers(3, 10))) for _ in range(20_000)])
    reservoir: list[str] = []
    seen = 0
    for lo in range(0, n_rows, SCALE_CHUNK):
        n = min(SCALE_CHUNK, n_rows - lo)
        n_copy = n // 10 if reservoir else 0
        idx = rng.integers(0, len(vocab), (n - n_copy, 12))
        fresh = (
            pl.DataFrame({f"w{j}": vocab[idx[:, j]] for j in range(12)})
            .select(pl.concat_str(pl.all(), separator=" ").alias("t"))
            .get_column("t")
            .to_list()
        )
        copies, truth_c = [], []
        for k, src in enumerate(rng.integers(0, len(reservoir), n_copy).tolist()):
            t = reservoir[src]
            if k % 2:  # one letter changed
                i = int(rng.integers(0, len(t)))
                while t[i] == " ":
                    i = int(rng.integers(0, len(t)))
                t = t[:i] + ("a" if t[i] != "a" else "b") + t[i + 1 :]
                truth_c.append(jaccard(t, reservoir[src]) >= THRESHOLD)
            else:
                truth_c.append(True)
            copies.append(t)
        texts = fresh + copies
        truth = np.r_[np.zeros(len(fresh), dtype=bool), np.array(truth_c, dtype=bool)]
        order = rng.permutation(n)
        yield [texts[i] for i in order], truth[order]
        for t in fresh:  # reservoir sampling of the fresh texts
            seen += 1
            if len(reservoir) < 20_000:
                reservoir.append(t)
            else:
                j = int(rng.integers(0, seen))
                if j < 20_000:
                    reservoir[j] = t


def scale_one(side: str, n_rows: int, seed: int, baseline_rss: float) -> dict[str, object]:
    c0, w0 = time.process_time(), time.perf_counter()
    tp = fp = pos = 0
    state = spilled = 0
    if side == "datasketch":
        from datasketch import MinHash, MinHashLSH

        lsh = MinHashLSH(threshold=THRESHOLD, num_perm=128)
        i = 0
        for texts, truth in stream(n_rows, seed):
            removed = np.zeros(len(texts), dtype=bool)
            for j, t in enumerate(texts):
                m = MinHash(num_perm=128, seed=1)
                m.update_batch([s.encode("utf-8") for s in shingles(t)])
                if lsh.query(m):
                    removed[j] = True
                else:
                    lsh.insert(str(i), m)
                i += 1
            tp += int((removed & truth).sum())
            fp += int((removed & ~truth).sum())
            pos += int(truth.sum())
    else:
        f = DuplicateFilter(
            text="text",
            exact=False,
            threshold=THRESHOLD,
            num_perm=128,
            shingle=K,
            seed=1,
            memory_budget=SCALE_BUDGET if side == "simulacra-spill" else None,
        )
        for texts, truth in stream(n_rows, seed):
            removed = ~f.check(pl.DataFrame({"text": texts})).keep
            tp += int((removed & truth).sum())
            fp += int((removed & ~truth).sum())
            pos += int(truth.sum())
        state, spilled = f.state_bytes, f.spilled_bytes
        f.close()
    return {
        "side": side,
        "rows": n_rows,
        "cpu": time.process_time() - c0,
        "wall": time.perf_counter() - w0,
        "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "start_rss_mb": baseline_rss,
        "recall": tp / max(pos, 1),
        "precision": tp / max(tp + fp, 1),
        "state_mb": state / 1e6,
        "spilled_mb": spilled / 1e6,
    }


def scale(sizes: list[int], seed: int, baseline_max: int, memory_max: int) -> None:
    print(
        f"stream: chunks of {SCALE_CHUNK:,} texts (12 words), 10 % planted copies of earlier texts; threshold "
        f"{THRESHOLD}, 128 permutations, {K}-shingles; simulacra budget {SCALE_BUDGET // 2**20} MB"
    )
    print(
        "\n| side | rows | peak RSS MB | RSS at start MB | state in memory MB | spilled MB | CPU s | wall s | "
        "rows/s (CPU) | recall | precision |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for n in sizes:
        for side in ("simulacra-spill", "simulacra-memory", "datasketch"):
            if (side == "datasketch" and n > baseline_max) or (side == "simulacra-memory" and n > memory_max):
                print(f"| {side} | {n:,} | skipped (past --{'baseline' if side == 'datasketch' else 'memory'}-max) |")
                continue
            out = subprocess.run(
                [sys.executable, __file__, "--_one", side, str(n), "--seed", str(seed)],
                capture_output=True,
                text=True,
                check=False,
            )
            if out.returncode != 0:
                print(f"| {side} | {n:,} | failed: {out.stderr.strip().splitlines()[-1:]} |")
                continue
            r = json.loads(out.stdout.strip().splitlines()[-1])
            print(
                f"| {side} | {n:,} | {r['rss_mb']:,.0f} | {r['start_rss_mb']:,.0f} | {r['state_mb']:,.1f} | "
                f"{r['spilled_mb']:,.0f} | {r['cpu']:,.1f} | {r['wall']:,.1f} | {n / r['cpu']:,.0f} | "
                f"{r['recall']:.3f} | {r['precision']:.3f} |",
                flush=True,
            )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--docs", type=int, default=20_000)
    ap.add_argument("--quick", action="store_true", help="4,000 distinct texts")
    ap.add_argument("--chunk", type=int, default=10_000)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--scale", type=int, nargs="+", help="peak memory at these row counts (streamed)")
    ap.add_argument("--baseline-max", type=int, default=1_000_000, help="--scale: largest N datasketch runs")
    ap.add_argument("--memory-max", type=int, default=2_000_000, help="--scale: largest N for the in-memory side")
    ap.add_argument("--_one", nargs=2, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args._one:
        start = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(json.dumps(scale_one(args._one[0], int(args._one[1]), args.seed, start)))
        return
    if args.scale:
        scale(args.scale, args.seed, args.baseline_max, args.memory_max)
        return
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
