"""Delimited text: sniffing separators, quotes, CRLF, headers, null markers; broken rows."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from simulacra.errors import SourceError
from simulacra.sources import CsvOptions, read_source
from simulacra.sources._delimited import read_delimited

DATA = Path(__file__).resolve().parents[2] / "data"


def write(path: Path, text: str, newline: str = "\n") -> Path:
    path.write_bytes(text.replace("\n", newline).encode())
    return path


def test_berka_semicolons_quotes_and_crlf() -> None:
    frame, notes = read_delimited(DATA / "berka_sample" / "trans.asc")
    assert frame.columns[:3] == ["trans_id", "account_id", "date"]
    assert frame.height == 2790
    assert frame["trans_id"].dtype == pl.Int64 and frame["amount"].dtype == pl.Float64
    assert frame["type"][0] == "PRIJEM"  # quotes removed
    assert not any(v.endswith("\r") for v in frame["account"].cast(pl.String).drop_nulls().to_list())
    assert frame["k_symbol"].null_count() > 0  # "" is null
    assert any("separator ';'" in n for n in notes)


def test_adult_comma_blank_separators_and_question_marks() -> None:
    frame, notes = read_delimited(DATA / "sources" / "adult_sample.csv")
    assert frame.width == 15 and frame.height == 1000
    assert frame["workclass"].drop_nulls().str.starts_with(" ").sum() == 0
    assert frame["workclass"].null_count() > 0  # '?' is a null marker
    assert "?" not in frame["native-country"].drop_nulls().to_list()
    assert frame["age"].dtype == pl.Int64
    assert any("blanks stripped" in n for n in notes)


@pytest.mark.parametrize("sep", ["\t", "|", ",", ";"])
def test_separators_are_sniffed(tmp_path: Path, sep: str) -> None:
    p = write(
        tmp_path / "t.txt",
        sep.join(["id", "name", "score"])
        + "\n"
        + "\n".join(sep.join([str(i), f"n{i}", f"{i / 3:.2f}"]) for i in range(1, 30))
        + "\n",
    )
    frame, _ = read_delimited(p)
    assert frame.columns == ["id", "name", "score"]
    assert frame["score"].dtype == pl.Float64


def test_quoted_separator_inside_a_field(tmp_path: Path) -> None:
    p = write(tmp_path / "q.csv", 'id,comment\n1,"a, b and c"\n2,"say ""hi"""\n')
    frame, _ = read_delimited(p)
    assert frame["comment"].to_list() == ["a, b and c", 'say "hi"']


def test_no_header_is_detected(tmp_path: Path) -> None:
    p = write(tmp_path / "n.csv", "1,2.5,x\n2,3.5,y\n3,4.5,z\n")
    frame, notes = read_delimited(p)
    assert frame.columns == ["column_1", "column_2", "column_3"] and frame.height == 3
    assert any("no header" in n for n in notes)


def test_header_can_be_forced(tmp_path: Path) -> None:
    p = write(tmp_path / "h.csv", "a,b\nc,d\n")
    frame, _ = read_delimited(p, CsvOptions(header=True))
    assert frame.columns == ["a", "b"] and frame.height == 1


def test_leading_zeros_stay_text(tmp_path: Path) -> None:
    p = write(tmp_path / "z.csv", "zip,n\n02134,1\n10001,2\n")
    frame, _ = read_delimited(p)
    assert frame["zip"].dtype == pl.String and frame["zip"][0] == "02134"


def test_custom_null_markers(tmp_path: Path) -> None:
    p = write(tmp_path / "m.csv", "a,b\n1,-\n2,x\n")
    frame, _ = read_delimited(p, CsvOptions(null_values=("-",)))
    assert frame["b"].to_list() == [None, "x"]


def test_utf8_bom_and_latin1(tmp_path: Path) -> None:
    p = tmp_path / "bom.csv"
    p.write_bytes(b"\xef\xbb\xbfname,n\nJos\xc3\xa9,1\n")
    assert read_delimited(p)[0].columns == ["name", "n"]
    q = tmp_path / "latin.csv"
    q.write_bytes("name,n\nJosé,1\n".encode("latin-1"))
    frame, notes = read_delimited(q)
    assert frame["name"][0] == "José" and any("not UTF-8" in n for n in notes)


def test_broken_row_is_a_clear_error(tmp_path: Path) -> None:
    p = write(tmp_path / "broken.csv", "a,b,c\n1,2,3\n4,5\n6,7,8\n", newline="\r\n")
    with pytest.raises(SourceError) as e:
        read_delimited(p)
    msg = str(e.value)
    assert f"{p}:3:" in msg and "expected 3 fields" in msg and "found 2" in msg
    assert e.value.location.line == 3


def test_broken_rows_can_be_skipped_with_a_count(tmp_path: Path) -> None:
    p = write(tmp_path / "broken.csv", "a,b,c\n1,2,3\n4,5\n6,7,8,9\n10,11,12\n")
    frame, notes = read_delimited(p, CsvOptions(on_bad_rows="skip"))
    assert frame["a"].to_list() == [1, 10]
    assert any("skipped 2 row(s)" in n and "line 3" in n for n in notes)


def test_empty_file_is_an_error(tmp_path: Path) -> None:
    p = write(tmp_path / "empty.csv", "")
    with pytest.raises(SourceError, match="empty"):
        read_delimited(p)


def test_header_only_file_is_an_empty_table(tmp_path: Path) -> None:
    p = write(tmp_path / "h.csv", "a,b\n")
    frame, _ = read_delimited(p, CsvOptions(header=True))
    assert frame.columns == ["a", "b"] and frame.height == 0


def test_bad_options_are_refused() -> None:
    with pytest.raises(SourceError, match="on_bad_rows"):
        CsvOptions(on_bad_rows="ignore")
    with pytest.raises(SourceError, match="one character"):
        CsvOptions(separator=", ")


def test_read_source_passes_csv_options(tmp_path: Path) -> None:
    p = write(tmp_path / "broken.csv", "a,b\n1,2\n3\n")
    with pytest.raises(SourceError, match="broken.csv:3"):
        read_source(p)
    src = read_source(p, csv=CsvOptions(on_bad_rows="skip"))
    assert src.frames["broken"].height == 1 and any("skipped 1" in n for n in src.notes)


def test_quoted_line_breaks_blank_lines_and_empty_fields(tmp_path: Path) -> None:
    p = write(tmp_path / "ml.csv", 'id,note,extra\n1,"two\nlines",x\n\n2,"",\n3,plain,y\n')
    frame, _ = read_delimited(p)
    assert frame["id"].to_list() == [1, 2, 3]
    assert frame["note"].to_list() == ["two\nlines", None, "plain"]
    assert frame["extra"].to_list() == ["x", None, "y"]
    q = write(tmp_path / "blank.csv", "id,v\n1,a\n\n   \n2,b\n", newline="\r\n")
    assert read_delimited(q)[0]["v"].to_list() == ["a", "b"]


def test_many_rows_take_the_vectorized_path(tmp_path: Path) -> None:
    rows = "\n".join(f'{i};"k{i % 7}";{i * 0.5}' for i in range(50_000))
    p = write(tmp_path / "big.csv", "id;k;v\n" + rows + "\n")
    frame, _ = read_delimited(p)
    assert frame.height == 50_000 and frame["k"][3] == "k3" and frame["v"].dtype == pl.Float64
    bad = write(tmp_path / "bad.csv", "id;k;v\n" + rows + "\n1;2\n")
    with pytest.raises(SourceError, match=r"bad\.csv:50002: expected 3 fields"):
        read_delimited(bad)
