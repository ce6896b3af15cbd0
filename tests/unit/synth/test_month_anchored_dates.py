"""A date that is a calendar function of another column's month in its row (issue 13): a bill issued the 1st of
the month after its period, a payment due the 15th of the period's month, a statement closing on the last day of
its month, a payroll paid on the 25th — the period written as ``YYYY-MM`` text, as a date, or as a month
sequence (one row per month). Planted in generated tables (40-500 rows, several seeds): ``inspect`` drafts the
``expression``, the source validates against it, and ``fit`` -> ``sample`` and ``generate`` write it from the
sampled period on (nearly) every row. A date in the right month on a drawn day gets no rule. Before
(benchmarks/learn_heldout_telecom.py, dev): 46% of sampled bills issued the 1st of the month after their period.

Also: ``fit`` on in-memory frames whose ``YYYY-MM`` text column orders a child table read the month as its 1st
(it crashed casting the text to a date), and text no date format reads is a located error.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Callable

import numpy as np
import polars as pl
import pytest
from tests.helpers import folder_source

import simulacra
from simulacra import DatasetSynthesizer
from simulacra.constraints import check_dataset
from simulacra.errors import DataValidationError
from simulacra.inspection import inspect
from simulacra.sources import ForeignKey
from simulacra.spec import load_plan
from simulacra.synth._encoding import to_float

LAST = 0
# (date column, months after the period's month, day of the month; LAST: its last day)
RULES = [("issued_on", 1, 1), ("due_on", 0, 15), ("closes_on", 0, LAST), ("paid_on", 0, 25)]


def _on(month: int, months: int, day: int) -> dt.date:
    """``day`` of the month ``months`` after month index ``month`` (year * 12 + month - 1)."""
    y, m = divmod(month + months, 12)
    return dt.date(y, m + 1, calendar.monthrange(y, m + 1)[1] if day == LAST else day)


def _period(month: int, form: str) -> str | dt.date:
    y, m = divmod(month, 12)
    return f"{y:04d}-{m + 1:02d}" if form == "text" else dt.date(y, m + 1, 1)


def per_account(
    seed: int, col: str, months: int, day: int, form: str, accounts: int = 40
) -> tuple[dict[str, pl.DataFrame], list[ForeignKey], str]:
    """Accounts with a run of monthly statements each; the statement's date ``col`` is the rule's day."""
    rng = np.random.default_rng(seed)
    opened = [dt.date(2021, 1, 1) + dt.timedelta(days=int(x)) for x in rng.integers(0, 700, accounts)]
    rows = []
    for a, o in enumerate(opened, start=1):
        m0 = o.year * 12 + o.month - 1
        for k in range(int(rng.integers(1, 12))):
            rows.append(
                (len(rows) + 1, a, _period(m0 + k, form), round(float(rng.gamma(3, 9)), 2), _on(m0 + k, months, day))
            )
    st = pl.DataFrame(rows, schema=["statement_id", "account_id", "period", "amount", col], orient="row")
    frames = {"accounts": pl.DataFrame({"account_id": np.arange(1, accounts + 1), "opened": opened}), "statements": st}
    keys = [ForeignKey(table="statements", column="account_id", ref_table="accounts", ref_column="account_id")]
    return frames, keys, "statements"


def monthly(
    seed: int, col: str, months: int, day: int, form: str, n: int = 120
) -> tuple[dict[str, pl.DataFrame], list[ForeignKey], str]:
    """One row per month (a payroll run, a ledger's closing): the period a sequence of months written as text."""
    rng = np.random.default_rng(seed)
    m0 = int(rng.integers(2000 * 12, 2015 * 12))
    frame = pl.DataFrame(
        {
            "run_id": np.arange(1, n + 1),
            "period": [_period(m0 + i, "text") for i in range(n)],
            "total": np.round(rng.gamma(5, 1000, n), 2),
            col: [_on(m0 + i, months, day) for i in range(n)],
        }
    )
    return {"runs": frame}, [], "runs"


Make = Callable[..., tuple[dict[str, pl.DataFrame], list[ForeignKey], str]]
CASES = [(per_account, "text"), (per_account, "date"), (monthly, "sequence")]


def _kept(frame: pl.DataFrame, col: str, months: int, day: int) -> float:
    """Share of rows whose ``col`` is the rule's day counted from its period's month."""
    p = frame.get_column("period")
    p = p.str.to_date("%Y-%m-%d") if p.dtype == pl.String and p.str.len_chars().max() > 7 else p  # type: ignore[operator]
    p = (p + "-01").str.to_date() if p.dtype == pl.String else p.cast(pl.Date)
    want = [_on(d.year * 12 + d.month - 1, months, day) for d in p.to_list()]
    got = frame.get_column(col).cast(pl.Date).to_list()
    return float(np.mean([a == b for a, b in zip(got, want)]))


@pytest.mark.parametrize("rule", RULES, ids=[r[0] for r in RULES])
@pytest.mark.parametrize("case", CASES, ids=[c[1] for c in CASES])
@pytest.mark.parametrize("seed", [1, 4])
def test_a_month_anchored_date_is_drafted_validated_and_sampled(
    case: tuple[Make, str], rule: tuple[str, int, int], seed: int
) -> None:
    make, form = case
    col, months, day = rule
    frames, keys, table = make(seed, col, months, day, form)
    assert 40 <= frames[table].height <= 500
    spec = inspect(folder_source(frames, keys, f"{table}{seed}{form}{col}")).spec
    c = spec.tables[table].columns[col]
    assert c.generator == "expression" and "period" in c.expr, c  # type: ignore[union-attr]
    if form == "sequence":
        p = spec.tables[table].columns["period"]
        assert p.step == 1 and p.grain == "month", p  # type: ignore[union-attr]
    plan = load_plan(spec)
    mine = [f for f in check_dataset(plan, frames, declared=True) if col in f.check]
    assert mine and all(f.ok for f in mine), mine
    moved = frames[table].with_columns(
        pl.when(pl.int_range(pl.len()) == 3).then(pl.col(col) + pl.duration(days=1)).otherwise(pl.col(col)).alias(col)
    )
    bad = [f for f in check_dataset(plan, {**frames, table: moved}, declared=True) if col in f.check and not f.ok]
    assert len(bad) == 1 and bad[0].failed == 1 and bad[0].first_row == 3, bad
    out = DatasetSynthesizer(seed=0).fit(frames, spec).sample(seed=seed)
    assert out[table].height > 0 and _kept(out[table], col, months, day) >= 0.99
    made = simulacra.generate(spec, seed=seed).frames[table]
    assert made.height > 0 and _kept(made, col, months, day) >= 0.99


@pytest.mark.parametrize("seed", [2, 5, 9])
def test_a_date_on_a_drawn_day_of_the_month_after_gets_no_rule(seed: int) -> None:
    frames, keys, table = per_account(seed, "issued_on", 1, 1, "text")
    rng = np.random.default_rng(seed)
    st = frames[table]
    drawn = [d + dt.timedelta(days=int(x)) for d, x in zip(st["issued_on"], rng.integers(0, 28, st.height))]
    frames = {**frames, table: st.with_columns(pl.Series("issued_on", drawn))}
    spec = inspect(folder_source(frames, keys, f"drawn{seed}")).spec
    assert spec.tables[table].columns["issued_on"].generator != "expression"


def test_one_row_in_fifty_off_the_rule_gets_no_rule() -> None:
    frames, keys, table = monthly(3, "paid_on", 0, 25, "sequence", n=100)
    f = frames[table]
    off = [d + dt.timedelta(days=1) if i % 50 == 7 else d for i, d in enumerate(f["paid_on"])]
    frames = {table: f.with_columns(pl.Series("paid_on", off))}
    spec = inspect(folder_source(frames, keys, "off")).spec
    assert spec.tables[table].columns["paid_on"].generator != "expression"


def test_fit_on_frames_with_a_month_text_ordering_a_child() -> None:
    """A ``YYYY-MM`` text column of a child, passed in memory, is read as its month's 1st (it crashed)."""
    frames, keys, table = per_account(7, "issued_on", 1, 1, "text")
    spec = inspect(folder_source(frames, keys, "memory")).spec
    out = DatasetSynthesizer(seed=0).fit(frames, spec).sample(seed=1)
    assert out[table].height > 0
    x = to_float(pl.Series("period", ["2023-04", None, "2024-01"]), "date")
    assert x[0] == (dt.date(2023, 4, 1) - dt.date(1970, 1, 1)).days and np.isnan(x[1])


def test_date_text_no_format_reads_is_a_located_error() -> None:
    with pytest.raises(DataValidationError, match="period.*no date format reads.*'spring'"):
        to_float(pl.Series("period", ["2023-04", "spring"]), "date")
