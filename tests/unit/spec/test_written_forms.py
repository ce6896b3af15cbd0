"""A column's written form in the spec (issue 13): a reviewed draft keeps the form its source is in.

Money (``$1,234.50``, ``1.234,50 EUR``, ``(45.00)``), dates (``01-Jan-1995``, ``31/01/2024``, ``20210304``) and
zoned date-times (``2021-03-04T10:00:00+01:00``): ``generate`` to a text sink writes every value in the form, the
output passes ``validate``, the bytes do not depend on the chunk size, typed sinks keep the types, and a bad form is
refused with its location.
"""

from __future__ import annotations

import re
from pathlib import Path

import polars as pl
import pytest

import simulacra
from simulacra.errors import SpecError
from simulacra.spec.load import load_spec

# (written form, a regex every written value must match); one per shape, several of each kind
MONEY = [
    ("money:<$|.|,|-", r"^-?\$[0-9]{1,3}(,[0-9]{3})*\.[0-9]{2}$"),
    ("money:> EUR|,|.|-", r"^-?[0-9]{1,3}(\.[0-9]{3})*,[0-9]{2} EUR$"),
    ("money:<£|.||()", r"^(\(£[0-9]+\.[0-9]{2}\)|£[0-9]+\.[0-9]{2})$"),
    ("money:|.|'|()", r"^(\([0-9]{1,3}('[0-9]{3})*\)|[0-9]{1,3}('[0-9]{3})*)$"),
]
DATES = [
    ("%d-%b-%Y", r"^[0-9]{2}-[A-Z][a-z]{2}-[0-9]{4}$"),
    ("%d/%m/%Y", r"^[0-9]{2}/[0-9]{2}/[0-9]{4}$"),
    ("%Y%m%d", r"^[0-9]{8}$"),
    ("%b %d, %Y", r"^[A-Z][a-z]{2} [0-9]{2}, [0-9]{4}$"),
]
DATETIMES = [
    ("%Y-%m-%dT%H:%M:%S+01:00", r"^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\+01:00$"),
    ("%Y-%m-%d %H:%M:%S-0500", r"^[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2}-0500$"),
    ("%d/%m/%Y %H:%M", r"^[0-9]{2}/[0-9]{2}/[0-9]{4} [0-9]{2}:[0-9]{2}$"),
    ("%Y-%m-%dT%H:%M:%SZ", r"^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z$"),
]


def _spec(money: str, date: str, when: str, rows: int, *, low: float = -2500.0) -> dict:
    currency = "CHF" if "'" in money else None  # (with round 0 below: whole amounts, as the form's regex reads)
    amount = {"generator": "money", "low": low, "high": 250000.0, "written": money, "null_rate": 0.1}
    if currency:
        amount |= {"currency": currency, "round": 0}
    return {
        "name": "forms",
        "tables": {
            "orders": {
                "rows": rows,
                "primary_key": "id",
                "columns": {
                    "id": {"generator": "sequence"},
                    "amount": amount,
                    "day": {"generator": "date", "start": "1990-01-01", "end": "2030-12-31", "written": date},
                    "at": {
                        "generator": "datetime",
                        "start": "2020-01-01T00:00:00",
                        "end": "2024-12-31T00:00:00",
                        "resolution": 60 if "%S" not in when else 1,
                        "written": when,
                    },
                },
            }
        },
    }


CASES = [(i, MONEY[i], DATES[i], DATETIMES[i], rows) for i, rows in zip(range(4), (37, 211, 1000, 3001), strict=True)]


@pytest.mark.parametrize(("seed", "money", "date", "when", "rows"), CASES)
def test_text_sinks_write_every_value_in_its_form_and_validate_reads_it(tmp_path, seed, money, date, when, rows):
    spec = _spec(money[0], date[0], when[0], rows)
    outs = {}
    for chunk in (7, 100_000):
        out = tmp_path / f"c{chunk}"
        simulacra.generate(spec, out, seed=seed, format="csv", chunk_size=chunk)
        outs[chunk] = out
    a, b = (outs[c] / "orders.csv" for c in (7, 100_000))
    assert a.read_bytes() == b.read_bytes()  # the same bytes whatever the chunk size
    frame = pl.read_csv(a, infer_schema=False)
    assert frame.height == rows
    for col, (_, shape) in (("amount", money), ("day", date), ("at", when)):
        values = frame.get_column(col).drop_nulls().to_list()
        assert values, col
        bad = [v for v in values if not re.match(shape, v)]
        assert not bad, (col, bad[:5])
    assert frame.get_column("amount").null_count() > 0  # nulls stay nulls, not a spelled form
    findings = simulacra.validate(spec, str(outs[7]), format="csv")
    assert all(f.ok for f in findings)


@pytest.mark.parametrize("i", range(4))
def test_jsonl_writes_the_form_and_typed_sinks_keep_types(tmp_path, i):
    spec = _spec(MONEY[i][0], DATES[i][0], DATETIMES[i][0], 60)
    simulacra.generate(spec, tmp_path / "j", seed=i, format="jsonl")
    rows = pl.read_ndjson(tmp_path / "j" / "orders.jsonl", infer_schema_length=None)
    assert rows.schema["day"] == pl.String
    assert all(re.match(DATES[i][1], v) for v in rows.get_column("day").to_list())
    assert all(f.ok for f in simulacra.validate(spec, str(tmp_path / "j"), format="jsonl"))
    simulacra.generate(spec, tmp_path / "p", seed=i, format="parquet")
    typed = pl.read_parquet(tmp_path / "p" / "orders.parquet")
    assert typed.schema["day"] == pl.Date
    assert typed.schema["amount"].is_numeric()
    assert isinstance(typed.schema["at"], pl.Datetime)


def test_validate_names_the_first_value_not_in_the_form(tmp_path):
    spec = _spec(MONEY[0][0], DATES[0][0], DATETIMES[0][0], 50, low=1.0)
    simulacra.generate(spec, tmp_path / "o", seed=3, format="csv")
    frame = pl.read_csv(tmp_path / "o" / "orders.csv", infer_schema=False)
    frame = frame.with_columns(
        pl.when(pl.int_range(pl.len()) == 17).then(pl.lit("1995-01-01")).otherwise("day").alias("day")
    )
    frame.write_csv(tmp_path / "o" / "orders.csv")
    findings = [f for f in simulacra.check(spec, str(tmp_path / "o"), format="csv") if not f.ok]
    assert [(f.column, f.first_row, f.failed) for f in findings if "written in the form" in f.check] == [("day", 17, 1)]


@pytest.mark.parametrize(
    ("column", "form", "words"),
    [
        ("day", "%Y-%m", "does not write the whole date"),
        ("day", "%d %H", "is no strftime form"),
        ("at", "%Y-%m-%d", "date and time"),
        ("amount", "$#,##0.00", "money:<affix>"),
        ("amount", "money:<$|;|,|-", "decimal mark"),
        ("amount", "money:<$|.|.|-", "group mark"),
        ("amount", "money:<$|.|,|neg", "negative"),
        ("amount", "money:|.|,|-", "currency affix or '()'"),
    ],
)
def test_a_bad_form_is_refused_with_its_location(tmp_path, column, form, words):
    import yaml

    spec = _spec(MONEY[0][0], DATES[0][0], DATETIMES[0][0], 10)
    spec["tables"]["orders"]["columns"][column]["written"] = form
    path = tmp_path / "spec.yaml"
    path.write_text(yaml.safe_dump(spec, sort_keys=False))
    with pytest.raises(SpecError) as err:
        load_spec(path)
    text = str(err.value)
    assert words in text
    assert f"table 'orders', column '{column}'" in text, text
    assert re.search(r"spec\.yaml:[0-9]+:", text), text  # the line of the form


def test_written_is_for_amounts_and_dates_only():
    spec = _spec(MONEY[0][0], DATES[0][0], DATETIMES[0][0], 10)
    spec["tables"]["orders"]["columns"]["n"] = {"generator": "boolean", "p": 0.5, "written": "money:<$|.|,|-"}
    with pytest.raises(SpecError, match="written"):
        load_spec(spec)
    spec["tables"]["orders"]["columns"]["n"] = {"generator": "uniform", "low": 0, "high": 1, "written": "%Y%m%d"}
    with pytest.raises(SpecError, match="money:<affix>"):
        load_spec(spec)


def test_spec_without_written_forms_writes_as_before(tmp_path: Path):
    spec = _spec(MONEY[0][0], DATES[0][0], DATETIMES[0][0], 30)
    for col in spec["tables"]["orders"]["columns"].values():
        col.pop("written", None)
    simulacra.generate(spec, tmp_path / "o", seed=1, format="csv")
    frame = pl.read_csv(tmp_path / "o" / "orders.csv", infer_schema=False)
    assert all(re.match(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$", v) for v in frame.get_column("day").to_list())


def _planted(path: Path, seed: int, n: int, money: tuple, date: str, when: str) -> None:
    """A user's SQLite table holding an amount, a day and a date-time as text in one form each."""
    import datetime as dt
    import sqlite3

    import numpy as np

    rng = np.random.default_rng(seed)
    amounts = rng.lognormal(5, 1.5, n) * np.where(rng.random(n) < 0.2, -1, 1)
    days = [dt.date(1990, 1, 1) + dt.timedelta(days=int(d)) for d in rng.integers(0, 12000, n)]
    times = [dt.datetime(2021, 1, 1) + dt.timedelta(seconds=60 * int(s)) for s in rng.integers(0, 900_000, n)]
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE entries (entry_id INTEGER PRIMARY KEY, amount TEXT, booked TEXT, logged TEXT)")
    con.executemany(
        "INSERT INTO entries VALUES (?, ?, ?, ?)",
        [
            (i + 1, money[1](float(a)), d.strftime(date), t.strftime(when))
            for i, (a, d, t) in enumerate(zip(amounts, days, times, strict=True))
        ],
    )
    con.commit()
    con.close()


def _us(v: float) -> str:
    return ("-" if v < 0 else "") + "$" + f"{abs(v):,.2f}"


def _eur(v: float) -> str:
    return ("-" if v < 0 else "") + f"{abs(v):,.2f}".replace(",", " ").replace(".", ",").replace(" ", ".") + " EUR"


def _ledger(v: float) -> str:
    return f"({abs(v):.2f})" if v < 0 else f"{v:.2f}"


DRAFTED = [
    (1, 60, ("money:<$|.|,|-", _us), "%d-%b-%Y", "%Y-%m-%dT%H:%M:%S+01:00"),
    (2, 400, ("money:> EUR|,|.|-", _eur), "%d/%m/%Y", "%Y-%m-%dT%H:%M:%S-05:00"),
    (3, 1500, ("money:|.||()", _ledger), "%Y%m%d", "%Y-%m-%dT%H:%M:%S+05:30"),
]


@pytest.mark.parametrize(("seed", "n", "money", "date", "when"), DRAFTED)
def test_inspect_drafts_the_form_and_generate_from_the_draft_writes_it(tmp_path, seed, n, money, date, when):
    from simulacra.inspection import inspect

    db = tmp_path / "src.sqlite"
    _planted(db, seed, n, money, date, when)
    draft = inspect(db).write(tmp_path / "draft.yaml")
    cols = load_spec(draft).tables["entries"].columns
    assert (cols["amount"].written, cols["booked"].written, cols["logged"].written) == (money[0], date, when)
    assert all(f.ok for f in simulacra.check(draft, db))  # the source passes its draft, read in its form
    simulacra.generate(draft, tmp_path / "out", seed=seed, format="csv", chunk_size=7)
    frame = pl.read_csv(tmp_path / "out" / "entries.csv", infer_schema=False)
    for col, form in (("booked", date), ("logged", when)):
        parsed = frame.get_column(col).str.strptime(pl.Datetime("us"), form, strict=False)
        assert parsed.null_count() == frame.get_column(col).null_count(), col
    amounts = frame.get_column("amount").drop_nulls()
    assert amounts.len() and all(re.match(MONEY_SHAPES[money[0]], v) for v in amounts.to_list())
    assert all(f.ok for f in simulacra.validate(draft, str(tmp_path / "out"), format="csv"))


MONEY_SHAPES = {
    "money:<$|.|,|-": r"^-?\$[0-9]{1,3}(,[0-9]{3})*(\.[0-9]+)?$",
    "money:> EUR|,|.|-": r"^-?[0-9]{1,3}(\.[0-9]{3})*(,[0-9]+)? EUR$",
    "money:|.||()": r"^(\([0-9]+(\.[0-9]+)?\)|[0-9]+(\.[0-9]+)?)$",
}


@pytest.mark.parametrize(("seed", "n", "money", "date", "when"), DRAFTED[:2])
def test_a_fitted_model_samples_in_the_spec_form_and_an_edited_form_wins(tmp_path, seed, n, money, date, when):
    import yaml

    from simulacra.inspection import inspect

    db = tmp_path / "src.sqlite"
    _planted(db, seed, n, money, date, when)
    draft = inspect(db).write(tmp_path / "draft.yaml")
    data = yaml.safe_load(Path(draft).read_text(encoding="utf-8"))
    edited = "%Y/%m/%d" if date != "%Y/%m/%d" else "%d.%m.%Y"
    data["tables"]["entries"]["columns"]["booked"]["written"] = edited
    reviewed = tmp_path / "reviewed.yaml"
    reviewed.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    for spec, day_form in ((draft, date), (reviewed, edited)):
        name = Path(spec).stem
        simulacra.fit(db, spec=spec, output=tmp_path / f"m_{name}", seed=seed)
        out = tmp_path / f"s_{name}.csv"
        simulacra.sample(tmp_path / f"m_{name}", output=out, seed=seed + 1, null_markers=False)
        frame = pl.read_csv(out, infer_schema=False)
        for col, form in (("booked", day_form), ("logged", when)):
            text = frame.get_column(col).drop_nulls()
            assert text.len() and text.str.strptime(pl.Datetime("us"), form, strict=False).null_count() == 0, col
        amounts = frame.get_column("amount").drop_nulls()
        assert amounts.len() and all(re.match(MONEY_SHAPES[money[0]], v) for v in amounts.to_list())
