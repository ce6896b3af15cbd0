"""Written forms: null markers recorded at read time, and each column's spelling detected and restored."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import polars as pl
import pytest

from simulacra.sources import ColumnForm, CsvOptions, apply_forms, read_source
from simulacra.sources._forms import detect_column_form


def _csv(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "t.csv"
    path.write_text(text)
    return path


@pytest.mark.parametrize("marker", ["?", "NA", "\\N", "NULL", ""])
def test_each_default_marker_reads_as_null_and_is_recorded(tmp_path: Path, marker: str) -> None:
    rows = "\n".join(
        f"{i},{marker if i % 4 == 0 else i * 2},{marker if i % 5 == 0 else 'abc'[i % 3]}" for i in range(1, 41)
    )
    src = read_source(_csv(tmp_path, "id,n,s\n" + rows + "\n"))
    frame = src.frames["t"]
    assert frame.schema["n"] == pl.Int64 and frame["n"].null_count() == 10 and frame["s"].null_count() == 8
    assert src.null_markers["t"] == {"n": marker, "s": marker}


def test_backslash_n_is_null_by_default(tmp_path: Path) -> None:  # issue 13, defect 4
    src = read_source(_csv(tmp_path, "a,b\n1,\\N\n2,3.5\n\\N,4.25\n"))
    assert src.frames["t"]["a"].to_list() == [1, 2, None] and src.frames["t"].schema["b"] == pl.Float64
    assert src.number_forms["t"]["b"] == (2, False, None)


def test_dash_is_null_only_among_numbers(tmp_path: Path) -> None:
    src = read_source(_csv(tmp_path, "amount,code\n12.5,-\n-,x\n3.0,-\n"))
    frame = src.frames["t"]
    assert frame["amount"].to_list() == [12.5, None, 3.0] and src.null_markers["t"]["amount"] == "-"
    assert frame["code"].to_list() == ["-", "x", "-"]  # text: a dash is a value


def test_extra_null_marker_option(tmp_path: Path) -> None:
    path = _csv(tmp_path, "a\n1\nn.d.\n3\n")
    assert read_source(path).frames["t"]["a"].dtype == pl.String
    src = read_source(path, csv=CsvOptions(null_values=("", "n.d.")))
    assert src.frames["t"]["a"].to_list() == [1, None, 3] and src.null_markers["t"]["a"] == "n.d."


@pytest.mark.parametrize(("t", "f"), [("Y", "N"), ("yes", "no"), ("True", "False"), ("T", "F")])
def test_boolean_spelling_restored(t: str, f: str) -> None:
    raw = pl.Series("b", [t, f, f, None, t])
    typed = pl.Series("b", [True, False, False, None, True])
    form = detect_column_form(raw, typed, marker="?")
    assert (form.true, form.false, form.dtype) == (t, f, "String")
    out = apply_forms(pl.DataFrame({"b": [False, True, None]}), {"b": form}, text=True)
    assert out["b"].to_list() == [f, t, "?"]
    typed_out = apply_forms(pl.DataFrame({"b": [False, True, None]}), {"b": form}, text=False)
    assert typed_out["b"].to_list() == [f, t, None]  # typed sinks: a real null


def test_zero_one_integer_stays_integer_in_every_sink() -> None:
    form = detect_column_form(pl.Series("y", [0, 1, 1, 0]), pl.Series("y", [False, True, True, False]))
    assert form.dtype == "Int64"
    for text in (True, False):
        out = apply_forms(pl.DataFrame({"y": [True, False]}), {"y": form}, text=text)
        assert out.schema["y"] == pl.Int64 and out["y"].to_list() == [1, 0]


@pytest.mark.parametrize("fmt", ["%d/%m/%Y", "%m/%d/%Y", "%Y%m%d", "%d.%m.%Y", "%Y-%m-%d %H:%M:%S"])
def test_date_format_restored(fmt: str) -> None:
    days = [dt.date(1999, 12, 31), dt.date(2004, 2, 29), dt.date(2020, 7, 4)]
    raw = pl.Series("d", [d.strftime(fmt) for d in days])
    typed = pl.Series("d", days, dtype=pl.Date)
    form = detect_column_form(raw, typed)
    assert form.date_format == fmt
    assert apply_forms(pl.DataFrame({"d": typed}), {"d": form}, text=False)["d"].to_list() == raw.to_list()


def test_integer_dates_stay_integers() -> None:  # Berka writes dates as yymmdd integers
    typed = pl.Series("d", [dt.date(1993, 1, 5), dt.date(1997, 12, 31)])
    form = detect_column_form(pl.Series("d", [930105, 971231]), typed, parse_format="%y%m%d")
    out = apply_forms(pl.DataFrame({"d": typed}), {"d": form}, text=False)
    assert out.schema["d"] == pl.Int64 and out["d"].to_list() == [930105, 971231]


def test_leading_zeros_and_fixed_decimals() -> None:
    zip_form = detect_column_form(pl.Series("z", ["01234", "00042", "12345"]), pl.Series("z", [1234, 42, 12345]))
    assert zip_form.width == 5
    assert apply_forms(pl.DataFrame({"z": [7, 12345]}), {"z": zip_form}, text=False)["z"].to_list() == [
        "00007",
        "12345",
    ]
    numbers = pl.Series("p", [1.5, 2.25, 10.0])  # read from "1.50", "2.25", "10.00" by the CSV reader
    price = detect_column_form(numbers, numbers, number_form=(2, True, None))
    assert (price.decimals, price.fixed, price.dtype) == (2, True, None)
    text = detect_column_form(pl.Series("p", ["1.50", "2.25", "10.00"]), numbers)  # numbers kept as text (a database)
    assert (text.decimals, text.fixed, text.dtype) == (2, True, "String")
    assert apply_forms(pl.DataFrame({"p": [1.5]}), {"p": text}, text=False)["p"].to_list() == ["1.50"]
    out = apply_forms(pl.DataFrame({"p": [3.14159, 2.0]}), {"p": price}, text=True)
    assert out["p"].to_list() == ["3.14", "2.00"]
    typed = apply_forms(pl.DataFrame({"p": [3.14159, 2.0]}), {"p": price}, text=False)
    assert typed.schema["p"] == pl.Float64 and typed["p"].to_list() == [3.14, 2.0]


def test_nulls_instead_of_markers_on_request() -> None:
    form = ColumnForm(null="?")
    frame = pl.DataFrame({"w": ["a", None]})
    assert apply_forms(frame, {"w": form}, text=True)["w"].to_list() == ["a", "?"]
    assert apply_forms(frame, {"w": form}, text=True, null_markers=False)["w"].to_list() == ["a", None]
    assert ColumnForm.from_json(form.to_json()) == form


def test_uci_data_and_test_files_read_as_delimited(tmp_path: Path) -> None:
    # UCI publishes tables as NAME.data and NAME.test (adult.test): both are delimited text
    for suffix in (".data", ".test"):
        p = tmp_path / f"adult{suffix}"
        p.write_text("age, income\n25, <=50K.\n38, >50K.\n")
        src = read_source(p)
        (frame,) = src.frames.values()
        assert frame.height == 2 and frame.width == 2
