"""Learned samples fill self-references as generation does (one column filler); before, they were all null."""

from __future__ import annotations

import polars as pl
import pytest
from tests.helpers import frames_of, plan_of

from simulacra.synth.dataset import DatasetSynthesizer

PEOPLE = """
seed: 5
tables:
  people:
    rows: 400
    primary_key: id
    columns:
      id: sequence
      dept: {generator: categorical, values: {ops: 0.5, sales: 0.3, legal: 0.2}}
      grade: {generator: integer, low: 1, high: 6}
      manager_id: {generator: foreign_key, references: people.id, null_rate: 0.25}
"""

WITHIN = PEOPLE.replace(
    "references: people.id, null_rate: 0.25}", "references: people.id, within: dept, senior: grade, null_rate: 0.1}"
)


def _model(spec: str) -> tuple[DatasetSynthesizer, dict[str, pl.DataFrame]]:
    plan = plan_of(spec)
    real = frames_of(plan)
    return DatasetSynthesizer(seed=0).fit(real, plan.spec), real


def test_learned_self_references_point_at_earlier_rows_with_the_declared_null_rate() -> None:
    model, _ = _model(PEOPLE)
    out = model.sample(seed=3)["people"]
    refs = out.filter(pl.col("manager_id").is_not_null())
    assert set(refs["manager_id"].to_list()) <= set(out["id"].to_list())  # every reference is a sampled row
    assert (refs["manager_id"] < refs["id"]).all()  # an earlier row, as generation draws it
    assert 0.15 < out["manager_id"].null_count() / out.height < 0.35  # null_rate 0.25, plus row 0
    assert out["manager_id"].dtype == out["id"].dtype
    again = model.sample(seed=3)["people"]
    assert again.equals(out)  # same seed, same bytes
    assert not model.sample(seed=4)["people"]["manager_id"].equals(out["manager_id"])


def test_learned_self_references_are_the_same_in_chunks() -> None:
    model, _ = _model(PEOPLE)
    assert model.chunk_blocker() is None
    whole = model.sample(seed=2)["people"]
    n = whole.height
    parts = [model.sample_chunk(a, min(n, a + 97), seed=2) for a in range(0, n, 97)]
    assert pl.concat(parts).equals(whole)


def test_learned_self_references_within_a_group_pick_a_more_senior_row() -> None:
    model, _ = _model(WITHIN)
    out = model.sample(seed=1)["people"]
    joined = out.join(out.select("id", "dept", "grade"), left_on="manager_id", right_on="id", suffix="_m")
    assert joined.height == out["manager_id"].drop_nulls().len() > out.height // 2
    assert (joined["dept"] == joined["dept_m"]).all()
    assert (joined["grade_m"] > joined["grade"]).all()
    reason = model.chunk_blocker()
    assert reason is not None and "manager_id" in reason  # the pool is the whole table's


@pytest.mark.parametrize("spec", [PEOPLE])
def test_generation_draws_the_same_self_reference_rule(spec: str) -> None:
    """Same filler, same rule: generated self-references are earlier rows with the declared null share."""
    people = frames_of(spec, chunk_size=64)["people"]
    refs = people.filter(pl.col("manager_id").is_not_null())
    assert (refs["manager_id"] < refs["id"]).all()
    assert 0.15 < people["manager_id"].null_count() / people.height < 0.35


LEARNED_KEY = """
seed: 2
tables:
  parts:
    rows: 300
    primary_key: code
    columns:
      code: {generator: integer, low: 0, high: 1000000000, unique: true}
      weight: {generator: normal, mean: 10, std: 2}
      part_of: {generator: foreign_key, references: parts.code, null_rate: 0.3}
"""


def test_a_self_reference_to_a_learned_key_reads_the_sampled_rows() -> None:
    model, _ = _model(LEARNED_KEY)
    out = model.sample(seed=6)["parts"].with_row_index("row")
    assert "code" in model.tables_["parts"].learned.columns  # the key is learned, not made by a rule
    joined = out.join(out.select(pl.col("code").alias("part_of"), pl.col("row").alias("parent_row")), on="part_of")
    assert joined.height == out["part_of"].drop_nulls().len() > out.height // 2
    assert (joined["parent_row"] < joined["row"]).all()  # the referenced row is an earlier sampled row
    reason = model.chunk_blocker()
    assert reason is not None
