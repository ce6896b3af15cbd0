"""Blank and repeated header names are renamed — and the reader says so, naming each column.

A hostile or careless export (two `name` columns, an empty header cell) used to be read with
silent renames (`name_2`, `column_4`): a user looking for their column could not tell why.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from simulacra.sources import read_source


@pytest.mark.parametrize(
    ("header", "renamed"),
    [
        ("id,name,name,,amount", {"name_2": "column 3 ('name')", "column_4": "column 4 (blank)"}),
        ("a;b;a;a", {"a_2": "column 3 ('a')", "a_3": "column 4 ('a')"}),
        ("x,,y", {"column_2": "column 2 (blank)"}),
    ],
)
def test_renamed_header_cells_are_named_in_a_note(tmp_path: Path, header: str, renamed: dict[str, str]) -> None:
    sep = ";" if ";" in header else ","
    width = header.count(sep) + 1
    path = tmp_path / "t.csv"
    path.write_text(
        header + "\n" + "\n".join(sep.join(str(i * width + j) for j in range(width)) for i in range(5)) + "\n"
    )
    src = read_source(path)
    assert list(src.frames["t"].columns)[-1] != ""  # every column has a name
    note = next(n for n in src.notes if "blank or repeated" in n)
    for new, old in renamed.items():
        assert f"{old} as '{new}'" in note, note


def test_a_clean_header_gives_no_note(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_text("id,name\n1,a\n2,b\n")
    assert not any("blank or repeated" in n for n in read_source(path).notes)
