"""Bad inputs get a clear error or documented handling, and the source is never modified."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import pytest

import simulacra
from simulacra.errors import SourceError
from simulacra.inspection import inspect


def folder(tmp_path: Path, files: dict[str, str]) -> Path:
    root = tmp_path / "src"
    root.mkdir()
    for name, text in files.items():
        (root / name).write_text(text)
    return root


def digest(path: Path) -> str:
    return hashlib.sha256(b"".join(p.read_bytes() for p in sorted(path.rglob("*")) if p.is_file())).hexdigest()


def test_empty_table_all_null_column_single_row_and_constant(tmp_path: Path) -> None:
    rows = "\n".join(f"{i},{'x'},,{i * 1.5}" for i in range(1, 31))
    root = folder(
        tmp_path,
        {
            "empty.csv": "id,name\n",
            "items.csv": "item_id,flag,missing,price\n" + rows + "\n",
            "single.csv": "code,label\nA1,only\n",
        },
    )
    before = digest(root)
    r = inspect(root)
    assert r.rows == {"empty": 0, "items": 30, "single": 1}
    notes = "\n".join(r.notes)
    assert "table 'empty' is empty" in notes
    assert "table 'items', column 'flag': a constant column" in notes
    assert "table 'single': a single row" in notes
    missing = r.columns["items", "missing"]
    assert missing.null_rate == 1.0 and "every value is null" in missing.evidence
    spec = r.spec
    assert spec.tables["empty"].rows == 0 and spec.tables["single"].rows == 1
    col = spec.tables["items"].columns["missing"]
    assert col.generator == "constant" and col.null_rate == 1.0  # type: ignore[union-attr]
    frames = simulacra.generate(spec, seed=0).frames
    assert frames["empty"].height == 0 and frames["single"].height == 1
    assert frames["items"]["missing"].null_count() == 30 and frames["items"]["flag"].unique().to_list() == ["x"]
    assert digest(root) == before


def test_broken_csv_row_names_file_line_and_counts(tmp_path: Path) -> None:
    root = folder(tmp_path, {"a.csv": "id,v\n1,2\n2,3\n3\n"})
    with pytest.raises(SourceError, match=r"a\.csv:4: expected 2 fields .* found 1"):
        inspect(root)


def test_unsupported_column_types_are_left_out_with_a_note(tmp_path: Path) -> None:
    db = tmp_path / "blob.db"
    con = sqlite3.connect(db)
    con.execute("CREATE TABLE docs (id INTEGER PRIMARY KEY, body BLOB, title TEXT)")
    con.executemany("INSERT INTO docs VALUES (?, ?, ?)", [(i, bytes([i]), f"t{i}") for i in range(10)])
    con.execute("CREATE TABLE blobs (data BLOB)")
    con.execute("INSERT INTO blobs VALUES (x'00')")
    con.commit()
    con.close()
    r = inspect(db)
    assert list(r.spec.tables["docs"].columns) == ["id", "title"]
    assert any("'body'" in n and "unsupported type" in n for n in r.notes)
    assert "blobs" not in r.spec.tables and any("'blobs' has no column" in n for n in r.notes)
    assert simulacra.generate(r.spec, seed=0).frames["docs"].height == 10


def test_table_names_are_sanitized_when_needed(tmp_path: Path) -> None:
    root = folder(tmp_path, {"my table.csv": "id,v\n" + "\n".join(f"{i},{i % 3}" for i in range(20)) + "\n"})
    r = inspect(root)
    assert list(r.spec.tables) == ["my_table"] and r.table_names == {"my table": "my_table"}
    assert any("named 'my_table' in the spec" in n for n in r.notes)


def test_a_sanitized_name_never_takes_an_existing_table_name(tmp_path: Path) -> None:
    # 'a b' sorts before 'a_b': its sanitized name must not replace the real table 'a_b' in the spec
    root = folder(tmp_path, {"a b.csv": "id,v\n1,x\n2,y\n", "a_b.csv": "id,w\n1,p\n2,q\n"})
    r = inspect(root)
    assert r.table_names == {"a b": "a_b_2", "a_b": "a_b"}
    assert list(r.spec.tables["a_b"].columns) == ["id", "w"] and list(r.spec.tables["a_b_2"].columns) == ["id", "v"]


def test_a_source_without_tables_is_an_error(tmp_path: Path) -> None:
    db = tmp_path / "none.db"
    sqlite3.connect(db).close()
    with pytest.raises(SourceError, match="no tables"):
        inspect(db)
