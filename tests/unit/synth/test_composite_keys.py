"""Composite foreign keys, planted in generated databases, found by inspect and kept by samples (issue 13).

Two shapes are planted by ``tests.structure_data.composite``: a pair of foreign keys that is its
table's key (``grades.(student_id, course_id) -> enrolment``) and a parent key plus a line number
(``shipments.(order_no, line_no) -> order_lines``, text keys). A cross product
(``bookings.(course_id, room_id)`` inside ``timetable``, which holds every pair) is containment
only and must not become a key.
"""

from __future__ import annotations

import copy
import sqlite3
from pathlib import Path

import polars as pl
import pytest
import yaml
from tests.structure_data import composite, tuple_share

from simulacra import DatasetSynthesizer, generate
from simulacra.errors import SpecError
from simulacra.inspection import Inspection, inspect
from simulacra.sources import Source
from simulacra.spec import load_spec
from simulacra.spec import model as m

GRADES = ["student_id", "course_id"]
LINES = ["order_no", "line_no"]


@pytest.fixture(scope="module")
def planted() -> tuple[dict[str, pl.DataFrame], Inspection, DatasetSynthesizer]:
    frames = composite(seed=5)
    ins = inspect(Source(location="composite", kind="folder", frames=frames, fingerprint="composite"))
    return frames, ins, DatasetSynthesizer(seed=0).fit(frames, ins.spec)


def test_inspect_finds_the_composite_keys_and_no_cross_product(planted: tuple) -> None:
    frames, ins, _ = planted
    found = {(k.table, k.columns, k.ref_table, k.ref_columns) for k in ins.composite_keys}
    assert found == {
        ("grades", tuple(GRADES), "enrolment", tuple(GRADES)),
        ("shipments", tuple(LINES), "order_lines", tuple(LINES)),
    }
    assert ins.primary_keys["enrolment"] == GRADES and ins.primary_keys["order_lines"] == LINES
    assert "timetable" not in ins.primary_keys  # every (course, room) pair: containment proves nothing
    assert all("paired at random" in (k.evidence or "") for k in ins.composite_keys)
    # written as one foreign key whose 'match' names the other key columns; the spec validates and plans
    spec = ins.spec
    assert spec.tables["enrolment"].key_columns == tuple(GRADES)
    carriers = {
        t: [c for c, col in spec.tables[t].columns.items() if isinstance(col, m.ForeignKeyColumn) and col.match]
        for t in ("grades", "shipments", "bookings")
    }
    assert carriers["bookings"] == []
    line = spec.tables["shipments"].columns["line_no"]
    assert isinstance(line, m.ForeignKeyColumn)
    assert line.references == "order_lines.line_no" and line.match == {"order_no": "order_no"}
    (g,) = carriers["grades"]
    gcol = spec.tables["grades"].columns[g]
    assert isinstance(gcol, m.ForeignKeyColumn) and gcol.ref_table == "enrolment"
    assert set(gcol.match) | {gcol.ref_column} == set(GRADES)
    text = ins.to_yaml()
    assert "composite foreign key (order_no, line_no) -> order_lines.(order_no, line_no)" in text
    assert load_spec(yaml.safe_load(text)).tables["shipments"].columns["line_no"] == line  # reviewed YAML round-trips
    assert tuple_share(frames["grades"], frames["enrolment"], GRADES) == 1.0


def test_samples_keep_every_composite_key(planted: tuple, tmp_path: Path) -> None:
    frames, _, model = planted
    for seed in (1, 2):
        out = model.sample(seed=seed)
        assert tuple_share(out["grades"], out["enrolment"], GRADES) >= 0.99
        assert tuple_share(out["shipments"], out["order_lines"], LINES) >= 0.99
        assert out["shipments"]["line_no"].null_count() == 0
        # the composite parent keeps its key unique
        assert out["enrolment"].select(GRADES).n_unique() == out["enrolment"].height
    # a saved model keeps it
    loaded = DatasetSynthesizer.load(model.save(tmp_path / "model"))
    again = loaded.sample(seed=1)
    assert again["shipments"].equals(model.sample(seed=1)["shipments"])


def test_without_the_composite_key_samples_break_it(planted: tuple) -> None:
    """The same model with the shipments' key reverted to a plain column: pairs fall outside the
    parent (the checks above can fail)."""
    frames, ins, _ = planted
    data = copy.deepcopy(ins.spec_data)
    data["tables"]["shipments"]["columns"]["line_no"] = {
        "generator": "categorical",
        "values": {1: 0.35, 2: 0.3, 3: 0.2, 4: 0.1, 5: 0.05},
    }
    spec = load_spec(data)
    out = DatasetSynthesizer(seed=0).fit(frames, spec).sample(seed=1)
    assert tuple_share(out["shipments"], out["order_lines"], LINES) < 0.95


def test_the_rules_engine_keeps_composite_keys_too(planted: tuple) -> None:
    _, ins, _ = planted
    out = generate(ins.spec, seed=3).frames
    assert tuple_share(out["grades"], out["enrolment"], GRADES) == 1.0
    assert tuple_share(out["shipments"], out["order_lines"], LINES) == 1.0


def test_a_key_column_of_a_composite_key_without_match_names_what_is_missing() -> None:
    spec = {
        "name": "c",
        "tables": {
            "lines": {
                "rows": 5,
                "primary_key": ["order_no", "line_no"],
                "columns": {"order_no": {"generator": "sequence"}, "line_no": {"generator": "sequence"}},
            },
            "ships": {
                "rows": 5,
                "columns": {"line_no": {"generator": "foreign_key", "references": "lines.line_no"}},
            },
        },
    }
    with pytest.raises(SpecError, match=r"composite key: name the other key columns \['order_no'\] in 'match'"):
        load_spec(spec)


def test_a_sqlite_database_with_declared_composite_keys(tmp_path: Path) -> None:
    """A real SQLite file declaring the composite key: the reader notes it cannot carry the
    declaration, inspect finds it from the data, and samples keep it."""
    frames = composite(n_students=120, n_orders=120, seed=8)
    db = tmp_path / "shop.db"
    con = sqlite3.connect(db)
    con.executescript(
        """
        CREATE TABLE orders (order_no TEXT PRIMARY KEY, channel TEXT);
        CREATE TABLE order_lines (order_no TEXT REFERENCES orders(order_no), line_no INTEGER, qty INTEGER,
                                  PRIMARY KEY (order_no, line_no));
        CREATE TABLE shipments (shipment_id INTEGER PRIMARY KEY, order_no TEXT, line_no INTEGER, parcels INTEGER,
                                FOREIGN KEY (order_no, line_no) REFERENCES order_lines(order_no, line_no));
        """
    )
    for t in ("orders", "order_lines", "shipments"):
        f = frames[t]
        con.executemany(f"INSERT INTO {t} VALUES ({', '.join('?' * f.width)})", f.rows())
    con.commit()
    con.close()
    ins = inspect(db)
    assert [(k.table, k.columns) for k in ins.composite_keys] == [("shipments", tuple(LINES))]
    out = DatasetSynthesizer(seed=0).fit(_read(db), ins.spec).sample(seed=2)
    assert tuple_share(out["shipments"], out["order_lines"], LINES) >= 0.99


def _read(db: Path) -> dict[str, pl.DataFrame]:
    from simulacra.sources import read_source

    return read_source(db).frames


def test_validate_checks_the_whole_composite_key(planted: tuple) -> None:
    from simulacra import validate
    from simulacra.errors import DataValidationError

    _, ins, model = planted
    out = model.sample(seed=1)
    # a learned sample: the draft's generators are not followed value by value (declared=False), its keys are
    validate(ins.spec, out, declared=False)  # every tuple is a parent key: no finding (the key column alone repeats)
    ships = out["shipments"]
    # a line number of another order: each value exists in order_lines, the pair does not
    moved = ships.with_columns(pl.col("order_no").shift(1).fill_null(pl.col("order_no")))
    broken = moved.join(out["order_lines"].select(LINES), on=LINES, how="anti").height
    assert broken > 0
    with pytest.raises(DataValidationError, match=r"foreign key line_no matches \(order_lines.order_no = order_no\)"):
        validate(ins.spec, {**out, "shipments": moved}, declared=False)
