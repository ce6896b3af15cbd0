"""One home for reading a key through another (issue 20, house63): draft40's ``booked_staff`` and draft48's
``keys_agree`` share ``_key_agreement``'s walk of the keys and its way of writing the ``match``, and each keeps what
it decided before. Where both apply they write the same ``match``; where they differ, each keeps its own answer
(a booking's second key to its staff, a guessed or small booked act, a ``where`` on the key: ``booked_staff`` reads
them; a record that is no booking, or a B that is not staff: only ``keys_agree`` does). Planted over several
booking words, staff and acts."""

from __future__ import annotations

from typing import Any

import pytest

from simulacra.draft._key_agreement import booked_staff, keys_agree

SHAPES = [
    ("treatment_bookings", "therapists", "treatments"),
    ("class_reservations", "trainers", "classes"),
    ("appointments", "stylists", "haircuts"),
    ("enrolments", "tutors", "lessons"),
]
SIZES = {"staff": 5.0, "act": 40.0, "record": 300.0}


def _fk(table: str, key: str) -> dict[str, Any]:
    return {"generator": "foreign_key", "references": f"{table}.{key}"}


def _spec(record: str, staff: str, act: str, *, second_key: bool = False) -> dict[str, Any]:
    cols: dict[str, Any] = {"rid": {"generator": "sequence"}, "act_id": _fk(act, "aid"), "staff_id": _fk(staff, "sid")}
    if second_key:
        cols["cover_id"] = _fk(staff, "sid")
    return {
        "tables": {
            staff: {"primary_key": "sid", "rows": 5, "columns": {"sid": {"generator": "sequence"}}},
            act: {
                "primary_key": "aid",
                "rows": 40,
                "columns": {"aid": {"generator": "sequence"}, "given_by": _fk(staff, "sid")},
            },
            record: {"primary_key": "rid", "rows": 300, "columns": cols},
        }
    }


def _rows_of(record: str, staff: str, act: str, small_act: bool = False) -> Any:
    sizes = {staff: SIZES["staff"], act: 2.0 if small_act else SIZES["act"], record: SIZES["record"]}
    return sizes.__getitem__


def _match(spec: dict[str, Any], record: str, col: str) -> Any:
    return spec["tables"][record]["columns"][col].get("match")


@pytest.mark.parametrize(("record", "staff", "act"), SHAPES)
def test_where_both_apply_they_write_the_same_match(record: str, staff: str, act: str) -> None:
    by_booking, by_agreement = _spec(record, staff, act), _spec(record, staff, act)
    notes_b: list[str] = []
    notes_a: list[str] = []
    booked_staff(by_booking, notes_b)
    keys_agree(by_agreement, notes_a, (), _rows_of(record, staff, act))
    assert _match(by_booking, record, "staff_id") == {"sid": "act_id.given_by"}
    assert by_booking == by_agreement
    assert notes_b == [
        f"{record}.staff_id is read through act_id: a booking is with the staff of what it books ({act})"
    ]
    assert len(notes_a) == 1 and notes_a[0].endswith(f"({act}.given_by), so the two agree")


@pytest.mark.parametrize(("record", "staff", "act"), SHAPES)
def test_the_booking_rule_reads_what_the_general_rule_leaves(record: str, staff: str, act: str) -> None:
    # a second key to the same staff: the booking rule reads both, the general rule neither (which is the path?)
    two = _spec(record, staff, act, second_key=True)
    booked_staff(two, [])
    assert _match(two, record, "staff_id") == _match(two, record, "cover_id") == {"sid": "act_id.given_by"}
    two = _spec(record, staff, act, second_key=True)
    keys_agree(two, [], (), _rows_of(record, staff, act))
    assert _match(two, record, "staff_id") is None and _match(two, record, "cover_id") is None
    # the act's key to its staff only guessed, or fewer acts than staff: the booking rule still reads through it
    for guessed, small in (({(act, staff)}, False), ((), True)):
        spec = _spec(record, staff, act)
        keys_agree(spec, [], guessed, _rows_of(record, staff, act, small_act=small))
        assert _match(spec, record, "staff_id") is None
        booked_staff(spec, [])
        assert _match(spec, record, "staff_id") == {"sid": "act_id.given_by"}
    # a 'where' on the key: only a 'match' stops the booking rule
    spec = _spec(record, staff, act)
    spec["tables"][record]["columns"]["staff_id"]["where"] = "sid > 0"
    keys_agree(spec, [], (), _rows_of(record, staff, act))
    assert _match(spec, record, "staff_id") is None
    booked_staff(spec, [])
    assert _match(spec, record, "staff_id") == {"sid": "act_id.given_by"}


@pytest.mark.parametrize(
    ("record", "b", "act"),
    [("visits", "therapists", "treatments"), ("bookings", "guests", "parties"), ("sales", "members", "carts")],
)
def test_the_general_rule_reads_what_the_booking_rule_leaves(record: str, b: str, act: str) -> None:
    # a record that is no booking, or a B that is not staff: the booking rule leaves it, the general rule reads it
    spec = _spec(record, b, act)
    booked_staff(spec, [])
    assert _match(spec, record, "staff_id") is None
    keys_agree(spec, [], (), _rows_of(record, b, act))
    assert _match(spec, record, "staff_id") == {"sid": "act_id.given_by"}


@pytest.mark.parametrize(("record", "staff", "act"), SHAPES)
def test_neither_reads_the_key_the_rows_are_made_per(record: str, staff: str, act: str) -> None:
    for rule in (lambda s: booked_staff(s, []), lambda s: keys_agree(s, [])):
        spec = _spec(record, staff, act)
        spec["tables"][record]["rows"] = {"per": staff, "count": {"distribution": "uniform", "low": 1, "high": 3}}
        rule(spec)
        assert _match(spec, record, "staff_id") is None
