"""Readings of a quantity get the quantity's value column; devices are never drafted as people (issue 20, draft66).

"a brewery: 5 tanks with temperature logs every 3 hours" drafted the logs with the tank's own columns (serial, model,
status) and no temperature; "20 servers with cpu readings" drafted the servers as people (first_name, email) and the
readings with a name, a category and an amount. The test composes requests (seeded) from settings, device parents,
quantities and record words ('readings', 'logs', 'measurements', 'snapshots', 'samples', 'pings'), drafts and
generates each, and checks (i) the value column named for the quantity, its generated values in a plausible range,
(ii) none of the parent's identity columns copied into the readings, (iii) no person columns on a device parent,
(iv) the spec validates; controls: people parents (patients, members, residents) keep their person columns."""

from __future__ import annotations

import random

import pytest

import simulacra
from simulacra.draft import draft

#: (setting, device parents): words of devices, some that WordNet reads as people first (servers, routers, printers)
DEVICES = [
    ("a brewery", "tanks"),
    ("a hosting company", "servers"),
    ("an internet provider", "routers"),
    ("a cold-chain warehouse", "freezers"),
    ("a wind farm", "turbines"),
    ("a water utility", "pumps"),
    ("a print shop", "printers"),
    ("a fleet operator", "trucks"),
    ("a factory", "compressors"),
    ("a winery", "vats"),
]
#: (the quantity said, {value column: (lowest, highest) plausible value})
QUANTITIES = [
    ("temperature", {"temperature_c": (-40, 120)}),
    ("cpu", {"cpu_pct": (0, 100)}),
    ("memory", {"memory_pct": (0, 100)}),
    ("disk", {"disk_pct": (0, 100)}),
    ("voltage", {"voltage_v": (0, 400)}),
    ("pressure", {"pressure_kpa": (0, 1000)}),
    ("humidity", {"humidity_pct": (0, 100)}),
    ("power", {"power_kw": (0, 50)}),
    ("vibration", {"vibration_mm_s": (0, 50)}),
    ("latency", {"latency_ms": (1, 2000)}),
    ("location", {"latitude": (-90, 90), "longitude": (-180, 180)}),
]
#: (setting, people parents, quantity said, {value column: range}): people keep their names
PEOPLE = [
    ("a clinic", "patients", "blood pressure", {"systolic_mmhg": (60, 250), "diastolic_mmhg": (30, 150)}),
    ("a gym", "members", "weight", {"weight_kg": (2, 250)}),
    ("a care home", "residents", "glucose", {"glucose_mg_dl": (20, 600)}),
    ("a sports lab", "athletes", "heart rate", {"heart_rate_bpm": (30, 220)}),
]
RECORDS = ["readings", "logs", "measurements", "snapshots", "samples", "pings"]
STEPS = ["every hour", "every 2 hours", "every 3 hours", "every 6 hours", "every 30 minutes"]
#: columns that say who or what a row is: a reading is of its parent through the key, it has none of its own
IDENTITY = {"serial", "model", "status", "name", "category", "in_service_since", "amount", "asset_tag"}
PERSON = {"first_name", "last_name", "email", "phone"}


def _device_cases(seed: int, n: int) -> list[tuple[str, str, dict[str, tuple[float, float]]]]:
    rng = random.Random(seed)
    out = []
    while len(out) < n:
        setting, parents = rng.choice(DEVICES)
        said, cols = rng.choice(QUANTITIES)
        text = (
            f"{setting}: {rng.randint(2, 6)} {parents} with {said} {rng.choice(RECORDS)} {rng.choice(STEPS)} for a day"
        )
        out.append((text, parents, cols))
    return out


def _people_cases(seed: int) -> list[tuple[str, str, dict[str, tuple[float, float]]]]:
    rng = random.Random(seed)
    return [
        (f"{setting}: {rng.randint(3, 9)} {parents} with {said} {rng.choice(['readings', 'measurements'])} every day "
         f"for a week", parents, cols)
        for setting, parents, said, cols in PEOPLE
    ]  # fmt: skip


@pytest.fixture(scope="module", autouse=True)
def _warm() -> None:
    draft("a shop: 10 customers")


def _readings(spec: dict, parent: str, cols: dict) -> tuple[str, dict]:
    """The table of readings and its value columns: the quantity's own, or where the catalogue's kind of readings
    is drafted (a factory's, a utility's) its column ``value``, which its scenarios override, ranged as the quantity."""
    found = [t for t, ts in spec["tables"].items() if t != parent and set(cols) <= set(ts["columns"])]
    if not found and len(cols) == 1:
        found = [t for t, ts in spec["tables"].items() if t != parent and "value" in ts["columns"]]
        cols = {"value": next(iter(cols.values()))}
    assert len(found) == 1, (parent, {t: list(ts["columns"]) for t, ts in spec["tables"].items()})
    return found[0], cols


def _check(text: str, parent: str, cols: dict[str, tuple[float, float]]) -> dict:
    spec = draft(text).spec
    table, cols = _readings(spec, parent, cols)  # (i) the quantity's own columns
    own = set(spec["tables"][table]["columns"])
    assert not own & IDENTITY, (text, sorted(own & IDENTITY))  # (ii) nothing of the parent's but its key
    assert not own & PERSON, text
    assert any(
        isinstance(c, dict) and c.get("references") == f"{parent}.{spec['tables'][parent]['primary_key']}"
        for c in spec["tables"][table]["columns"].values()
    ), text
    frames = simulacra.generate(spec, seed=3, scale=1.0).frames
    simulacra.validate(spec, frames)  # (iv)
    rows = frames[table]
    assert rows.height > 0, text
    for name, (low, high) in cols.items():
        values = rows[name].drop_nulls()
        assert values.len() == rows.height, (text, name)
        assert low <= float(values.min()) and float(values.max()) <= high, (text, name, values.min(), values.max())
        assert values.n_unique() > 1, (text, name)  # a value read over time, not a constant
    return spec


@pytest.mark.parametrize(("text", "parent", "cols"), _device_cases(66, 10) + _device_cases(67, 4))
def test_device_readings_get_the_quantity_and_the_device_no_person(text: str, parent: str, cols: dict) -> None:
    spec = _check(text, parent, cols)
    assert not set(spec["tables"][parent]["columns"]) & PERSON, (text, list(spec["tables"][parent]["columns"]))  # (iii)


@pytest.mark.parametrize(("text", "parent", "cols"), _people_cases(66))
def test_people_parents_keep_their_names(text: str, parent: str, cols: dict) -> None:
    spec = _check(text, parent, cols)
    assert {"first_name", "last_name"} <= set(spec["tables"][parent]["columns"]), text  # control


@pytest.mark.parametrize(
    ("text", "parent"),
    [
        ("a hosting company: 20 servers", "servers"),
        ("a print shop: 8 printers and 300 print jobs", "printers"),
        ("an internet provider: 40 routers", "routers"),
        ("a data centre: 30 hosts with cpu readings every hour for a day", "hosts"),
        ("a cluster: 12 nodes with memory snapshots every hour for a day", "nodes"),
    ],
)
def test_devices_are_things_not_people(text: str, parent: str) -> None:
    """By a word of devices (servers, printers, routers), or by a quantity only a device has read of it (hosts)."""
    d = draft(text)
    cols = set(d.spec["tables"][parent]["columns"])
    assert not cols & PERSON, (text, sorted(cols))
    assert cols & {"serial", "imei", "asset_tag"}, (
        text,
        sorted(cols),
    )  # a thing's identity (routers: a catalogue kind)
    assert any("read as devices" in n for n in d.assumptions) or parent not in ("hosts", "servers"), d.assumptions


@pytest.mark.parametrize(
    ("text", "table", "column"),
    [
        ("a lab: 5 vats with turbidity readings every hour for a day", "turbidity_readings", "turbidity_value"),
        ("a farm: 4 ponds with salinity measurements every hour for a day", "salinity_measurements", "salinity_value"),
    ],
)
def test_an_unknown_quantity_gets_one_value_column_named_by_its_word(text: str, table: str, column: str) -> None:
    spec = draft(text).spec
    cols = spec["tables"][table]["columns"]
    assert cols[column]["generator"] == "normal", cols
    assert not set(cols) & IDENTITY, sorted(cols)


def test_records_of_work_stay_records_of_work() -> None:
    """'maintenance logs' are not values of a quantity: no value column is made up for them."""
    spec = draft("a brewery: 5 tanks with maintenance logs").spec
    table = next(t for t in spec["tables"] if t != "tanks")
    assert not {"value", "measured_at"} & set(spec["tables"][table]["columns"]), spec["tables"][table]["columns"]
