"""Measured values, ``<number> <unit>`` (issue 13): learned as numbers, written back with the row's unit.

A held-out hospital's lab values (``7.2 mmol/L``, the unit its test's) were drafted as a
categorical with 20% pooled as ``(other)``: sampled values were copies of seen strings and
28% carried another test's unit. The tables here are generated: test codes, each with its own
unit, decimals and value range (two codes share a unit, so the unit alone cannot say the test).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import polars as pl
import pytest

import simulacra
from simulacra.inspection import inspect
from simulacra.sources._forms import apply_forms, detect_forms

TESTS = {  # code -> unit, mean, sd, decimals
    "GLU": ("mmol/L", 6.0, 1.0, 1),
    "NA": ("mmol/L", 140.0, 3.0, 0),
    "HB": ("g/dL", 13.0, 1.5, 1),
    "TEMP": ("°F", 98.6, 0.8, 1),
    "WT": ("kg", 75.0, 12.0, 2),
    "CR": ("mg/dL", 1.0, 0.2, 2),
    "WBC": ("10^9/L", 7.8, 2.4, 1),  # a unit that starts with a power of ten
}


def _labs(seed: int, n: int = 1500) -> pl.DataFrame:
    rng = np.random.default_rng(seed)
    codes = rng.choice(sorted(TESTS), n)
    values = []
    for c in codes:
        unit, mu, sd, dec = TESTS[str(c)]
        values.append(f"{max(0.1, rng.normal(mu, sd)):.{dec}f} {unit}")
    return pl.DataFrame({"result_id": np.arange(1, n + 1), "test_code": codes, "value": values})


def _split(values: pl.Series) -> pl.DataFrame:
    parts = values.str.extract_groups(r"^(-?\d+(?:\.(\d+))?) (.+)$").struct.unnest()
    parts.columns = ["num", "frac", "unit"]
    return parts.with_columns(pl.col("num").cast(pl.Float64), dec=pl.col("frac").str.len_chars().fill_null(0))


@pytest.mark.parametrize("seed", [1, 2])
@pytest.mark.parametrize("fmt", ["csv", "parquet"])
def test_lab_values_are_fresh_numbers_with_their_tests_unit(tmp_path: Path, seed: int, fmt: str) -> None:
    real = _labs(seed)
    src = tmp_path / "labs.csv"
    real.write_csv(src)
    col = inspect(src).spec_data["tables"]["labs"]["columns"]["value"]
    assert col["generator"] != "categorical" and "measured values" in col["description"]
    simulacra.fit(str(src), output=str(tmp_path / "model"), seed=seed)
    simulacra.sample(str(tmp_path / "model"), output=str(tmp_path / "out"), format=fmt, seed=seed)
    out = (
        pl.read_csv(tmp_path / "out" / "labs.csv", infer_schema=False)
        if fmt == "csv"
        else pl.read_parquet(tmp_path / "out" / "labs.parquet")
    )
    assert out.schema["value"] == pl.String
    out = out.with_columns(pl.col("test_code").fill_null("NA"))  # the code NA is read as missing, written as null
    got = _split(out["value"]).with_columns(test_code=out["test_code"])
    assert got["unit"].null_count() == 0
    want = got["test_code"].replace_strict({c: u for c, (u, *_) in TESTS.items()})
    assert (got["unit"] == want).all()  # the unit is the row's test's
    want_dec = got["test_code"].replace_strict({c: d for c, (*_, d) in TESTS.items()})
    assert (got["dec"] == want_dec).all()  # decimals as the source wrote that test
    # numbers, not copies of seen strings: weights (two decimals, a wide range) are mostly never seen
    fresh = ~out["value"].is_in(real["value"].implode())
    assert float(fresh.filter(out["test_code"] == "WT").mean() or 0) > 0.7
    for code, (_, mu, sd, _) in TESTS.items():
        nums = got.filter(pl.col("test_code") == code)["num"]
        assert nums.len() > 20 and abs(float(nums.mean()) - mu) < 1.5 * sd, code  # type: ignore[arg-type]


def test_sampling_is_the_same_bytes_for_any_chunk_size(tmp_path: Path) -> None:
    src = tmp_path / "labs.csv"
    _labs(3, 600).write_csv(src)
    simulacra.fit(str(src), output=str(tmp_path / "model"), seed=0)
    outs = []
    for rows in (100, 10_000):
        simulacra.sample(str(tmp_path / "model"), output=str(tmp_path / f"o{rows}"), seed=4, chunk_rows=rows)
        outs.append((tmp_path / f"o{rows}" / "labs.csv").read_bytes())
    assert outs[0] == outs[1]


def test_without_a_deciding_column_the_nearest_unit_is_written() -> None:
    from simulacra.sources._units import parse_unit_values  # new here: imported in the test, so the rest runs on base

    raw = pl.DataFrame({"w": ["70.5 kg", "81.0 kg", "5.9 ft", "6.1 ft", "72.0 kg", "5.5 ft"]})
    typed = raw.with_columns(parse_unit_values(raw["w"]))
    prof = {("t", "w"): type("P", (), {"parse_format": "unit"})()}
    forms = detect_forms({"t": raw}, {"t": typed}, profiles=type("I", (), {"columns": prof})())
    form = forms["t"]["w"]
    assert form.unit_by is None and set(form.units or {}) == {"kg", "ft"}
    back = apply_forms(pl.DataFrame({"w": [77.123, 5.8, None]}), {"w": form}, text=True)["w"].to_list()
    assert back == ["77.1 kg", "5.8 ft", None]


@pytest.mark.parametrize(
    ("values", "measured"),
    [
        (
            [f"{v + i / 10:g} {u}" for i in range(4) for v, u in ((7, "mmol/L"), (98, "°F"), (12, "kg"), (3, "mg/dL"))],
            True,
        ),
        (["12%", "7.5%", "80%", "3%", "44.1%"], True),
        (["12 Main", "3 Oak", "45 Elm", "7 Pine", "9 Ash", "11 Birch"], False),  # a label per value
        (["A12", "B7", "C3", "D9", "E1"], False),
        (
            [
                f"{i}{'st' if i % 10 == 1 else 'nd' if i % 10 == 2 else 'rd' if i % 10 == 3 else 'th'}"
                for i in range(4, 40)
            ],
            False,
        ),
        ([f"{i}{c}" for i in range(1, 20) for c in "AB"], False),  # house numbers 12A, 12B
        ([f"{i}m" for i in range(1, 20)] + [f"{i} s" for i in range(1, 20)], True),
    ],
)
def test_what_reads_as_measured(values: list[str], measured: bool) -> None:
    from simulacra.sources._units import is_unit_column

    assert is_unit_column(pl.Series(values)) is measured
