"""A step said away from the rows' noun is still the step of each parent's rows (issue 20, draft67).

draft63-65 read "readings every 10 minutes" right after the rows' noun. Said elsewhere it was lost or misread:
"readings for each station every hour" got a guess of 2 per station; "stations report readings every 10 minutes"
one table of 100 readings and no stations; "each meter sends a reading every 15 minutes" one reading per meter;
"every 5 minutes each server logs cpu" no table of readings at all. The test composes requests (seeded) from
settings x parents x what is read x four phrasings x steps x spans, drafts each and checks the rows are made per
parent, as many as the step's grid has instants in the span, dated on it (``step_no``), with the quantity's column.
Controls: a verb whose object is no record ("each member pays a fee every month"), and draft65's."""

from __future__ import annotations

import datetime as dt
import random

import pytest
from tests.unit.draft.draft_helpers import made_per

import simulacra
from simulacra.draft import draft
from simulacra.draft._step_grid import grid_steps

#: (setting, parents, a parent, the quantity said, its value column); no utility nor meters: there the catalogue's
#: meter readings keep their kwh whatever quantity is said (draft66's limit, not a step's)
SETTINGS = [
    ("a weather network", "stations", "station", "temperature", "temperature_c"),
    ("a substation operator", "transformers", "transformer", "voltage", "voltage_v"),
    ("a hosting company", "servers", "server", "cpu", "cpu_pct"),
    ("a brewery", "tanks", "tank", "temperature", "temperature_c"),
    ("a farm", "greenhouses", "greenhouse", "humidity", "humidity_pct"),
    ("a data centre", "routers", "router", "latency", "latency_ms"),
    ("a wind farm", "turbines", "turbine", "vibration", "vibration_mm_s"),
    ("a pumping company", "pumps", "pump", "pressure", "pressure_kpa"),
]
#: (the step as said, seconds)
STEPS = [("every hour", 3600), ("every 10 minutes", 600), ("every 15 minutes", 900), ("every 2 hours", 7200),
         ("every 30 seconds", 30), ("every half hour", 1800)]  # fmt: skip
SPANS = [("for a day", 1), ("for a week", 7)]
MAKERS = [("report", "reports"), ("send", "sends"), ("log", "logs"), ("transmit", "transmits")]


def _phrased(rng: random.Random, form: int) -> tuple[str, str, str, int, int]:
    setting, parents, parent, q, column = rng.choice(SETTINGS)
    step, seconds = rng.choice(STEPS)
    span, days = rng.choice(SPANS) if seconds >= 600 else SPANS[0]
    n = rng.randint(2, 40)
    plural_verb, verb = rng.choice(MAKERS)
    records = rng.choice([f"{q} readings", f"{q} logs", f"{q} measurements"])
    if form == 0:  # after the parent
        text = f"{setting}: {n} {parents} with {records} for each {parent} {step} {span}"
    elif form == 1:  # after a verb of the parents
        text = f"{setting}: {n} {parents} {plural_verb} {records} {step} {span}"
    elif form == 2:  # after a verb of each parent, one record said
        text = f"{setting}: {n} {parents}, each {parent} {verb} a {q} reading {step} {span}"
    else:  # before the clause, the quantity said alone
        text = f"{setting}: {n} {parents}, {step} each {parent} {verb} {q} {span}"
    return text, parents, column, seconds, days


def _cases(seed: int, n: int) -> list[tuple[str, str, str, int, int]]:
    rng = random.Random(seed)
    return [_phrased(rng, k % 4) for k in range(n)]


@pytest.fixture(scope="module", autouse=True)
def _warm() -> None:
    draft("a shop: 10 customers")


@pytest.mark.parametrize(("text", "parent", "column", "step", "days"), _cases(67, 12) + _cases(68, 8))
def test_a_step_away_from_the_rows_is_the_step_per_parent(
    text: str, parent: str, column: str, step: int, days: int
) -> None:
    spec = draft(text).spec
    table = made_per(spec, parent)
    span = (dt.date(2024, 12, 32 - days), dt.date(2024, 12, 31))
    assert spec["tables"][table]["rows"]["count"] == {"distribution": "fixed", "value": float(grid_steps(span, step))}
    cols = spec["tables"][table]["columns"]
    assert "step_no" in cols, (text, list(cols))
    assert column in cols, (text, list(cols))  # the records read what was said
    assert set(spec["tables"]) == {parent, table}, (text, list(spec["tables"]))


@pytest.mark.parametrize(("text", "parent", "column", "step", "days"), _cases(69, 3))
def test_the_rows_generate_on_the_grid(text: str, parent: str, column: str, step: int, days: int) -> None:
    spec = draft(text.replace("for a week", "for a day")).spec
    table = made_per(spec, parent)
    frames = simulacra.generate(spec, seed=1, scale=0.2).frames
    simulacra.validate(spec, frames)
    rows = frames[table]
    assert rows.height > 0 and rows[column].n_unique() > 1, text
    steps = grid_steps((dt.date(2024, 12, 31), dt.date(2024, 12, 31)), step)
    assert rows["step_no"].min() >= 0 and rows["step_no"].max() < steps, text  # on the step's grid of the day
    per = rows.group_by(rows.columns[1]).len()["len"]
    assert per.max() <= steps, text


#: a verb whose object is no record nor a quantity, or 'every' of no step: left as said
CONTROLS = [
    ("a gym: 30 members; every day each member pays a fee", "step_no"),
    ("a school: 40 teachers, each teacher sends a newsletter every week", "step_no"),
    ("a clinic: 300 visits every day for a month", "step_no"),
]


@pytest.mark.parametrize(("text", "column"), CONTROLS)
def test_no_step_where_no_records_are_made(text: str, column: str) -> None:
    spec = draft(text).spec
    assert not any(column in ts["columns"] for ts in spec["tables"].values()), text
