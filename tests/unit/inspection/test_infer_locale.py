"""A source whose people have German (French) names is drafted in that locale, so fresh names follow it.

An export of ``Jörg Müller``s used to be sampled as ``Alicia Wilson``s: the draft never said a
locale. Tables are generated here in each locale by the value engine, written to CSV, inspected.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import simulacra
from simulacra.inspection import inspect

SPEC = """
name: people
locale: {locale}
tables:
  people:
    rows: 400
    columns:
      id: {{generator: sequence}}
      name: {{generator: full_name, group: p}}
      city: {{generator: city, group: a}}
"""


@pytest.mark.parametrize(("locale", "expected"), [("de_DE", "de_DE"), ("fr_FR", "fr_FR"), ("en_US", None)])
def test_the_draft_says_the_locale_of_its_names(locale: str, expected: str | None, tmp_path: Path) -> None:
    spec = tmp_path / "people.yaml"
    spec.write_text(SPEC.format(locale=locale))
    simulacra.generate(spec, output=tmp_path / "out", format="csv", seed=3)
    drafted = inspect(tmp_path / "out" / "people.csv").spec_data
    assert drafted.get("locale") == expected


def test_learned_samples_make_fresh_names_in_that_locale(tmp_path: Path) -> None:
    import polars as pl

    from simulacra.inspection._patterns import infer_locale

    spec = tmp_path / "people.yaml"
    spec.write_text(SPEC.format(locale="de_DE"))
    simulacra.generate(spec, output=tmp_path / "out", format="csv", seed=4)
    simulacra.fit(tmp_path / "out" / "people.csv", output=tmp_path / "model")
    simulacra.sample(tmp_path / "model", output=tmp_path / "s.csv", seed=1)
    names = pl.read_csv(tmp_path / "s.csv")["name"]
    assert infer_locale([names])[0] == "de_DE"
    real = set(pl.read_csv(tmp_path / "out" / "people.csv")["name"].to_list())
    assert len(set(names.to_list()) & real) < 0.1 * names.len()  # fresh names, not the source's
