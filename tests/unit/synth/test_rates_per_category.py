"""A number that is another times a factor that a category of its row or of its parent decides, no column
holding the factor (issue 13, the airline probe's class in its other form: points = distance x the tier's
multiplier, where the tier is a label, not a table with a multiplier): a sale's tax at its region's rate, an
entry's points at its member's tier's multiplier, a line's price at its unit class's price per unit. Learned as a
number of its own, the sampled values were their rate's product by chance only. Now drafted as ``ROUND(a * CASE
WHEN c = 'N' THEN 0.07 ... END, d)`` (``inspection/_products.find_factor_by_category``) and kept by fit -> sample
on every row. Planted in generated databases (names, rates, category counts and seeds vary); a noisy number, one
factor for every category, and a number that is one value per category (a month's days per period: any value is
it times something) are not drafted.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import polars as pl
import pytest
from tests.unit.synth.sqlite_helpers import fit_sample as _sample
from tests.unit.synth.sqlite_helpers import write_tables as _write

from simulacra.inspection import inspect

# (table, category, its rates, the number, the product)
ROWS = [
    ("sales", "region", {"N": 0.07, "S": 0.19, "E": 0.2}, "net", "tax"),
    ("lines", "unit_class", {"small": 1.25, "medium": 2.4, "large": 3.9, "bulk": 0.85}, "qty", "price"),
    ("claims", "band", {"A": 0.5, "B": 0.65, "C": 0.8, "D": 0.95, "E": 1.1}, "cost", "refund"),
]


def rows_db(tmp_path: Path, seed: int, *, noise: bool = False, flat: bool = False) -> tuple[Path, tuple]:
    rng = np.random.default_rng(seed)
    table, cat, rates, num, out = ROWS[seed % len(ROWS)]
    if flat:
        rates = dict.fromkeys(rates, 0.19)
    n = int(rng.integers(300, 500))
    labels = rng.choice(list(rates), n)
    amount = np.round(rng.lognormal(3.5, 0.8, n), 2)
    frame = pl.DataFrame({"row_id": np.arange(1, n + 1), cat: labels, num: amount})
    frame = frame.with_columns((pl.col(num) * pl.col(cat).replace_strict(rates)).round(2).alias(out))
    if noise:  # one row in fifty a few cents off: no rule every row holds
        off = pl.Series(rng.random(n) < 0.02)
        frame = frame.with_columns(pl.when(off).then(pl.col(out) + 0.07).otherwise(pl.col(out)).alias(out))
    db = tmp_path / f"rows{seed}.db"
    _write(db, {table: (f"row_id INTEGER PRIMARY KEY, {cat} TEXT, {num} REAL, {out} REAL", frame)})
    return db, (table, cat, rates, num, out)


@pytest.mark.parametrize("seed", [0, 1, 2, 3])
def test_a_number_times_a_rate_its_rows_category_decides(tmp_path: Path, seed: int) -> None:
    db, (table, cat, rates, num, out) = rows_db(tmp_path, seed)
    col = inspect(db).spec.tables[table].columns[out]
    assert col.generator == "expression"
    expr = getattr(col, "expr", "")
    assert expr.startswith(f"ROUND({num} * CASE WHEN {cat} = ") and expr.endswith(", 2)")
    for label, rate in rates.items():
        assert f"WHEN {cat} = '{label}' THEN {rate!r}" in expr
    got = _sample(tmp_path, db, inspect(db).spec)[table]
    want = got[num] * got[cat].replace_strict(rates, default=None)
    assert got.height > 200 and got[cat].n_unique() == len(rates)
    assert ((got[out] - want).abs() <= 0.005 + 1e-9).all()  # rounded to cents (ties either way)


@pytest.mark.parametrize("seed", [0, 1])
def test_points_at_a_multiplier_the_parents_tier_decides(tmp_path: Path, seed: int) -> None:
    rng = np.random.default_rng(seed + 30)
    tiers = {"BASIC": 1.0, "SILVER": 1.25, "GOLD": 1.5, "PLATINUM": 2.0} if seed == 0 else {"std": 1.0, "plus": 3.0}
    n_m = int(rng.integers(150, 250))
    members = pl.DataFrame(
        {"member_id": np.arange(1, n_m + 1), "tier": rng.choice(list(tiers), n_m, p=None)}
    ).with_columns(pl.Series("age", rng.integers(18, 80, n_m)))
    n_e = int(rng.integers(500, 800))
    entries = (
        pl.DataFrame(
            {
                "entry_id": np.arange(1, n_e + 1),
                "member_id": rng.integers(1, n_m + 1, n_e),
                "km": rng.integers(90, 1800, n_e),
            }
        )
        .join(members, on="member_id", how="left", maintain_order="left")
        .with_columns((pl.col("km") * pl.col("tier").replace_strict(tiers)).round(0).cast(pl.Int64).alias("points"))
        .select("entry_id", "member_id", "km", "points")
    )
    db = tmp_path / f"tiers{seed}.db"
    _write(
        db,
        {
            "members": ("member_id INTEGER PRIMARY KEY, tier TEXT, age INTEGER", members),
            "entries": (
                "entry_id INTEGER PRIMARY KEY, member_id INTEGER REFERENCES members(member_id), km INTEGER, "
                "points INTEGER",
                entries,
            ),
        },
    )
    spec = inspect(db).spec
    col = spec.tables["entries"].columns["points"]
    assert col.generator == "expression"
    assert getattr(col, "expr", "").startswith("CAST(ROUND(km * CASE WHEN members.tier = ")
    got = _sample(tmp_path, db, spec)
    e = got["entries"].join(got["members"], on="member_id", how="left")
    assert e.height > 300
    assert ((e["points"] - e["km"] * e["tier"].replace_strict(tiers, default=None)).abs() <= 0.5 + 1e-9).all()


@pytest.mark.parametrize("seed", [0, 1])
def test_a_noisy_number_is_no_rate_per_category(tmp_path: Path, seed: int) -> None:
    db, (table, _, _, _, out) = rows_db(tmp_path, seed, noise=True)
    assert inspect(db).spec.tables[table].columns[out].generator != "expression"


def test_one_rate_for_every_category_is_no_rate_per_category(tmp_path: Path) -> None:
    db, (table, _, _, _, out) = rows_db(tmp_path, 0, flat=True)
    assert "CASE" not in str(getattr(inspect(db).spec.tables[table].columns[out], "expr", ""))


def test_one_number_per_category_is_no_rate(tmp_path: Path) -> None:
    """A bill's days by its period, the period's month number one per period (the utility probe): days / month
    is a "factor" per period only because each period has one month; not drafted."""
    rng = np.random.default_rng(9)
    periods = [f"2024-{m:02d}" for m in range(1, 13)]
    n = 600
    month = rng.integers(1, 13, n)
    days = np.array([31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31])[month - 1]
    bills = pl.DataFrame(
        {"bill_id": np.arange(1, n + 1), "period": [periods[m - 1] for m in month], "month_no": month, "days": days}
    )
    db = tmp_path / "bills.db"
    _write(db, {"bills": ("bill_id INTEGER PRIMARY KEY, period TEXT, month_no INTEGER, days INTEGER", bills)})
    assert "CASE" not in str(getattr(inspect(db).spec.tables["bills"].columns["days"], "expr", ""))
