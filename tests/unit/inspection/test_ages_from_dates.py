"""An age from a birth date and an event date is kept exactly by learned data (issue 13).

A held-out hospital's ``admissions.age_at_admission`` (the whole years from ``patients.birth_date``, the
parent's, to ``admitted_on``, the row's own) was drafted as a uniform integer: 1.2% of sampled admissions
kept their patient's age (a motorsport database had drivers aged -51 to 215 at their race). Planted in
generated data, names from a seed: a parent with a birth date and a child with an event date and the age
(the calendar age, or the floor of days / 365.25), and the same with both dates in the age's own row.
Checked: the draft, and that every sampled row holds the age of its own dates (computed here in Python,
not by the drafted expression).
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import polars as pl
import pytest

from simulacra import DatasetSynthesizer
from simulacra.inspection import inspect
from simulacra.sources import Source

NAMES = [
    ("patients", "patient_id", "born_on", "admissions", "admitted_on", "age_at_admission"),
    ("drivers", "driver_id", "dob", "results", "race_date", "age"),
    ("members", "member_id", "birthday", "visits", "visited", "years_old"),
]


def calendar_age(born: dt.date, on: dt.date) -> int:
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def days_age(born: dt.date, on: dt.date) -> int:
    return int((on - born).days // 365.25)


def ages(born: list[dt.date], on: list[dt.date], how: str) -> list[int]:
    f = calendar_age if how == "calendar" else days_age
    return [f(b, o) for b, o in zip(born, on, strict=True)]


def world(seed: int, how: str, *, noise: int = 0) -> tuple[dict[str, pl.DataFrame], tuple[str, ...]]:
    """A parent with birth dates, a child of 1..5 events each and the age at the event (``noise``: the
    number of ages written one year off: mistyped values)."""
    rng = np.random.default_rng(seed)
    parent, key, born, child, on, age = NAMES[seed % len(NAMES)]
    n = 300
    births = [dt.date(1930, 1, 1) + dt.timedelta(days=int(d)) for d in rng.integers(0, 365 * 70, n)]
    owner = np.repeat(np.arange(1, n + 1), rng.integers(1, 6, n))
    events = [dt.date(2010, 1, 1) + dt.timedelta(days=int(d)) for d in rng.integers(0, 365 * 12, len(owner))]
    a = ages([births[o - 1] for o in owner], events, how)
    off = set(rng.choice(len(a), noise, replace=False).tolist())
    a = [x + 1 if i in off else x for i, x in enumerate(a)]
    frames = {
        parent: pl.DataFrame({key: np.arange(1, n + 1), born: births, "sex": rng.choice(["F", "M"], n)}),
        child: pl.DataFrame(
            {
                "id": np.arange(1, len(owner) + 1),
                key: owner,
                on: events,
                age: a,
                "ward": rng.choice(["a", "b", "c"], len(owner)),
            }
        ),
    }
    return frames, (parent, key, born, child, on, age)


def fit_sample(frames: dict[str, pl.DataFrame], fp: str) -> tuple[dict, list[dict[str, pl.DataFrame]]]:
    ins = inspect(Source(location="s", kind="folder", frames=frames, fingerprint=fp))
    model = DatasetSynthesizer(seed=0).fit(frames, ins.spec)
    return ins.spec_data, [model.sample(seed=s) for s in (1, 2)]


@pytest.mark.parametrize(("seed", "how"), [(0, "calendar"), (1, "days"), (2, "calendar")])
def test_an_age_across_a_parent_is_drafted_and_sampled_exactly(seed: int, how: str) -> None:
    frames, (parent, key, born, child, on, age) = world(seed, how)
    spec, samples = fit_sample(frames, f"age{seed}")
    col = spec["tables"][child]["columns"][age]
    assert col["generator"] == "expression", col
    assert f"{parent}.{born}" in col["expr"] and on in col["expr"]
    for got in samples:
        rows = got[child].join(got[parent].select(key, born), on=key, how="left")
        assert rows.height > 300
        assert rows[age].to_list() == ages(rows[born].to_list(), rows[on].to_list(), how)


@pytest.mark.parametrize("seed", [0, 1])
def test_an_age_between_two_dates_of_its_own_row(seed: int) -> None:
    frames, (parent, key, born, child, on, age) = world(seed, "calendar")
    # the birth date copied into the event's row, the parent left without it
    kids = frames[child].join(frames[parent].select(key, born), on=key, how="left")
    frames = {parent: frames[parent].drop(born), child: kids}
    spec, samples = fit_sample(frames, f"own{seed}")
    col = spec["tables"][child]["columns"][age]
    assert col["generator"] == "expression", col
    assert "." not in col["expr"] and born in col["expr"]
    for got in samples:
        rows = got[child]
        assert rows[age].to_list() == ages(rows[born].to_list(), rows[on].to_list(), "calendar")


def test_a_few_mistyped_ages_do_not_hide_the_rule_but_many_do() -> None:
    frames, (_p, _k, _b, child, _on, age) = world(0, "calendar", noise=2)  # 2 of ~900 rows (0.2%)
    spec, _ = fit_sample(frames, "noise-few")
    assert spec["tables"][child]["columns"][age]["generator"] == "expression"
    frames, (_p, _k, _b, child, _on, age) = world(0, "calendar", noise=30)  # ~3%
    spec = inspect(Source(location="s", kind="folder", frames=frames, fingerprint="noise-many")).spec_data
    assert spec["tables"][child]["columns"][age]["generator"] != "expression"


def test_an_unrelated_integer_is_not_read_as_an_age() -> None:
    frames, (_p, _k, _b, child, _on, age) = world(2, "calendar")
    rng = np.random.default_rng(5)
    frames[child] = frames[child].with_columns(pl.Series(age, rng.integers(0, 90, frames[child].height)))
    spec = inspect(Source(location="s", kind="folder", frames=frames, fingerprint="unrelated")).spec_data
    assert spec["tables"][child]["columns"][age]["generator"] != "expression"
