"""Peak memory of a multi-table learned sample written to a sink (issue 15): each run in a fresh process,
its peak RSS (ru_maxrss), wall and CPU seconds, and a digest of the tables written (CSV folder), so a run
of the code before and after a change shows the same bytes and the memory each holds.

Fits Berka (or any folder) once if the model folder does not exist yet, then samples it at each scale:

    PYTHONPATH=src .venv/bin/python benchmarks/sample_tables_memory.py --data ../shared/data/berka \\
        --model /tmp/berka-model --scales 1,4 --chunk-rows 20000 [--preimport] [--draws]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import subprocess
import sys
import tempfile
from pathlib import Path

CHILD = """
import json, resource, sys, time
import simulacra
if sys.argv[5] == "1":  # the sinks' and forms' modules loaded first, in both versions (see --preimport)
    import simulacra.io, simulacra.sources
draws = {}
if sys.argv[6] == "1":  # count the model's draws per table and the CPU spent in them (see --draws)
    from simulacra.synth._table import LearnedTable
    real, real_codes, inside = LearnedTable.sample, LearnedTable.draw_codes, [0]
    def counted(self, *a, **k):
        t = time.process_time()
        inside[0] += 1
        try:
            return real(self, *a, **k)
        finally:
            inside[0] -= 1
            n, s = draws.get(self.name, (0, 0.0))
            draws[self.name] = (n + 1, s + time.process_time() - t)
    def codes_alone(self, *a, **k):  # a sequence with nothing to redraw draws codes only (decoded per run)
        if inside[0]:
            return real_codes(self, *a, **k)
        t = time.process_time()
        try:
            return real_codes(self, *a, **k)
        finally:
            n, s = draws.get(self.name, (0, 0.0))
            draws[self.name] = (n + 1, s + time.process_time() - t)
    LearnedTable.sample, LearnedTable.draw_codes = counted, codes_alone
w, c = time.perf_counter(), time.process_time()
r = simulacra.sample(sys.argv[1], sys.argv[2], scale=float(sys.argv[3]), seed=1, format="csv", chunk_rows=int(sys.argv[4]))
print(json.dumps({"wall": time.perf_counter() - w, "cpu": time.process_time() - c,
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, "rows": r.manifest["rows"],
                  "draws": draws}))
"""


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", default=str(Path(__file__).parents[1].parent / "shared" / "data" / "berka"))
    ap.add_argument("--model", default=None)
    ap.add_argument("--scales", default="1,4")
    ap.add_argument("--chunk-rows", type=int, default=20_000)
    ap.add_argument(
        "--preimport",
        action="store_true",
        help="load simulacra.io and simulacra.sources before sampling (their libraries' pages count toward the "
        "peak whenever they load: a version that loads them before its largest table is made pays them there)",
    )
    ap.add_argument(
        "--draws",
        action="store_true",
        help="also print, per table, how many times its model drew rows and the CPU seconds spent drawing "
        "(a draw of codes alone, where nothing is redrawn, counts as one; its rows' decoding does not)",
    )
    a = ap.parse_args()
    tmp = Path(tempfile.mkdtemp())
    model = Path(a.model) if a.model else tmp / "model"
    if not model.exists():
        import simulacra

        simulacra.fit(a.data, output=model, seed=0)
    print("| scale | rows | wall s | CPU s | peak RSS MB | tables digest |")
    for scale in a.scales.split(","):
        out = tmp / f"out-{scale}"
        res = subprocess.run(
            [
                sys.executable,
                "-c",
                CHILD,
                str(model),
                str(out),
                scale,
                str(a.chunk_rows),
                str(int(a.preimport)),
                str(int(a.draws)),
            ],
            check=True,
            capture_output=True,
            text=True,
        )
        got = json.loads(res.stdout.strip().splitlines()[-1])
        digest = hashlib.sha256()
        for f in sorted(out.iterdir()):
            if f.suffix == ".csv":
                digest.update(f.read_bytes())
        rows = sum(got["rows"].values())
        print(
            f"| {scale} | {rows:,} | {got['wall']:.2f} | {got['cpu']:.2f} | {got['peak_mb']:.0f} | "
            f"{digest.hexdigest()[:12]} |"
        )
        for name, (n, cpu) in sorted(got["draws"].items()):
            print(f"|   draws of {name} | {n:,} | | {cpu:.2f} | | |")


if __name__ == "__main__":
    main()
