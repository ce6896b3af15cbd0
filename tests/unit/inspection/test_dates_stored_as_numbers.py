"""Dates and date-times stored as plain integers are learned as dates and written back as the same integers
(issue 13, learn99; ``simulacra._number_dates``).

Planted here (nothing real), each encoding under several names, sizes, seeds and windows: yymmdd integers whose
leading zeros are lost (2000-01-05 stored as ``105``; windows across 2000 and wholly inside the 2000s, one column
named as nothing a date), epoch seconds (date-times, and midnights that are dates), epoch milliseconds, and
yyyymmdd integers (read before learn99: a guard). Every planted value is decoded here by the standard library,
not by the code under test.

Hard negatives (real number columns that must stay numbers): five-digit ids 10000..99999 (also under a name that
speaks of a date), six-digit amounts, ten-digit order numbers in the epoch range under names that speak of no
time, an epoch-named column with one value outside 1990-2039, day counters 1..n, times of day as HHMMSS integers.

Round trip: ``fit`` -> ``sample`` to Parquet and CSV: the column is still integers, every value decodes in the
source's encoding and lies inside the source's span; the same seed writes the same bytes.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import polars as pl
import pytest

from simulacra import fit, sample
from simulacra._text_dates import parse_datetime
from simulacra.inspection._profile import profile_column

_UTC = dt.UTC
_FORM = {"yymmdd": "%y%m%d", "yyyymmdd": "%Y%m%d", "epoch_s": "%s", "epoch_day": "%s", "epoch_ms": "%s%3f"}
_KIND = {"yymmdd": "date", "yyyymmdd": "date", "epoch_s": "datetime", "epoch_day": "date", "epoch_ms": "datetime"}


def _instants(seed: int, start: dt.date, end: dt.date, n: int) -> list[dt.datetime]:
    """``n`` instants between ``start`` and ``end`` (UTC, to the millisecond), both ends present."""
    rng = np.random.default_rng(seed)
    lo = dt.datetime(start.year, start.month, start.day, tzinfo=_UTC)
    span_ms = int((dt.datetime(end.year, end.month, end.day, tzinfo=_UTC) - lo).total_seconds() * 1000)
    ms = np.concatenate([[0, span_ms], rng.integers(0, span_ms, n - 2)])
    return [lo + dt.timedelta(milliseconds=int(x)) for x in ms]


def _encode(enc: str, when: list[dt.datetime]) -> pl.Series:
    if enc == "yymmdd":
        return pl.Series([int(w.strftime("%y%m%d")) for w in when], dtype=pl.Int64)
    if enc == "yyyymmdd":
        return pl.Series([int(w.strftime("%Y%m%d")) for w in when], dtype=pl.Int64)
    if enc == "epoch_day":
        return pl.Series([int(w.timestamp()) // 86_400 * 86_400 for w in when], dtype=pl.Int64)
    if enc == "epoch_s":
        return pl.Series([int(w.timestamp()) for w in when], dtype=pl.Int64)
    return pl.Series([int(w.timestamp() * 1000) for w in when], dtype=pl.Int64)  # epoch_ms


def _decode(enc: str, value: int) -> dt.datetime | None:
    """One stored integer read by the standard library (None: it is no date in that encoding)."""
    try:
        if enc == "yymmdd":
            return dt.datetime.strptime(f"{value:06d}", "%y%m%d")
        if enc == "yyyymmdd":
            return dt.datetime.strptime(f"{value:08d}", "%Y%m%d")
        seconds = value / 1000 if enc == "epoch_ms" else value
        return dt.datetime.fromtimestamp(seconds, _UTC).replace(tzinfo=None)
    except (ValueError, OverflowError):
        return None


# (encoding, column name, first day, last day, rows, seed)
_PLANTED = [
    ("yymmdd", "date", dt.date(1993, 1, 1), dt.date(2001, 3, 31), 600, 9),
    ("yymmdd", "opened", dt.date(1998, 6, 1), dt.date(2003, 1, 1), 200, 21),
    ("yymmdd", "closed_on", dt.date(2000, 1, 1), dt.date(2009, 12, 31), 80, 22),  # every value lost a zero
    ("yymmdd", "birth", dt.date(1999, 11, 1), dt.date(2000, 3, 1), 40, 23),
    ("yymmdd", "k1", dt.date(1996, 2, 1), dt.date(2004, 8, 1), 300, 24),  # the values alone decide
    ("epoch_s", "signup_time", dt.date(2010, 1, 1), dt.date(2015, 6, 1), 500, 31),
    ("epoch_s", "created_ts", dt.date(1995, 3, 1), dt.date(1996, 3, 1), 60, 32),
    ("epoch_s", "updated_at", dt.date(2020, 1, 1), dt.date(2020, 2, 1), 30, 33),
    ("epoch_day", "issued", dt.date(2005, 1, 1), dt.date(2007, 1, 1), 100, 34),
    ("epoch_ms", "event_time", dt.date(2015, 1, 1), dt.date(2018, 1, 1), 400, 41),
    ("epoch_ms", "ts", dt.date(1999, 6, 1), dt.date(2001, 6, 1), 50, 42),
    ("yyyymmdd", "posted", dt.date(1990, 1, 1), dt.date(1991, 1, 1), 70, 51),
]


@pytest.mark.parametrize(("enc", "name", "start", "end", "n", "seed"), _PLANTED)
def test_a_number_that_is_a_date_is_profiled_a_date(
    enc: str, name: str, start: dt.date, end: dt.date, n: int, seed: int
) -> None:
    values = _encode(enc, _instants(seed, start, end, n)).alias(name)
    prof = profile_column("t", values)
    assert (prof.kind, prof.parse_format) == (_KIND[enc], _FORM[enc]), prof.evidence
    read = parse_datetime(values, prof.parse_format).to_list()
    assert read == [_decode(enc, int(v)) for v in values], name  # read as the standard library reads them


def _negatives() -> list[tuple[str, pl.Series]]:
    out = []
    for seed in range(4):
        rng = np.random.default_rng(100 + seed)
        out += [
            (f"five-digit ids {seed}", pl.Series("customer_no", rng.integers(10_000, 100_000, 500))),
            (f"five-digit ids named a date {seed}", pl.Series("start", rng.integers(10_000, 100_000, 300))),
            (f"five-digit quantities {seed}", pl.Series("k", rng.integers(10_000, 100_000, 200))),
            (f"six-digit amounts named a date {seed}", pl.Series("created", rng.integers(100_000, 1_000_000, 400))),
            (f"order numbers {seed}", pl.Series("order_value", rng.integers(10**9, 2 * 10**9, 300))),
            (f"ms-sized numbers {seed}", pl.Series("bytes_sent", rng.integers(10**12, 2 * 10**12, 300))),
            (f"day counter {seed}", pl.Series("day", np.arange(1, 200 + 50 * seed))),
            (
                f"HHMMSS times {seed}",
                pl.Series("time", [h * 10_000 + m * 100 + s for h, m, s in rng.integers(0, [24, 60, 60], (300, 3))]),
            ),
            (
                f"epoch-named, one value outside 1990-2039 {seed}",
                pl.Series("created_ts", [*rng.integers(700_000_000, 1_500_000_000, 299), 5_000 + seed]),
            ),
        ]
    return out


@pytest.mark.parametrize(("what", "values"), _negatives(), ids=[w for w, _ in _negatives()])
def test_a_real_number_column_stays_a_number(what: str, values: pl.Series) -> None:
    prof = profile_column("t", values.cast(pl.Int64))
    assert prof.kind not in ("date", "datetime") and prof.parse_format is None, (what, prof.evidence)


# (encoding, column name, first day, last day, seed): fit -> sample, written back as the integers they were
_ROUND = [
    ("yymmdd", "opened", dt.date(1997, 5, 1), dt.date(2003, 5, 1), 61),
    ("yymmdd", "k2", dt.date(2000, 1, 1), dt.date(2006, 1, 1), 62),
    ("epoch_s", "signup_time", dt.date(2011, 1, 1), dt.date(2013, 1, 1), 63),
    ("epoch_day", "valid_from", dt.date(1992, 1, 1), dt.date(1999, 1, 1), 64),
    ("epoch_ms", "event_ts", dt.date(2019, 1, 1), dt.date(2021, 1, 1), 65),
]


@pytest.mark.parametrize(("enc", "name", "start", "end", "seed"), _ROUND)
def test_fit_sample_writes_the_dates_back_as_the_integers_they_were(
    enc: str, name: str, start: dt.date, end: dt.date, seed: int, tmp_path: Path
) -> None:
    rng = np.random.default_rng(seed)
    n = 200
    stored = _encode(enc, _instants(seed, start, end, n))
    frames = {"t": pl.DataFrame({"id": np.arange(n), name: stored, "amount": np.round(rng.gamma(2, 30, n), 2)})}
    fit(frames, output=tmp_path / "m", seed=seed)
    source = [_decode(enc, int(v)) for v in stored]
    lo, hi = min(d for d in source if d), max(d for d in source if d)  # yymmdd: 105 (2000) is after 991231
    for fmt in ("parquet", "csv"):
        sample(tmp_path / "m", tmp_path / fmt, seed=seed, format=fmt)
        (path,) = (tmp_path / fmt).glob("t*")
        out = pl.read_parquet(path) if fmt == "parquet" else pl.read_csv(path)
        col = out.get_column(name)
        assert col.dtype.is_integer() and col.null_count() == 0, (fmt, col.dtype, col.head(3).to_list())
        read = [_decode(enc, int(v)) for v in col]
        assert None not in read, (fmt, [v for v, r in zip(col, read) if r is None][:5])
        assert lo <= min(read) and max(read) <= hi + dt.timedelta(seconds=1), (fmt, min(read), max(read), lo, hi)  # type: ignore[type-var]
        assert col.n_unique() > 20, col.head(5).to_list()  # drawn, not one value
    sample(tmp_path / "m", tmp_path / "again", seed=seed, format="csv")
    assert (tmp_path / "again" / path.name).read_bytes() == path.read_bytes()  # same seed, same bytes


@pytest.mark.parametrize(
    ("first", "then", "seed"), [("opened", "closed_ts", 71), ("valid_from", "valid_until_time", 72)]
)
def test_order_with_another_date_is_learned_and_kept(first: str, then: str, seed: int, tmp_path: Path) -> None:
    """A yymmdd column (across 2000) always on or before an epoch-seconds one: the draft says so and the sample
    keeps it in every row (as numbers, the two scales never compare)."""
    from simulacra.inspection import inspect
    from simulacra.sources import Source

    rng = np.random.default_rng(seed)
    n = 200
    start = _instants(seed, dt.date(1996, 1, 1), dt.date(2003, 1, 1), n)
    end = [
        w + dt.timedelta(days=int(g), seconds=int(s))
        for w, g, s in zip(start, rng.integers(1, 400, n), rng.integers(0, 86_400, n))
    ]
    frame = pl.DataFrame({"id": np.arange(n), first: _encode("yymmdd", start), then: _encode("epoch_s", end)})
    source = Source(
        location="planted",
        kind="folder",
        frames={"t": frame},
        primary_keys={"t": ["id"]},
        foreign_keys=[],
        fingerprint=f"planted-{seed}",
    )
    data = inspect(source).spec_data
    said = data["tables"]["t"]["columns"][then].get("after"), [c.get("check") for c in data.get("checks", [])]
    assert said[0] == first or f"{first} <= {then}" in said[1], said  # drawn after it, or checked
    fit({"t": frame}, output=tmp_path / "m", seed=seed)
    sample(tmp_path / "m", tmp_path / "o", seed=seed, format="parquet")
    (path,) = (tmp_path / "o").glob("t*")
    out = pl.read_parquet(path)
    a = [_decode("yymmdd", int(v)) for v in out.get_column(first)]
    b = [_decode("epoch_s", int(v)) for v in out.get_column(then)]
    assert None not in a and None not in b
    assert all(x.date() <= y.date() for x, y in zip(a, b))  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("enc", "name", "bad", "said", "seed"),
    [
        ("yymmdd", "opened", 991332, "written in the form '%y%m%d'", 81),  # no 32nd of December
        ("epoch_ms", "event_ts", 5, "within its datetime range", 82),  # 1970-01-01: an instant, out of range
    ],
)
def test_validate_names_a_stored_number_that_is_no_date(enc: str, name: str, bad: int, said: str, seed: int) -> None:
    from simulacra.errors import DataValidationError
    from simulacra.inspection import inspect
    from simulacra.pipeline import validate
    from simulacra.sources import Source
    from simulacra.spec import load_spec

    n = 120
    frame = pl.DataFrame(
        {"id": np.arange(n), name: _encode(enc, _instants(seed, dt.date(1998, 1, 1), dt.date(2002, 1, 1), n))}
    )
    source = Source(
        location="planted",
        kind="folder",
        frames={"t": frame},
        primary_keys={"t": ["id"]},
        foreign_keys=[],
        fingerprint=f"planted-{seed}",
    )
    spec = load_spec("planted.yaml", text=inspect(source).to_yaml())
    validate(spec, {"t": frame})  # the source passes its own draft
    broken = frame.with_columns(pl.when(pl.col("id") == 7).then(bad).otherwise(pl.col(name)).alias(name))
    with pytest.raises(DataValidationError) as err:
        validate(spec, {"t": broken})
    text = str(err.value)
    assert "table 't'" in text and f"column '{name}'" in text and said in text and "row 7" in text, text
