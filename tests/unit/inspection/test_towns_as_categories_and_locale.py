"""Towns in a source: a few that many rows share stay the source's; towns of one country set the locale.

Found as a new user (2026-12-04, dev): a German customer export whose `stadt` holds four cities, ~75 rows
each, was sampled as `Montgomery`, `San Diego`, `Brentwood` — the draft called the column personal data and
made fresh towns, in the en_US default. Towns many rows share identify no one and their shares are the
data; towns most rows hold alone are made fresh, in the country their names belong to.

Each class is varied here over locales, column names, numbers of towns and seeds; towns are drawn from the
value engine's own gazetteer by seed, never typed in.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import polars as pl
import pytest

import simulacra
from simulacra.inspection import MIN_COUNT, inspect
from simulacra.values import town_locales

NAMES = ("city", "stadt", "ville", "town", "ort")


def _towns(locale: str, k: int, seed: int) -> list[str]:
    own = sorted(t for t, loc in town_locales().items() if loc == locale)
    rng = np.random.default_rng(seed)
    return [own[i].title() if own[i].islower() else own[i] for i in rng.choice(len(own), size=k, replace=False)]


def _write(path: Path, column: str, towns: list[str], weights: np.ndarray | None, n: int, seed: int) -> Path:
    rng = np.random.default_rng(seed)
    values = rng.choice(towns, size=n, p=weights)
    frame = pl.DataFrame(
        {"customer_id": [f"C{i:05d}" for i in range(n)], column: values, "amount": rng.integers(1, 900, n)}
    )
    frame.write_csv(path)
    return path


@pytest.mark.parametrize(
    ("locale", "k", "seed"), [("de_DE", 4, 1), ("fr_FR", 8, 2), ("en_GB", 25, 3), ("de_DE", 12, 4), ("en_US", 6, 5)]
)
def test_a_few_towns_many_rows_share_are_kept_as_categories(tmp_path: Path, locale: str, k: int, seed: int) -> None:
    column = NAMES[seed % len(NAMES)]
    towns = _towns(locale, k, seed)
    src = _write(tmp_path / "customers.csv", column, towns, None, 40 * k, seed)
    result = inspect(src)
    prof = result.columns["customers", column]
    assert prof.kind == "categorical" and prof.pii_kind == "city", prof
    drafted = result.spec_data["tables"]["customers"]["columns"][column]
    assert drafted["generator"] == "categorical" and set(drafted["values"]) == set(towns)
    # the towns' country is the draft's locale (en_US is the default, not written)
    assert result.spec_data.get("locale") == (None if locale == "en_US" else locale)
    simulacra.fit(src, output=tmp_path / "model", seed=seed)
    simulacra.sample(tmp_path / "model", output=tmp_path / "s.csv", seed=seed + 1)
    sampled = pl.read_csv(tmp_path / "s.csv")[column]
    assert set(sampled.unique().to_list()) <= set(towns)
    real = pl.read_csv(src)[column].value_counts(normalize=True).sort(column)
    got = sampled.value_counts(normalize=True).sort(column)
    share = dict(zip(got[column], got["proportion"], strict=True))
    assert max(abs(p - share.get(t, 0.0)) for t, p in zip(real[column], real["proportion"], strict=True)) < 0.1


@pytest.mark.parametrize(("locale", "seed"), [("de_DE", 1), ("fr_FR", 2), ("en_GB", 3)])
def test_towns_most_rows_hold_alone_are_made_fresh_in_their_country(tmp_path: Path, locale: str, seed: int) -> None:
    column = NAMES[seed % len(NAMES)]
    towns = _towns(locale, 300, seed)
    src = _write(tmp_path / "customers.csv", column, towns, None, 400, seed)
    result = inspect(src)
    assert result.columns["customers", column].kind == "pii"
    assert result.spec_data.get("locale") == locale
    simulacra.fit(src, output=tmp_path / "model", seed=seed)
    simulacra.sample(tmp_path / "model", output=tmp_path / "s.csv", seed=seed + 1)
    sampled = pl.read_csv(tmp_path / "s.csv")[column].to_list()
    said = [town_locales().get(t.lower()) for t in sampled]
    known = [s for s in said if s is not None]
    # a few towns share a name with a larger one abroad (the gazetteer's "Richmond"): most are the country's
    assert len(known) >= 0.5 * len(sampled) and sum(s == locale for s in known) >= 0.95 * len(known)


@pytest.mark.parametrize("seed", [6, 7])
def test_a_few_shared_towns_among_many_lone_ones_stay_personal(tmp_path: Path, seed: int) -> None:
    shared, lone = _towns("de_DE", 3, seed), _towns("de_DE", 200, seed + 10)
    lone = [t for t in lone if t not in shared][:150]
    towns = shared + lone
    n = 400
    weights = np.array([0.5 / len(shared)] * len(shared) + [0.5 / len(lone)] * len(lone))
    src = _write(tmp_path / "customers.csv", "city", towns, weights, n, seed)
    counts = pl.read_csv(src)["city"].value_counts()["count"]
    assert counts.filter(counts >= MIN_COUNT).sum() < 0.95 * n  # the case this test is about
    assert inspect(src).columns["customers", "city"].kind == "pii"


def test_towns_no_country_holds_alone_say_no_locale(tmp_path: Path) -> None:
    ambiguous = [t for t in ("Manchester", "Birmingham", "Richmond", "Cambridge") if t.lower() not in town_locales()]
    assert len(ambiguous) >= 3
    src = _write(tmp_path / "customers.csv", "city", ambiguous, None, 200, 8)
    assert inspect(src).spec_data.get("locale") is None
