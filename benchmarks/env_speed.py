"""Agent environments: build time for 1,000 tasks, and reset / step latency on the shop at scale 1 (issue 17).

    .venv/bin/python benchmarks/env_speed.py                        # shop, scale 1, 1,000 tasks
    .venv/bin/python benchmarks/env_speed.py --tasks 200 --scale 0.2

Goals: reset < 20 ms, step < 5 ms for read tools (median). Wall time (perf_counter) and this process's
CPU time (process_time) are printed side by side: on a shared machine the wall time includes waiting.
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

RESET_GOAL_MS = 20.0
STEP_GOAL_MS = 5.0


def _timed(fn: Any, n: int) -> dict[str, float]:
    wall, cpu = [], []
    for i in range(n):
        w, c = time.perf_counter(), time.process_time()
        fn(i)
        wall.append((time.perf_counter() - w) * 1000)
        cpu.append((time.process_time() - c) * 1000)
    wall.sort()
    cpu.sort()
    return {
        "n": n,
        "median_ms": round(statistics.median(wall), 3),
        "p95_ms": round(wall[int(0.95 * (n - 1))], 3),
        "cpu_median_ms": round(statistics.median(cpu), 3),
        "cpu_p95_ms": round(cpu[int(0.95 * (n - 1))], 3),
        "cpu_mean_ms": round(statistics.fmean(cpu), 3),
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--spec", default="shop")
    ap.add_argument("--tasks", type=int, default=1000)
    ap.add_argument("--scale", type=float, default=1.0)
    ap.add_argument("--repeat", type=int, default=300, help="resets and steps of each kind timed")
    ap.add_argument("--keep", metavar="DIR", help="build here and keep it (default: a temp dir)")
    args = ap.parse_args()

    import simulacra
    from simulacra.examples import example_path

    tmp = tempfile.TemporaryDirectory()
    out = Path(args.keep) if args.keep else Path(tmp.name) / "env"
    build = simulacra.build_environment(example_path(args.spec), out, tasks=args.tasks, scale=args.scale, replace=True)
    env = simulacra.Environment(out)
    ids = env.task_ids
    rows = env.files.pristine.execute(
        "SELECT o.order_id, o.customer_id, c.email FROM orders o JOIN customers c "
        "USING (customer_id) ORDER BY o.order_id"
    ).fetchall()
    size_mb = (out / "db.sqlite").stat().st_size / 1e6

    reset = _timed(lambda i: env.reset(ids[i % len(ids)]), args.repeat)
    env.reset(ids[0])
    reads = {
        "get_orders": lambda i: env.step({"name": "get_orders", "arguments": {"order_id": rows[i * 7 % len(rows)][0]}}),
        "search_customers (email)": lambda i: env.step(
            {"name": "search_customers", "arguments": {"email": rows[i * 7 % len(rows)][2]}}
        ),
        "list_orders_by_customer_id": lambda i: env.step(
            {"name": "list_orders_by_customer_id", "arguments": {"customer_id": rows[i * 7 % len(rows)][1]}}
        ),
    }
    steps = {}
    for name, fn in reads.items():
        env.max_steps = args.repeat + 10
        env.reset(ids[0])
        steps[name] = _timed(fn, args.repeat)
    env.reset(ids[0])
    assert env.episode is not None  # the write is timed alone: every customer counts as looked up (identify_by)
    env.episode.identified.update(r[1] for r in rows)
    steps["refund_order (write)"] = _timed(
        lambda i: env.step(
            {
                "name": "refund_order",
                "arguments": {"order_id": rows[i * 7 % len(rows)][0], "amount": 0.01, "reason": "late"},
            }
        ),
        args.repeat,
    )

    report = {
        "spec": args.spec,
        "scale": args.scale,
        "db_mb": round(size_mb, 2),
        "build": {
            "tasks": build.tasks,
            "seconds": round(build.seconds, 2),
            "cpu_seconds": round(build.cpu_seconds, 2),
            **{f"{k}_seconds": v for k, v in build.stages.items()},
            "categories": build.categories,
        },
        "reset": reset,
        "steps": steps,
    }
    print(json.dumps(report, indent=1))
    import os

    print(f"\nload average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs (wall times include waiting for a CPU)")
    print(
        f"\nbuild: {build.tasks} tasks in {build.seconds:.2f} s wall, {build.cpu_seconds:.2f} s CPU "
        f"(data {build.stages['generate']:.2f} s, tasks {build.stages['tasks']:.2f} s); database {size_mb:.1f} MB"
    )
    print(f"{'':<30}{'median ms':>10}{'p95 ms':>10}{'CPU med':>10}{'CPU p95':>10}  goal (median wall)")
    print(
        f"{'reset':<30}{reset['median_ms']:>10.3f}{reset['p95_ms']:>10.3f}{reset['cpu_median_ms']:>10.3f}{reset['cpu_p95_ms']:>10.3f}  "
        f"< {RESET_GOAL_MS:g} ms: {'met' if reset['median_ms'] < RESET_GOAL_MS else 'MISSED'}"
    )
    for name, r in steps.items():
        goal = (
            "" if "write" in name else f"< {STEP_GOAL_MS:g} ms: {'met' if r['median_ms'] < STEP_GOAL_MS else 'MISSED'}"
        )
        print(
            f"{'step ' + name:<30}{r['median_ms']:>10.3f}{r['p95_ms']:>10.3f}{r['cpu_median_ms']:>10.3f}{r['cpu_p95_ms']:>10.3f}  {goal}"
        )
    tmp.cleanup()


if __name__ == "__main__":
    main()
