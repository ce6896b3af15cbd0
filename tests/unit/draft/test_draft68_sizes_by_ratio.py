"""Tables a draft adds beside the ones the user sized follow the catalogue's ratios (issue 20, draft68).

"a telehealth platform with 2M clinics, doctors and appointments" drafted 8,000,000 doctors (the catalogue's 20 x the
factor of the counts said, more than anything the user set) and 0.125 appointments per doctor (the guessed count
lowered below one under the row bound: appointments fewer than doctors). "40 stores with orders" drafted 3 orders per
store (the catalogue's count per customer, said of another parent). The requests are composed here from many
domains, sizes 10..10M and number phrasings (seeded); each draft is checked against the catalogue's own data:
user sizes exact, a child the catalogue makes one or more per parent never scarcer than its parent, per-parent means
within the catalogue's range, added tables no larger than what the user set, a note for each added table's size.
Small drafts are validated and generated."""

from __future__ import annotations

import random
import time
from typing import Any

import pytest

import simulacra
from simulacra.draft import draft, load_catalogue

HUGE_ROWS = 1_000_000

#: (setting, sized table, added tables): catalogue chains of several domains
SETTINGS = [
    ("a telehealth platform", "clinics", ["doctors", "appointments"]),
    ("a clinic", "doctors", ["patients", "appointments"]),
    ("a hospital", "patients", ["appointments", "prescriptions"]),
    ("an online shop", "customers", ["orders", "order lines"]),
    ("a retailer", "stores", ["orders", "order lines"]),
    ("a school", "students", ["courses", "enrolments"]),
    ("a school district", "schools", ["students", "enrolments"]),
    ("a fleet", "vehicles", ["drivers", "shipments"]),
    ("a bank", "accounts", ["transactions"]),
    ("a bank", "customers", ["accounts", "transactions"]),
    ("a telecom", "subscribers", ["lines", "call records"]),
    ("a saas startup", "users", ["sessions", "events"]),
    ("a hotel chain", "hotels", ["rooms", "guests"]),
    ("a library", "books", ["book copies", "library members"]),
]
#: a size written several ways, and its value (10..10M)
SIZES = [
    ("10", 10),
    ("a dozen", 12),
    ("250", 250),
    ("5,000", 5_000),
    ("50k", 50_000),
    ("400000", 400_000),
    ("2M", 2_000_000),
    ("2 million", 2_000_000),
    ("3.5 million", 3_500_000),
    ("10M", 10_000_000),
]
SHAPES = [
    "{setting} with {n} {sized}, {added}",
    "{setting}: {n} {sized} with {added}",
    "{setting} with {n} {sized} and their {added}",
]


def _join(words: list[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def _cases(seed: int, n: int) -> list[tuple[str, str, int]]:
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        setting, sized, added = rng.choice(SETTINGS)
        words, value = rng.choice(SIZES)
        shape = rng.choice(SHAPES)
        out.append((shape.format(setting=setting, n=words, sized=sized, added=_join(added)), sized, value))
    return out


CASES = _cases(68, 12) + _cases(69, 8)


def _kind(table: dict[str, Any]) -> Any:
    """The catalogue kind a table of a draft was made from (its description names it), or None."""
    desc = str(table.get("description", ""))
    if not desc.endswith("from the draft catalogue"):
        return None
    return load_catalogue().kinds.get(desc.split(" (")[0].replace(" ", "_"))


def _mean(count: dict[str, Any]) -> float:
    if "values" in count:
        w = count.get("weights") or [1.0] * len(count["values"])
        return sum(v * x for v, x in zip(count["values"], w, strict=True)) / sum(w)
    return float(count.get("value", count.get("lam", count.get("mean", 0))))


def _check(text: str, sized: str, value: int) -> dict[str, Any]:
    d = draft(text)
    tables = d.spec["tables"]
    name = sized.replace(" ", "_")
    assert tables[name]["rows"] == value, (text, tables[name]["rows"])  # user sizes exact
    said = [t["rows"] for p, t in tables.items() if f"tables.{p}.rows" in d.said and isinstance(t["rows"], int)]
    cap = max([HUGE_ROWS, *said])
    for t, table in tables.items():
        rows, kind = table["rows"], _kind(table)
        if f"tables.{t}.rows" in d.said or kind is None:
            continue
        # each added table says how it was sized
        assert any(a.startswith((f"no count asked for {t}:", f"{t}: made per")) for a in d.assumptions), (text, t)
        if isinstance(rows, int):  # an added root: never more than what the user set
            assert rows <= cap, (text, t, rows)
            for c, child in tables.items():
                crows = child["rows"]
                ckind = _kind(child)
                refs = [col.get("references", "") for col in child["columns"].values() if isinstance(col, dict)]
                if (
                    f"tables.{c}.rows" in d.said
                    and isinstance(crows, int)
                    and ckind is not None
                    and ckind.per is not None
                    and _mean(ckind.per) * (1 - ckind.zero_rate) >= 1
                    and refs[:1] == [f"{t}.{table['primary_key']}"]
                ):
                    assert rows <= crows, (text, t, rows, c, crows)  # parents fewer than their children
            continue
        if "count" not in rows or kind.per is None or rows.get("by") is not None:
            continue
        mean = _mean(rows["count"])
        parent = _kind(tables[rows["per"]])
        ratio = kind.rows / parent.rows if parent is not None else 0.0
        own = _mean(kind.per)
        if min(own, ratio or own) * (1 - kind.zero_rate) >= 1:  # several per parent: children >= parents
            assert mean >= 1, (text, t, rows)
        # within the catalogue's range: no more than its count per parent (or its ratio of rows), no less than
        # its least count where it has one
        assert mean <= max(own, ratio) * 1.001, (text, t, rows)
        if "min" in kind.per and parent is not None and kind.parents and parent.name in kind.parents[0]:
            assert mean >= min(float(kind.per["min"]), 1.0), (text, t, rows)
    return d.spec


@pytest.mark.parametrize(("text", "sized", "value"), CASES, ids=[c[0][:60] for c in CASES])
def test_added_tables_follow_the_catalogue_ratios(text: str, sized: str, value: int) -> None:
    _check(text, sized, value)


@pytest.mark.parametrize(
    "text",
    [
        "a telehealth platform with 2M clinics, doctors and appointments",
        "a telehealth platform with 2 million clinics, doctors and appointments",
        "a medical network with 5M clinics, doctors and appointments",
    ],
)
def test_the_issue_example_keeps_appointments_at_least_doctors(text: str) -> None:
    d = draft(text)
    tables = d.spec["tables"]
    biggest = max(t["rows"] for t in tables.values() if isinstance(t["rows"], int))
    assert tables["doctors"]["rows"] <= biggest  # no more than what the user set
    appointments = tables["appointments"]["rows"]
    assert appointments["per"] == "doctors"
    assert _mean(appointments["count"]) >= 1  # appointments are never fewer than doctors
    assert any(a.startswith("no count asked for doctors:") and "no more than" in a for a in d.assumptions)


@pytest.mark.parametrize(
    ("text", "parent", "child", "least"),
    [
        ("a retailer with 40 stores, orders and order lines", "stores", "orders", 50),
        ("a chain of 12 stores with orders", "stores", "orders", 50),
        ("a logistics company with 200 vehicles, drivers and shipments", "drivers", "shipments", 20),
        ("a clinic with 10 doctors and appointments", "doctors", "appointments", 50),
        ("a practice with 6 doctors and their appointments", "doctors", "appointments", 50),
    ],
)
def test_a_count_said_of_another_parent_is_not_used(text: str, parent: str, child: str, least: float) -> None:
    """The catalogue's 3 orders per customer are not 3 orders per store: per a parent of a later slot the count
    per parent row is the catalogue's rows in ratio, and the note says so."""
    d = draft(text)
    rows = d.spec["tables"][child]["rows"]
    assert rows["per"] == parent
    assert _mean(rows["count"]) >= least, rows
    assert any(a.startswith(f"{child}: made per") and "the catalogue's" in a for a in d.assumptions)


@pytest.mark.parametrize(
    "text",
    [
        "a clinic with 10 doctors, patients and appointments",
        "a retailer with 3 stores, orders and order lines",
        "a bank with 25 customers, accounts and transactions",
        "a school with 40 students, courses and enrolments",
        "a fleet with 5 vehicles, drivers and shipments",
    ],
)
def test_small_drafts_validate_and_generate_children_at_least_parents(text: str) -> None:
    start = time.process_time()
    d = draft(text)
    data = simulacra.generate(d.spec, seed=7).frames
    for name, table in d.spec["tables"].items():
        rows = table["rows"]
        kind = _kind(table)
        if not isinstance(rows, dict) or "count" not in rows or kind is None or kind.per is None:
            continue
        if _mean(kind.per) * (1 - kind.zero_rate) >= 1 and "by" not in rows:
            assert len(data[name]) >= len(data[rows["per"]]), (text, name)
    assert time.process_time() - start < 10


@pytest.mark.parametrize(
    "text",
    [
        "a utility with 500 meters and electricity readings every 15 minutes",
        "an electricity utility with 800 smart meters and energy readings every hour",
        "a utility with 300 meters and electricity readings",
    ],
)
def test_electricity_readings_of_meters_have_an_energy_value(text: str) -> None:
    cols = draft(text).spec["tables"]["meter_readings"]["columns"]
    assert any("kwh" in c for c in cols), cols


@pytest.mark.parametrize(
    ("text", "parent", "child"),
    [
        ("a telehealth platform with 2M clinics, 500 appointments and doctors", "doctors", "appointments"),
        ("a retailer with 10,000 products, 60 orders and customers", "customers", "orders"),
        ("a shop with 50k products, 120 orders and their customers", "customers", "orders"),
        ("a bank with 5,000 merchants, 90 transactions and customers", "customers", "transactions"),
        ("a library with 100,000 books, 40 loans and members", "members", "loans"),
        ("an academy with 500 teachers, 80 enrolments and students", "students", "enrolments"),
    ],
)
def test_an_added_parent_is_never_more_than_its_children_said(text: str, parent: str, child: str) -> None:
    """Two counts said far apart: the factor of their geometric mean made more parents than the children said
    (1,000 customers for 60 orders); the parent added is no more than the children the catalogue makes one or more
    of per parent, and its note says why."""
    d = draft(text)
    tables = d.spec["tables"]
    assert isinstance(tables[child]["rows"], int) and isinstance(tables[parent]["rows"], int)
    assert tables[parent]["rows"] <= tables[child]["rows"], (tables[parent]["rows"], tables[child]["rows"])
    assert any(a.startswith(f"no count asked for {parent}:") and "no more than" in a for a in d.assumptions)
