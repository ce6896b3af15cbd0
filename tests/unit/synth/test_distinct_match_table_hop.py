"""A ``distinct`` key matched two hops up through the ``per`` parent, a hop named by its table rather than its key
column (issue 13, learn59): ``pupil_id: {match: {school_id: exam_id.classes.school_id}, distinct: true}`` means
what the draft's ``exam_id.class_id.school_id`` means — the exam's class's school.

Planted in generated data of three shapes (a school's exams graded for most of its pupils, a region's shifts
staffed by most of its staff, a hospital's ward rounds seen by most of its nurses), where a group takes 85-100%
of its candidates, so a sampled group drawn larger than its candidates is common unless it is cut to them.
fit → sample with the table's name in the middle hop samples the same bytes as the draft's spelling: no key null
(none in the source), no (group, key) repeat, every key among its group's candidates. Seeds 1–3.

Before (main 869a3500): the cut of a group's rows to its candidates read the chain by key columns only, so the
table-name spelling got no cut and the rows past the candidates were left null (up to 1.2% of the keys, in 5 of these 9 cases; a
not-null key of the source), silently.
"""

from __future__ import annotations

import copy
from typing import Any

import numpy as np
import polars as pl
import pytest
from tests.unit.synth.test_keys_two_parents import _source

from simulacra import DatasetSynthesizer
from simulacra.inspection import inspect
from simulacra.spec.model import DatasetSpec

# (top, member, middle, group, child) tables; each table's key is its singular + '_id'
SHAPES = {
    "schools": ("schools", "pupils", "classes", "exams", "grades"),
    "regions": ("regions", "staff", "stores", "shifts", "assignments"),
    "hospitals": ("hospitals", "nurses", "wards", "rounds", "visits"),
}
# top rows; members, middle rows of a top and groups of a middle row (each low..high-1): the groups are more than a
# lookup's 100 rows, so their counts are learned, not copied
SIZES = {
    "schools": (9, (3, 26), (2, 4), (5, 10)),
    "regions": (6, (4, 19), (3, 6), (4, 9)),
    "hospitals": (12, (3, 13), (2, 5), (4, 8)),
}
KEY = {
    "schools": "school_id",
    "pupils": "pupil_id",
    "classes": "class_id",
    "exams": "exam_id",
    "grades": "grade_id",
    "regions": "region_id",
    "staff": "staff_id",
    "stores": "store_id",
    "shifts": "shift_id",
    "assignments": "assignment_id",
    "hospitals": "hospital_id",
    "nurses": "nurse_id",
    "wards": "ward_id",
    "rounds": "round_id",
    "visits": "visit_id",
}


def planted(name: str, seed: int) -> tuple[dict[str, pl.DataFrame], list[Any]]:
    top, mem, mid, grp, child = SHAPES[name]
    n_top, members, mids, groups = SIZES[name]
    rng = np.random.default_rng(seed)
    mem_top = np.repeat(np.arange(1, n_top + 1), rng.integers(*members, n_top))
    mid_top = np.repeat(np.arange(1, n_top + 1), rng.integers(*mids, n_top))
    grp_mid = np.repeat(np.arange(1, len(mid_top) + 1), rng.integers(*groups, len(mid_top)))
    ids = np.arange(1, len(mem_top) + 1)
    rows = []
    for g, m in enumerate(grp_mid, 1):
        pool = ids[mem_top == mid_top[m - 1]]
        for p in rng.choice(pool, int(np.ceil(len(pool) * rng.uniform(0.85, 1.0))), replace=False):
            rows.append((g, int(p)))
    r = np.array(rows)
    t, m_, d, g_, c = (KEY[x] for x in SHAPES[name])
    frames = {
        top: pl.DataFrame({t: np.arange(1, n_top + 1), "size": rng.integers(1, 4, n_top)}),
        mem: pl.DataFrame({m_: ids, t: mem_top, "years": rng.integers(1, 30, len(ids))}),
        mid: pl.DataFrame({d: np.arange(1, len(mid_top) + 1), t: mid_top, "floor": rng.integers(0, 5, len(mid_top))}),
        grp: pl.DataFrame(
            {g_: np.arange(1, len(grp_mid) + 1), d: grp_mid, "minutes": rng.integers(20, 90, len(grp_mid))}
        ),
        child: pl.DataFrame(
            {c: np.arange(1, len(r) + 1), g_: r[:, 0], m_: r[:, 1], "score": rng.integers(0, 101, len(r))}
        ),
    }
    keys = [(mem, t, top, t), (mid, t, top, t), (grp, d, mid, d), (child, g_, grp, g_), (child, m_, mem, m_)]
    return frames, keys


def _check(name: str, out: dict[str, pl.DataFrame]) -> None:
    top, mem, mid, grp, child = SHAPES[name]
    t, m_, d, g_, _ = (KEY[x] for x in SHAPES[name])
    rows = out[child]
    assert rows[m_].null_count() == 0
    assert rows.group_by(g_, m_).len()["len"].max() == 1
    theirs = out[grp].join(out[mid].select(d, pl.col(t).alias("_b")), on=d).select(g_, "_b")
    j = rows.join(out[mem].select(m_, pl.col(t).alias("_a")), on=m_, how="left").join(theirs, on=g_, how="left")
    assert j.filter(pl.col("_a") != pl.col("_b")).height == 0


@pytest.mark.parametrize("seed", [1, 2, 3])
@pytest.mark.parametrize("name", list(SHAPES))
def test_a_hop_by_table_name_caps_the_groups_as_the_key_column_does(name: str, seed: int) -> None:
    top, mem, mid, grp, child = SHAPES[name]
    frames, keys = planted(name, seed)
    data = copy.deepcopy(inspect(_source(f"{name}{seed}", frames, keys)).spec_data)
    col = data["tables"][child]["columns"][KEY[mem]]
    chain = f"{KEY[grp]}.{KEY[mid]}.{KEY[top]}"
    assert col.get("distinct") is True and col.get("match") == {KEY[top]: chain}, col
    drafted = DatasetSynthesizer(seed=0).fit(frames, DatasetSpec.model_validate(data)).sample(seed=seed)
    col["match"] = {KEY[top]: f"{KEY[grp]}.{mid}.{KEY[top]}"}  # the middle hop by its table's name
    hop = DatasetSynthesizer(seed=0).fit(frames, DatasetSpec.model_validate(data)).sample(seed=seed)
    _check(name, drafted)
    _check(name, hop)
    for t in drafted:
        assert drafted[t].write_csv() == hop[t].write_csv(), t
