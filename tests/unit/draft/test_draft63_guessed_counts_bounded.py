"""Counts per parent row the draft guessed under a large count asked stay within a bound (issue 20, draft63).

"2 million patients, their visits and prescriptions", "10k schools with classes and pupils": the request says how
many of the top table and leaves each count per parent row to the catalogue (3 visits per patient, 300 pupils per
school), which multiply into tables nobody asked for (6,000,000 visits; 3,000,000 pupils) that take minutes to
generate. The guessed counts are lowered so no table made of them passes ``HUGE_ROWS`` or the top count asked,
whichever is larger, with a warning naming the table and the counts; every count the request said stays as said.
The requests are composed here from chains of catalogue tables, numbers written several ways and several sentence
shapes (seeded), not one example."""

from __future__ import annotations

import math
import random
import time
from typing import Any

import pytest

import simulacra
from simulacra.draft import draft

#: the bound a table made of guessed counts stays within unless a count asked above it is larger
HUGE_ROWS = 1_000_000

#: (top, middle, bottom) tables the catalogue makes as a chain of counts per parent row
CHAINS = [
    ("customers", "orders", "order items"),
    ("patients", "visits", "prescriptions"),
    ("schools", "classes", "pupils"),
    ("members", "bookings", "payments"),
    ("users", "sessions", "page views"),
    ("hotels", "rooms", "reservations"),
    ("stores", "products", "sales"),
    ("teams", "players", "matches"),
    ("accounts", "transactions", "refunds"),
]
#: a large count written several ways, and its value
NUMBERS = [
    ("2 million", 2_000_000),
    ("1.5 million", 1_500_000),
    ("3 million", 3_000_000),
    ("400000", 400_000),
    ("750,000", 750_000),
    ("10k", 10_000),
    ("50,000", 50_000),
]
SHAPES = [
    "{n} {top} with {mid} and {bot}",
    "{n} {top}, their {mid} and {bot}",
    "a dataset of {n} {top} with {mid} and {bot}",
]


def _cases(seed: int, n: int) -> list[tuple[str, int, str]]:
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        top, mid, bot = rng.choice(CHAINS)
        words, value = rng.choice(NUMBERS)
        out.append((rng.choice(SHAPES).format(n=words, top=top, mid=mid, bot=bot), value, top))
    return out


CASES = _cases(63, 8) + _cases(64, 6)


def _mean(count: dict[str, Any]) -> float:
    if "values" in count:
        w = count.get("weights") or [1.0] * len(count["values"])
        return sum(v * x for v, x in zip(count["values"], w, strict=True)) / sum(w)
    return float(count.get("value", count.get("lam", count.get("mean", 0.0))))


def _chain(spec: dict[str, Any], table: str) -> list[str] | None:
    """The tables from ``table`` up to the top of counts per parent row it is made by; None where a total ends it."""
    out = [table]
    while not isinstance(spec["tables"][out[-1]]["rows"], int):
        rows = spec["tables"][out[-1]]["rows"]
        if "total" in rows or "per" not in rows:
            return None
        out.append(rows["per"])
    return out


def _expected(spec: dict[str, Any], links: list[str]) -> float:
    rows = float(spec["tables"][links[-1]]["rows"])
    for t in links[:-1]:
        r = spec["tables"][t]["rows"]
        rows *= _mean(r["count"]) * (1.0 - float(r.get("zero_rate", 0.0)))
    return rows


@pytest.fixture(scope="module", autouse=True)
def _warm() -> None:
    """The catalogue and word lists load once per process (seconds): not part of the time a request takes."""
    draft("a shop: 10 customers")


def _check_bounded(request: str, asked: int, top: str) -> None:
    d = draft(request)
    spec = d.spec
    assert spec["tables"][top]["rows"] == asked  # the count asked is kept
    assert f"tables.{top}.rows" in d.said
    bound = max(HUGE_ROWS, asked)
    for table in spec["tables"]:
        links = _chain(spec, table)
        if links is None or len(links) < 2 or links[-1] != top:
            continue
        if all(f"tables.{t}.rows.count" in d.said for t in links[:-1]):
            continue  # every count said: kept as multiplied
        assert _expected(spec, links) <= bound * 1.0001, (request, table, _expected(spec, links))


@pytest.mark.parametrize(("request_text", "asked", "top"), CASES)
def test_guessed_counts_under_a_large_count_stay_within_the_bound(request_text: str, asked: int, top: str) -> None:
    _check_bounded(request_text, asked, top)


def test_the_warning_names_the_table_and_the_counts() -> None:
    d = draft("2 million patients, their visits and prescriptions")
    warned = [n for n in d.assumptions if n.startswith("warning: visits:")]
    assert len(warned) == 1
    assert "6,000,000" in warned[0] and "2,000,000 patients asked" in warned[0]
    assert "1 per patient, not 3" in warned[0]
    d = draft("10k schools with classes and pupils")
    warned = [n for n in d.assumptions if n.startswith("warning: pupils:")]
    assert warned and "3,000,000" in warned[0] and "100 per school, not 300" in warned[0]


@pytest.mark.parametrize(
    ("request_text", "table", "per"),
    [
        ("20,000 customers with orders and 200 order items per order", "order_items", 200),
        ("30,000 hotels with rooms and 90 reservations per room", "reservations", 90),
        ("5,000 schools with classes and 400 pupils per class", "pupils", 400),
    ],
)
def test_a_guessed_middle_count_is_lowered_and_the_count_said_below_it_kept(
    request_text: str, table: str, per: int
) -> None:
    d = draft(request_text)
    rows = d.spec["tables"][table]["rows"]
    assert _mean(rows["count"]) == per and f"tables.{table}.rows.count" in d.said  # said: kept
    top = _chain(d.spec, table)
    assert top is not None
    # the guessed middle is lowered to one per parent row and no further (draft68: a child the catalogue makes one or
    # more of per parent is never scarcer than its parent), so the table is the counts said, multiplied, at most
    middle = d.spec["tables"][top[1]]["rows"]
    assert _mean(middle["count"]) == 1
    assert _expected(d.spec, top) <= max(HUGE_ROWS, d.spec["tables"][top[-1]]["rows"] * per) * 1.0001
    assert any(n.startswith(f"warning: {table}:") for n in d.assumptions)


@pytest.mark.parametrize(
    ("request_text", "table", "per", "rows"),
    [
        ("2 million patients with 3 visits per patient", "visits", 3, 6_000_000),
        ("400,000 users with 5 sessions per user", "sessions", 5, 2_000_000),
    ],
)
def test_counts_all_said_are_kept_as_multiplied(request_text: str, table: str, per: int, rows: int) -> None:
    d = draft(request_text)
    spec = d.spec
    assert _mean(spec["tables"][table]["rows"]["count"]) == per
    links = _chain(spec, table)
    assert links is not None and _expected(spec, links) == rows
    assert not any(n.startswith(f"warning: {table}:") for n in d.assumptions)


def test_a_small_count_asked_keeps_the_catalogue_counts() -> None:
    small = draft("2,000 patients, their visits and prescriptions").spec
    large = draft("2 million patients, their visits and prescriptions").spec
    assert small["tables"]["visits"]["rows"]["count"]["mean"] == 3  # the catalogue's, unchanged
    assert large["tables"]["visits"]["rows"]["count"]["mean"] == 1
    assert small["tables"]["prescriptions"]["rows"] == large["tables"]["prescriptions"]["rows"]  # within the bound


@pytest.mark.parametrize(("request_text", "asked", "top"), CASES[:4])
def test_draft_and_generate_small_take_seconds(request_text: str, asked: int, top: str) -> None:
    t0 = time.process_time()  # CPU seconds: the shared test machine's load stretches the wall clock, not these
    d = draft(request_text)
    scale = 2_000 / asked  # about 2,000 of the top table
    frames = simulacra.generate(d.spec, seed=1, scale=scale).frames
    simulacra.validate(d.spec, frames)
    took = time.process_time() - t0
    assert took < 10, f"{request_text}: {took:.1f} s"
    bound = max(HUGE_ROWS, asked)
    for name, frame in frames.items():  # rows as drafted: a least count per parent may add a little
        assert len(frame) <= math.ceil(bound * scale * 1.6) + 50, (request_text, name, len(frame))
