"""``benchmarks/_draft_checks.py``, the one runner of the draft request scripts (issue 20): which drafted table a
request's names pick, a table's foreign keys, and the lines and totals printed, a check that raises included."""

from __future__ import annotations

from types import ModuleType
from typing import Any

import pytest
from tests.helpers import load_script


@pytest.fixture(scope="module")
def runner() -> ModuleType:
    return load_script("_draft_checks")


def _table(**refs: str) -> dict[str, Any]:
    cols: dict[str, Any] = {"id": {"generator": "sequence"}, "note": "text"}
    for col, target in refs.items():
        cols[col] = {"generator": "foreign_key", "references": target}
    return {"primary_key": "id", "columns": cols}


@pytest.mark.parametrize(
    ("names", "expected"),
    [
        ("reviews|ratings", "reviews"),  # the first name written that is drafted
        ("ratings|reviews", "ratings"),
        ("feedback|reviews", "reviews"),
        ({"reviews", "ratings"}, "ratings"),  # a set: in sorted order
        ("surveys", None),
        ("", None),
        (None, None),
    ],
)
def test_pick_takes_the_first_drafted_name(runner, names, expected) -> None:  # type: ignore[no-untyped-def]
    assert runner.pick({"reviews": {}, "ratings": {}, "members": {}}, names) == expected


def test_keys_are_read_in_the_order_written(runner) -> None:  # type: ignore[no-untyped-def]
    trips = _table(from_id="stations.id", to_id="stations.id", bike_id="bikes.bike_id", rider_id="riders")
    assert runner.keys_to(trips, "stations") == ["from_id", "to_id"]
    assert runner.fk(trips, "stations") == "from_id"
    assert runner.fk(trips, "riders") == "rider_id"
    assert runner.fk(trips, "docks") is None
    assert runner.fk(None, "stations") is None and runner.fk(trips, None) is None
    assert runner.key_targets(trips) == {"stations", "bikes", "riders"}
    assert runner.key_targets(_table()) == set() and runner.key_targets(None) == set()


def _check(request: str, *misses: str) -> list[tuple[str, bool]]:
    if "refuse" in request:
        raise ValueError(request)
    return [(name, name not in misses) for name in ("table", "key", "generates")]


CASES = [
    ("a shop: orders and customers", ()),
    ("a very long request " + "x" * 100, ("key", "generates")),
    ("a request an older tree may refuse", ()),
]


def test_one_line_per_request_and_a_refusal_misses_every_check(runner, capsys) -> None:  # type: ignore[no-untyped-def]
    got = runner.run([(r, *m) for r, m in CASES], _check, per_request=3, note=" (dev)")
    out = capsys.readouterr().out.splitlines()
    assert got == (4, 9, 1)
    assert out == [
        "3/3 a shop: orders and customers",
        "1/3 " + ("a very long request " + "x" * 100)[:80],
        "     missed: key, generates",
        "0/3 a request an older tree may refuse",
        "     missed: draft failed: ValueError",
        "",
        "checks held 4/9; requests with every check held 1/3 (dev)",
    ]


def test_without_a_count_each_request_counts_its_checks_and_errors_stop(runner, capsys) -> None:  # type: ignore[no-untyped-def]
    assert runner.run([(r, *m) for r, m in CASES[:2]], _check) == (4, 6, 1)
    with pytest.raises(ValueError, match="refuse"):
        runner.run([(r, *m) for r, m in CASES], _check)


def test_each_check_on_its_line(runner, capsys) -> None:  # type: ignore[no-untyped-def]
    runner.run([(r, *m) for r, m in CASES[:2]], _check, layout=runner.EACH)
    out = capsys.readouterr().out.splitlines()
    assert out == [
        "    ok   table",
        "    ok   key",
        "    ok   generates",
        "    ok   table",
        "    MISS key",
        "    MISS generates",
        "checks held: 4/6; requests with every check: 1/2",
    ]


def test_a_layout_of_its_own(runner, capsys) -> None:  # type: ignore[no-untyped-def]
    layout = runner.Layout(row="{ok:>2}/{n:<2} {request:.10}", totals="{held}/{total} ({share:.1%}) {wall:.0f}s")
    runner.run([("a shop: orders and customers", "key")], _check, layout=layout)
    assert capsys.readouterr().out.splitlines() == [" 2/3  a shop: or", "     missed: key", "2/3 (66.7%) 0s"]
