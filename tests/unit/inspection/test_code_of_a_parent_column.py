"""A category a column of the row's parent decides is a lookup on ``parent.column``.

Found by the energy-utility probe (``benchmarks/heldout_utility.py``, issue 13): a bill's ``days`` is the
number of days in its reading's month (``readings.month_no``). Drafted as a category of its own, a sampled
bill's days matched its month in 54-86% of bills. Planted over several parent keys (a number, a text
category), codes (numbers, text), children per parent and seeds: the column is drafted as a lookup keyed on
the parent's column, and every sampled row holds the code of its parent's value.
"""

from __future__ import annotations

import numpy as np
import polars as pl
import pytest

import simulacra
from simulacra.inspection import inspect
from simulacra.sources import Source

DAYS = {1: 31, 2: 29, 3: 31, 4: 30, 5: 31, 6: 30, 7: 31, 8: 31, 9: 30, 10: 31, 11: 30, 12: 31}
SHAPES = [  # parent, its key column and values, child, code column, code of a key, children per parent
    ("readings", "month_no", list(range(1, 13)), "bills", "days", DAYS.__getitem__, 1),
    (
        "orders",
        "plan",
        ["basic", "plus", "pro", "team"],
        "invoices",
        "vat_band",
        {"basic": "A", "plus": "B", "pro": "B", "team": "C"}.__getitem__,
        2,
    ),
    (
        "exams",
        "level",
        ["gcse", "alevel", "degree"],
        "grades",
        "max_mark",
        {"gcse": 80, "alevel": 100, "degree": 120}.__getitem__,
        4,
    ),
]


def _frames(shape, seed: int) -> dict[str, pl.DataFrame]:  # type: ignore[no-untyped-def]
    parent, key, values, child, code, f, per = shape
    rng = np.random.default_rng(seed)
    pk = f"{parent[:-1]}_id"
    n = 400
    keys = [values[int(i)] for i in rng.integers(0, len(values), n)]
    parents = pl.DataFrame({pk: np.arange(1, n + 1), key: keys, "size": rng.lognormal(3, 0.5, n).round(1)})
    rows = []
    for p, k in zip(range(1, n + 1), keys, strict=True):
        for _ in range(int(rng.integers(1, per + 1))):
            rows.append((p, f(k), float(rng.lognormal(4, 0.3))))
    kids = pl.DataFrame(rows, schema=[pk, code, "amount"], orient="row")
    kids = kids.with_columns(pl.int_range(1, len(rows) + 1).alias("id")).select("id", pk, code, "amount")
    return {parent: parents, child: kids}


@pytest.mark.parametrize("shape", SHAPES, ids=[s[3] for s in SHAPES])
@pytest.mark.parametrize("seed", [1, 6])
def test_a_code_of_the_parents_column_is_a_lookup_on_it(shape, seed: int) -> None:  # type: ignore[no-untyped-def]
    parent, key, _values, child, code, f, _per = shape
    frames = _frames(shape, seed)
    ins = inspect(Source(location="planted", kind="folder", frames=frames, fingerprint=f"{child}{seed}"))
    col = ins.spec.tables[child].columns[code]
    assert col.generator == "lookup", col
    assert col.key == f"{parent}.{key}"
    pk = f"{parent[:-1]}_id"
    model = simulacra.DatasetSynthesizer(seed=0).fit(frames, ins.spec)
    for s in (seed, seed + 10):
        out = model.sample(seed=s)
        both = out[child].join(out[parent].select(pk, key), on=pk, how="left")
        assert both.height > 100
        assert both[code].to_list() == [f(k) for k in both[key]]


def test_a_column_the_parent_does_not_decide_stays_learned() -> None:
    frames = _frames(SHAPES[1], 2)
    frames["invoices"] = frames["invoices"].with_columns(  # one row in 40 breaks the code: not a lookup
        pl.when(pl.col("id") % 40 == 0).then(pl.lit("Z")).otherwise(pl.col("vat_band")).alias("vat_band")
    )
    ins = inspect(Source(location="planted", kind="folder", frames=frames, fingerprint="invoices-noisy"))
    assert ins.spec.tables["invoices"].columns["vat_band"].generator == "categorical"
