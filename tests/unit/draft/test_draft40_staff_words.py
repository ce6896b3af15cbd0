"""Staff named by a trade word, and a booking's staff read through the act it books (issue 20, draft40).

"a barber shop: 12 barbers, 1,500 customers and 4,000 haircut appointments": barbers are the shop's staff, not a
second table of people who book, so each appointment is of a customer and given by a barber. A trade is known by
the catalogue's staff kinds, a trade's ending (beauticians, locksmiths, masseurs) or a short list of trade words no
ending marks (barbers, tailors). Where the booked act names its staff ("treatments each given by a therapist"),
the booking's staff key is the act's. The settings are from no benchmark request set
(``benchmarks/draft_requests.py``) nor a held-out request of ``benchmarks/draft_staff_words.py``.
"""

from __future__ import annotations

import pytest
from tests.unit.draft.draft_helpers import first_key_to

import simulacra
from simulacra.draft import draft
from simulacra.draft._roles import role_of_noun


class TestTradeWordsNameStaff:
    """A word naming a trade is staff; a word naming who buys or uses stays a person."""

    @pytest.mark.parametrize(
        "word",
        [
            "barbers",
            "hairdressers",
            "tailors",
            "masseuses",
            "chauffeurs",
            "beauticians",
            "locksmiths",
            "shipwrights",
            "cosmetologists",
            "podiatrists",
            "videographers",
            "brokers",
            "assessors",
            "clinicians",
        ],
    )
    def test_trade_is_staff(self, word: str) -> None:
        assert role_of_noun(word) == "staff", word

    @pytest.mark.parametrize("word", ["customers", "riders", "tourists", "cyclists", "amateurs", "homeowners"])
    def test_customer_is_not_staff(self, word: str) -> None:
        assert role_of_noun(word) == "person", word


#: (request, record, customers, staff)
_SERVED = [
    (
        "a barber shop: 12 barbers, 1,500 customers and 4,000 haircut appointments",
        "haircut_appointments",
        "customers",
        "barbers",
    ),
    (
        "a locksmith firm: 20 locksmiths, 3,000 homeowners and 5,000 appointments in 2025",
        "appointments",
        "homeowners",
        "locksmiths",
    ),
    (
        "a podiatry practice: 6 podiatrists, 2,500 clients and 7,000 appointments",
        "appointments",
        "clients",
        "podiatrists",
    ),
    (
        "a photo studio: 4 photographers, 800 customers and 1,500 shoot bookings",
        "shoot_bookings",
        "customers",
        "photographers",
    ),
]


class TestAppointmentWithATradeHasItsCustomer:
    """An appointment with a worker of a trade is made by the request's one table of customers."""

    @pytest.mark.parametrize(("request_text", "record", "person", "staff"), _SERVED)
    def test_keys_to_customer_and_staff(self, request_text: str, record: str, person: str, staff: str) -> None:
        tables = draft(request_text).spec["tables"]
        assert {record, person, staff} <= set(tables), sorted(tables)
        assert first_key_to(tables[record], person) is not None, tables[record]["columns"]
        assert first_key_to(tables[record], staff) is not None, tables[record]["columns"]
        assert first_key_to(tables[person], staff) is None  # customers are not people of a barber


#: (request, booking, act, staff)
_BOOKED = [
    (
        "a music school: 12 tutors, 1,000 lessons each taught by a tutor, 300 pupils and 2,000 lesson bookings",
        "bookings",
        "lessons",
        "tutors",
    ),
    (
        "a wellness centre: 10 therapists, 1,800 massages over 2025 each given by a therapist, 3,000 guests and "
        "6,000 massage bookings",
        "bookings",
        "massages",
        "therapists",
    ),
]


class TestBookingStaffIsTheActs:
    """A booking's staff is the staff of the act it books, in every row, whatever the seed."""

    @pytest.mark.parametrize(("request_text", "booking", "act", "staff"), _BOOKED)
    @pytest.mark.parametrize("seed", [1, 2, 3])
    def test_same_staff(self, request_text: str, booking: str, act: str, staff: str, seed: int) -> None:
        spec = draft(request_text).spec
        tables = spec["tables"]
        sk, ak, in_act = (
            first_key_to(tables[booking], staff),
            first_key_to(tables[booking], act),
            first_key_to(tables[act], staff),
        )
        assert sk is not None and ak is not None and in_act is not None
        frames = simulacra.generate(spec, seed=seed, scale=0.5).frames  # enough staff rows: none is null
        acts = frames[act].select(str(tables[act]["primary_key"]), in_act).rename({in_act: "_act_staff"})
        rows = frames[booking].join(acts, left_on=ak, right_on=str(tables[act]["primary_key"]), how="inner")
        assert len(rows) > 0 and rows[sk].null_count() == 0 and rows["_act_staff"].null_count() == 0
        assert (rows[sk] == rows["_act_staff"]).all()
