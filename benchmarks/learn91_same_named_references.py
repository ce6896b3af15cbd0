"""Same-named references beside a table's own key (issue 13, learn91): false and missed keys over fresh seeds.

Databases from ``tests/unit/inspection/test_learn91_same_named_references.py``'s generator (a top table, a middle
table repeating its key, a 1:1 table with its own key and a unique same-named reference, a card per top row, dated
children, a table numbering its own rows under the middle's key name), seeds 100..139 (the tests use 0..7), keys
inferred in memory as ``inspect`` does. Seeds drawn after the fix and not used while fixing: a dev figure.

    PYTHONPATH=src .venv/bin/python benchmarks/learn91_same_named_references.py
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "unit" / "inspection"))
from test_learn91_same_named_references import _database  # noqa: E402

from simulacra.inspection._keys import infer_foreign_keys, infer_primary_keys  # noqa: E402


def main() -> None:
    false: list[tuple[str, str, str]] = []
    missed: list[tuple[str, str, str]] = []
    seeds = range(100, 140)
    for seed in seeds:
        tables, true, _ = _database(seed)
        pks, _, _ = infer_primary_keys(tables, {})
        fks, _ = infer_foreign_keys(tables, pks, [])
        got = {(f.table, f.column, f.references) for f in fks}
        false += sorted(got - true)
        missed += sorted(true - got)
    print(f"databases {len(seeds)}: false keys {len(false)}, true keys missed {len(missed)}")
    for kind, keys in (("false", false), ("missed", missed)):
        for k in sorted(set(keys)):
            print(f"  {kind}: {k[0]}.{k[1]} -> {k[2]} x{keys.count(k)}")


if __name__ == "__main__":
    main()
