"""deid on Dask: one process vs. a LocalCluster of 1 and 2 worker processes, same bytes.

    PYTHONPATH=src .venv/bin/python benchmarks/dask_deid.py --repeat 4      # ~2 min on 2 cores

Corpus: the CoNLL-2003 dev split (``valid.txt`` in ../shared/data/conll2003: 216 Reuters documents,
tokens joined by spaces, one sentence per line), written ``--repeat`` times into one JSONL (each copy's
documents have their own keys, so per-document fakes differ between copies). Nothing is tuned on it.

For each scope (per document, ``--corpus-consistent``), side by side in one run: ``one``
(``deidentify_path`` in this process, ``workers=1``: the baseline) and ``dask`` with 1 and 2 workers (one
thread each, partitions = 2 x workers); each cluster is warmed up first (imports, model). Reported: wall
time, MB/s, the client's CPU and the workers' (``getrusage`` on each worker, before/after), and whether
the output's SHA-256 equals the baseline's. Also the share of the CPU of one process spent rewriting
(``anonymize``) rather than finding (``analyze_many``): in corpus mode the rewrite stays on the client,
which bounds the speed-up whatever the number of workers. The load average is printed: on a shared
machine the ratios measure the contention as much as the engine.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import resource
import tempfile
import time
from pathlib import Path

SHARED = next(
    (p / "shared" / "data" for p in Path(__file__).resolve().parents[1:] if (p / "shared" / "data").is_dir()),
    Path(__file__).resolve().parents[2] / "shared" / "data",
)
CONLL = SHARED / "conll2003" / "valid.txt"


def _cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def conll_documents(path: Path) -> list[str]:
    docs: list[str] = []
    cur: list[str] = []
    sent: list[str] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line.startswith("-DOCSTART-"):
            if sent:
                cur.append(" ".join(sent))
                sent = []
            if cur:
                docs.append("\n".join(cur))
                cur = []
            continue
        if not line:
            if sent:
                cur.append(" ".join(sent))
                sent = []
            continue
        sent.append(line.split()[0])
    if sent:
        cur.append(" ".join(sent))
    if cur:
        docs.append("\n".join(cur))
    return docs


def rewrite_share(texts: list[str]) -> float:
    """Of one process's CPU in corpus mode, the share spent rewriting (the part that stays on the client),
    on one copy of the documents (every entity new to the scope: no repeats served from its maps)."""
    from simulacra.text.engine import Deidentifier
    from simulacra.text.policy import load_policy

    pol = load_policy({"consistency": "corpus"})
    warm = Deidentifier(pol, seed=2)  # tagger, surrogate pools and name lists built before timing
    for i, (x, s) in enumerate(zip(texts[:5], warm.analyze_many(texts[:5]), strict=True)):
        warm.anonymize(x, s, key=i)
    e = Deidentifier(pol, seed=1)
    t = _cpu()
    spans = e.analyze_many(texts)
    ta = _cpu() - t
    t = _cpu()
    for i, (x, s) in enumerate(zip(texts, spans, strict=True)):
        e.anonymize(x, s, key=i)
    tr = _cpu() - t
    return tr / (ta + tr)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--conll", type=Path, default=CONLL)
    ap.add_argument("--repeat", type=int, default=4)
    args = ap.parse_args()
    from distributed import Client, LocalCluster

    from simulacra.distributed import DaskDeid
    from simulacra.text.runner import deidentify_path

    texts = conll_documents(args.conll)
    tmp = Path(tempfile.mkdtemp(prefix="dask-deid-"))
    src = tmp / "corpus.jsonl"
    src.write_text("".join(json.dumps({"text": t}) + "\n" for _ in range(args.repeat) for t in texts))
    mb = src.stat().st_size / 1e6
    print(f"corpus: {len(texts) * args.repeat} documents, {mb:.2f} MB ({args.conll.name} x {args.repeat})")
    share = rewrite_share(texts)
    print(f"one process, corpus scope: {share:.0%} of the CPU rewrites, {1 - share:.0%} finds")

    def digest(p: Path) -> str:
        return hashlib.sha256(p.read_bytes()).hexdigest()

    for cc in (False, True):
        scope = "corpus" if cc else "document"
        out = tmp / f"one-{scope}.jsonl"
        t, c = time.perf_counter(), _cpu()
        deidentify_path(src, out, seed=1, corpus_consistent=cc)
        wall, cpu = time.perf_counter() - t, _cpu() - c
        base = digest(out)
        print(f"\n[{scope} scope]  load average {os.getloadavg()[0]:.1f}")
        print(f"{'run':<10}{'wall s':>8}{'MB/s':>7}{'client CPU s':>14}{'worker CPU s':>14}{'identical':>11}")
        print(f"{'one':<10}{wall:>8.1f}{mb / wall:>7.2f}{cpu:>14.1f}{'-':>14}{'-':>11}")
        walls = {}
        for n in (1, 2):
            with (
                LocalCluster(
                    n_workers=n, threads_per_worker=1, processes=True, host="127.0.0.1", dashboard_address="127.0.0.1:0"
                ) as cluster,
                Client(cluster) as client,
            ):
                dd = DaskDeid(client, partitions=2 * n)
                deidentify_path(src, tmp / "warm.jsonl", seed=1, corpus_consistent=cc, distribute=dd, replace=True)
                before = sum(client.run(_cpu).values())
                out = tmp / f"dask{n}-{scope}.jsonl"
                t, c = time.perf_counter(), _cpu()
                deidentify_path(src, out, seed=1, corpus_consistent=cc, distribute=dd)
                wall, cpu = time.perf_counter() - t, _cpu() - c
                wcpu = sum(client.run(_cpu).values()) - before
            walls[n] = wall
            same = digest(out) == base
            print(f"{f'dask {n}w':<10}{wall:>8.1f}{mb / wall:>7.2f}{cpu:>14.1f}{wcpu:>14.1f}{str(same):>11}")
        print(f"2 workers / 1 worker: {walls[1] / walls[2]:.2f}x")


if __name__ == "__main__":
    main()
