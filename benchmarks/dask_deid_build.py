"""What the ``Deidentifier`` built per partition costs on a Dask worker (``distributed._deid._partition`` builds one per
partition): its construction timed apart from the whole partition task, on a LocalCluster of one worker process.

    PYTHONPATH=src .venv/bin/python benchmarks/dask_deid_build.py --repeat 2 --partitions 2,8,32

Corpus: the CoNLL-2003 dev split as ``benchmarks/dask_deid.py`` writes it (``--repeat`` copies). For each partition
count, per document scope (``rewrite``) and ``--corpus-consistent`` (``analyze``), after a warm-up run on the same
cluster (the worker loads the NER model once: ``load_fast_model``/``load_model`` are cached per process): CPU
(``time.thread_time`` on the worker) of every ``Deidentifier(...)`` and of every partition task, per task and as a share,
and the worker's first construction (with the model load) apart. No cache is added here: this only measures.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

_HERE = str(Path(__file__).resolve().parent)
if _HERE not in sys.path:  # the workers (spawned: they start with this sys.path) import this module by name
    sys.path.insert(0, _HERE)

from _dask_timing import CPU, FIRST, N, Timed, clear  # noqa: E402


def _worker_setup() -> None:
    from simulacra.distributed import _deid
    from simulacra.text import engine

    if not isinstance(engine.Deidentifier, Timed):  # (``_partition`` imports it from the module when it runs)
        engine.Deidentifier = Timed("Deidentifier()", engine.Deidentifier)  # type: ignore[misc]
        _deid._partition = Timed("_partition", _deid._partition)  # type: ignore[assignment]


def _worker_clear() -> None:
    clear()


def _worker_stats() -> tuple[dict[str, float], dict[str, int], float | None]:
    return dict(CPU), dict(N), FIRST.get("Deidentifier()")


def main() -> None:
    import dask_deid_build as me  # (this module by its name, so the workers import it)
    from dask_deid import CONLL, conll_documents

    from simulacra.distributed import DaskDeid
    from simulacra.distributed._cluster import connect
    from simulacra.text.runner import deidentify_path

    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=2)
    ap.add_argument("--partitions", default="2,8,32")
    args = ap.parse_args()
    import json

    texts = conll_documents(CONLL)
    tmp = Path(tempfile.mkdtemp(prefix="dask-deid-build-"))
    src = tmp / "corpus.jsonl"
    src.write_text("".join(json.dumps({"text": t}) + "\n" for _ in range(args.repeat) for t in texts))
    print(f"corpus: {len(texts) * args.repeat} documents, {src.stat().st_size / 1e6:.2f} MB")
    print("| scope | partitions | tasks | Deidentifier() ms/task | partition ms/task | share | load |")
    print("|---|---|---|---|---|---|---|")
    with connect(workers=1) as client:
        client.run(me._worker_setup)
        deidentify_path(src, tmp / "warm.jsonl", seed=1, distribute=DaskDeid(client, partitions=2), batch_chars=20_000)
        (first,) = client.run(me._worker_stats).values()
        print(f"(the worker's first Deidentifier(), with the model load: {1e3 * (first[2] or 0.0):.0f} ms)")
        for cc in (False, True):
            for parts in (int(p) for p in args.partitions.split(",")):
                client.run(me._worker_clear)
                load0 = os.getloadavg()[0]
                deidentify_path(
                    src,
                    tmp / f"out-{cc}-{parts}.jsonl",
                    seed=1,
                    corpus_consistent=cc,
                    distribute=DaskDeid(client, partitions=parts),
                    batch_chars=20_000,
                )
                (got,) = client.run(me._worker_stats).values()
                cpu, n, _ = got
                k = max(1, n.get("_partition", 0))
                build, task = cpu.get("Deidentifier()", 0.0), cpu.get("_partition", 0.0)
                print(
                    f"| {'corpus' if cc else 'document'} | {parts} | {n.get('_partition', 0)} "
                    f"| {1e3 * build / k:.2f} | {1e3 * task / k:.0f} | {100 * build / max(task, 1e-9):.2f}% | {load0:.1f} |",
                    flush=True,
                )


if __name__ == "__main__":
    main()
