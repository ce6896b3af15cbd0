"""Issue 20 (gen88): ``UniquenessLedger.enforce`` on one table with one unique column, base tree vs this tree.

    .venv/bin/python benchmarks/unique_enforce.py                       # base: git ref int, rows 200k and 800k
    .venv/bin/python benchmarks/unique_enforce.py --base-ref int --rows 200000 --kinds pattern,int

Each (tree, kind, rows) runs in a fresh subprocess (``PYTHONPATH`` the tree's ``src``; the base tree is
``git archive`` of ``--base-ref``): wall and CPU (process time) of the whole generation and of ``enforce``
alone, and a digest of the table (sha256 of its CSV) that must be the same for both trees. Kinds: ``pattern``
(``[A-Z]{2}-[0-9]{4}``, 6.76 M values: drawn as a permutation from 5 % of them, else redrawn), ``int`` (integer
1..3n) and ``choice`` (a categorical of 2n values), all ``unique: true``; seed 1, chunk 100,000.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]


def spec(kind: str, rows: int) -> dict[str, Any]:
    cols: dict[str, Any] = {"id": {"generator": "sequence"}}
    if kind == "pattern":
        cols["plate"] = {"generator": "pattern", "pattern": "[A-Z]{2}-[0-9]{4}", "unique": True}
    elif kind == "int":
        cols["n"] = {"generator": "integer", "low": 1, "high": 3 * rows, "unique": True}
    elif kind == "choice":
        cols["c"] = {"generator": "categorical", "values": {f"v{i}": 1.0 for i in range(2 * rows)}, "unique": True}
    else:
        raise SystemExit(f"unknown kind {kind!r}: expected pattern, int or choice")
    return {"seed": 1, "tables": {"t": {"rows": rows, "primary_key": "id", "columns": cols}}}


def _worker(kind: str, rows: int) -> dict[str, Any]:
    import hashlib

    from simulacra.generation.engine import Engine
    from simulacra.generation.uniqueness import UniquenessLedger
    from simulacra.spec import load_plan

    spent = {"wall": 0.0, "cpu": 0.0}
    inner = UniquenessLedger.enforce

    def timed(self: Any, *a: Any, **k: Any) -> Any:
        w, c = time.perf_counter(), time.process_time()
        try:
            return inner(self, *a, **k)
        finally:
            spent["wall"] += time.perf_counter() - w
            spent["cpu"] += time.process_time() - c

    UniquenessLedger.enforce = timed  # type: ignore[method-assign]
    plan = load_plan(spec(kind, rows))
    w, c = time.perf_counter(), time.process_time()
    engine = Engine(plan, chunk_size=100_000)
    frame = engine.frames()["t"]
    wall, cpu = time.perf_counter() - w, time.process_time() - c
    return {
        "wall": wall,
        "cpu": cpu,
        "enforce_wall": spent["wall"],
        "enforce_cpu": spent["cpu"],
        "digest": hashlib.sha256(frame.write_csv().encode()).hexdigest()[:16],
        "redrawn": engine.stats.redraws.get("t", {}).get("rows", 0),
    }


def _run(src: Path, kind: str, rows: int) -> dict[str, Any]:
    env = {**os.environ, "PYTHONPATH": str(src), "OMP_NUM_THREADS": "1"}
    cmd = [sys.executable, __file__, "--worker", kind, str(rows)]
    out = subprocess.run(cmd, env=env, check=True, capture_output=True, text=True, cwd=ROOT).stdout
    return dict(json.loads(out.strip().splitlines()[-1]))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--base-ref", default="int", help="git ref of the base tree (default int)")
    ap.add_argument("--rows", default="200000,800000", help="comma-separated row counts")
    ap.add_argument("--kinds", default="pattern,int,choice", help="comma-separated: pattern, int, choice")
    ap.add_argument("--worker", nargs=2, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.worker:
        print(json.dumps(_worker(args.worker[0], int(args.worker[1]))))
        return
    with tempfile.TemporaryDirectory() as tmp:
        archive = Path(tmp) / "base.tar"
        with archive.open("wb") as fh:
            subprocess.run(["git", "archive", args.base_ref, "src"], cwd=ROOT, stdout=fh, check=True)
        with tarfile.open(archive) as tar:
            tar.extractall(tmp, filter="data")
        trees = {"base": Path(tmp) / "src", "branch": ROOT / "src"}
        print(
            f"{'kind':8}{'rows':>9}  {'tree':7}{'wall s':>8}{'cpu s':>8}{'enf wall':>9}{'enf cpu':>9}  digest  redrawn"
        )
        for kind in args.kinds.split(","):
            for rows in (int(r) for r in args.rows.split(",")):
                res = {name: _run(src, kind, rows) for name, src in trees.items()}
                for name, r in res.items():
                    print(
                        f"{kind:8}{rows:>9,}  {name:7}{r['wall']:8.2f}{r['cpu']:8.2f}{r['enforce_wall']:9.2f}"
                        f"{r['enforce_cpu']:9.2f}  {r['digest']}  {r['redrawn']}"
                    )
                b, n = res["base"], res["branch"]
                same = "same bytes" if b["digest"] == n["digest"] else "DIGESTS DIFFER"
                print(
                    f"{kind:8}{rows:>9,}  ratio base/branch: wall {b['wall'] / n['wall']:.2f}x, "
                    f"enforce wall {b['enforce_wall'] / max(n['enforce_wall'], 1e-9):.2f}x, "
                    f"enforce cpu {b['enforce_cpu'] / max(n['enforce_cpu'], 1e-9):.2f}x, {same}"
                )


if __name__ == "__main__":
    main()
