"""De-identification speed, this checkout beside an older one, interleaved in one run (issue 14, speed).

    git archive <commit> src | tar -x -C /tmp/before           # the code to compare against
    .venv/bin/python benchmarks/deid_speed_ab.py --before /tmp/before/src --rounds 3
    .venv/bin/python benchmarks/deid_speed_ab.py --workers-mb 12  # also 1 vs 2 workers on a folder

Texts (real, read from ../shared/data; development sets, never trained on):
  news   CoNLL-2003 dev (``valid.txt``), detokenised as ``simulacra deid-eval`` reads it
  email  the Minkov et al. (2005) Enron emails in ``enron_names/minkov/*/train``, tags removed

Each round runs every side in a fresh interpreter, in turn (A, B, A, B, ...), so both see the same
machine load: the full pipeline (``Deidentifier(seed=1, ner="fast").deidentify_many``), a first pass
(fresh engine; model and name pools loaded before timing) and a second pass over the same texts.
MB/s per core = MB / CPU seconds of that process (``time.process_time``); wall seconds beside it;
the 1-minute load average before each run; the set-up's CPU seconds (importing ``simulacra.text``,
building the engine, the warm-up document: what a process pays once; for news the reader has imported the
package already). The outputs (text and spans of every document) of the
two sides are hashed and compared: the script says whether they are byte-identical.

``--workers-mb``: ``deidentify_path`` (each side) on a folder of JSONL files made of the email and
news texts repeated to that size, 1 then 2 workers, each run in a fresh interpreter, the sides
interleaved (``--workers-rounds`` times): wall seconds, CPU seconds of the process and its children
(``resource``), of the process's CPU the batches it ran itself (the rest is the serial share: reading,
handing out, taking back, assembling, writing), the bound on two idle cores from those CPU figures,
outputs compared byte for byte across sides and worker counts. ``--rounds 0`` runs only this.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DATA = next(
    (p / "shared" / "data" for p in ROOT.parents if (p / "shared" / "data").is_dir()),
    ROOT.parent / "shared" / "data",
)

# the texts, read the same way on both sides (and here, for the workers' folder)
_READ = r"""
import re
from pathlib import Path


def read(data, which):
    if which == "news":
        from simulacra.text.evaluate import read_conll

        return [d.text for d in read_conll(Path(data) / "conll2003" / "valid.txt")]
    tag = re.compile(r"<true_name>\s?(.*?)\s?</true_name>", re.S)
    files = sorted(p for p in (Path(data) / "enron_names" / "minkov").glob("*/train/*/*") if p.is_file())
    return [tag.sub(lambda m: m.group(1).strip(), f.read_text(encoding="utf-8", errors="replace")) for f in files]
"""
# run in a child interpreter with PYTHONPATH set to one side's src: prints one JSON line
_CHILD = (
    _READ
    + r"""
import hashlib, json, os, sys, time
texts = read(sys.argv[1], sys.argv[2])
s0 = time.process_time()
from simulacra.text import Deidentifier
engine = Deidentifier(seed=1, ner="fast")
engine.deidentify("Warm up: Alice Smith of Acme Corp in Paris, 415-555-0132.")
setup = time.process_time() - s0
out = {"mb": sum(len(t.encode()) for t in texts) / 1e6, "load": os.getloadavg()[0], "setup": setup}
for label in ("first", "second"):
    c, w = time.process_time(), time.perf_counter()
    res = list(engine.deidentify_many(texts))
    out[label] = [time.process_time() - c, time.perf_counter() - w]
h = hashlib.sha256()
for r in res:
    h.update(r.text.encode("utf-8", "surrogatepass") + b"\0")
    h.update(json.dumps([(s.start, s.end, s.label) for s in r.spans]).encode() + b"\0")
out["digest"] = h.hexdigest()
print(json.dumps(out))
"""
)


def _side(src: Path, data: Path, which: str) -> dict[str, object]:
    env = {**os.environ, "PYTHONPATH": str(src), "OMP_NUM_THREADS": "1"}
    proc = subprocess.run(
        [sys.executable, "-c", _CHILD, str(data), which], env=env, capture_output=True, text=True, check=False
    )
    if proc.returncode != 0:
        raise SystemExit(f"{src} on {which}: failed\n{proc.stderr[-2000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


# one workers' run, in a child interpreter with PYTHONPATH set to one side's src: prints one JSON line
_WORKERS_CHILD = r"""
import hashlib, json, os, resource, sys, time
from pathlib import Path
from simulacra.text import runner
from simulacra.text.runner import deidentify_path

folder, dst, n = Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3])
# CPU of the batches this process runs itself (its main thread); the rest of its CPU is the serial
# share: reading, batching, handing batches out and taking results back, assembling, writing
name = "run_batch" if hasattr(runner, "run_batch") else "_run_batch"  # public since house72; older sides
run_batch = getattr(runner, name)
here = [0.0]


def timed(batch, engine=None):
    c = time.thread_time()
    try:
        return run_batch(batch, engine)
    finally:
        here[0] += time.thread_time() - c


# pickled by name for a worker, where it is the plain ``run_batch`` again (spawned) or this (forked:
# it then counts into the worker's own copy of ``here``, which nobody reads)
timed.__module__, timed.__qualname__ = run_batch.__module__, run_batch.__qualname__
setattr(runner, name, timed)
load = os.getloadavg()[0]
r0, c0 = resource.getrusage(resource.RUSAGE_CHILDREN), resource.getrusage(resource.RUSAGE_SELF)
w = time.perf_counter()
deidentify_path(folder, dst, seed=1, workers=n, ner="fast")
wall = time.perf_counter() - w
r1, c1 = resource.getrusage(resource.RUSAGE_CHILDREN), resource.getrusage(resource.RUSAGE_SELF)
h = hashlib.sha256()
for f in sorted(dst.iterdir()):
    h.update(f.name.encode() + f.read_bytes())
print(json.dumps({
    "wall": wall,
    "cpu_self": (c1.ru_utime + c1.ru_stime) - (c0.ru_utime + c0.ru_stime),
    "cpu_children": (r1.ru_utime + r1.ru_stime) - (r0.ru_utime + r0.ru_stime),
    "batches": here[0],
    "load": load,
    "digest": h.hexdigest(),
}))
"""


def workers_child(src: Path, folder: Path, dst: Path, n: int) -> dict[str, Any]:
    """``deidentify_path`` with ``n`` workers over ``folder`` in a fresh interpreter on the ``src`` tree: what
    :data:`_WORKERS_CHILD` measured inside the run (its last line, JSON)."""
    env = {**os.environ, "PYTHONPATH": str(src), "OMP_NUM_THREADS": "1"}
    proc = subprocess.run(
        [sys.executable, "-c", _WORKERS_CHILD, str(folder), str(dst), str(n)],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if proc.returncode != 0:
        raise SystemExit(f"{src}, {n} workers: failed\n{proc.stderr[-2000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def _workers(data: Path, mb: float, sides: dict[str, Path], rounds: int = 1) -> None:
    """1 and 2 workers on one folder, each side and worker count in a fresh interpreter, interleaved
    (side A 1 worker, side B 1 worker, A 2 workers, B 2 workers; then again for each round)."""
    ns: dict[str, object] = {}
    exec(_READ, ns)  # noqa: S102 - our own code, above
    sys.path.insert(0, str(ROOT / "src"))  # ``read`` of the news set reads CoNLL with this checkout
    read = ns["read"]
    base = read(data, "email") + read(data, "news")  # type: ignore[operator]
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "in"
        folder.mkdir()
        size, k = 0.0, 0
        while size < mb:  # files of ~1 MB each
            chunk = "".join(json.dumps({"text": t}) + "\n" for t in base[(k % 3) :: 3])
            (folder / f"part{k:03d}.jsonl").write_text(chunk, encoding="utf-8")
            size += len(chunk.encode()) / 1e6
            k += 1
        runs: dict[tuple[str, int], list[dict[str, float]]] = {}
        for r in range(rounds):
            for n in (1, 2):
                for name, src in sides.items():
                    dst = Path(tmp) / f"out-{name}-{n}-{r}"
                    runs.setdefault((name, n), []).append(workers_child(src, folder, dst, n))
        print(
            f"\n## workers: deidentify_path on {k} JSONL files, {size:.2f} MB (fast tagger; {rounds} round(s), "
            "interleaved, each run a fresh interpreter)"
        )
        print(
            f"{'side':<8}{'workers':>8}{'wall s':>9}{'CPU s (this)':>14}{'of it batches':>15}{'serial':>8}"
            f"{'CPU s (children)':>18}{'load':>7}{'MB/s wall':>11}"
        )
        for name in sides:
            for n in (1, 2):
                for x in runs[(name, n)]:
                    print(
                        f"{name:<8}{n:>8}{x['wall']:>9.2f}{x['cpu_self']:>14.2f}{x['batches']:>15.2f}"
                        f"{x['cpu_self'] - x['batches']:>8.2f}{x['cpu_children']:>18.2f}{x['load']:>7.1f}"
                        f"{size / x['wall']:>11.3f}"
                    )
        digests = {x["digest"] for v in runs.values() for x in v}
        for name in sides:
            for r in range(rounds):
                one, two = runs[(name, 1)][r], runs[(name, 2)][r]
                # on two idle cores the 2-worker run takes at least the CPU time of the busier process
                bound = one["cpu_self"] / max(two["cpu_self"], two["cpu_children"])
                extra = (two["cpu_self"] + two["cpu_children"]) / one["cpu_self"] - 1
                print(
                    f"{name} round {r + 1}: 2 workers / 1 worker (wall): {one['wall'] / two['wall']:.2f}x; "
                    f"bound on two idle cores {bound:.2f}x; CPU of both processes against one: {extra:+.1%}; "
                    f"serial share {one['cpu_self'] - one['batches']:.2f} / {two['cpu_self'] - two['batches']:.2f} "
                    "CPU s (1 / 2 workers)"
                )
        print(f"outputs identical (every side, every worker count): {len(digests) == 1}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--before", type=Path, default=None, help="the src folder of the code to compare against")
    ap.add_argument("--data", type=Path, default=DATA)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--workers-mb", type=float, default=0.0, help="also 1 vs 2 workers on a folder of this size")
    ap.add_argument("--workers-rounds", type=int, default=1, help="rounds of the workers' runs (interleaved)")
    args = ap.parse_args()
    sides = {"after": ROOT / "src"}
    if args.before is not None:
        sides = {"before": args.before.resolve(), **sides}
    print(f"cpu count {os.cpu_count()}, load average {os.getloadavg()[0]:.1f}; sides: {sides}")
    runs: dict[tuple[str, str], list[dict[str, object]]] = {}
    for _ in range(args.rounds):
        for which in ("news", "email"):
            for name, src in sides.items():
                runs.setdefault((name, which), []).append(_side(src, args.data, which))
    if args.rounds < 1:  # --rounds 0: the workers' runs alone
        if args.workers_mb > 0:
            _workers(args.data, args.workers_mb, sides, args.workers_rounds)
        return 0
    print(f"\n## full pipeline, fast tagger, 1 process ({args.rounds} rounds, interleaved; median of the rounds)")
    print(
        f"{'text':<7}{'side':<8}{'pass':<8}{'CPU s':>8}{'wall s':>8}{'MB/s/core':>11}{'load':>7}  all rounds MB/s/core"
    )
    med: dict[tuple[str, str, str], float] = {}
    for which in ("news", "email"):
        for name in sides:
            rs = runs[(name, which)]
            mb = float(rs[0]["mb"])  # type: ignore[arg-type]
            for label in ("first", "second"):
                cpus = sorted(r[label][0] for r in rs)  # type: ignore[index]
                walls = sorted(r[label][1] for r in rs)  # type: ignore[index]
                cpu, wall = cpus[len(cpus) // 2], walls[len(walls) // 2]
                med[(which, name, label)] = mb / cpu
                each = " ".join(f"{mb / r[label][0]:.3f}" for r in rs)  # type: ignore[index]
                load = sum(float(r["load"]) for r in rs) / len(rs)  # type: ignore[arg-type]
                print(f"{which:<7}{name:<8}{label:<8}{cpu:>8.2f}{wall:>8.2f}{mb / cpu:>11.3f}{load:>7.1f}  {each}")
        setups = "; ".join(
            f"{name} {sorted(float(r.get('setup', 'nan')) for r in runs[(name, which)])[len(runs[(name, which)]) // 2]:.2f}"  # type: ignore[arg-type]
            for name in sides
        )
        print(f"{which}: set-up CPU s (import, engine, one warm-up document; median): {setups}")
        if "before" in sides:
            same = {r["digest"] for r in runs[("before", which)] + runs[("after", which)]}
            ratios = ", ".join(
                f"{label} {med[(which, 'after', label)] / med[(which, 'before', label)]:.2f}x"
                for label in ("first", "second")
            )
            print(f"{which}: after / before {ratios}; outputs identical (text and spans): {len(same) == 1}")
    if args.workers_mb > 0:
        _workers(args.data, args.workers_mb, sides, args.workers_rounds)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
