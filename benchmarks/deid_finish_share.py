"""The share of ``Deidentifier.analyze_many`` that goes to ``_finish`` (the span rules after the scans), patterns
only (no NER model), on real e-mail and on synthetic text (issue 14; house77: the figure deid94 and bench94 gave
from uncommitted scripts).

    nice -n 19 env OMP_NUM_THREADS=1 PYTHONPATH=src .venv/bin/python benchmarks/deid_finish_share.py
    ... benchmarks/deid_finish_share.py --synthetic-mb 0.2      # also synthetic text (corpus seed 99, as bench94)

Texts (development sets, never trained on): the Minkov et al. (2005) e-mails' training parts, tags removed (read
as ``deid_speed_ab.py`` reads them), and CEREC's seed train folder, from ``../shared/data``; skipped with a
message when that folder is absent. With ``--synthetic-mb``, that many MB of ``corpus.synthetic_documents``
(seed 99). Engine: ``Deidentifier({"ner": False}, seed=1)``, warmed on five texts.

Per set, three passes over the same texts:
  plain      ``analyze_many`` timed alone: CPU and wall seconds
  timed      ``_finish`` wrapped in a CPU timer: its CPU seconds and share of the pass's CPU (no per-call
             cost but the wrapper's: the share as the pipeline spends it)
  cProfile   ``_finish``'s cumulative time over ``analyze_many``'s (process-time timer; cProfile adds a cost
             to every call, more in the many small calls of the span rules, so this share reads high)
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from deid_speed_ab import _READ, DATA  # noqa: E402


def _email() -> list[str] | None:
    if not (DATA / "enron_names" / "minkov").is_dir() or not (DATA / "enron_names" / "cerec" / "train").is_dir():
        return None
    from simulacra.text.evaluate import read_cerec

    ns: dict[str, Any] = {}
    exec(_READ, ns)  # noqa: S102 - our own code
    return list(ns["read"](str(DATA), "email")) + [d.text for d in read_cerec(DATA / "enron_names" / "cerec" / "train")]


def _synthetic(mb: float) -> list[str]:
    from simulacra.text.corpus import synthetic_documents

    texts: list[str] = []
    size = 0
    for d in synthetic_documents(10**7, seed=99):
        texts.append(d.text)
        size += len(d.text.encode())
        if size >= mb * 1e6:
            break
    return texts


def _shares(texts: list[str]) -> dict[str, float]:
    from simulacra.text import Deidentifier

    eng = Deidentifier({"ner": False}, seed=1)
    eng.analyze_many(texts[:5])
    c, w = time.process_time(), time.perf_counter()
    eng.analyze_many(texts)
    cpu, wall = time.process_time() - c, time.perf_counter() - w

    inner: Callable[..., Any] = eng._finish
    spent = [0.0]

    def timed(*a: Any, **k: Any) -> Any:
        t = time.process_time()
        try:
            return inner(*a, **k)
        finally:
            spent[0] += time.process_time() - t

    eng._finish = timed  # type: ignore[method-assign]
    c = time.process_time()
    eng.analyze_many(texts)
    timed_cpu = time.process_time() - c
    del eng._finish  # the class's method again

    pr = cProfile.Profile(time.process_time)
    pr.enable()
    eng.analyze_many(texts)
    pr.disable()
    stats: dict[tuple[str, int, str], tuple[Any, ...]] = pstats.Stats(pr).stats  # type: ignore[attr-defined]
    cum = {name: v[3] for (_, _, name), v in stats.items() if name in ("_finish", "analyze_many")}
    return {
        "cpu": cpu,
        "wall": wall,
        "finish_cpu": spent[0],
        "finish_share": spent[0] / timed_cpu,
        "profiled_share": cum["_finish"] / cum["analyze_many"],
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--synthetic-mb", type=float, default=0.0, help="also this many MB of synthetic text")
    args = ap.parse_args()
    sets: dict[str, list[str]] = {}
    email = _email()
    if email is None:
        print(f"skipped e-mail: {DATA} holds no enron_names/minkov and enron_names/cerec/train")
    else:
        sets["e-mail (Minkov train + CEREC train)"] = email
    if args.synthetic_mb > 0:
        sets[f"synthetic (seed 99, {args.synthetic_mb:g} MB)"] = _synthetic(args.synthetic_mb)
    if not sets:
        print("nothing to measure")
        return 0
    for name, texts in sets.items():
        r = _shares(texts)
        mb = sum(len(t.encode()) for t in texts) / 1e6
        print(
            f"{name}: {len(texts)} texts, {mb:.2f} MB; analyze_many {r['cpu']:.2f} CPU s, {r['wall']:.2f} wall s; "
            f"_finish {r['finish_cpu']:.2f} CPU s = {r['finish_share']:.0%} of the timed pass; "
            f"cProfile cumulative share {r['profiled_share']:.0%}",
            flush=True,
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
