"""Nouns of two words and rows per two things, from the request set written before this round's rules
(benchmarks/draft_requests.py --after2): 'class bookings' at a gym became two tables ``class`` and ``bookings``;
'2,000 customer orders' gave the 2,000 to customers; 'split times per runner per checkpoint' was two split
times per runner on average, not one per runner and checkpoint."""

from __future__ import annotations

import polars as pl
import pytest

import simulacra
from simulacra.draft import draft


@pytest.mark.parametrize(
    ("prompt", "counts"),
    [
        ("a shop: 500 customers and 2,000 customer orders", {"customers": 500, "orders": 2000}),
        ("a school with 300 students and 4,000 student grades", {"students": 300, "grades": 4000}),
        ("a clinic: 40 doctors, 900 patients and 3,000 patient appointments", {"patients": 900, "appointments": 3000}),
    ],
)
def test_a_count_before_two_nouns_is_the_second_ones(prompt: str, counts: dict[str, int]) -> None:
    d = draft(prompt)
    result = simulacra.generate(d.spec, seed=1)
    for table, n in counts.items():
        assert result.rows[table] == n, (prompt, result.rows)


@pytest.mark.parametrize(
    ("prompt", "table", "gone"),
    [
        ("a gym with 900 members and 3,000 class bookings", "class_bookings", {"class", "bookings"}),
        ("a climbing centre with 400 members and route sessions", "route_sessions", {"route", "sessions"}),
    ],
)
def test_two_words_no_kind_of_the_setting_holds_are_one_noun(prompt: str, table: str, gone: set[str]) -> None:
    d = draft(prompt)
    assert table in d.spec["tables"] and not gone & set(d.spec["tables"]), list(d.spec["tables"])
    simulacra.generate(d.spec, seed=1, scale=0.1)


@pytest.mark.parametrize(
    ("prompt", "child", "parent", "other", "each"),
    [
        (
            "a marathon: 200 runners, 12 checkpoints, split times per runner per checkpoint",
            "split_times",
            "runners",
            "checkpoints",
            12,
        ),
        ("a league: 16 teams, 30 rounds and results per team per round", "results", "teams", "rounds", 30),
        ("a lab: 25 samples, 8 assays, measurements per sample per assay", "measurements", "samples", "assays", 8),
    ],
)
def test_rows_per_two_tables_are_one_per_pair(prompt: str, child: str, parent: str, other: str, each: int) -> None:
    d = draft(prompt)
    result = simulacra.generate(d.spec, seed=3)
    simulacra.validate(d.spec, result.frames)
    f = result.frames[child]
    pk, ok = d.spec["tables"][parent]["primary_key"], d.spec["tables"][other]["primary_key"]
    assert result.rows[child] == result.rows[parent] * each
    assert f.group_by([pk, ok]).len()["len"].max() == 1  # every pair once
    assert f.group_by(pk).agg(pl.col(ok).n_unique())[ok].unique().to_list() == [each]


@pytest.mark.parametrize(("unit", "n"), [("month", 12), ("quarter", 4), ("week", 52)])
def test_rows_per_a_table_and_a_calendar_unit(unit: str, n: int) -> None:
    d = draft(f"a telco: 300 customers with bills per customer per {unit} in 2024")
    result = simulacra.generate(d.spec, seed=1)
    assert result.rows["bills"] == 300 * n
    assert not any("names no table" in a for a in d.assumptions), d.assumptions


@pytest.mark.parametrize(
    ("prompt", "not_a_table"),
    [
        ("a hospital: 20,000 admissions in 2024, average stay 4 days", "average_stay"),
        ("a shop: 900 customers, orders, a median basket of 3 items", "items"),
        ("a call centre: 40 agents, 8,000 calls, mean call length 6 minutes", "call_length"),
    ],
)
def test_an_average_is_a_statistic_not_a_table(prompt: str, not_a_table: str) -> None:
    d = draft(prompt)
    assert not_a_table not in d.spec["tables"] and "basket" not in d.spec["tables"], list(d.spec["tables"])
    assert any("statistic" in a for a in d.assumptions) or not_a_table == "items"


@pytest.mark.parametrize(("word", "per_day"), [("half-hourly", 48), ("quarter-hourly", 96), ("hourly", 24)])
def test_readings_more_often_than_hourly(word: str, per_day: int) -> None:
    d = draft(f"an energy retailer: 20 customers, smart meters, {word} readings for one week")
    result = simulacra.generate(d.spec, seed=1)
    assert result.rows["meter_readings"] == result.rows["meters"] * per_day * 7


def test_each_assumption_is_said_once() -> None:
    d = draft("an energy retailer: 50 customers, smart meters, readings for one week, 1% of readings missing")
    assert len(d.assumptions) == len(set(d.assumptions))


def test_things_for_a_share_of_people_are_one_each_for_that_share() -> None:
    d = draft("a coffee chain: 30 cafes, 400 baristas, 20,000 sales in 2024, loyalty cards for 60% of customers")
    rows = d.spec["tables"]["loyalty_cards"]["rows"]
    assert rows == {"per": "customers", "count": {"distribution": "fixed", "value": 1}, "zero_rate": 0.4}
    assert "scenarios" not in d.spec  # the 60% is the share that hold one, not a label
    result = simulacra.generate(d.spec, seed=1)
    share = result.frames["loyalty_cards"]["customer_id"].n_unique() / result.rows["customers"]
    assert abs(share - 0.6) < 0.06


@pytest.mark.parametrize(
    "prompt",
    [
        "a coffee chain: 30 cafes, 400 baristas, 20,000 sales in 2024, loyalty cards for 60% of customers",
        "a bike sharing system: 600 stations, 9,000 bikes and 50,000 riders",
    ],
)
def test_fewer_things_than_people_are_not_theirs(prompt: str) -> None:
    t = draft(prompt).spec["tables"]
    place = "cafes" if "cafes" in t else "stations"
    assert not isinstance(t[place]["rows"], dict), t[place]["rows"]  # a table of its own, not made per a person
    people = "customers" if "customers" in t else "riders"
    refs = {str(c.get("references", "")).split(".")[0] for c in t[place]["columns"].values()}
    assert people not in refs, refs  # nor does it refer to one


@pytest.mark.parametrize(
    ("prompt", "span", "counts"),
    [
        (
            "a school district: 25 schools, 18,000 students, attendance records per student per day for the 2023 school year",
            ("2023-09-01", "2024-06-30"),
            {"schools": 25, "students": 18000},
        ),
        (
            "a retailer: 40 stores and 9,000 invoices for the 2022 fiscal year",
            ("2022-01-01", "2022-12-31"),
            {"stores": 40},
        ),
    ],
)
def test_a_year_before_a_noun_is_a_span_not_a_count(prompt: str, span: tuple[str, str], counts: dict[str, int]) -> None:
    d = draft(prompt)
    for table, n in counts.items():
        assert d.spec["tables"][table]["rows"] == n, (table, d.spec["tables"][table]["rows"])
    assert any(span[0] in a and span[1] in a for a in d.assumptions), d.assumptions


def test_records_after_a_noun_are_its_head() -> None:
    d = draft("a school: 30 students, attendance records per student per day for one week")
    assert d.spec["tables"]["attendance_records"]["rows"]["count"] == {"distribution": "fixed", "value": 7.0}


@pytest.mark.parametrize(
    ("prompt", "child", "parent", "lo", "hi"),
    [
        ("a shop: 500 customers, orders with 1-5 items each", "order_items", "orders", 1, 5),
        ("a garage: 300 repairs with 2 to 4 parts each", "parts", "repairs", 2, 4),
        ("a lab: 80 batches with between 3 and 6 samples", "samples", "batches", 3, 6),
    ],
)
def test_a_range_with_a_noun_is_a_count_per_parent_row(prompt: str, child: str, parent: str, lo: int, hi: int) -> None:
    d = draft(prompt)
    assert d.spec["tables"][child]["rows"]["per"] == parent
    result = simulacra.generate(d.spec, seed=4)
    simulacra.validate(d.spec, result.frames)
    key = d.spec["tables"][parent]["primary_key"]
    sizes = result.frames[child].group_by(key).len()["len"]
    assert sizes.min() == lo and sizes.max() == hi
    assert result.frames[child][key].n_unique() == result.rows[parent]  # every parent has at least lo


def test_each_at_a_clause_end_names_no_parent() -> None:
    d = draft("a bank: 20,000 customers with 1 to 3 accounts each, card transactions for a year")
    assert d.spec["tables"]["accounts"]["rows"]["per"] == "customers"
    assert not any("per card" in a for a in d.assumptions), d.assumptions
