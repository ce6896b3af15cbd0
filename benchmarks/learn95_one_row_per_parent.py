"""Tables with one row per some parents, keyed by the parent's key (issue 13, learn95): found, missed, false.

Fresh seeds 100..219 (the tests use 0..41), over the six name sets of
``tests/unit/inspection/test_one_row_per_parent.py`` and a generator written here: a parent numbering ``1..n``
(n from 50 to 3,000) and, per database, one of

* an extension: one row for a random share of the parents (100%, 95%, 90%, 80%, 60%, 30%, 5%, 2%), its key
  the parent's, in order or shuffled (must be a key);
* own numbering ``1..m``, ``m`` from 30% to 100% of ``n``, with 0%, 3%, 10% or 30% of its rows deleted, under the
  parent key's name (must be no key; ``m = n`` with none deleted is the hard negative, dense ``1..n`` in both).

Keys inferred in memory as ``inspect`` does, split by whether the key's name names the parent table
(``user_profiles.user_id``, ``account_settings.account_id``: taken by name since learn90, whatever the values)
or only repeats the parent key's name (``stock.item_id``); a key is missed where the extension's key is not taken, false where the
own numbering is. Then 12 extensions with n >= 1,000 go through inspect (CSV) -> generate, and the largest gap
between the sampled and the real share of parents with a row is printed. Drawn after the fix: a dev figure.

    PYTHONPATH=src .venv/bin/python benchmarks/learn95_one_row_per_parent.py
"""

from __future__ import annotations

import sys
import tempfile
from collections import Counter
from pathlib import Path

import numpy as np
import polars as pl

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "unit" / "inspection"))
from test_one_row_per_parent import NAMES  # noqa: E402

from simulacra.inspection import inspect  # noqa: E402
from simulacra.inspection._keys import infer_foreign_keys, infer_primary_keys  # noqa: E402
from simulacra.pipeline import generate  # noqa: E402

SHARES = [1.0, 0.95, 0.9, 0.8, 0.6, 0.3, 0.05, 0.02]
DELETED = [0.0, 0.03, 0.1, 0.3]


def _database(seed: int) -> tuple[dict[str, pl.DataFrame], str, bool]:
    """(tables, what the child is, whether its key is a reference)."""
    rng = np.random.default_rng(seed)
    parent, pk, child, ck = NAMES[seed % len(NAMES)]
    n = int(rng.integers(50, 3001))
    parents = pl.DataFrame({pk: np.arange(1, n + 1), "age": rng.integers(18, 80, n)})
    if seed % 2 == 0:
        share = SHARES[(seed // 2) % len(SHARES)]
        held = np.sort(rng.choice(np.arange(1, n + 1), size=max(1, round(share * n)), replace=False))
        if rng.random() < 0.5:
            held = rng.permutation(held)
        what, true = f"extension {100 * share:g}%", True
    else:
        deleted = DELETED[(seed // 2) % len(DELETED)]
        m = n if (seed // 2) % 3 == 0 else int(rng.integers(int(0.3 * n), n + 1))
        held = np.sort(rng.choice(np.arange(1, m + 1), size=max(1, round((1 - deleted) * m)), replace=False))
        what, true = f"own 1..m, m={'n' if m == n else '<n'}, {100 * deleted:g}% deleted", False
    children = pl.DataFrame({ck: held, "points": rng.integers(0, 500, held.size)})
    named = "names the parent" if ck.startswith(parent.rstrip("s")) else "same name only"
    return {parent: parents, child: children}, f"{named}: {what}", true


def main() -> None:
    counts: Counter[tuple[str, str]] = Counter()
    for seed in range(100, 220):
        tables, what, true = _database(seed)
        pks, _, _ = infer_primary_keys(tables, {})
        fks, _ = infer_foreign_keys(tables, pks, [])
        taken = bool(fks)
        counts[what, "found" if taken and true else "missed" if true else "false key" if taken else "no key"] += 1
    for (what, outcome), k in sorted(counts.items()):
        print(f"{what:<58} {outcome:<9} {k}")
    false = sum(k for (_, o), k in counts.items() if o == "false key")
    missed = sum(k for (_, o), k in counts.items() if o == "missed")
    print(f"databases 120: false keys {false}, extensions missed {missed}")
    for named in ("same name only", "names the parent"):
        f = sum(k for (w, o), k in counts.items() if o == "false key" and w.startswith(named))
        m = sum(k for (w, o), k in counts.items() if o == "missed" and w.startswith(named))
        print(f"  {named}: false keys {f}, extensions missed {m}")
    worst = 0.0
    with tempfile.TemporaryDirectory() as tmp:
        for i, seed in enumerate(range(300, 312)):
            rng = np.random.default_rng(seed)
            parent, pk, child, ck = NAMES[seed % len(NAMES)]
            n = int(rng.integers(1000, 3001))
            share = [0.6, 0.05, 0.3, 0.9][i % 4]
            held = rng.permutation(rng.choice(np.arange(1, n + 1), size=round(share * n), replace=False))
            src = Path(tmp) / f"db{seed}"
            src.mkdir()
            pl.DataFrame({pk: np.arange(1, n + 1), "age": rng.integers(18, 80, n)}).write_csv(src / f"{parent}.csv")
            pl.DataFrame({ck: held, "points": rng.integers(0, 500, held.size)}).write_csv(src / f"{child}.csv")
            frames = generate(inspect(src).spec, seed=seed).frames
            assert frames is not None
            keys, parents = frames[child][ck], frames[parent][pk]
            ok = keys.is_in(parents.implode()).all() and keys.n_unique() == keys.len()
            gap = abs(keys.len() / parents.len() - share)
            worst = max(worst, gap)
            print(
                f"generate {child} {100 * share:g}% of {n}: sampled {100 * keys.len() / parents.len():.1f}%, keys ok {ok}"
            )
    print(f"largest share gap {100 * worst:.1f} points")


if __name__ == "__main__":
    main()
