"""Digit codes of one width read from a CSV file are codes; integer measures of one width stay numbers (issue 13).

A CSV reader types a column of digits without leading zeros as integers, so NAICS-like ``4512`` codes were learned
as numbers (``integer``/``normal`` across their range) and a sample drew codes the source never had. What tells
codes from a measure is the values: codes are sparse over their range (30 codes across 1000..9999) and repeat; a
measure of one width fills its range (a pulse 60..99, an age 18..90, a year 1990..2024, a score 10..99), on its step
(a fare in fives). Planted here in a CSV file over two seeds: codes of widths 2-6, 5 to 300 distinct, sparse, none
zero-padded, beside integer measures that are dense and of one width, some named with no word of a measure, and
quantities of many widths; a sparse, repeating column named a measure (``amount``) stays a measure by its name; a
dense two-digit column named a code (``dept_code``) is codes by its name. Read back from the sampled CSV as text:
codes are digits of the source's width drawn from the source's codes where the draft lists them (300 codes mostly
held by fewer than 5 rows are made in their shape: a rare code is never written); measures are numbers inside the
source's range.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import polars as pl
import pytest
import yaml

import simulacra
from simulacra.inspection import inspect
from simulacra.sources import read_source

N = 800
#: column -> (width, number of codes) of the sparse codes a test plants, none zero-padded
CODES: dict[str, tuple[int, int]] = {
    "region": (2, 5),
    "plan": (2, 18),
    "branch": (3, 120),
    "naics": (4, 30),
    "outlet": (5, 300),
    "sector": (6, 60),
}
#: dense two-digit codes whose name says they are codes: 70 of the 90 two-digit integers
NAMED = {"dept_code": (2, 70)}
#: codes each held by at least 5 rows (few enough to be listed): every sampled value is one of the source's
LISTED = ("region", "plan", "branch", "naics", "sector", "dept_code")
#: integer measures: dense over their range and of one width, or of many widths, or named a measure
MEASURES = ("pulse", "age", "built", "score", "points", "systolic", "fare", "qty", "amount")
NUMERIC = {"lognormal", "normal", "integer", "uniform", "exponential", "poisson", "gamma", "beta", "truncnorm"}


def _codes(rng: np.random.Generator, width: int, k: int) -> list[int]:
    """``N`` draws of ``k`` codes of ``width`` digits with Zipf-like shares, each code held by at least 5 rows
    where ``5 * k`` rows allow it."""
    pool = [int(c) for c in rng.choice(np.arange(10 ** (width - 1), 10**width), k, replace=False)]
    w = 1.0 / np.arange(1, k + 1) ** 0.4
    drawn = [int(c) for c in rng.choice(pool, N, p=w / w.sum())]
    if 5 * k <= N:
        drawn[: 5 * k] = [c for c in pool for _ in range(5)]
    return [int(c) for c in rng.permutation(drawn)]


def _table(seed: int) -> pl.DataFrame:
    rng = np.random.default_rng(seed)
    cols: dict[str, Any] = {"row_id": np.arange(1, N + 1)}
    for name, (width, k) in (CODES | NAMED).items():
        cols[name] = _codes(rng, width, k)
    cols["pulse"] = np.clip(np.rint(rng.normal(76, 8, N)), 60, 99).astype(int)  # dense, one width, no measure word
    cols["age"] = rng.integers(18, 91, N)  # dense, one width, a measure by name
    cols["built"] = rng.integers(1990, 2025, N)  # a year: dense, one width, no word of a year
    cols["score"] = rng.integers(10, 100, N)  # dense, one width, a measure by name
    cols["points"] = np.clip(np.rint(rng.normal(55, 15, N)), 10, 99).astype(int)  # a score with no measure word
    cols["systolic"] = np.clip(np.rint(rng.normal(128, 14, N)), 100, 179).astype(int)  # dense, three digits
    cols["fare"] = rng.choice(np.arange(100, 1000, 5), N)  # one width, repeats, on a step of five: dense on it
    cols["qty"] = rng.integers(1, 2000, N)  # many widths
    cols["amount"] = rng.choice(rng.choice(np.arange(1000, 10000), 60, replace=False), N)  # sparse: a measure by name
    return pl.DataFrame(cols)


@pytest.fixture(scope="module", params=[21, 22], ids=["seed21", "seed22"])
def planted(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    seed = request.param
    frame = _table(seed)
    d = tmp_path_factory.mktemp(f"csvcodes{seed}")
    (d / "src").mkdir()
    frame.write_csv(d / "src" / "t.csv")
    found = inspect(read_source(str(d / "src")))
    draft = yaml.safe_load(found.write(d / "draft.yaml").read_text())
    simulacra.fit(str(d / "src"), output=d / "model", seed=seed)
    simulacra.sample(d / "model", output=str(d / "out"), seed=seed)
    back = pl.read_csv(next((d / "out").glob("*.csv")), infer_schema_length=0)
    return {"source": frame, "profiles": found.columns, "draft": draft["tables"]["t"]["columns"], "sampled": back}


@pytest.mark.parametrize("column", list(CODES | NAMED))
def test_csv_codes_are_drafted_as_codes_of_their_width(planted: dict[str, Any], column: str) -> None:
    width = (CODES | NAMED)[column][0]
    spec = planted["draft"][column]
    assert spec["generator"] not in NUMERIC, f"{column}: drafted as numbers {spec}"
    assert planted["profiles"][("t", column)].kind == "categorical", planted["profiles"][("t", column)]
    made = planted["sampled"][column].drop_nulls()
    assert made.len(), f"{column}: nothing sampled"
    bad = made.filter(~made.str.contains(f"^[0-9]{{{width}}}$"))
    assert bad.len() == 0, f"{column}: {bad.len()} values not {width}-digit text, e.g. {bad.head(5).to_list()}"


@pytest.mark.parametrize("column", LISTED)
def test_listed_csv_codes_are_the_sources_codes(planted: dict[str, Any], column: str) -> None:
    codes = {str(c) for c in planted["source"][column].to_list()}
    made = set(planted["sampled"][column].drop_nulls().to_list())
    assert made <= codes, f"{column}: codes the source never had: {sorted(made - codes)[:5]}"
    assert len(made) >= 0.8 * len(codes), f"{column}: only {len(made)} of {len(codes)} codes drawn"


def test_many_rare_csv_codes_are_drafted_in_their_shape(planted: dict[str, Any]) -> None:
    """300 codes in 800 rows, most held by fewer than 5 rows: a rare code is never written (it could identify
    someone), so the codes are made in their shape, five digits with no leading zero, never numbers between them."""
    spec = planted["draft"]["outlet"]
    assert spec["generator"] == "pattern" and spec["pattern"] == "[1-9]####", spec


@pytest.mark.parametrize("column", MEASURES)
def test_csv_integer_measures_stay_numbers(planted: dict[str, Any], column: str) -> None:
    spec = planted["draft"][column]
    assert spec["generator"] in NUMERIC, f"{column}: {spec}"
    assert planted["profiles"][("t", column)].kind == "numeric", planted["profiles"][("t", column)]
    src = planted["source"][column]
    made = planted["sampled"][column].drop_nulls().cast(pl.Float64, strict=False)
    assert made.null_count() == 0, f"{column}: sampled values that are not numbers"
    assert float(made.min()) >= float(src.min()) and float(made.max()) <= float(src.max())  # type: ignore[arg-type]
    assert made.n_unique() > 10, f"{column}: {made.n_unique()} distinct sampled values: drawn as a few categories"
