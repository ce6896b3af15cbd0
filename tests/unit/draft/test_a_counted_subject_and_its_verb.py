"""A counted subject, its verb and a plural object in one clause ("300 guests book pods", issue 20): the verb
is no table and no modifier, though the catalogue knows the word ('book', 'grade', 'reserve'), and the object is
a table even when no catalogue kind names it. Before, "300 guests book pods" drafted 3,000 guests and a table
`book` of 300 rows ('guests book' read as a guest book), and no pods.

The settings here are from no benchmark request set (``benchmarks/draft_requests.py``)."""

from __future__ import annotations

import pytest

from simulacra.draft import draft

#: (request, subject, its count, the verb no table may be named by, the object table)
_CLAUSES = [
    ("a capsule hotel: 300 guests book pods; 5% of bookings are cancelled", "guests", 300, "book", "pods"),
    ("a school: 40 teachers grade essays of 900 students", "teachers", 40, "grade", "essays"),
    ("a makerspace: 150 members reserve lathes", "members", 150, "reserve", "lathes"),
    ("a climbing gym: 1,200 climbers book walls", "climbers", 1200, "book", "walls"),
    ("a studio: 90 artists rent kilns and 30 staff", "artists", 90, "rent", "kilns"),
]


@pytest.mark.parametrize(("request_", "subject", "count", "verb", "obj"), _CLAUSES)
def test_the_verb_is_no_table_and_the_object_is_one(
    request_: str, subject: str, count: int, verb: str, obj: str
) -> None:
    tables = draft(request_).spec["tables"]
    assert tables[subject]["rows"] == count, tables[subject]["rows"]
    assert not any(t == verb or t.startswith(f"{verb}_") for t in tables), list(tables)
    assert obj in tables, list(tables)


@pytest.mark.parametrize(
    ("request_", "table", "rows"),
    [
        ("a shop: 2,000 customer orders and 300 customers", "orders", 2000),  # a singular modifier stays one
        ("a clinic: 25 technicians visit 3,000 properties", "properties", 3000),  # a count after the verb
        ("a library: 2,000 readers borrow books", "readers", 2000),
    ],
)
def test_modifiers_and_counted_objects_unchanged(request_: str, table: str, rows: int) -> None:
    tables = draft(request_).spec["tables"]
    named = [t for t in tables if t == table or t.endswith(f"_{table}")]
    assert named and tables[named[0]]["rows"] == rows, {t: v["rows"] for t, v in tables.items()}
