"""A quantity's range depends on what is read, where the catalogue of quantities says so (issue 20, draft67).

draft66 gave one range per quantity: freezers and ovens alike read 20 °C on average, from -40 to 120. The
catalogue's rows now carry ranges by the words of the thing read (``Quantity.by_thing``): a freezer -30..-10 °C,
a fridge 1..6, an oven 150..250, a room 18..26, an engine 70..110, a patient's body 35.5..40, a tyre's pressure
180..280 kPa, a greenhouse's humidity 60..90 %. The test composes requests (seeded) from settings x things read
x quantities x record words x steps, drafts and generates each, and checks every value falls in the thing's
range and their mean near its middle; controls: a thing no row names keeps the quantity's own range."""

from __future__ import annotations

import random

import pytest

import simulacra
from simulacra.draft import draft

#: (setting, parents, quantity said, value column, lowest, highest)
THINGS = [
    ("a cold-chain warehouse", "freezers", "temperature", "temperature_c", -30, -10),
    ("an ice cream shop", "freezers", "temp", "temperature_c", -30, -10),
    ("a supermarket", "fridges", "temperature", "temperature_c", 1, 6),
    ("a pharmacy", "refrigerators", "temperature", "temperature_c", 1, 6),
    ("a bakery", "ovens", "temperature", "temperature_c", 150, 250),
    ("a pizza chain", "ovens", "temp", "temperature_c", 150, 250),
    ("a workshop", "engines", "temperature", "temperature_c", 70, 110),
    ("a boat yard", "motors", "temperature", "temperature_c", 70, 110),
    ("a school", "classrooms", "temperature", "temperature_c", 18, 26),
    ("a hospital", "patients", "temperature", "temperature_c", 35.5, 40),
    ("a heating firm", "boilers", "temperature", "temperature_c", 60, 90),
    ("a farm", "greenhouses", "humidity", "humidity_pct", 60, 90),
]
RECORDS = ["readings", "logs", "measurements", "checks"]
STEPS = ["every hour", "every 2 hours", "every 30 minutes"]


def _cases(seed: int, n: int) -> list[tuple[str, str, str, float, float]]:
    rng = random.Random(seed)
    out = []
    for setting, parents, said, column, low, high in rng.sample(THINGS, n):
        text = (
            f"{setting}: {rng.randint(3, 8)} {parents} with {said} {rng.choice(RECORDS)} {rng.choice(STEPS)} for a day"
        )
        out.append((text, parents, column, low, high))
    return out


@pytest.fixture(scope="module", autouse=True)
def _warm() -> None:
    draft("a shop: 10 customers")


def _values(text: str, parent: str, column: str) -> list[float]:
    spec = draft(text).spec
    table = next(t for t, ts in spec["tables"].items() if t != parent and column in ts["columns"])
    frames = simulacra.generate(spec, seed=5, scale=1.0).frames
    simulacra.validate(spec, frames)
    return [float(v) for v in frames[table][column].drop_nulls()]


@pytest.mark.parametrize(("text", "parent", "column", "low", "high"), _cases(6700, 8) + _cases(6701, 4))
def test_the_range_is_the_thing_read(text: str, parent: str, column: str, low: float, high: float) -> None:
    values = _values(text, parent, column)
    assert len(values) > 10, text
    assert low <= min(values) and max(values) <= high, (text, min(values), max(values))
    mean = sum(values) / len(values)
    assert abs(mean - (low + high) / 2) <= (high - low) / 4, (text, mean)
    assert len(set(values)) > 1, text


def test_the_thing_said_in_the_records_words_counts_too() -> None:
    values = _values(
        "a restaurant: 4 kitchens with freezer temperature logs every hour for a day", "kitchens", "temperature_c"
    )
    assert max(values) <= -10, max(values)


@pytest.mark.parametrize(
    "text",
    [
        "a brewery: 5 tanks with temperature logs every hour for a day",
        "a hosting company: 6 servers with temperature readings every hour for a day",
    ],
)
def test_a_thing_no_row_names_keeps_the_quantitys_range(text: str) -> None:
    spec = draft(text).spec
    col = next(ts["columns"]["temperature_c"] for ts in spec["tables"].values() if "temperature_c" in ts["columns"])
    assert (col["mean"], col["min"], col["max"]) == (20, -40, 120), col
