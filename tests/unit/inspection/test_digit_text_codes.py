"""Digits written as text: codes keep their written form; numbers stored as text stay numbers (issue 13).

A database keeps codes as TEXT/VARCHAR/CHAR(n): zero-padded ``01``..``12`` or ``007``, NAICS-like ``4512``, six-digit
``451210``. Without a leading zero they were drafted as numbers (``normal``/``integer`` across their range), so a
sample drew codes the source never had; and digits of several widths (a quantity kept as text, ``1``..``1999``) were
drafted as an identifier of one width (``1###``), losing every shorter value. Planted here in a SQLite table over
two seeds: codes of widths 2-6, few (5) to many (500) distinct, with and without leading zeros, beside numbers
stored as text that stay numbers (a quantity of several widths, a price and a year of one width named so, an
amount ``12.50``) and a unique text reference that stays an identifier. Read back from the sampled database: codes
are text of the source's width (``07``, never ``7``), drawn from the source's codes where the draft lists them; the
numbers are drafted as numbers and keep their several widths.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl
import pytest
import yaml

import simulacra
from simulacra.inspection import inspect
from simulacra.sources import read_source

N = 1200
#: column -> (width, number of codes, zero-padded): codes a test plants, drawn with Zipf-like shares
CODES: dict[str, tuple[int, int, bool]] = {
    "month_code": (2, 12, True),  # '01'..'12'
    "store": (3, 5, True),  # '007'
    "plan": (2, 15, False),  # '10'..'99': no zero, two digits
    "naics": (4, 30, False),  # '4512'
    "icd": (4, 60, True),  # '0450'
    "sector": (6, 40, False),  # '451210'
    "branch": (5, 500, True),  # many: '00123'
    "segment6": (6, 500, False),  # many, no zero: '451210'
}
#: codes few enough to be listed: every sampled value is one of the source's
LISTED = ("month_code", "store", "plan", "naics", "icd", "sector")
NUMERIC = {"lognormal", "normal", "integer", "uniform", "exponential", "poisson", "gamma", "beta", "truncnorm"}


def _codes(rng: np.random.Generator, width: int, k: int, zeros: bool) -> list[str]:
    lo = 1 if zeros else 10 ** (width - 1)
    top = 10 ** (width - 1) * (3 if zeros else 10)  # zero-padded: most codes start with 0
    picks = rng.choice(np.arange(lo, top), k, replace=False)
    return [str(int(c)).zfill(width) for c in picks]


def _table(seed: int) -> pl.DataFrame:
    rng = np.random.default_rng(seed)
    cols: dict[str, Any] = {"row_id": np.arange(1, N + 1)}
    for name, (width, k, zeros) in CODES.items():
        pool = _codes(rng, width, k, zeros)
        w = 1.0 / np.arange(1, k + 1) ** (0.3 if k <= 60 else 0.6)
        drawn = list(rng.choice(pool, N, p=w / w.sum()))
        if k <= 60:  # a listed code list: every code held by at least 5 rows, so the draft lists them all
            drawn[: 5 * k] = [c for c in pool for _ in range(5)]
            drawn = list(rng.permutation(drawn))
        cols[name] = [str(c) for c in drawn]
    cols["qty"] = [str(q) for q in rng.integers(1, 2000, N)]  # several widths, named a measure
    cols["pieces"] = [str(q) for q in rng.integers(1, 900, N)]  # several widths, no word says what it is
    cols["price"] = [str(p) for p in rng.choice(np.arange(1000, 10000, 50), N)]  # one width: a measure by name
    cols["amount"] = [f"{a:.2f}" for a in rng.gamma(2.0, 20.0, N)]  # decimals
    cols["model_year"] = [str(y) for y in rng.integers(1990, 2021, N)]  # one width, repeats: a year by name
    cols["order_ref"] = [str(r) for r in rng.permutation(np.arange(1, 4 * N))[:N]]  # unique: an identifier
    return pl.DataFrame(cols)


@pytest.fixture(scope="module", params=[1, 2], ids=["seed1", "seed2"])
def planted(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    seed = request.param
    frame = _table(seed)
    d = tmp_path_factory.mktemp(f"digits{seed}")
    db = d / "codes.sqlite"
    con = sqlite3.connect(db)
    text = ", ".join(
        f"{c} {'char(' + str(CODES[c][0]) + ')' if c in ('store', 'branch') else 'varchar(8)' if c == 'icd' else 'text'}"
        for c in frame.columns[1:]
    )
    con.execute(f"create table t (row_id integer primary key, {text})")
    con.executemany(f"insert into t values ({', '.join('?' * frame.width)})", frame.rows())
    con.commit()
    con.close()
    draft = yaml.safe_load(inspect(read_source(str(db))).write(d / "draft.yaml").read_text())["tables"]["t"]["columns"]
    simulacra.fit(str(db), output=d / "model", seed=seed)
    out = d / "sample.sqlite"
    simulacra.sample(d / "model", output=str(out), seed=seed)
    con = sqlite3.connect(out)
    rows = con.execute(f"select {', '.join(frame.columns[1:])} from t").fetchall()
    con.close()
    sampled = {c: [r[i] for r in rows] for i, c in enumerate(frame.columns[1:])}
    return {"source": frame, "draft": draft, "sampled": sampled}


@pytest.mark.parametrize("column", list(CODES))
def test_codes_are_written_back_as_text_of_their_width(planted: dict[str, Any], column: str) -> None:
    width = CODES[column][0]
    sampled = [v for v in planted["sampled"][column] if v is not None]
    assert sampled, f"{column}: nothing sampled"
    bad = [v for v in sampled if not isinstance(v, str) or len(v) != width or not v.isdigit()]
    assert not bad, f"{column}: {len(bad)} values not {width}-digit text, e.g. {bad[:5]}"
    assert planted["draft"][column]["generator"] not in NUMERIC, (
        f"{column}: drafted as numbers {planted['draft'][column]}"
    )


@pytest.mark.parametrize("column", LISTED)
def test_listed_codes_are_the_sources_codes(planted: dict[str, Any], column: str) -> None:
    spec = planted["draft"][column]
    codes = set(planted["source"][column].to_list())
    assert spec["generator"] == "categorical", f"{column}: {spec}"
    assert set(spec["values"]) == codes, f"{column}: the draft lists {sorted(spec['values'])[:8]}..."
    made = {v for v in planted["sampled"][column] if v is not None}
    assert made <= codes, f"{column}: codes the source never had: {sorted(made - codes)[:5]}"
    assert len(made) >= 0.8 * len(codes), f"{column}: only {len(made)} of {len(codes)} codes drawn"


@pytest.mark.parametrize("column", ["qty", "pieces", "price", "amount", "model_year"])
def test_numbers_stored_as_text_stay_numbers(planted: dict[str, Any], column: str) -> None:
    spec = planted["draft"][column]
    assert spec["generator"] in NUMERIC, f"{column}: {spec}"
    src = planted["source"][column].cast(pl.Float64)
    made = pl.Series([v for v in planted["sampled"][column] if v is not None], dtype=pl.String)
    values = made.cast(pl.Float64, strict=False)
    assert values.null_count() == 0, f"{column}: sampled values that are not numbers: {made.head(5).to_list()}"
    assert float(values.min()) >= float(src.min()) and float(values.max()) <= float(src.max())  # type: ignore[arg-type]
    if column in ("qty", "pieces"):  # several widths in the source: short values are sampled too, never '1###'
        assert made.str.len_chars().n_unique() >= 2, f"{column}: one width only {made.head(5).to_list()}"


def test_a_unique_text_reference_stays_an_identifier(planted: dict[str, Any]) -> None:
    spec = planted["draft"]["order_ref"]
    assert spec["generator"] not in NUMERIC and spec["generator"] != "categorical", spec


def test_zero_padded_codes_survive_a_csv_round_trip(tmp_path: Path) -> None:
    # the classic trap: a CSV reader reading '007' as 7; the sample writes the codes as the source did
    frame = _table(3).select("row_id", "month_code", "store", "icd")
    (tmp_path / "src").mkdir()
    frame.write_csv(tmp_path / "src" / "t.csv")
    simulacra.fit(str(tmp_path / "src"), output=tmp_path / "model", seed=3)
    simulacra.sample(tmp_path / "model", output=str(tmp_path / "out"), seed=3)
    back = pl.read_csv(next((tmp_path / "out").glob("*.csv")), infer_schema_length=0)
    for c in ("month_code", "store", "icd"):
        assert set(back[c].drop_nulls().to_list()) <= set(frame[c].to_list()), c
