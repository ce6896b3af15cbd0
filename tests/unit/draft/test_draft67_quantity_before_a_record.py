"""A quantity said before a record word is a column of the records, never a table (issue 20, draft67).

"riders with gps pings" made "gps" a table (the catalogue's GPs: doctors, with names and e-mails); "trucks with
position checks", "servers with cpu usage checks" a table of the quantity with an event's columns; "heart rate
pings" lost the quantity ('rate' is a word of rates); "co2 readings" a generic value. The test composes requests
(seeded) from parents (devices and people) x quantities said in such words x record words x steps (or none),
drafts each and checks: two tables only (the parent and its records), the records made per parent with the
quantity's value columns, none of a person's, and no table named by the quantity's words."""

from __future__ import annotations

import random

import pytest

import simulacra
from simulacra.draft import draft

#: (setting, parents)
PARENTS = [
    ("a courier company", "riders"),
    ("a fleet operator", "trucks"),
    ("a clinic", "patients"),
    ("a hosting company", "servers"),
    ("a zoo", "animals"),
    ("a delivery app", "couriers"),
    ("a shipping line", "vessels"),
]
#: (the quantity as said, its value columns): catalogue words (gps, position, usage), words with a stopword in
#: them (heart rate), words with digits (co2, spo2), compounds (gps location, cpu usage)
QUANTITIES = [
    ("gps", {"latitude", "longitude"}),
    ("gps location", {"latitude", "longitude"}),
    ("position", {"latitude", "longitude"}),
    ("cpu usage", {"cpu_pct"}),
    ("memory usage", {"memory_pct"}),
    ("heart rate", {"heart_rate_bpm"}),
    ("co2", {"co2_ppm"}),
    ("spo2", {"spo2_pct"}),
    ("usage", {"energy_kwh"}),
]
RECORDS = ["pings", "readings", "checks", "logs"]
STEPS = ["", " every hour for a day", " every 10 minutes for a day", " every 30 seconds for a day"]
PERSON = {"first_name", "last_name", "email", "phone"}


def _cases(seed: int, n: int) -> list[tuple[str, str, str, set[str]]]:
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        setting, parents = rng.choice(PARENTS)
        said, cols = rng.choice(QUANTITIES)
        text = f"{setting}: {rng.randint(2, 60)} {parents} with {said} {rng.choice(RECORDS)}{rng.choice(STEPS)}"
        out.append((text, parents, said, cols))
    return out


#: every quantity once, then seeded mixes
EACH = [
    (f"a fleet operator: 12 trucks with {said} {RECORDS[k % 4]}", "trucks", said, cols)
    for k, (said, cols) in enumerate(QUANTITIES)
]


@pytest.fixture(scope="module", autouse=True)
def _warm() -> None:
    draft("a shop: 10 customers")


@pytest.mark.parametrize(("text", "parent", "said", "cols"), EACH + _cases(670, 12) + _cases(671, 6))
def test_the_quantity_is_a_column_of_the_records(text: str, parent: str, said: str, cols: set[str]) -> None:
    spec = draft(text).spec
    assert len(spec["tables"]) == 2 and parent in spec["tables"], (text, list(spec["tables"]))
    table = next(t for t in spec["tables"] if t != parent)
    assert table.replace("_", " ") not in (said, said.split()[0]), (text, table)  # no table of the quantity
    ts = spec["tables"][table]
    assert isinstance(ts["rows"], dict) and ts["rows"].get("per") == parent, (text, ts["rows"])
    assert cols <= set(ts["columns"]), (text, list(ts["columns"]))
    assert not PERSON & set(ts["columns"]), (text, list(ts["columns"]))


@pytest.mark.parametrize(("text", "parent", "said", "cols"), _cases(672, 2))
def test_the_records_generate_and_validate(text: str, parent: str, said: str, cols: set[str]) -> None:
    spec = draft(text).spec
    frames = simulacra.generate(spec, seed=2, scale=0.05).frames
    simulacra.validate(spec, frames)
    table = next(t for t in spec["tables"] if t != parent)
    assert frames[table].height > 0, text


#: controls: a catalogue word that names a table of its own stays one ("patients and 5 gps"), and quantities
#: read as before (draft66)
@pytest.mark.parametrize(
    ("text", "tables"),
    [
        ("a clinic: 300 patients and 5 gps", {"patients", "doctors"}),
        ("a brewery: 5 tanks with temperature logs", {"tanks", "temperature_logs"}),
        ("a clinic: 50 patients with blood pressure readings", None),
    ],
)
def test_tables_said_as_tables_stay(text: str, tables: set[str] | None) -> None:
    spec = draft(text).spec
    if tables is not None:
        assert set(spec["tables"]) == tables, list(spec["tables"])
    else:
        assert len(spec["tables"]) == 2, list(spec["tables"])
