"""A compound's modifier that names a table, long compounds, and a trade's act (issue 20, draft46).

- "900 cat boarding invoices" with 350 cats: a catalogue head after words the catalogue lacks keeps its name and
  count and is keyed to the table a modifier names (the cat's owner reached through the cat);
- "4,000 train brake pad inspections" with 90 trains: named by its words less the one naming a table
  (`brake_pad_inspections`, keyed to trains); with none, by its last three words;
- "3,000 grooming visits" with 6 groomers and 900 customers: an act of the trade of the one staff table is keyed to
  that staff and to the customers.

The settings are from no benchmark request set (``benchmarks/draft_requests.py``) nor a held-out request of
``benchmarks/draft_compound_modifier_keys.py``.
"""

from __future__ import annotations

from typing import Any

import pytest

import simulacra
from simulacra.draft import draft

from .draft_helpers import key_to, refs


def _keys_hold(spec: dict[str, Any], table: str, parents: list[str], seed: int) -> None:
    """Generated at a small scale (a few staff rows left), every key of ``table`` to each parent is a row of that
    parent."""
    frames = simulacra.generate(spec, seed=seed, scale=0.2).frames
    simulacra.validate(spec, frames)
    for parent in parents:
        col = key_to(spec, table, parent)
        pk = spec["tables"][parent]["primary_key"]
        assert frames[table].height > 0
        assert set(frames[table][col].to_list()) <= set(frames[parent][pk].to_list())


#: (request, the records' table, its count, the modifier's table, its count)
HEADS = [
    ("a cattery: 200 owners, 350 cats and 900 cat boarding invoices", "invoices", 900, "cats", 350),
    ("a stable: 80 horses, 120 riders, 9 farriers and 700 horse shoeing payments", "payments", 700, "horses", 80),
    ("a pottery: 12 kilns, 50 potters and 300 kiln firing orders", "orders", 300, "kilns", 12),
]


class TestCatalogueHeadAfterModifiers:
    @pytest.mark.parametrize(("request_", "table", "n", "modifier", "m"), HEADS)
    def test_the_head_keeps_its_name_and_count_and_is_keyed_to_the_modifier(
        self, request_: str, table: str, n: int, modifier: str, m: int
    ) -> None:
        spec = draft(request_).spec
        tables = spec["tables"]
        assert tables[table]["rows"] == n and tables[modifier]["rows"] == m
        assert modifier in refs(tables[table])

    @pytest.mark.parametrize(("request_", "table", "modifier"), [(r, t, mod) for r, t, _n, mod, _m in HEADS])
    @pytest.mark.parametrize("seed", [1, 2])
    def test_generated_keys_are_rows_of_the_modifier(self, request_: str, table: str, modifier: str, seed: int) -> None:
        _keys_hold(draft(request_).spec, table, [modifier], seed)

    def test_the_owner_is_the_modifiers_not_drawn_apart(self) -> None:
        tables = draft(HEADS[0][0]).spec["tables"]
        assert "owners" in refs(tables["cats"])
        assert refs(tables["invoices"]) == {"cats"}  # the cat's owner, through the cat

    @pytest.mark.parametrize(
        "request_",
        [
            "a chain: 50 fast food restaurants and 3,000 organic produce orders",
            "a bakery: 20 shops and 4,000 fresh bread orders",
        ],
    )
    def test_adjectives_name_no_table(self, request_: str) -> None:
        tables = draft(request_).spec["tables"]
        assert set(tables) <= {"restaurants", "shops", "orders", "customers"}
        assert refs(tables["orders"]) <= {"restaurants", "shops", "customers"}


#: (request, the compound's table, its count, the tables it is keyed to)
LONG = [
    (
        "a rail operator: 90 trains, 20 depots and 4,000 train brake pad inspections",
        "brake_pad_inspections",
        4000,
        ["trains"],
    ),
    ("a hospital: 300 beds and 2,500 bed mattress hygiene audits", "mattress_hygiene_audits", 2500, ["beds"]),
    ("a ferry line: 1,800 ship hull corrosion scans", "hull_corrosion_scans", 1800, []),
]


class TestLongCompounds:
    @pytest.mark.parametrize(("request_", "table", "n", "keyed"), LONG)
    def test_named_by_its_words_less_a_table_the_request_has(
        self, request_: str, table: str, n: int, keyed: list[str]
    ) -> None:
        spec = draft(request_).spec
        tables = spec["tables"]
        assert tables[table]["rows"] == n
        assert set(keyed) <= refs(tables[table])
        assert not any(t.endswith(table) and t != table for t in tables)  # no second table of its last words

    @pytest.mark.parametrize(("request_", "table", "keyed"), [(r, t, k) for r, t, _n, k in LONG if k])
    def test_generated_keys_are_rows_of_the_table_named(self, request_: str, table: str, keyed: list[str]) -> None:
        _keys_hold(draft(request_).spec, table, keyed, 1)

    def test_three_words_keep_their_name(self) -> None:
        tables = draft("a fleet: 200 trucks and 4,000 truck fuel receipts").spec["tables"]
        assert tables["fuel_receipts"]["rows"] == 4000 and "trucks" in refs(tables["fuel_receipts"])


#: (request, the act's table, its staff, its customers)
TRADES = [
    (
        "a grooming parlour: 6 groomers, 900 customers and 3,000 grooming visits",
        "grooming_visits",
        "groomers",
        "customers",
    ),
    (
        "a plumbing firm: 12 plumbers, 700 customers and 2,000 plumbing callouts",
        "plumbing_callouts",
        "plumbers",
        "customers",
    ),
    (
        "a portrait studio: 5 photographers, 800 clients and 1,600 photo sittings",
        "photo_sittings",
        "photographers",
        "clients",
    ),
]


class TestActsOfTheTrade:
    @pytest.mark.parametrize(("request_", "act", "staff", "customers"), TRADES)
    @pytest.mark.parametrize("seed", [1, 2])
    def test_keyed_to_the_staff_and_the_customers(
        self, request_: str, act: str, staff: str, customers: str, seed: int
    ) -> None:
        spec = draft(request_).spec
        assert {staff, customers} <= refs(spec["tables"][act])
        _keys_hold(spec, act, [staff, customers], seed)

    def test_what_the_staff_work_on_is_no_act_of_theirs(self) -> None:
        tables = draft(
            "a test centre: 300 vehicles, 30 vehicle inspectors, 500 owners and 900 vehicle inspections"
        ).spec["tables"]
        assert "vehicle_inspectors" not in refs(tables["vehicles"])
        assert "owners" not in refs(tables["vehicle_inspections"])  # the vehicle's inspection, no owner drawn apart

    def test_a_place_of_the_trade_is_no_act_of_it(self) -> None:
        tables = draft("a chemist group: 40 pharmacies, 300 pharmacists and 90,000 prescriptions").spec["tables"]
        assert "pharmacists" not in refs(tables["pharmacies"])
