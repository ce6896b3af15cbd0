"""What laying a parent's periods costs ``generate`` (issue 13, branch gen71): the three worlds of
``tests/unit/generation/test_periods_laid.py`` at 40,000 parents (about 160,000 periods), written to Parquet with
and without the ``periods`` rule, alternately, ``--repeats`` times each; the median wall and CPU seconds.

    nice -n 19 env OMP_NUM_THREADS=1 PYTHONPATH=src python benchmarks/generate_periods_speed.py --repeats 3
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "unit" / "generation"))

from test_periods_laid import WORLDS, _world  # noqa: E402

from simulacra.pipeline import generate  # noqa: E402


def _once(world: str, rule: bool, parents: int) -> tuple[float, float, int]:
    spec = _world(world, 1)
    spec["tables"][next(iter(spec["tables"]))]["rows"] = parents
    if not rule:
        spec["constraints"] = [c for c in spec["constraints"] if "periods" not in c]
    with tempfile.TemporaryDirectory() as d:
        t0, c0 = time.perf_counter(), time.process_time()
        got = generate(spec, Path(d) / "out", format="parquet")
        wall, cpu = time.perf_counter() - t0, time.process_time() - c0
    child = list(spec["tables"])[1]
    return wall, cpu, int(got.manifest["rows"][child])


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--parents", type=int, default=40_000)
    args = ap.parse_args()
    print("| world | periods | rule | wall s (median) | CPU s (median) |")
    print("|---|---:|---|---:|---:|")
    for world in WORLDS:
        runs: dict[bool, list[tuple[float, float, int]]] = {False: [], True: []}
        for _ in range(args.repeats):
            for rule in (False, True):
                runs[rule].append(_once(world, rule, args.parents))
        for rule in (False, True):
            got = runs[rule]
            wall = statistics.median(r[0] for r in got)
            cpu = statistics.median(r[1] for r in got)
            print(f"| {world} | {got[0][2]:,} | {'laid' if rule else 'none'} | {wall:.2f} | {cpu:.2f} |")


if __name__ == "__main__":
    main()
