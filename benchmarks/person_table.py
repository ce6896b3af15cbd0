"""simulacra vs. a per-row Faker loop on the same 10-column person table, on one core.

    .venv/bin/python benchmarks/person_table.py                 # 1,000,000 simulacra rows, 20,000 Faker rows
    .venv/bin/python benchmarks/person_table.py --rows 200000 --faker-rows 5000

Columns: id, first_name, last_name, email, phone, street, city, postcode,
birth_date, company. simulacra builds the table from a spec dict with
``simulacra.pipeline.generate`` (in memory, then again into a Parquet folder);
Faker (en_US, seeded with ``seed_instance``) makes it row by row, one call per
field. Rows per second are compared; the goals are >= 1,000,000 rows/s and
>= 50x Faker.
"""

from __future__ import annotations

import os

# one core: set before polars / numpy are imported (they size their thread pools at import);
# only when run as a script, so that big_table.py can import person_spec without the limit
if __name__ == "__main__":
    for _var in (
        "OMP_NUM_THREADS",
        "POLARS_MAX_THREADS",
        "OPENBLAS_NUM_THREADS",
        "MKL_NUM_THREADS",
        "RAYON_NUM_THREADS",
    ):
        os.environ[_var] = "1"

import argparse  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

ROWS_GOAL = 1_000_000
RATIO_GOAL = 50.0


def person_spec(rows: int, seed: int = 1) -> dict[str, Any]:
    """The 10-column person table as a spec dict."""
    return {
        "name": "person_benchmark",
        "seed": seed,
        "locale": "en_US",
        "tables": {
            "person": {
                "rows": rows,
                "primary_key": "id",
                "columns": {
                    "id": "sequence",
                    "first_name": {"generator": "first_name", "group": "person"},
                    "last_name": {"generator": "last_name", "group": "person"},
                    "email": {"generator": "email", "first_name": "first_name", "last_name": "last_name"},
                    "phone": "phone",
                    "street": {"generator": "street_address", "group": "home"},
                    "city": {"generator": "city", "group": "home"},
                    "postcode": {"generator": "postcode", "group": "home"},
                    "birth_date": {"generator": "date", "start": "1940-01-01", "end": "2006-12-31"},
                    "company": "company",
                },
            }
        },
    }


def pin_one_core() -> str:
    """Restrict this process to one CPU (Linux); returns a description."""
    if not hasattr(os, "sched_setaffinity"):
        return "thread pools limited to 1 (no CPU affinity on this OS)"
    cpu = min(os.sched_getaffinity(0))
    os.sched_setaffinity(0, {cpu})
    return f"pinned to CPU {cpu}, thread pools limited to 1"


def run_simulacra(rows: int, chunk_size: int) -> dict[str, float]:
    from simulacra.pipeline import generate

    generate(person_spec(10_000), chunk_size=chunk_size)  # warm-up: locale pools, imports
    t0, c0 = time.perf_counter(), time.process_time()
    result = generate(person_spec(rows), chunk_size=chunk_size)
    mem_s, mem_cpu = time.perf_counter() - t0, time.process_time() - c0
    frame = result.frames["person"]
    assert frame.height == rows and frame.width == 10, frame.shape
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "person"
        t0, c0 = time.perf_counter(), time.process_time()
        generate(person_spec(rows), out, format="parquet", chunk_size=chunk_size)
        pq_s, pq_cpu = time.perf_counter() - t0, time.process_time() - c0
        size = sum(p.stat().st_size for p in out.rglob("*") if p.is_file())
    return {
        "rows": rows,
        "memory_s": mem_s,
        "memory_cpu": mem_cpu,
        "parquet_s": pq_s,
        "parquet_cpu": pq_cpu,
        "parquet_bytes": size,
        "sample": frame.head(3),
    }  # type: ignore[dict-item]


def run_faker(rows: int, seed: int = 1) -> dict[str, Any]:
    from faker import Faker

    fake = Faker("en_US")
    fake.seed_instance(seed)
    for _ in range(200):  # warm-up: provider lookups
        fake.first_name()
    t0, c0 = time.perf_counter(), time.process_time()
    out = []
    for i in range(rows):
        out.append(
            (
                i + 1,
                fake.first_name(),
                fake.last_name(),
                fake.email(),
                fake.phone_number(),
                fake.street_address(),
                fake.city(),
                fake.postcode(),
                fake.date_of_birth(minimum_age=18, maximum_age=85),
                fake.company(),
            )
        )
    secs, cpu = time.perf_counter() - t0, time.process_time() - c0
    assert len(out) == rows and len(out[0]) == 10
    return {"rows": rows, "seconds": secs, "cpu": cpu, "sample": out[:2]}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rows", type=int, default=1_000_000, help="simulacra rows (default 1,000,000)")
    ap.add_argument("--faker-rows", type=int, default=20_000, help="Faker rows (default 20,000)")
    ap.add_argument("--chunk-size", type=int, default=100_000, help="simulacra chunk size (default 100,000)")
    ap.add_argument("--no-pin", action="store_true", help="do not pin the process to one CPU")
    args = ap.parse_args()

    where = "not pinned, thread pools limited to 1" if args.no_pin else pin_one_core()
    print(f"person table, 10 columns — {where}")

    sim = run_simulacra(args.rows, args.chunk_size)
    print(sim.pop("sample"))
    fk = run_faker(args.faker_rows)
    fk.pop("sample")

    # rows per CPU-second decide the goals: on a shared machine wall time also counts other
    # processes' time, and would report a miss that is not one; both are printed
    mem_rps = sim["rows"] / sim["memory_cpu"]
    fk_rps = fk["rows"] / fk["cpu"]
    print()
    print(f"{'':26}{'rows':>12}{'wall s':>9}{'CPU s':>9}{'rows/s wall':>13}{'rows/CPU-s':>13}{'vs Faker':>10}")
    for label, rows, wall, cpu in (
        ("simulacra, in memory", sim["rows"], sim["memory_s"], sim["memory_cpu"]),
        ("simulacra, to Parquet", sim["rows"], sim["parquet_s"], sim["parquet_cpu"]),
        ("Faker, per-row loop", fk["rows"], fk["seconds"], fk["cpu"]),
    ):
        print(
            f"{label:26}{rows:>12,}{wall:>9.2f}{cpu:>9.2f}{rows / wall:>13,.0f}{rows / cpu:>13,.0f}"
            f"{rows / cpu / fk_rps:>9.1f}x"
        )
    print(f"Parquet size: {sim['parquet_bytes'] / 1e6:.1f} MB")
    print()
    ok_rps = mem_rps >= ROWS_GOAL
    ok_ratio = mem_rps / fk_rps >= RATIO_GOAL
    print(f"goal >= {ROWS_GOAL:,} rows per CPU-second (in memory): {'met' if ok_rps else 'MISSED'} ({mem_rps:,.0f})")
    print(
        f"goal >= {RATIO_GOAL:.0f}x Faker per CPU-second (in memory): {'met' if ok_ratio else 'MISSED'} ({mem_rps / fk_rps:.1f}x)"
    )


if __name__ == "__main__":
    main()
