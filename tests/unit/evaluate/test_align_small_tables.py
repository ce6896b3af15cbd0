"""A small table's identifying column made fresh is not a mismatch (library probe, issue 13).

``simulacra evaluate`` on a library network refused to run (exit 4): the 10 branches' cities and postcodes,
made fresh by the value engine as they should be, were "values the real data never has". One distinct
value per row on both sides of a small table is no category. Planted over table sizes, kinds of values and
seeds; another encoding of real categories, or a fresh column collapsed to repeats, is still a mismatch.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import polars as pl
import pytest

from simulacra.evaluation import evaluate
from simulacra.evaluation._align import MismatchError, align_inputs

FILES = {"real": "real", "synthetic": "syn", "holdout": None}
WORDS = ["Ash", "Birch", "Cedar", "Dale", "Elm", "Fern", "Glen", "Holt", "Iver", "Kent", "Lark", "Moor"]
WORDS += ["Nash", "Oak", "Pike", "Quay", "Rye", "Shaw", "Tor", "Vale", "Wick", "York"]


def _places(rng: np.random.Generator, n: int, kind: str) -> list[str]:
    if kind == "city":
        picks = rng.choice(len(WORDS) * 4, size=n, replace=False)
        return [f"{WORDS[i % len(WORDS)]}{['ton', 'ford', 'by', 'ham'][i // len(WORDS)]}" for i in picks]
    out: set[str] = set()
    while len(out) < n:
        a = "".join(rng.choice(list("ABCDEFGHKLMNPRSTW"), 2))
        out.add(
            f"{a}{int(rng.integers(1, 30))} {int(rng.integers(1, 10))}{''.join(rng.choice(list('ABDEFGHJLNPQRSTU'), 2))}"
        )
    return sorted(out)


@pytest.mark.parametrize("n", [6, 10, 15])
@pytest.mark.parametrize("kind", ["city", "postcode"])
@pytest.mark.parametrize("seed", [0, 3])
def test_one_value_per_row_made_fresh_is_left_out_not_a_mismatch(n: int, kind: str, seed: int) -> None:
    rng = np.random.default_rng(seed)
    both = _places(rng, 2 * n, kind)
    real = pl.DataFrame({"site_id": np.arange(n), kind: both[:n], "opened": rng.integers(1950, 2005, n)})
    syn = pl.DataFrame({"site_id": np.arange(n), kind: both[n:], "opened": rng.integers(1950, 2005, n)})
    al = align_inputs(real, syn, None, target=None, table="sites", files=FILES, categorical=[kind])
    assert not al.problems and kind in al.drop
    assert any("values made fresh" in note for note in al.notes)


@pytest.mark.parametrize("seed", [0, 3])
def test_categories_in_another_encoding_or_collapsed_are_still_mismatches(seed: int) -> None:
    rng = np.random.default_rng(seed)
    n = 10
    real = pl.DataFrame({"sex": rng.choice(["M", "F"], n).tolist(), "city": _places(rng, n, "city")})
    other = pl.DataFrame({"sex": rng.choice(["male", "female"], n).tolist(), "city": ["Placeholder"] * n})
    al = align_inputs(real, other, None, target=None, table="t", files=FILES, categorical=["sex", "city"])
    assert {p.location.column for p in al.problems} == {"sex", "city"}


def test_evaluate_runs_on_folders_with_a_small_table_of_fresh_places(tmp_path: Path) -> None:
    rng = np.random.default_rng(1)
    places = _places(rng, 20, "city")
    for side, cities in (("real", places[:10]), ("syn", places[10:])):
        (tmp_path / side).mkdir()
        pl.DataFrame({"branch_id": np.arange(1, 11), "city": cities}).write_csv(tmp_path / side / "branches.csv")
        pl.DataFrame(
            {"event_id": np.arange(1, 201), "branch_id": rng.integers(1, 11, 200), "size": rng.integers(3, 40, 200)}
        ).write_csv(tmp_path / side / "events.csv")
    try:
        rep = evaluate(tmp_path / "real", tmp_path / "syn", n_jobs=1, spec={"privacy": False, "detection_folds": 2})
    except MismatchError as e:  # main refused the whole run
        pytest.fail(f"refused: {e}")
    assert rep.warnings and all(w.startswith("not compared:") for w in rep.warnings)  # a note, no mismatch
    assert rep.verdict()["state"] != "error" and "mismatch" not in rep.verdict()["text"]
