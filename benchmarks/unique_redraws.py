"""Unique-column redraws: the shop's customers table (unique email) at growing scale (issue 11).

    git archive 1fa977a src | tar -x -C /tmp/base      # the code before batched redraws
    .venv/bin/python benchmarks/unique_redraws.py --scales 2,6,12 --baseline-src /tmp/base/src

Only the customers table is made (2,000 rows x scale; a unique email from first and last name, so
name-made addresses collide more often as the table grows and each collision is redrawn). Each run
is a fresh interpreter with the given source tree on PYTHONPATH: this checkout's ``src`` beside the
baseline's. Printed per scale: wall and CPU seconds of the generation (imports and locale pools
warmed up first), rows redrawn (the engine's count, ``GenerationStats.redraws``), their share of the
table and of its last chunk,
addresses that carry a number (redrawn, or crowded names numbered on their first draw), and a digest
of the table (equal on both sides when both make the same values, as the batched redraw and the
row-by-row one did).

    git archive 59a03ba src | tar -x -C /tmp/gr_base    # before crowded names took a number at once
    .venv/bin/python benchmarks/unique_redraws.py --scales 1.55,15.5,155,310 --label crowded \
        --baseline-src /tmp/gr_base/src --baseline-label before
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent


def customers_spec() -> dict[str, Any]:
    from simulacra.examples import example_path
    from simulacra.spec.yaml_lines import load_yaml

    full, _ = load_yaml(Path(example_path("shop")).read_text(encoding="utf-8"))
    return {
        "name": "shop_customers",
        "seed": full["seed"],
        "locale": full["locale"],
        "tables": {"customers": full["tables"]["customers"]},
        "constraints": [c for c in full["constraints"] if c.get("table") == "customers"],
        "scenarios": [s for s in full["scenarios"] if s["table"] == "customers"],
    }


def _worker(scale: float, chunk_size: int) -> dict[str, Any]:
    import polars as pl

    from simulacra.generation.engine import Engine
    from simulacra.spec.load import load_plan

    plan = load_plan(customers_spec())
    Engine(plan, scale=0.05).frames()  # warm-up: imports and locale pools
    t0, c0 = time.perf_counter(), time.process_time()
    engine = Engine(plan, scale=scale, chunk_size=chunk_size)
    parts, shares, seen = [], [], 0
    for _, chunks in engine.tables():
        for part in chunks:  # the chunk's redraws are counted once it is made
            now = engine.stats.redraws.get("customers", {}).get("rows", 0)
            shares.append((now - seen) / max(part.height, 1))
            seen = now
            parts.append(part)
    frame = pl.concat(parts)
    wall, cpu = time.perf_counter() - t0, time.process_time() - c0
    emails = frame.get_column("email")
    digest = hashlib.sha256()
    for c in frame.columns:
        digest.update(frame.get_column(c).cast(pl.String).fill_null("<null>").str.join("\n").item().encode())
    return {
        "rows": frame.height,
        "wall": wall,
        "cpu": cpu,
        "numbered": int(emails.str.contains(r"\d").sum()),
        "redrawn": int(engine.stats.redraws.get("customers", {}).get("rows", 0)),
        "distinct": emails.n_unique() == frame.height,
        "last_chunk_share": shares[-1] if shares else 0.0,
        "digest": digest.hexdigest()[:16],
    }


def _run(src: str, scale: float, chunk_size: int) -> dict[str, Any]:
    env = {**os.environ, "PYTHONPATH": src}
    cmd = [sys.executable, str(Path(__file__)), "--worker", str(scale), "--chunk-size", str(chunk_size)]
    out = subprocess.run(cmd, env=env, check=True, capture_output=True, text=True)
    return dict(json.loads(out.stdout.strip().splitlines()[-1]))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--scales", default="2,6,12")
    ap.add_argument("--chunk-size", type=int, default=100_000)
    ap.add_argument("--baseline-src", help="a source tree of the code before (its src folder)")
    ap.add_argument("--label", default="batched", help="name of this checkout's side")
    ap.add_argument("--baseline-label", default="row-by-row", help="name of the baseline's side")
    ap.add_argument("--worker", type=float, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.worker is not None:
        print(json.dumps(_worker(args.worker, args.chunk_size)))
        return
    sides = [(args.label, str(HERE.parent / "src"))]
    if args.baseline_src:
        sides.append((args.baseline_label, args.baseline_src))
    print(
        f"{'scale':>6} {'rows':>8} {'side':>11} {'wall s':>8} {'cpu s':>8} {'redrawn':>8} {'share':>6} "
        f"{'numbered':>8} {'last chunk':>10} {'unique':>6} digest"
    )
    for s in (float(x) for x in args.scales.split(",")):
        res = {name: _run(src, s, args.chunk_size) for name, src in sides}
        for name, r in res.items():
            print(
                f"{s:>6g} {r['rows']:>8} {name:>11} {r['wall']:>8.2f} {r['cpu']:>8.2f} "
                f"{r['redrawn']:>8} {r['redrawn'] / r['rows']:>6.1%} {r.get('numbered', r['redrawn']):>8} "
                f"{r.get('last_chunk_share', 0.0):>10.1%} "
                f"{r['distinct']!s:>6} {r['digest']}"
            )
        if len(res) == 2:
            a, b = res[args.label], res[args.baseline_label]
            same = "same" if a["digest"] == b["digest"] else "DIFFERENT"
            print(f"{'':>6} ratio wall {b['wall'] / a['wall']:.1f}x, cpu {b['cpu'] / a['cpu']:.1f}x, output {same}")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
