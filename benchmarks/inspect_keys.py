"""Foreign-key discovery on the real Berka bank data: data-based inference vs name-only matching.

    .venv/bin/python benchmarks/inspect_keys.py                  # ../shared/data/berka
    .venv/bin/python benchmarks/inspect_keys.py --data PATH

The baseline is the rule SDV's free tier uses (``column_name_match``): a child column
is a foreign key when it has the same name as another table's primary key. Ours
(``simulacra.inspection``) uses value inclusion, parent-key uniqueness, name similarity
and the chance of an accidental match. Both run on

* the original files (8 tables, 8 true keys; ``district.A1`` is the district key), and
* a renamed copy where the child columns no longer echo the key names
  (``trans.account_id`` → ``acct``, ``disp.client_id`` → ``person`` ...), which is
  what exports from real systems often look like.

Printed: true/false positives per method, recall and precision, and seconds.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import polars as pl

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from simulacra.inspection._keys import infer_foreign_keys, infer_primary_keys  # noqa: E402
from simulacra.sources import read_source  # noqa: E402

TRUTH = {
    ("account", "district_id", "district"),
    ("client", "district_id", "district"),
    ("disp", "account_id", "account"),
    ("disp", "client_id", "client"),
    ("loan", "account_id", "account"),
    ("order", "account_id", "account"),
    ("trans", "account_id", "account"),
    ("card", "disp_id", "disp"),
}
RENAME = {
    ("account", "district_id"): "region",
    ("client", "district_id"): "home_region",
    ("disp", "account_id"): "acct",
    ("disp", "client_id"): "person",
    ("loan", "account_id"): "acct",
    ("order", "account_id"): "from_acct",
    ("trans", "account_id"): "acct",
    ("card", "disp_id"): "holder",
}


def name_only(frames: dict[str, pl.DataFrame], pks: dict[str, list[str]]) -> set[tuple[str, str, str]]:
    out = set()
    for parent, key in pks.items():
        for child, frame in frames.items():
            if child != parent and len(key) == 1 and key[0] in frame.columns:
                out.add((child, key[0], parent))
    return out


def ours(frames: dict[str, pl.DataFrame], pks: dict[str, list[str]]) -> set[tuple[str, str, str]]:
    fks, _ = infer_foreign_keys(frames, pks, [])
    return {(f.table, f.column, f.ref_table) for f in fks}


def score(found: set[tuple[str, str, str]], truth: set[tuple[str, str, str]]) -> str:
    tp = len(found & truth)
    fp = len(found - truth)
    recall = tp / len(truth)
    precision = tp / len(found) if found else 1.0
    return f"{tp}/{len(truth)} found, {fp} wrong (recall {recall:.2f}, precision {precision:.2f})"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", default=str(ROOT.parent / "shared" / "data" / "berka"))
    args = ap.parse_args()
    t0 = time.perf_counter()
    src = read_source(args.data)
    read_s = time.perf_counter() - t0
    frames = {("trans" if t.startswith("trans") else t): f for t, f in src.frames.items()}
    print(f"read {len(frames)} tables, {sum(f.height for f in frames.values()):,} rows in {read_s:.2f} s")
    renamed = {t: f.rename({c: RENAME[(t, c)] for c in f.columns if (t, c) in RENAME}) for t, f in frames.items()}
    truth_renamed = {(t, RENAME[(t, c)], p) for t, c, p in TRUTH}
    for label, data, truth in (("original names", frames, TRUTH), ("renamed columns", renamed, truth_renamed)):
        pks, _, _ = infer_primary_keys(data, {})
        t = time.perf_counter()
        base = name_only(data, pks)
        tb = time.perf_counter() - t
        t = time.perf_counter()
        mine = ours(data, pks)
        tm = time.perf_counter() - t
        print(f"\n{label}:")
        print(f"  name-only (SDV free tier rule): {score(base, truth)}  [{tb:.3f} s]")
        print(f"  simulacra inference           : {score(mine, truth)}  [{tm:.3f} s]")
        missed = sorted(truth - mine)
        if missed:
            print(f"  simulacra misses: {missed}")


if __name__ == "__main__":
    main()
