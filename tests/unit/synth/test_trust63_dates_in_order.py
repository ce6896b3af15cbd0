"""``synth._dates_in_order.keep_date_orders`` (issue 13, trust63): every order between a table's dates met on
the rows that break it, rows in order left alone, a strict cycle refused with its place. Written by hand (dev)."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest

from simulacra.errors import ConstraintError
from simulacra.synth._dates_in_order import keep_date_orders


def _frame(rows: list[tuple[object, ...]], schema: dict[str, pl.DataType]) -> pl.DataFrame:
    return pl.DataFrame(rows, schema=schema, orient="row")


def test_a_row_in_order_is_left_as_it_was() -> None:
    f = _frame([(dt.date(2021, 1, 1), dt.date(2021, 1, 3)), (dt.date(2021, 1, 5), None)], {"a": pl.Date, "b": pl.Date})  # fmt: skip
    assert keep_date_orders(f, "t", [("a", "b", False)]).equals(f)


def test_a_chain_a_fork_and_mixed_kinds_are_met() -> None:
    dt_ = pl.Datetime("us")
    f = _frame(
        [
            (dt.datetime(2021, 3, 4, 10, 30), dt.date(2021, 3, 1), dt.datetime(2021, 3, 2, 8), None),
            (dt.datetime(2021, 3, 4, 0, 0), dt.date(2021, 3, 9), dt.datetime(2021, 3, 1, 8), dt.date(2021, 1, 1)),
        ],
        {"a": dt_, "b": pl.Date, "c": dt_, "d": pl.Date},
    )
    orders = [("a", "b", False), ("b", "c", False), ("a", "c", True), ("c", "d", False)]
    got = keep_date_orders(f, "t", orders)
    assert got.row(0) == (dt.datetime(2021, 3, 4, 10, 30), dt.date(2021, 3, 5), dt.datetime(2021, 3, 5), None)
    assert got.row(1) == (dt.datetime(2021, 3, 4), dt.date(2021, 3, 9), dt.datetime(2021, 3, 9), dt.date(2021, 3, 9))


def test_equal_columns_in_a_cycle_end_equal_and_a_strict_cycle_is_refused_with_its_place() -> None:
    f = _frame([(dt.date(2021, 1, 2), dt.date(2021, 1, 1))], {"a": pl.Date, "b": pl.Date})
    assert keep_date_orders(f, "t", [("a", "b", False), ("b", "a", False)]).row(0) == (dt.date(2021, 1, 2),) * 2
    with pytest.raises(ConstraintError, match=r"table 'orders'.*column 'a'.*check\(b < a\)"):
        keep_date_orders(f.rename({}), "orders", [("a", "b", False), ("b", "a", True)])
