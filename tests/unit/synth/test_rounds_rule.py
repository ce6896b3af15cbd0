"""Dates in rounds as an editable rule of the spec (issue 13): ``rounds: {by: round column}`` on a learned date.
The draft writes the rule where fit finds rounds (and nowhere else); ``rounds: false`` turns them off (the dates
sampled as plain learned dates, a round's dates spread over the season); ``{by: other}`` learns the rounds on
the named column, past the thresholds detection asks, with a note in fit's output where the data does not show
them; a rule that cannot hold fails with an error naming table.column; a spec without the rule samples as the
drafted one does (absent: fit finds the rounds itself). Planted in generated data of several shapes (weekly
leagues over two or three days, a tournament's round a day, monthly rounds over a week), with a second
candidate round column (a block of two rounds). Before: the rounds were said in a comment only ("not a rule to
edit"); the spec had no field to keep, repoint or turn them off.
"""

from __future__ import annotations

import copy
from typing import Any

import numpy as np
import polars as pl
import pytest
from tests.unit.synth.test_round_dates import SHAPES, _frames, _rounds, _source

from simulacra import DatasetSynthesizer
from simulacra.errors import SpecError
from simulacra.inspection import inspect
from simulacra.spec.model import DatasetSpec


def _with_block(frames: dict[str, pl.DataFrame]) -> dict[str, pl.DataFrame]:
    """A second candidate round column: ``block``, two rounds each, paired differently from one parent to the
    next (rounds 1-2, 3-4, ... in one; 1, 2-3, 4-5, ... in the next: no rule of the round alone)."""
    shift = pl.col("parent_id") % 2
    rows = frames["rows"].with_columns(((pl.col("round") - 1 + shift) // 2 + 1).cast(pl.Int64).alias("block"))
    return {**frames, "rows": rows}


def _draft(frames: dict[str, pl.DataFrame], name: str) -> tuple[str, dict[str, Any]]:
    ins = inspect(_source(frames, name))
    return ins.to_yaml(), copy.deepcopy(ins.spec_data)


def _rule(data: dict[str, Any], rule: Any) -> DatasetSpec:
    """The drafted spec with ``rows.played_on``'s rule set (``...``: removed)."""
    data = copy.deepcopy(data)
    col = data["tables"]["rows"]["columns"]["played_on"]
    col.pop("rounds", None)
    if rule is not ...:
        col["rounds"] = rule
    return DatasetSpec.model_validate(data)


def _fit(frames: dict[str, pl.DataFrame], spec: DatasetSpec) -> DatasetSynthesizer:
    return DatasetSynthesizer(seed=0).fit(frames, spec)


def _spans(t: pl.DataFrame, by: str = "round") -> pl.Series:
    got = t.group_by("parent_id", by).agg((pl.col("played_on").max() - pl.col("played_on").min()).alias("span"))
    return got["span"].dt.total_days()


CASES = [(shape, seed) for shape in SHAPES for seed in (1, 2)]


@pytest.mark.parametrize(("shape", "seed"), CASES)
def test_the_draft_writes_the_rule_where_it_finds_rounds_and_nowhere_else(shape: str, seed: int) -> None:
    n_parents, n_rounds, per_round, first, step, days = SHAPES[shape]
    frames = _with_block(_frames(seed, n_parents, n_rounds, per_round, first, step, days))
    text, data = _draft(frames, f"rule{seed}")
    cols = data["tables"]["rows"]["columns"]
    assert cols["played_on"].get("rounds") == {"by": "round"}  # the finer of the two candidates
    assert "rounds: {by: round}" in text
    assert "in rounds of round within each parents row" in text  # the comment kept beside the rule
    assert all("rounds" not in c for n, c in cols.items() if n != "played_on")
    assert all("rounds" not in c for c in data["tables"]["parents"]["columns"].values())
    # the reviewed draft (rule kept) samples what the draft without the rule samples: fit finds the same rounds
    if seed == 1:
        kept, bare = _fit(frames, _rule(data, {"by": "round"})), _fit(frames, _rule(data, ...))
        assert kept.tables_["rows"].rounds == bare.tables_["rows"].rounds != []
        assert kept.sample(seed=seed)["rows"].equals(bare.sample(seed=seed)["rows"])
    # dates independent of the round: no rounds found, no rule written
    free = _with_block(_frames(seed, n_parents, n_rounds, per_round, first, step, 0))
    text, data = _draft(free, f"free{seed}")
    assert "rounds" not in data["tables"]["rows"]["columns"]["played_on"]
    assert "rounds: {by:" not in text


@pytest.mark.parametrize(("shape", "seed"), CASES)
def test_rounds_false_samples_the_date_as_a_plain_learned_date(shape: str, seed: int) -> None:
    n_parents, n_rounds, per_round, first, step, days = SHAPES[shape]
    frames = _frames(seed, n_parents, n_rounds, per_round, first, step, days)
    _, data = _draft(frames, f"off{seed}")
    on, off = _fit(frames, _rule(data, {"by": "round"})), _fit(frames, _rule(data, False))
    assert off.tables_["rows"].rounds == []
    t_on, t_off = on.sample(seed=seed)["rows"], off.sample(seed=seed)["rows"]
    assert _spans(t_on).max() <= days - 1  # in rounds: a round's dates within the days it is played over
    # off: a round's dates spread like plain learned dates (the model keeps them near their round, not on its
    # days): over half the rounds wider than the days a round is played over, twice as wide on average. (A
    # tournament's round a day, two days apart, is a few frequent days the model keeps exactly: no spread.)
    off_spans = _spans(t_off)
    if step >= 7:
        assert (off_spans > days - 1).mean() >= 0.5
        assert off_spans.mean() > 2 * _spans(t_on).mean() + 1
        assert off_spans.max() > step
    assert off.sample(seed=seed)["rows"].equals(t_off)


@pytest.mark.parametrize(("shape", "seed"), CASES)
def test_rounds_by_another_column_learns_the_rounds_of_that_column(shape: str, seed: int) -> None:
    n_parents, n_rounds, per_round, first, step, days = SHAPES[shape]
    frames = _with_block(_frames(seed, n_parents, n_rounds, per_round, first, step, days))
    _, data = _draft(frames, f"block{seed}")
    model = _fit(frames, _rule(data, {"by": "block"}))
    (rd,) = model.tables_["rows"].rounds
    assert (rd.column, rd.round) == ("played_on", "block")
    assert abs(rd.step - 2 * step) <= 1  # a block starts two rounds after the one before
    t = model.sample(seed=seed)["rows"]
    # each block's dates together (two rounds' span: one step and the days a round is played over) and in order
    assert _spans(t, "block").max() <= step + days - 1
    blocks = (
        t.group_by("parent_id", "block")
        .agg(pl.col("played_on").min().alias("first"), pl.col("played_on").max().alias("last"))
        .sort("parent_id", "block")
        .with_columns(pl.col("last").shift(1).over("parent_id").alias("prev"))
    )
    assert blocks.drop_nulls("prev").select((pl.col("first") >= pl.col("prev")).all()).item()
    # detection would not pick a block (its span is over half its step): learned all the same, with a note
    if days + step - 1 > step:
        assert any(n.startswith("rows.played_on in rounds of block:") for n in model.notes_)


@pytest.mark.parametrize("seed", [1, 2, 3])
@pytest.mark.parametrize("shape", ["weekly league, a matchday over Sat-Sun", "monthly round over a week"])
def test_a_round_column_the_data_does_not_follow_is_learned_with_a_note(shape: str, seed: int) -> None:
    """``swapped``: the round with some neighbouring rounds' numbers swapped (out of the dates' order, which
    detection refuses): learned as the rule asks, with a note, the sampled rounds placed together and in the
    order of their numbers. ``noise``: random numbers, whose rounds hardly advance in time: said in a note
    (nothing learned where their starts do not advance at all)."""
    n_parents, n_rounds, per_round, first, step, days = SHAPES[shape]
    frames = _frames(seed, n_parents, n_rounds, per_round, first, step, days)
    rng = np.random.default_rng(seed)
    swap = {(p, r): r + (1 if r % 2 else -1) for p in range(1, n_parents + 1) for r in range(1, n_rounds, 2)}
    swap = {k: v for k, v in swap.items() if rng.random() < 0.4}
    swap |= {(p, v): r for (p, r), v in swap.items()}
    rows = frames["rows"]
    swapped = [swap.get((p, r), r) for p, r in zip(rows["parent_id"], rows["round"], strict=True)]
    frames["rows"] = rows.with_columns(
        pl.Series("swapped", swapped, dtype=pl.Int64),
        pl.Series("noise", rng.integers(1, n_rounds + 1, rows.height), dtype=pl.Int64),
    )
    _, data = _draft(frames, f"noise{seed}")
    assert data["tables"]["rows"]["columns"]["played_on"]["rounds"] == {"by": "round"}
    model = _fit(frames, _rule(data, {"by": "swapped"}))
    (rd,) = model.tables_["rows"].rounds
    assert rd.round == "swapped"
    said = [n for n in model.notes_ if n.startswith("rows.played_on in rounds of swapped:")]
    assert len(said) == 1 and "not in the dates' order" in said[0]
    t = model.sample(seed=seed)["rows"]
    assert _spans(t, "swapped").max() <= days - 1  # placed together
    got = _rounds(t.drop("round").rename({"swapped": "round"}))
    starts = got.with_columns(pl.col("first").shift(1).over("parent_id").alias("before")).drop_nulls("before")
    assert starts.select((pl.col("first") >= pl.col("before")).all()).item()  # started in the rule's order
    model = _fit(frames, _rule(data, {"by": "noise"}))
    said = " ".join(n for n in model.notes_ if n.startswith("rows.played_on in rounds of noise:"))
    if model.tables_["rows"].rounds:  # its rounds' starts advance by chance: learned, and said to follow nothing
        assert "hardly follow the round" in said and "not in the dates' order" in said
    else:
        assert "do not advance in time" in said and "no rounds learned" in said


def _problem(frames: dict[str, pl.DataFrame], data: dict[str, Any], rule: Any) -> str:
    with pytest.raises((SpecError, ValueError)) as err:
        _fit(frames, _rule(data, rule))
    return str(err.value)


@pytest.mark.parametrize("seed", [1, 2])
def test_a_rule_that_cannot_hold_fails_naming_its_column(seed: int) -> None:
    n_parents, n_rounds, per_round, first, step, days = SHAPES["tournament, a round a day"]
    frames = _frames(seed, n_parents, n_rounds, per_round, first, step, days)
    _, data = _draft(frames, f"bad{seed}")
    for rule, said in [
        ({"by": "matchday"}, "not a column of the table"),
        ({"by": "played_on"}, "the date itself"),
        ({"by": "row_id"}, "a key of the table"),
        ({"by": "parent_id"}, "a key of the table"),
        ({"by": "x"}, "holds Float64 values in the source"),
    ]:
        msg = _problem(frames, data, rule)
        assert "rows.played_on" in msg and said in msg, (rule, msg)
    assert "did you mean 'round'" in _problem(frames, data, {"by": "rounds"}).lower()
    # a column fit does not learn (made by its rule)
    made = copy.deepcopy(data)
    made["tables"]["rows"]["columns"]["score"] = {"generator": "expression", "expr": "round * 2", "dtype": "int"}
    msg = _problem(frames, made, {"by": "score"})
    assert "rows.played_on" in msg and "does not learn" in msg
    # a pooled column (fit learns which of its K values a row holds, as labels)
    pooled = copy.deepcopy(data)
    pooled["tables"]["rows"]["columns"]["score"] = {"generator": "last_name", "pool": 20}
    msg = _problem(frames, pooled, {"by": "score"})
    assert "rows.played_on" in msg and "pooled values" in msg
    for rule in (True, "round", {"by": "round", "every": 7}):
        with pytest.raises(ValueError, match="rounds"):
            _rule(data, rule)


def test_a_date_sequence_takes_no_rounds_rule() -> None:
    from simulacra.spec.model import DateColumn

    with pytest.raises(ValueError, match="rounds need a learned date"):
        DateColumn.model_validate({"generator": "date", "start": "2020-01-01", "step": 7, "rounds": False})


GENERATE_SPEC = """
name: league
tables:
  seasons:
    rows: 3
    primary_key: [season_id]
    columns:
      season_id: {generator: sequence}
  matches:
    rows: {per: seasons, count: {distribution: fixed, value: 20}}
    primary_key: [match_id]
    columns:
      match_id: {generator: sequence}
      season_id: {generator: foreign_key, references: seasons.season_id}
      matchday: {generator: integer, low: 1, high: 10}
      played_on: {generator: date, start: 2021-08-01, end: 2022-05-31, rounds: RULE}
"""


@pytest.mark.parametrize(("rule", "seed"), [("{by: matchday}", 1), ("false", 2), ("{by: matchday}", 3)])
def test_generate_passes_the_rule_over_with_a_note(rule: str, seed: int, tmp_path: Any) -> None:
    """generate (no model) makes the date by its start and end, the same rows with the rule as without, and says
    that it passed the rule over; a rule naming no column is refused as in fit."""
    from typer.testing import CliRunner

    from simulacra import generate
    from simulacra.cli.main import app

    with_rule, without = tmp_path / "rule.yaml", tmp_path / "bare.yaml"
    with_rule.write_text(GENERATE_SPEC.replace("RULE", rule))
    without.write_text(GENERATE_SPEC.replace(", rounds: RULE", ""))
    ran, bare = generate(str(with_rule), None, seed=seed), generate(str(without), None, seed=seed)
    assert ran.frames["matches"].equals(bare.frames["matches"])
    # the library's result says so too, not only the command line
    assert ran.notes and "matches.played_on: 'rounds' is a rule of fit" in ran.notes[0] and bare.notes == []
    run = CliRunner().invoke(app, ["generate", str(with_rule), "-o", str(tmp_path / "out"), "--seed", str(seed)])
    assert run.exit_code == 0, run.output
    assert "matches.played_on: 'rounds' is a rule of fit" in " ".join(run.output.split())
    bad = tmp_path / "bad.yaml"
    bad.write_text(GENERATE_SPEC.replace("RULE", "{by: match_day}"))
    run = CliRunner().invoke(app, ["generate", str(bad), "-o", str(tmp_path / "out2")])
    said = run.output + str(run.exception)
    assert run.exit_code != 0 and "matches.played_on" in said and "did you mean 'matchday'" in said
