"""A sample's manifest says which columns it did not learn (keys, personal data made fresh, rules); evaluate
reads it (issue 13, a new user's loop on a drafted dental clinic): a 12-row staff table's names, made fresh,
were "100% of the synthetic rows hold values the real data never has" and nothing was evaluated, because
the rule for fresh values wanted 20 distinct real values. Names the manifest lists, many for their rows, are
now left out with a note however small the table; the same frames without a manifest still fail where the
values are not one per row (two dentists share a surname), and a learned category is still compared."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import polars as pl
import pytest

import simulacra
from simulacra.evaluation import evaluate
from simulacra.evaluation._align import MismatchError

FAST = {"detection_folds": 2}
FIRST = ["Anna", "Ben", "Carla", "Dmitri", "Emma", "Farid", "Grace", "Hiro", "Ines", "Jonas", "Kai", "Lena", "Mia"]
LAST = ["Adler", "Bauer", "Cramer", "Dietz", "Ebert", "Fink", "Graf", "Haas", "Iske", "Jung", "Kurz", "Lang", "Moll"]


def _clinic(folder: Path, seed: int, n_staff: int) -> None:
    rng = np.random.default_rng(seed)
    staff = pl.DataFrame(
        {
            "dentist_id": np.arange(1, n_staff + 1),
            "first_name": FIRST[:n_staff],
            "last_name": LAST[: n_staff - 1] + LAST[:1],  # two share a surname: not one value per row
            "specialty": rng.choice(["general", "ortho"], n_staff),
        }
    )
    n = 400
    visits = pl.DataFrame(
        {
            "visit_id": np.arange(1, n + 1),
            "dentist_id": rng.integers(1, n_staff + 1, n),
            "minutes": rng.choice([15, 30, 45, 60], n),
            "reason": rng.choice(["checkup", "filling", "cleaning"], n),
        }
    )
    folder.mkdir()
    staff.write_csv(folder / "dentists.csv")
    visits.write_csv(folder / "visits.csv")


@pytest.mark.parametrize(("seed", "n_staff"), [(1, 12), (2, 8)])
def test_names_a_sample_made_fresh_are_a_note_however_small_the_table(tmp_path: Path, seed: int, n_staff: int) -> None:
    _clinic(tmp_path / "src", seed, n_staff)
    simulacra.fit(tmp_path / "src", output=tmp_path / "model", seed=seed)
    simulacra.sample(tmp_path / "model", output=tmp_path / "out", format="csv", seed=seed + 1)
    report = evaluate(tmp_path / "src", tmp_path / "out", n_jobs=1, spec=FAST)
    notes = [w for w in report.warnings if w.startswith("not compared")]
    assert {c for c in ("first_name", "last_name") if any(f"'{c}'" in w for w in notes)} == {"first_name", "last_name"}
    assert not any(name in w for w in report.warnings for name in FIRST)  # no real name in the notes
    assert not any("'specialty'" in w for w in notes)  # a learned category is still compared
    # the same frames read as plain frames (no manifest): the surnames, not one per row, are still a mismatch
    real = pl.read_csv(tmp_path / "src" / "dentists.csv")
    syn = pl.read_csv(tmp_path / "out" / "dentists.csv")
    with pytest.raises(MismatchError, match="last_name"):
        evaluate(real, syn, n_jobs=1, spec=FAST)
