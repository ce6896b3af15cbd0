"""Extension table or own numbering with deletions, under the parent key's name (issue 13, learn101): test split.

Written and committed BEFORE learn101's fix, run once on the base and once after; nothing tuned on it (the fix
was chosen on learn95's benchmark, seeds 100..219, and on learn101's unit tests: dev). Fresh seeds 300..419, a
generator of its own (other table and column names than learn95's, columns that carry what a real table holds).

A parent numbers ``1..n`` (n from 50 to 3,000) with a ``created`` date growing with its key (its insertion
order, with noise), a ``tier`` (3 values) and an ``income``. Per database, the child is one of

* an extension, one row for a random share of the parents (95%, 90%, 80%, 60%, 30%, 5%, 2%), its key the
  parent's, rows in key order or shuffled, and either
  - *related*: ``opened`` a few days after its parent's ``created``, ``segment`` its parent's tier (90%),
    ``credit_limit`` following the parent's income; or
  - *unrelated*: ``opened`` growing with its key, ``segment`` and ``credit_limit`` drawn on their own
  (must be a key where the data can tell; a sorted unrelated extension over most parents is the same
  distribution as own numbering with a few deleted, so a miss there is by design);
* own numbering ``1..m`` (``m = n``, or ``m`` from 50% to 99% of ``n``), with 3%, 10%, 30% or 45% of its rows
  deleted at random, its own ``opened`` growing with its key (its own insertion order), ``segment`` and
  ``credit_limit`` drawn on their own; rows in key order, or sorted by ``segment`` (an export ordered by another
  column) (must be no key).

Keys inferred in memory as ``inspect`` does. Prints per class: found / missed / false key / no key, and totals.

    PYTHONPATH=src .venv/bin/python benchmarks/learn101_extension_or_own_numbering.py
"""

from __future__ import annotations

from collections import Counter
from datetime import date

import numpy as np
import polars as pl

from simulacra.inspection._keys import infer_foreign_keys, infer_primary_keys

# (parent, its key, child, the child's key): the child key repeats the parent key's name and does not name the
# parent table (a key naming it, ``member_id`` -> members, is taken by name since learn90: not this issue)
NAMES = [
    ("vehicles", "vid", "registrations", "vid"),
    ("patients", "mrn", "allergy_profiles", "mrn"),
    ("employees", "badge_no", "payroll_records", "badge_no"),
    ("listings", "sku", "inventory", "sku"),
    ("farms", "holding_no", "subsidy_claims", "holding_no"),
]
SHARES = [0.95, 0.9, 0.8, 0.6, 0.3, 0.05, 0.02]
DELETED = [0.03, 0.1, 0.3, 0.45]
TIERS = ["gold", "silver", "basic"]
DAY0 = date(2015, 1, 1)


def _dates(rng: np.random.Generator, order: np.ndarray, span_days: int) -> pl.Series:
    """Dates growing with ``order`` (an insertion order), with a few days of noise."""
    days = order / max(order.max(), 1) * span_days + rng.integers(0, 5, order.size)
    return pl.Series(np.datetime64(DAY0) + days.astype("timedelta64[D]"))


def _database(seed: int) -> tuple[dict[str, pl.DataFrame], str, bool]:
    """(tables, class of the child, whether its key is a reference)."""
    rng = np.random.default_rng(seed)
    parent, pk, child, ck = NAMES[seed % len(NAMES)]
    n = int(rng.integers(50, 3001))
    keys = np.arange(1, n + 1)
    income = rng.lognormal(10, 0.6, n).round(0)
    tier = rng.choice(TIERS, n)
    parents = pl.DataFrame({pk: keys, "created": _dates(rng, keys, 2000), "tier": tier, "income": income})
    kind = seed % 4
    by_segment = False
    if kind in (0, 1):
        share = SHARES[(seed // 4) % len(SHARES)]
        held = np.sort(rng.choice(keys, size=max(1, round(share * n)), replace=False))
        shuffled = bool(rng.random() < 0.5)
        if shuffled:
            held = rng.permutation(held)
        k = held.size
        if kind == 0:
            idx = held - 1
            opened = parents["created"].to_numpy()[idx] + rng.integers(1, 30, k).astype("timedelta64[D]")
            segment = np.where(rng.random(k) < 0.9, tier[idx], rng.choice(TIERS, k))
            limit = (income[idx] * rng.uniform(0.2, 0.4, k)).round(0)
            rel = "related"
        else:
            opened = _dates(rng, held.astype(float), 2000).to_numpy()
            segment = rng.choice(TIERS, k)
            limit = rng.lognormal(9, 0.6, k).round(0)
            rel = "unrelated"
        order = "shuffled" if shuffled else "in order"
        what, true = f"extension {rel} {100 * share:g}% {order}", True
    else:
        deleted = DELETED[(seed // 4) % len(DELETED)]
        m = n if kind == 2 else int(rng.integers(int(0.5 * n), int(0.99 * n) + 1))
        held = np.sort(rng.choice(np.arange(1, m + 1), size=max(1, round((1 - deleted) * m)), replace=False))
        k = held.size
        opened = _dates(rng, held.astype(float), 1500).to_numpy()
        segment = rng.choice(TIERS, k)
        limit = rng.lognormal(9, 0.6, k).round(0)
        by_segment = bool(rng.random() < 0.5)
        what = (
            f"own 1..m, m={'n' if m == n else '<n'}, {100 * deleted:g}% deleted{', by segment' if by_segment else ''}"
        )
        true = False
    children = pl.DataFrame({ck: held, "opened": opened, "segment": segment, "credit_limit": limit})
    if not true and by_segment:
        children = children.sort("segment", maintain_order=True)
    return {parent: parents, child: children}, what, true


def main() -> None:
    counts: Counter[tuple[str, str]] = Counter()
    for seed in range(300, 420):
        tables, what, true = _database(seed)
        pks, _, _ = infer_primary_keys(tables, {})
        fks, _ = infer_foreign_keys(tables, pks, [])
        taken = bool(fks)
        counts[what, "found" if taken and true else "missed" if true else "false key" if taken else "no key"] += 1
    for (what, outcome), k in sorted(counts.items()):
        print(f"{what:<50} {outcome:<9} {k}")
    total = Counter(o for (_, o) in counts.elements())
    print(
        f"databases 120: false keys {total['false key']} of {total['false key'] + total['no key']}, "
        f"extensions missed {total['missed']} of {total['missed'] + total['found']}"
    )
    for rel in ("related", "unrelated"):
        f = sum(k for (w, o), k in counts.items() if o == "found" and f" {rel} " in w)
        m = sum(k for (w, o), k in counts.items() if o == "missed" and f" {rel} " in w)
        print(f"  extensions {rel}: missed {m} of {f + m}")


if __name__ == "__main__":
    main()
