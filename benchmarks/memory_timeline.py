"""Memory while each table of a spec is made: where, within a run, memory grows, and in which phase.

    PYTHONPATH=src .venv/bin/python benchmarks/memory_timeline.py --scale 310 --format parquet
    PYTHONPATH=src .venv/bin/python benchmarks/memory_timeline.py --spec hr --scale 62 --budget 4194304

Prints, for each table, RssAnon (memory the process allocated), RssFile (file pages mapped in: shared
libraries, and memory-mapped files such as spill files) and VmHWM (the peak RSS so far, both together) every
``--every`` rows and at its end, and the same after ``malloc_trim(0)`` (glibc handing freed heap pages back)
when ``--trim`` is given: what the trim takes away is allocator retention, what stays is held.

At the end, the peak of anon + file per (table, phase), sampled every 10 ms by a thread: ``ledger`` (the
unique ledgers' lookups and adds), ``gather`` (parent columns read by children), ``write`` (the sink), ``pass1``
(a self-reference's first pass over its table and its pool), ``parents`` (a foreign key's candidate parents:
``where``, ``match``) and ``draw`` (everything else: the rows being made). CPU time beside wall time.
Generated data (no split).
"""

from __future__ import annotations

import argparse
import ctypes
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any


def _status() -> dict[str, float]:
    out = {}
    for line in Path("/proc/self/status").read_text().splitlines():
        key, _, rest = line.partition(":")
        if key in ("RssAnon", "RssFile", "VmHWM", "VmRSS"):
            out[key] = int(rest.split()[0]) / 1024
    return out


class _Phases:
    """The current (table, phase), set by wrappers around the engine's pieces, and the peak seen in each."""

    def __init__(self) -> None:
        self.table = "-"
        self.phase = ["draw"]
        self.peaks: dict[tuple[str, str], tuple[float, float]] = {}  # -> (anon + file, file) at that peak
        self.done = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self.done.wait(0.01):
            s = _status()
            key = (self.table, self.phase[-1])
            tot = s["RssAnon"] + s["RssFile"]
            if tot > self.peaks.get(key, (0.0, 0.0))[0]:
                self.peaks[key] = (tot, s["RssFile"])

    def wrap(self, owner: Any, name: str, phase: str) -> None:
        fn: Callable[..., Any] = getattr(owner, name)
        stack = self.phase

        def wrapped(*a: Any, **k: Any) -> Any:
            stack.append(phase)
            try:
                return fn(*a, **k)
            finally:
                stack.pop()

        setattr(owner, name, wrapped)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--spec", default="shop", help="an example's name (shop, hr, ...)")
    ap.add_argument("--scale", type=float, default=31.0, help="scale (shop 31: about 10^6 rows)")
    ap.add_argument("--format", default="parquet", choices=("parquet", "csv"))
    ap.add_argument("--chunk-size", type=int, default=100_000)
    ap.add_argument("--budget", type=int, default=None, help="--memory-budget in bytes (default: the engine's)")
    ap.add_argument("--every", type=int, default=500_000, help="rows between two lines of a table")
    ap.add_argument("--trim", action="store_true", help="also show RssAnon after malloc_trim(0) (glibc only)")
    args = ap.parse_args()

    from simulacra import _spill
    from simulacra.examples import example_path
    from simulacra.generation import engine, features
    from simulacra.io import _files
    from simulacra.pipeline import generate

    libc = ctypes.CDLL("libc.so.6") if args.trim else None
    spec = str(example_path(args.spec))
    generate(spec, scale=0.01 if args.spec == "shop" else 0.2)  # warm-up: imports, locale pools
    s = _status()
    print(
        f"base {s['RssAnon']:.0f} MB anon, {s['RssFile']:.0f} MB file; {args.spec} scale {args.scale}, "
        f"{args.format}, chunk {args.chunk_size:,}"
    )
    ph = _Phases()
    ph.wrap(_spill.UniqueLedger, "find", "ledger")
    ph.wrap(_spill.UniqueLedger, "add", "ledger")
    ph.wrap(_spill.SpillColumn, "gather", "gather")
    ph.wrap(_files.FolderSink, "_write", "write")
    ph.wrap(_files.FolderSink, "_commit", "write")
    ph.wrap(features.Features, "before_table", "pass1")  # a self-reference's first pass and its pool
    ph.wrap(features, "candidates", "parents")  # a foreign key's candidate parents (where, match)
    chunks = engine.Engine._table_chunks

    def table_chunks(self: Any, t: str) -> Any:  # the table being made, from its first chunk on
        ph.table = t
        yield from chunks(self, t)

    engine.Engine._table_chunks = table_chunks  # type: ignore[method-assign]
    ph.thread.start()
    last: dict[str, int] = {}

    def progress(table: str, done: int, total: int) -> None:
        s = _status()
        if done == total or done // args.every != last.get(table, -1):
            last[table] = done // args.every
            trimmed = ""
            if libc is not None:
                libc.malloc_trim(0)
                trimmed = f"  after trim {_status()['RssAnon']:6.0f}"
            print(
                f"{table:>14} {done:>11,}/{total:<11,} anon {s['RssAnon']:6.0f}  file {s['RssFile']:6.0f}"
                f"  hwm {s['VmHWM']:6.0f}{trimmed}",
                flush=True,
            )

    with tempfile.TemporaryDirectory() as tmp:
        t0, c0 = time.perf_counter(), time.process_time()
        result = generate(
            spec,
            Path(tmp) / "out",
            scale=args.scale,
            chunk_size=args.chunk_size,
            format=args.format,
            documents=False,
            memory_budget=args.budget,
            progress=progress,
        )
        wall, cpu = time.perf_counter() - t0, time.process_time() - c0
    ph.done.set()
    ph.thread.join()
    print("peak anon + file MB (of it file) per table and phase:")
    for (table, phase), (tot, file) in sorted(ph.peaks.items(), key=lambda kv: -kv[1][0])[:20]:
        print(f"  {table:>14} {phase:>7} {tot:7.0f} ({file:5.0f})")
    s = _status()
    print(f"{sum(result.rows.values()):,} rows; VmHWM {s['VmHWM']:.0f} MB; wall {wall:.1f} s, CPU {cpu:.1f} s")


if __name__ == "__main__":
    main()
