"""Surnames and postcodes a held-out hospital database was drafted wrong on (issue 13, ``benchmarks/heldout_hospital.py``).

* A column named a surname (first name) whose values are one capitalised word each, few of them in the name
  pools (names of another country, made up), was drafted as placeholders ``surname 1``, ``surname 2``: now a
  ``last_name`` (``first_name``) made fresh, and samples hold names, none copied.
* UK-shaped postcodes beside names the locale guess reads as German were made as five-digit German codes: the
  draft now says ``locale: en_GB`` on the postcode, so samples keep the source's shape.

Planted: names built from syllables by a seeded generator (so none is in any pool), postcodes in the UK shape,
first names that tip the locale guess to German.
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import polars as pl
import pytest

import simulacra
from simulacra.inspection import inspect

SYLLABLES = ["ash", "bro", "cal", "dun", "fen", "gar", "hol", "kel", "lor", "mar", "nor", "pen", "ros", "tre", "wick"]
COLUMNS = [("surname", "given_name"), ("last_name", "first_name"), ("family_name", "forename")]
UK = re.compile(r"^[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2}$")


def people(tmp_path: Path, seed: int) -> tuple[Path, str, str]:
    rng = np.random.default_rng(seed)
    last, first = COLUMNS[seed % len(COLUMNS)]
    n = int(rng.integers(300, 500))
    az = list("ABDEFGHJLMNPRSTWY")
    frame = pl.DataFrame(
        {
            "person_id": np.arange(1, n + 1),
            last: ["".join(rng.choice(SYLLABLES, int(rng.integers(2, 4)))).capitalize() for _ in range(n)],
            first: rng.choice(["Jürgen", "Uwe", "Heike", "Dirk", "Anke", "Sabine", "Holger", "Frauke"], n).tolist(),
            "postcode": [
                f"{''.join(rng.choice(az, int(rng.integers(1, 3))))}{int(rng.integers(1, 30))} "
                f"{int(rng.integers(0, 10))}{''.join(rng.choice(az, 2))}"
                for _ in range(n)
            ],
            "age": rng.integers(18, 90, n),
        }
    )
    path = tmp_path / f"people{seed}.csv"
    frame.write_csv(path)
    return path, last, first


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_made_up_surnames_and_uk_postcodes_are_drafted_as_names_and_uk_postcodes(tmp_path: Path, seed: int) -> None:
    path, last, _first = people(tmp_path, seed)
    draft = inspect(path)
    cols = draft.spec_data["tables"][next(iter(draft.spec_data["tables"]))]["columns"]
    assert cols[last]["generator"] == "last_name"
    assert cols["postcode"]["generator"] == "postcode"
    assert cols["postcode"].get("locale") == "en_GB"
    spec = draft.write(tmp_path / "draft.yaml")
    simulacra.fit(path, spec=spec, output=tmp_path / "model")
    got = simulacra.sample(tmp_path / "model", seed=1).frames
    assert got is not None
    real = pl.read_csv(path)
    sample = next(iter(got.values()))
    names = sample[last].cast(pl.String)
    assert names.str.contains(r"^[A-ZÄÖÜ][a-zäöüß]+(?:[ '-][A-ZÄÖÜa-zäöüß][a-zäöüß]+)*$").mean() >= 0.95
    assert names.n_unique() >= 20  # names, not one placeholder or a handful
    assert not names.str.contains(r"\d").any()
    assert (~names.is_in(real[last].implode())).mean() >= 0.95
    postcodes = sample["postcode"].cast(pl.String).to_list()
    assert sum(bool(UK.match(p)) for p in postcodes) / len(postcodes) >= 0.95


def test_a_code_column_named_like_a_name_is_not_a_name(tmp_path: Path) -> None:
    """The name alone is not enough: codes in a column called ``last_name`` keep their shape."""
    rng = np.random.default_rng(3)
    n = 300
    path = tmp_path / "codes.csv"
    pl.DataFrame({"id": np.arange(n), "last_name": [f"X{int(v):04d}" for v in rng.integers(0, 9999, n)]}).write_csv(
        path
    )
    cols = inspect(path).spec_data["tables"]["codes"]["columns"]
    assert cols["last_name"]["generator"] not in ("last_name", "first_name")
