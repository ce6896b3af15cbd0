"""A category unique within its parent keeps its row's other columns (issue 13, learn-labs).

Planted: visits -> dated events (a sequence child, drawn position by position), one event of a code per visit,
and per code its own columns: a number in the code's own range, an analyser among the code's two, a unit and a
price looked up from the code. A repeated code within a visit used to be given a code the visit lacked while the number, unit and price
drawn with the old code stayed: each code's numbers were mixed with the others'. Names come from the seed.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import numpy as np
import polars as pl
import pytest

import simulacra
from simulacra.inspection import inspect

NAMES = [
    ("visits", "events", "code", "reading", "unit", "price", "analyser"),
    ("stays", "labs", "test", "result", "units", "fee", "machine"),
]
# code -> (low, high, unit, price, its two analysers): ranges and analysers overlap with the next code's, so neither
# decides the code, but a number or an analyser of another code is mostly outside the code's own
CODES = {
    "AA": (1.0, 10.0, "g/L", 12.5, ("M1", "M2")),
    "BB": (6.0, 60.0, "mmol/L", 30.0, ("M2", "M3")),
    "CC": (40.0, 400.0, "U/L", 7.25, ("M3", "M4")),
    "DD": (300.0, 3000.0, "mg", 99.0, ("M4", "M5")),
    "EE": (2000.0, 20000.0, "%", 3.0, ("M5", "M6")),
    "FF": (15000.0, 150000.0, "IU", 55.0, ("M6", "M1")),
}


def _database(tmp_path: Path, seed: int) -> tuple[Path, tuple[str, ...]]:
    rng = np.random.default_rng(seed)
    parent, child, code, value, unit, price, analyser = NAMES[seed % len(NAMES)]
    codes = list(CODES)
    visits, events = [], []
    for vid in range(1, int(rng.integers(260, 320)) + 1):
        start = np.datetime64("2022-01-01") + int(rng.integers(0, 600))
        visits.append((vid, str(start), str(rng.choice(["A", "B"]))))
        # most visits take most codes: many repeats for the redraw to move
        k = int(rng.choice([2, 3, 4, 5, 6], p=[0.1, 0.15, 0.25, 0.25, 0.25]))
        for i, c in enumerate(rng.permutation(len(codes))[:k].tolist()):
            lo, hi, u, pr, an = CODES[codes[c]]
            x = round(float(np.exp(rng.uniform(np.log(lo), np.log(hi)))), 3)
            a = an[0] if rng.random() < 0.8 else an[1]
            events.append((len(events) + 1, vid, codes[c], x, u, pr, a, str(start + i)))
    db = tmp_path / f"src{seed}.db"
    with sqlite3.connect(db) as con:
        con.execute(f"CREATE TABLE {parent} (vid INTEGER PRIMARY KEY, since TEXT, ward TEXT)")
        con.execute(
            f"CREATE TABLE {child} (eid INTEGER PRIMARY KEY, vid INTEGER REFERENCES {parent}(vid), {code} TEXT, "
            f"{value} REAL, {unit} TEXT, {price} REAL, {analyser} TEXT, taken TEXT)"
        )
        con.executemany(f"INSERT INTO {parent} VALUES (?,?,?)", visits)
        con.executemany(f"INSERT INTO {child} VALUES (?,?,?,?,?,?,?,?)", events)
    return db, (parent, child, code, value, unit, price, analyser)


def _events(db: Path, table: str) -> pl.DataFrame:
    with sqlite3.connect(db) as con:
        return pl.read_database(f'select * from "{table}"', con, infer_schema_length=None)


@pytest.mark.parametrize("seed", [0, 1])
def test_a_redrawn_code_brings_its_own_number_unit_and_price(tmp_path: Path, seed: int) -> None:
    db, (parent, child, code, value, unit, price, analyser) = _database(tmp_path, seed)
    draft = inspect(db)
    assert any(
        c.table == child and c.unique is not None and set(c.unique) == {"vid", code} for c in draft.spec.constraints
    )
    path = draft.write(tmp_path / "draft.yaml")
    simulacra.fit(db, spec=path, output=tmp_path / "model")
    out = tmp_path / "out.db"
    simulacra.sample(tmp_path / "model", out, seed=seed + 1, chunk_rows=64)
    got = _events(out, child)
    assert got.select("vid", code).n_unique() == got.height > 600  # unique within the visit
    ref = pl.DataFrame(
        {
            code: list(CODES),
            "lo": [v[0] for v in CODES.values()],
            "hi": [v[1] for v in CODES.values()],
            "u": [v[2] for v in CODES.values()],
            "pr": [v[3] for v in CODES.values()],
            "an": [list(v[4]) for v in CODES.values()],
        }
    )
    j = got.join(ref, on=code, how="inner")
    assert j.height == got.height  # every code one of the source's
    span = (pl.col("hi") - pl.col("lo")) * 0.05  # a number drawn within a bin may sit a little past the range
    inside = j.select(((pl.col(value) >= pl.col("lo") - span) & (pl.col(value) <= pl.col("hi") + span)).mean()).item()
    assert inside >= 0.97, inside  # base: a repeat kept the old code's number
    own = j.select(pl.col("an").list.contains(pl.col(analyser)).mean()).item()
    assert own >= 0.97, own  # the analyser one of the code's own (learned, not looked up)
    med = j.group_by(code).agg(pl.col(value).median().alias("m"), pl.col("lo").first(), pl.col("hi").first())
    assert med.select(((pl.col("m") > pl.col("lo")) & (pl.col("m") < pl.col("hi"))).all()).item(), med
    assert (j[unit] == j["u"]).all()  # the unit per code, every row
    assert (j[price] == j["pr"]).all()  # the price looked up from the code, every row
    # the same bytes whatever the run length
    simulacra.sample(tmp_path / "model", tmp_path / "whole.db", seed=seed + 1)
    assert _events(tmp_path / "whole.db", child).equals(got)
