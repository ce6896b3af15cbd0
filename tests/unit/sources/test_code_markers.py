"""Default null markers that are a code column's values (issue 13, learn-labs): the sodium test ``NA`` among ``K``,
``CL``, ``HB``; ``NULL`` among upper-case codes; a severity ``None`` among capitalised words. Planted in CSV files
written here, names from a seed, beside columns whose markers are genuine nulls and must stay null: a code column
where the marker is far more common than any code, one where it is rare, a marker of another shape (``N/A``
among two-letter codes), free text and numbers."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import polars as pl
import pytest
from typer.testing import CliRunner

import simulacra
from simulacra.cli.main import app
from simulacra.sources import CsvOptions, read_source

WORDS = ["lab", "test", "kind", "code", "grade", "level", "site", "unit", "flag", "note", "amount", "origin"]


def _codes(rng: np.random.Generator, codes: list[str], n: int) -> list[str]:
    return [codes[i] for i in rng.integers(0, len(codes), n)]


def _write(tmp_path: Path, seed: int, n: int = 700) -> tuple[Path, dict[str, str]]:
    """A CSV file with planted columns; returns it and role -> column name."""
    rng = np.random.default_rng(seed)
    names = [str(w) for w in rng.permutation(WORDS)]
    role = dict(
        zip(["na_code", "null_code", "none_word", "too_common", "rare", "slash", "text", "number"], names, strict=False)
    )
    cols: dict[str, list[str]] = {
        role["na_code"]: _codes(rng, ["K", "NA", "CL", "HB", "CREA", "GLU"], n),  # NA as common as the others
        role["null_code"]: _codes(rng, ["ABC", "NULL", "XYZ", "QRS", "MNOP"], n),  # NULL one code of five
        role["none_word"]: _codes(rng, ["Mild", "Severe", "None", "Moderate"], n),  # a severity of none
        role["too_common"]: [
            "NA" if rng.random() < 0.6 else str(c) for c in _codes(rng, ["GB", "FR", "DE", "IT"], n)
        ],  # missing more often than any country is present
        role["rare"]: ["NA" if i % 250 == 7 else c for i, c in enumerate(_codes(rng, ["GB", "FR", "DE", "IT"], n))],
        role["slash"]: ["N/A" if rng.random() < 0.2 else c for c in _codes(rng, ["GB", "FR", "DE", "IT"], n)],
        role["text"]: [
            "NA" if rng.random() < 0.15 else f"patient said {w} twice" for w in _codes(rng, ["pain", "ok", "fine"], n)
        ],
        role["number"]: ["NA" if rng.random() < 0.15 else f"{x:.2f}" for x in rng.normal(50, 9, n)],
    }
    path = tmp_path / f"visits_{seed}.csv"
    pl.DataFrame(cols).write_csv(path)
    return path, role


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_markers_among_codes_are_values_and_genuine_nulls_stay(tmp_path: Path, seed: int) -> None:
    path, role = _write(tmp_path, seed)
    src = read_source(path)
    frame = next(iter(src.frames.values()))
    for r, marker in (("na_code", "NA"), ("null_code", "NULL"), ("none_word", "None")):
        col = frame.get_column(role[r])
        assert col.null_count() == 0, r  # base: a sixth, a fifth, a quarter of the rows missing
        assert 0.1 < float((col == marker).mean()) < 0.35, r
        assert any(f"'{role[r]}': '{marker}' read as a value" in note for note in src.notes), (r, src.notes)
    for r in ("too_common", "rare", "slash", "text", "number"):
        col = frame.get_column(role[r])
        assert col.null_count() > 0, r  # still missing
        assert not col.cast(pl.String).is_in(["NA", "N/A"]).any(), r
        assert not any(f"'{role[r]}'" in note for note in src.notes), r
    assert frame.get_column(role["number"]).dtype == pl.Float64


def test_the_user_decides_either_way(tmp_path: Path) -> None:
    path, role = _write(tmp_path, 3)
    forced = next(iter(read_source(path, csv=CsvOptions(missing=("NA",))).frames.values()))
    assert forced.get_column(role["na_code"]).null_count() > 50  # --na NA: missing everywhere
    assert forced.get_column(role["null_code"]).null_count() == 0  # the other markers still decided
    kept = next(iter(read_source(path, csv=CsvOptions(values=("NA",))).frames.values()))
    assert kept.get_column(role["too_common"]).null_count() == 0  # --not-na NA: a value everywhere
    assert kept.get_column(role["number"]).dtype == pl.String  # ... even among numbers, as asked
    # the CLI: inspect's draft lists NA as a code; --na NA drops it
    out = CliRunner().invoke(app, ["inspect", str(path), "-o", str(tmp_path / "a.yaml"), "-q"])
    assert out.exit_code == 0, out.output
    draft = (tmp_path / "a.yaml").read_text()
    assert f"'{role['na_code']}': 'NA' read as a value" in draft
    out = CliRunner().invoke(app, ["inspect", str(path), "-o", str(tmp_path / "b.yaml"), "-q", "--na", "NA"])
    assert out.exit_code == 0, out.output
    assert "'NA' read as a value" not in (tmp_path / "b.yaml").read_text()


def test_round_trip_learned_from_csv_written_back_to_csv(tmp_path: Path) -> None:
    path, role = _write(tmp_path, 4, n=900)
    simulacra.fit(path, output=tmp_path / "model", seed=0)
    simulacra.sample(tmp_path / "model", tmp_path / "out.csv", seed=1)
    raw = pl.read_csv(tmp_path / "out.csv", infer_schema=False, null_values=[])  # the text as written
    for r, marker in (("na_code", "NA"), ("null_code", "NULL"), ("none_word", "None")):
        col = raw.get_column(role[r])
        assert 0.08 < float((col == marker).mean()) < 0.4, r  # written as the code it was
        assert not (col == "").any(), r
    assert float((raw.get_column(role["too_common"]) == "NA").mean()) > 0.4  # its missing cells as the source wrote
    back = next(iter(read_source(tmp_path / "out.csv").frames.values()))
    assert back.get_column(role["na_code"]).null_count() == 0  # and read back as a value again
