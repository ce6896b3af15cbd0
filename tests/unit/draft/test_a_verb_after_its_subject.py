"""A verb after a plural the request named in an earlier clause is no word of the noun after it (issue 20,
draft22): "200 sailors; sailors rent kayaks" is a table `kayaks`, not `rent_kayaks`; "members book classes"
is `classes`, not `book_classes`; "members book yoga sessions" makes no table `books`. A word before a plural
that is no such verb keeps its place ("class bookings", "speed cameras"). A verb with a record sense ('rent',
'book') makes that record's table (draft43: rentals, bookings), no table of the verb's word.

The settings here are from no benchmark request set (``benchmarks/draft_requests.py``)."""

from __future__ import annotations

import pytest

import simulacra
from simulacra.draft import draft


@pytest.mark.parametrize(
    ("request_", "tables"),
    [
        # the verb's record (draft43): the rentals, the bookings, each of a subject's row and an object's
        ("a marina: 200 sailors; sailors rent kayaks", {"sailors", "kayaks", "rentals"}),
        ("a canoe club: 150 paddlers; paddlers hire canoes", {"paddlers", "canoes", "hires"}),  # draft44: hire
        ("an orchard: 40 pickers; pickers fill crates", {"pickers", "crates"}),
        ("a gym: 400 members; members book classes", {"members", "classes", "bookings"}),
        # draft52: an object said by two words is the verb's object too, and 'book' makes its record
        ("a yoga studio: 400 members, and members book yoga sessions", {"members", "yoga_sessions", "bookings"}),
        ("a gym: 400 members; members book 3,000 classes", {"members", "classes"}),
    ],
)
def test_the_verb_of_a_subject_named_before_is_no_table_word(request_: str, tables: set[str]) -> None:
    spec = draft(request_).spec
    assert set(spec["tables"]) == tables
    simulacra.generate(spec, seed=1, scale=0.1)  # the draft generates


def test_a_counted_object_keeps_its_count() -> None:
    spec = draft("a gym: 400 members; members book 3,000 classes").spec
    assert spec["tables"]["classes"]["rows"] == 3000


@pytest.mark.parametrize(
    ("request_", "kept"),
    [
        ("a gym: 400 members and 2,000 class bookings", "class_bookings"),  # a compound said once
        ("a city: 300 speed cameras and 40 roads", "speed_cameras"),  # no subject before the word
        ("a library with 450 members and 3,000 books; members borrow books", "books"),
    ],
)
def test_a_word_that_is_no_such_verb_stays(request_: str, kept: str) -> None:
    assert kept in draft(request_).spec["tables"]
