"""Dates a database keeps as text (SQLite has no date type) are checked like dates.

`validate` used to skip a date column's range check on text silently (the check was left out of
the count) and to stop with an internal error on `after: parent.column`. Planted: text dates in
both separators, in range and out of range, and a child dated before its parent.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

import simulacra
from simulacra.errors import DataValidationError

SPEC = """
name: t
seed: 0
tables:
  parent:
    rows: 3
    primary_key: id
    columns:
      id: {generator: sequence}
      opened: {generator: datetime, start: '2020-01-01T00:00:00', end: '2021-01-01T00:00:00'}
  child:
    rows: {per: parent, count: {distribution: fixed, value: 2}}
    primary_key: cid
    columns:
      cid: {generator: sequence}
      parent_id: {generator: foreign_key, references: parent.id}
      seen: {generator: datetime, after: parent_id.opened, end: '2022-01-01T00:00:00'}
"""


def _db(path: Path, opened: list[str], seen: list[str]) -> Path:
    con = sqlite3.connect(path)
    con.execute("create table parent(id integer primary key, opened timestamp)")
    con.execute("create table child(cid integer primary key, parent_id integer references parent(id), seen timestamp)")
    con.executemany("insert into parent values (?, ?)", list(enumerate(opened, 1)))
    con.executemany("insert into child values (?, ?, ?)", [(i + 1, i // 2 + 1, s) for i, s in enumerate(seen)])
    con.commit()
    con.close()
    return path


@pytest.mark.parametrize("sep", [" ", "T"])
def test_text_dates_in_range_and_after_their_parent_pass(tmp_path: Path, sep: str) -> None:
    spec = tmp_path / "s.yaml"
    spec.write_text(SPEC)
    opened = [f"2020-0{m}-01{sep}10:00:00" for m in (1, 2, 3)]
    seen = [f"2020-0{m}-0{d}{sep}09:00:00" for m in (1, 2, 3) for d in (2, 3)]
    findings = simulacra.validate(spec, _db(tmp_path / "ok.db", opened, seen))
    names = [f.check for f in findings]
    assert any("'opened' within its datetime range" in n for n in names), names  # computed, not skipped
    assert any("'seen' after 'parent_id.opened'" in n for n in names), names


@pytest.mark.parametrize(
    ("opened", "seen", "what"),
    [
        (["2020-01-01 10:00:00", "2023-05-01 10:00:00", "2020-03-01 10:00:00"], None, "'opened' within"),
        (None, ["2020-01-02 09:00:00", "2019-12-31 09:00:00"], "'seen' after"),
    ],
)
def test_text_dates_out_of_range_or_before_their_parent_fail(
    tmp_path: Path, opened: list[str] | None, seen: list[str] | None, what: str
) -> None:
    spec = tmp_path / "s.yaml"
    spec.write_text(SPEC)
    opened = opened or ["2020-01-01 10:00:00", "2020-02-01 10:00:00", "2020-03-01 10:00:00"]
    base = ["2020-01-02 09:00:00"] * 2 + ["2020-02-02 09:00:00"] * 2 + ["2020-03-02 09:00:00"] * 2
    seen = (seen or []) + base[len(seen or []) :]
    with pytest.raises(DataValidationError, match=what):
        simulacra.validate(spec, _db(tmp_path / "bad.db", opened, seen))
