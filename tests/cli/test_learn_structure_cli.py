"""`simulacra sample --exact-sizes`: every table exactly its real size times the scale (issue 13, defect 6)."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.structure_data import ratings

from simulacra.cli.main import main
from simulacra.io import read_dataset, read_manifest


def test_sample_exact_sizes_from_the_command_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = tmp_path / "src"
    src.mkdir()
    frames = ratings(n_users=120, n_films=60, seed=1)
    for t, f in frames.items():
        f.write_csv(src / f"{t}.csv")
    model = tmp_path / "model"
    assert main(["fit", str(src), "-o", str(model), "--seed", "0"]) == 0
    db = tmp_path / "out.db"
    assert main(["sample", str(model), "-o", str(db), "--exact-sizes", "--scale", "2", "-q"]) == 0
    out = read_dataset(str(db))
    # films (60 rows, referenced, no personal data) is a lookup table: copied, not scaled
    assert {t: f.height for t, f in out.items()} == {"users": 240, "ratings": 2 * frames["ratings"].height, "films": 60}
    assert read_manifest(str(db))["exact_sizes"] is True
    capsys.readouterr()
