"""The noise floor of ``learn_heldout_logistics.py``'s count checks: 1 - TVD of children per parent
between two companies drawn by ``heldout_logistics.py`` itself with different seeds (the same process, so
any gap is chance). A sample scoring near this floor is as close as another draw of the source would be.

    PYTHONPATH=src .venv/bin/python benchmarks/logistics_count_floor.py [--seeds 11,12,13,14,15,16] [--routes 900]

Generated data: no split applies.
"""

from __future__ import annotations

import argparse
import itertools
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from heldout_logistics import logistics  # noqa: E402
from learn_heldout_db import count_fidelity  # noqa: E402

COUNTS = {  # check -> (child, parent, fk, pk)
    "routes per driver": ("routes", "drivers", "driver_id", "driver_id"),
    "stops per route": ("stops", "routes", "route_id", "route_id"),
    "parcels per stop": ("parcels", "stops", "stop_id", "stop_id"),
}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seeds", default="11,12,13,14,15,16")
    ap.add_argument("--routes", type=int, default=900)
    args = ap.parse_args()
    data = {s: logistics(s, args.routes) for s in (int(x) for x in args.seeds.split(","))}
    print("| count check (1 - TVD between two source draws) | mean | min | max | pairs |")
    print("|---|---:|---:|---:|---:|")
    for name, (child, parent, fk, pk) in COUNTS.items():
        vals = [
            count_fidelity(data[a][child], data[a][parent], fk, pk, data[b][child], data[b][parent])
            for a, b in itertools.combinations(data, 2)
        ]
        print(f"| {name} | {statistics.mean(vals):.4f} | {min(vals):.4f} | {max(vals):.4f} | {len(vals)} |")


if __name__ == "__main__":
    main()
