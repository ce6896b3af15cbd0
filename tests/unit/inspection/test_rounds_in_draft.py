"""Dates in rounds are shown in the draft (issue 13): ``fit`` learns that a table's dates fall into rounds of a
round column within the context parent (``simulacra._round_dates``: a matchday over a weekend), and the reviewer of
the drafted spec sees it: the date column's comment and description name the round column, the parent, the
round's span and the step between rounds. Planted in generated data of several shapes and scales (weekly
leagues, a tournament with a round a day, monthly rounds over a week; dates as dates and as text); the draft says
it exactly where the fitted model holds rounds, for the same columns and step. Negatives: dates independent of
the round, and no round column, say nothing. The same source gives the same draft, byte for byte. Before: the
rounds were in the fitted model only, nowhere in the draft.
"""

from __future__ import annotations

import re

import polars as pl
import pytest
from tests.unit.synth.test_round_dates import SHAPES, _frames, _source

from simulacra import DatasetSynthesizer
from simulacra.inspection import inspect

SCALES = {"small": 0.5, "as planted": 1.0, "large": 2.0}


def _draft(frames: dict[str, pl.DataFrame], name: str) -> tuple[str, dict[str, object]]:
    ins = inspect(_source(frames, name))
    return ins.to_yaml(), ins.spec_data["tables"]["rows"]["columns"]["played_on"]  # type: ignore[index]


def _planted(shape: str, seed: int, scale: float, days: int | None = None) -> dict[str, pl.DataFrame]:
    n_parents, n_rounds, per_round, first, step, planted_days = SHAPES[shape]
    parents = max(2, round(n_parents * scale))
    return _frames(seed, parents, n_rounds, per_round, first, step, planted_days if days is None else days)


@pytest.mark.parametrize("seed", [1, 2])
@pytest.mark.parametrize("scale", list(SCALES))
@pytest.mark.parametrize("shape", list(SHAPES))
def test_the_draft_shows_the_rounds_fit_learns(shape: str, scale: str, seed: int) -> None:
    frames = _planted(shape, seed, SCALES[scale])
    text, col = _draft(frames, f"r{seed}")
    desc = str(col["description"])
    assert "in rounds of round within each parents row" in desc
    assert "in rounds of round within each parents row" in text  # the comment above the column too
    model = DatasetSynthesizer(seed=0).fit(frames, inspect(_source(frames, f"r{seed}")).spec)
    (rd,) = model.tables_["rows"].rounds
    assert (rd.column, rd.round) == ("played_on", "round")
    said = re.search(r"each round starts a median ([0-9.]+) days? after", desc)
    assert said is not None and float(said.group(1)) == pytest.approx(rd.step)
    planted_step = SHAPES[shape][4]
    assert abs(rd.step - planted_step) <= 1
    span = re.search(r"a round's dates span a median ([0-9.]+) day", desc)
    assert span is not None and float(span.group(1)) <= SHAPES[shape][5] - 1
    if rd.weekdays:
        assert "starting on" in desc


@pytest.mark.parametrize("seed", [1, 2, 3])
@pytest.mark.parametrize("shape", list(SHAPES))
def test_dates_written_as_text_are_shown_too(shape: str, seed: int) -> None:
    """A database that stores dates as text (SQLite): the draft reads them as dates and says the same."""
    frames = _planted(shape, seed, 1.0)
    frames["rows"] = frames["rows"].with_columns(pl.col("played_on").dt.strftime("%Y-%m-%d"))
    _, col = _draft(frames, f"t{seed}")
    assert "in rounds of round within each parents row" in str(col["description"])


@pytest.mark.parametrize("seed", [1, 2, 3])
@pytest.mark.parametrize("shape", list(SHAPES))
def test_dates_independent_of_the_round_show_no_rounds(shape: str, seed: int) -> None:
    frames = _planted(shape, seed, 1.0, days=0)
    text, _ = _draft(frames, f"n{seed}")
    assert "in rounds of" not in text
    model = DatasetSynthesizer(seed=0).fit(frames, inspect(_source(frames, f"n{seed}")).spec)
    assert model.tables_["rows"].rounds == []


@pytest.mark.parametrize("seed", [1, 2])
def test_no_round_column_shows_no_rounds(seed: int) -> None:
    frames = _planted("weekly league, a matchday over Sat-Sun", seed, 1.0)
    frames["rows"] = frames["rows"].drop("round")
    text, _ = _draft(frames, f"x{seed}")
    assert "in rounds of" not in text


@pytest.mark.parametrize("shape", list(SHAPES))
def test_the_same_source_gives_the_same_draft(shape: str) -> None:
    frames = _planted(shape, 4, 1.0)
    assert _draft(frames, "d")[0] == _draft(frames, "d")[0]


@pytest.mark.parametrize("seed", [1, 2])
def test_a_date_placed_from_another_of_its_row_is_said_in_rounds_only_where_fit_learns_them(seed: int) -> None:
    """A second date of the row after the round's date (a result confirmed 0-3 days after the match): fit learns
    the pair as a distance, and the draft says rounds exactly where the fitted model holds them."""
    frames = _planted("weekly league, a matchday over Sat-Sun", seed, 1.0)
    rows = frames["rows"]
    lag = pl.Series((rows["score"] % 4).cast(pl.Int64)) * 86_400_000_000
    frames["rows"] = rows.with_columns((pl.col("played_on") + pl.duration(microseconds=lag)).alias("confirmed_on"))
    text, _ = _draft(frames, f"o{seed}")
    model = DatasetSynthesizer(seed=0).fit(frames, inspect(_source(frames, f"o{seed}")).spec)
    said = set(re.findall(r"(\w+): \{[^\n]*in rounds of", text))
    assert said == {rd.column for rd in model.tables_["rows"].rounds}
