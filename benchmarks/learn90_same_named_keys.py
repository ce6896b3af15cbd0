"""Tables numbering their own rows under one name (issue 13, learn90): false and missed keys over fresh seeds.

Databases from ``tests/unit/inspection/test_same_named_own_keys.py``'s generator (customers, orders, a 1:1
profile per customer, 3..5 tables each numbering its rows ``1..N`` under one of ``id``, ``item_id``, ``line_no``,
``row_id``, ``seq``), seeds 100..139 (the tests use 0..13), keys inferred in memory as ``inspect`` does.
Seeds not used while fixing, but drawn after the fix: a dev figure.

    PYTHONPATH=src .venv/bin/python benchmarks/learn90_same_named_keys.py
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "unit" / "inspection"))
from test_same_named_own_keys import OWN_KEYS, _database  # noqa: E402

from simulacra.inspection._keys import infer_foreign_keys, infer_primary_keys  # noqa: E402


def main() -> None:
    false = missed = 0
    seeds = range(100, 140)
    for seed in seeds:
        tables, true = _database(seed, OWN_KEYS[seed % len(OWN_KEYS)])
        pks, _, _ = infer_primary_keys(tables, {})
        fks, _ = infer_foreign_keys(tables, pks, [])
        got = {(f.table, f.column, f.references) for f in fks}
        false += len(got - true)
        missed += len(true - got)
    print(f"databases {len(seeds)}: false keys {false}, true keys missed {missed}")


if __name__ == "__main__":
    main()
