"""A count said in the setting before the request's ':' is a table's rows (issue 20): 'a bank with 2,000
customers: each customer has 1-3 accounts' drafted 1,000 customers ('2,000' read as a year, then the next
clause's 'each' read as '2,000 customers each' per bank) and 'for 85 dental practices: ...' 5 practices (an
adjective between the count and its noun ended the search). A year is written without a thousands separator;
one or two words may stand between a count and its plural; a trailing 'each' counts per owner only in the
counted noun's own clause ('40 schools with 25 teachers each' still 25 per school).

The settings here are from no benchmark request set (``benchmarks/draft_requests.py``)."""

from __future__ import annotations

import pytest

from simulacra.draft import draft

#: (request, table, rows asked)
_SETTING_COUNTS = [
    ("A bank with 2,000 customers: each customer has 1-3 accounts; 5% of loans default", "customers", 2000),
    ("a gym with 1,950 members: each member books 2-6 classes", "members", 1950),
    ("a gym with 1950 members: each member books 2-6 classes", "members", 1950),
    ("an insurer with 2,050 policyholders: every policyholder holds 1 or 2 policies", "policyholders", 2050),
    ("a dental lab working for 85 dental practices: 14 technicians and 9,000 cases", "practices", 85),
    ("a cider maker buying from 14 small orchards: 600 pressings of apples", "orchards", 14),
    ("a charity serving 1,200 registered families: 40 volunteers and 5,000 visits", "families", 1200),
]


@pytest.mark.parametrize(("request_", "table", "rows"), _SETTING_COUNTS)
def test_a_count_in_the_setting_is_the_rows_of_its_table(request_: str, table: str, rows: int) -> None:
    found = draft(request_)
    tables = found.spec["tables"]
    named = [t for t in tables if t == table or t.endswith(f"_{table}")]
    assert named, list(tables)
    assert tables[named[0]]["rows"] == rows, (named[0], tables[named[0]]["rows"])


@pytest.mark.parametrize(
    ("request_", "child", "owner", "each"),
    [
        ("A bank with 2,000 customers: each customer has 1-3 accounts", "accounts", "customers", None),
        ("40 schools with 25 teachers each", "teachers", "schools", 25),
        ("a league: 16 clubs with 22 players each and 30 referees", "players", "clubs", 22),
    ],
)
def test_each_counts_per_owner_only_in_its_own_clause(request_: str, child: str, owner: str, each: int | None) -> None:
    tables = draft(request_).spec["tables"]
    rows = tables[child]["rows"]
    assert isinstance(rows, dict) and rows["per"] == owner, rows
    if each is not None:
        assert rows["count"] == {"distribution": "fixed", "value": each}, rows
    if owner == "customers":
        assert tables["customers"]["rows"] == 2000  # the owner keeps its own count, not 2,000 per bank


@pytest.mark.parametrize(
    ("request_", "table", "not_rows"),
    [
        ("a bank founded in 2001: 500 customers and their accounts", "customers", 2001),
        ("a museum since 1998: 300 exhibits and 40 rooms", "exhibits", 1998),
        ("a school in 2024 with 900 pupils: 40 teachers and 30 classes", "pupils", 2024),
        ("the class of 2019 students: 120 graduates and 300 job offers", "graduates", 2019),
    ],
)
def test_a_year_in_the_setting_is_no_count(request_: str, table: str, not_rows: int) -> None:
    tables = draft(request_).spec["tables"]
    assert all(t.get("rows") != not_rows for t in tables.values())
    assert tables[table]["rows"] != not_rows
