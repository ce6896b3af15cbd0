"""A code one piece of which is a part of its row's date (issue 13, found as a new user on
``benchmarks/spreadsheet_exports.py``): an order ``CA-2021-100000`` (the order date's year), an invoice
``INV202103-0412`` (its date's ``%Y%m``, the date kept as ``dd.mm.yyyy`` text), a ticket ``TK-23/0412``
(``%y``), a batch ``B-07-QX123`` (the month). ``inspect`` drafts a ``case`` on the date part; fit → sample keeps
the piece equal to the row's date part on every row, and a unique code unique. A code whose piece is not the
row's date part (shuffled, or off on 3% of rows) is not drafted so. Shapes: four, each with two seeds.

Before (base 0a3b9ba): drafted as a pattern (``CA-202[1-3]-10####``); the sampled number's year was the order
date's in 34% of rows (chance among three years).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path

import numpy as np
import polars as pl
import pytest
from tests.unit.synth.test_keys_two_parents import _source

import simulacra
from simulacra.inspection import inspect

Held = Callable[[pl.DataFrame], float]
Shape = tuple[pl.DataFrame, str, Held]  # the table, its code column, the share of rows whose piece is the date's


def _days(rng: np.random.Generator, n: int, span: int = 1000) -> list[dt.date]:
    return [dt.date(2021, 1, 1) + dt.timedelta(days=int(d)) for d in rng.integers(0, span, n)]


def _dates(frame: pl.DataFrame, col: str, fmt: str | None) -> pl.Series:
    s = frame.get_column(col)
    if s.dtype != pl.String:
        return s.cast(pl.Date)
    return s.str.strptime(pl.Date, fmt) if fmt else s.str.to_date()


def orders(seed: int) -> Shape:
    rng = np.random.default_rng(seed)
    n = 300
    days = _days(rng, n)
    serial = rng.permutation(60000)[:n] + 100000
    code = [f"CA-{d.year}-{s}" for d, s in zip(days, serial, strict=True)]
    f = pl.DataFrame({"Order ID": code, "Order Date": days, "Sales": rng.lognormal(4, 1, n).round(2)})

    def held(o: pl.DataFrame) -> float:
        return float((o["Order ID"].str.slice(3, 4) == _dates(o, "Order Date", None).dt.strftime("%Y")).mean() or 0)

    return f, "Order ID", held


def invoices(seed: int) -> Shape:
    rng = np.random.default_rng(seed)
    n = 240
    days = _days(rng, n, 700)
    code = [f"INV{d:%Y%m}-{int(k):04d}" for d, k in zip(days, rng.permutation(9000)[:n] + 1000, strict=True)]
    f = pl.DataFrame(
        {"invoice_id": np.arange(1, n + 1), "number": code, "issued": [f"{d:%d.%m.%Y}" for d in days]}
    ).with_columns(amount=pl.Series(rng.integers(10, 900, n)))

    def held(o: pl.DataFrame) -> float:
        part = _dates(o, "issued", "%d.%m.%Y").dt.strftime("%Y%m")
        return float((o["number"].str.slice(3, 6) == part).mean() or 0)

    return f, "number", held


def tickets(seed: int) -> Shape:
    rng = np.random.default_rng(seed)
    n = 200
    days = _days(rng, n, 1400)
    code = [f"TK-{d:%y}/{int(k):04d}" for d, k in zip(days, rng.integers(0, 10000, n), strict=True)]
    f = pl.DataFrame({"ticket_id": np.arange(1, n + 1), "opened": days, "ref": code})

    def held(o: pl.DataFrame) -> float:
        return float((o["ref"].str.slice(3, 2) == _dates(o, "opened", None).dt.strftime("%y")).mean() or 0)

    return f, "ref", held


def batches(seed: int) -> Shape:
    rng = np.random.default_rng(seed)
    n = 260
    days = _days(rng, n, 365)
    letters = rng.choice(list("ABCDEFGHJKLMNPQRSTUVWXYZ"), (n, 2))
    code = [f"B-{d:%m}-{a}{b}{int(k)}" for d, (a, b), k in zip(days, letters, rng.integers(100, 999, n), strict=True)]
    f = pl.DataFrame({"batch_id": np.arange(1, n + 1), "made_on": days, "lot": code})

    def held(o: pl.DataFrame) -> float:
        return float((o["lot"].str.slice(2, 2) == _dates(o, "made_on", None).dt.strftime("%m")).mean() or 0)

    return f, "lot", held


SHAPES = [orders, invoices, tickets, batches]


def _spec_of(name: str, frame: pl.DataFrame):  # noqa: ANN202
    return inspect(_source(name, {"t": frame}, []))


@pytest.mark.parametrize("seed", [1, 2])
@pytest.mark.parametrize("make", SHAPES, ids=lambda f: f.__name__)
def test_a_code_holding_its_rows_date_part_is_drafted_and_kept(make, seed: int, tmp_path: Path) -> None:  # noqa: ANN001
    """As a user: a CSV export fitted and sampled (``fit`` then ``sample``), dates written as text."""
    frame, col, held = make(seed)
    assert held(frame) == 1.0
    (tmp_path / "src").mkdir()
    frame.write_csv(tmp_path / "src" / "t.csv")
    simulacra.fit(tmp_path / "src", output=tmp_path / "model", seed=seed)
    simulacra.sample(tmp_path / "model", output=tmp_path / "out", format="csv", seed=seed + 10)
    out = pl.read_csv(tmp_path / "out" / "t.csv", infer_schema=False)
    assert out.height >= 100
    assert held(out) == 1.0
    spec = json.loads((tmp_path / "model" / "manifest.json").read_text())["spec"]["tables"]["t"]["columns"][col]
    assert spec["generator"] == "case" and len(spec["cases"]) >= 2
    if frame[col].is_unique().all():
        assert spec["unique"] and out[col].is_unique().all()


@pytest.mark.parametrize("make", SHAPES, ids=lambda f: f.__name__)
def test_a_code_whose_piece_is_not_its_rows_date_part_is_not(make) -> None:  # noqa: ANN001
    frame, col, held = make(3)
    rng = np.random.default_rng(3)
    shuffled = pl.Series(rng.permutation(frame.get_column(col).to_numpy()))
    off_rows = rng.choice(frame.height, max(2, frame.height * 3 // 100), replace=False)
    order = np.arange(frame.height)
    order[off_rows] = np.roll(off_rows, 1)  # 3% of rows take another row's code
    off = frame.get_column(col).gather(order)
    for values in (shuffled, off):
        bad = frame.with_columns(values.alias(col))
        assert held(bad) < 0.99
        spec = _spec_of(f"{make.__name__}-bad", bad).spec.tables["t"].columns[col]
        assert spec.generator != "case"


def test_one_row_in_a_hundred_off_is_still_drafted() -> None:
    frame, col, held = orders(5)
    first = frame[col][0]
    frame = frame.with_columns(frame[col].scatter([0], first.replace(first[3:7], "1999")))
    assert 0.99 <= held(frame) < 1.0
    spec = _spec_of("orders-off-one", frame).spec.tables["t"].columns[col]
    assert spec.generator == "case"
