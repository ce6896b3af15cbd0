"""A parent whose dates are held as numbers or digits gets no count bins on them (house77; Berka's yymmdd
``date`` once got ``rows.bins`` the spec then refused, mended in learn93 by ``spec/count_bins.numbers_column``).

Planted here (nothing real): accounts-like parents with a date column held as yymmdd integers (1990s, as Berka),
yyyymmdd integers, 'YYYYMMDD' text or epoch-second integers, named as a user would ("date", "opened_on",
"created_dt", "valid_from", "start_day", "issued", "signup_time"), beside a real number column (a balance); each
parent's number of children follows either the date (older parents have more) or the number. Per case,
``inspect`` -> the drafted YAML loaded back -> ``validate`` (the source against its draft) -> ``generate`` must
not fail, must put no ``rows.by`` on the date column, and where the number decides the count it is the number
that gets ``by`` and ``bins`` (so the check is not vacuous). The generated dates are dates
(drawn as dates, or numbers that read back as dates in the source's form) in the source's years.

Two forms were drafted numbers (house77's strict xfails): epoch seconds, and yymmdd integers that cross 2000
(``000101`` is written ``101``, so the six digits are lost); bins cut them. learn99 reads both as dates
(``_number_dates``): the marks are gone.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import polars as pl
import pytest

from simulacra.inspection import inspect
from simulacra.pipeline import generate, validate
from simulacra.sources import ForeignKey, Source
from simulacra.spec import load_spec

_START = dt.date(1993, 1, 1)


def _written(form: str, days: np.ndarray, rng: np.random.Generator) -> pl.Series:
    d = [_START + dt.timedelta(days=int(x)) for x in days]
    if form in ("yymmdd", "yymmdd_2000"):
        return pl.Series([int(x.strftime("%y%m%d")) for x in d], dtype=pl.Int64)
    if form == "yyyymmdd":
        return pl.Series([int(x.strftime("%Y%m%d")) for x in d], dtype=pl.Int64)
    if form == "text":
        return pl.Series([x.strftime("%Y%m%d") for x in d])
    noon = [int(dt.datetime(x.year, x.month, x.day, 12, tzinfo=dt.UTC).timestamp()) for x in d]
    return pl.Series(np.asarray(noon) + rng.integers(0, 3_600, len(d)), dtype=pl.Int64)  # epoch seconds


def _reads(form: str, values: pl.Series) -> pl.Series:
    """The generated column read as dates: drawn as dates, or read back in the source's form (null where it does
    not read)."""
    if values.dtype == pl.Date:
        return values
    if isinstance(values.dtype, pl.Datetime):  # epoch numbers are learned as date-times (learn99)
        return values.dt.date()
    text = values.cast(pl.String)
    if form in ("yymmdd", "yymmdd_2000"):
        return text.str.zfill(6).str.to_date("%y%m%d", strict=False)
    if form in ("yyyymmdd", "text"):
        return text.str.to_date("%Y%m%d", strict=False)
    return pl.from_epoch(values.cast(pl.Int64), time_unit="s").dt.date()


def _db(seed: int, form: str, name: str, driver: str) -> tuple[Source, str, str]:
    rng = np.random.default_rng(seed)
    n = 600
    span = 3_000 if form == "yymmdd_2000" else 2_500  # 1993-01-01 + 2,500 days stays in the 1990s
    days = rng.integers(0, span, n)
    number = f"balance_{seed}"
    amount = np.round(rng.gamma(3, 12, n), 2)
    k = rng.poisson((span - days) / (span / 10) if driver == "date" else amount / 7)
    ids = np.arange(1, n + 1)
    parents = pl.DataFrame({"account_id": ids, name: _written(form, days, rng), number: amount})
    pid = np.repeat(ids, k)
    kids = pl.DataFrame({"trans_id": np.arange(1, len(pid) + 1), "account_id": pid, "v": rng.normal(0, 1, len(pid))})
    frames = {"accounts": parents, "trans": kids}
    source = Source(
        location=f"planted-{seed}",
        kind="folder",
        frames=frames,
        primary_keys={"accounts": ["account_id"], "trans": ["trans_id"]},
        foreign_keys=[ForeignKey("trans", "account_id", "accounts", "account_id")],
        fingerprint=f"planted-{seed}",
    )
    return source, name, number


_CASES = [
    # (form, column name, what the count follows, seed)
    ("yymmdd", "date", "date", 1),
    ("yymmdd", "opened_on", "number", 2),
    ("yyyymmdd", "created_dt", "date", 3),
    ("yyyymmdd", "valid_from", "number", 4),
    ("text", "start_day", "date", 5),
    ("text", "issued", "number", 6),
    ("epoch", "signup_time", "number", 7),
    ("epoch", "signup_time", "date", 8),
    ("yymmdd_2000", "date", "date", 9),
]


@pytest.mark.parametrize(("form", "name", "driver", "seed"), _CASES)
def test_dates_held_as_numbers_get_no_count_bins(form: str, name: str, driver: str, seed: int) -> None:
    source, dates, number = _db(seed, form, name, driver)
    ins = inspect(source)
    rows = ins.spec_data["tables"]["trans"]["rows"]
    spec = load_spec(f"{name}.yaml", text=ins.to_yaml())  # the reviewed draft, as written
    assert rows.get("by") != dates, (form, name, rows.get("by"), rows.get("bins"))
    if driver == "number":
        assert rows.get("by") == number and len(rows.get("bins") or []) >= 2, rows
    validate(spec, source.frames)
    out = generate(spec, seed=seed).frames
    assert out["accounts"].height == source.frames["accounts"].height
    read = _reads(form, out["accounts"][dates])
    assert read.null_count() == 0, out["accounts"][dates].head(5).to_list()
    assert read.min() >= _START - dt.timedelta(days=366) and read.max() <= dt.date(2002, 1, 1)  # type: ignore[operator]
