"""A booking's member of staff is the booked act's (issue 20, draft40).

"a day spa: 15 therapists, 2,500 treatments each given by a therapist, 5,000 guests and 8,000 treatment bookings":
the bookings are drafted with a key to the treatment and one to a therapist. Drawn on its own, the therapist of a
booking is seldom the one who gives the treatment booked; a reader expects the same person. Where the booked act
has a key to that staff table, the booking's key is read through it (``match``: the booking's therapist is its
treatment's). A booking of nothing that names its staff keeps its key as drafted.
"""

from __future__ import annotations

from typing import Any

from simulacra.draft._roles import is_staff
from simulacra.draft._sport import head_of, keys_to

#: head words of a record that something is booked by a person: "treatment bookings", "desk reservations" (the
#: composer's booked things read them too)
BOOKING_WORDS = frozenset({"booking", "reservation", "appointment", "registration", "enrolment", "enrollment"})


def booked_staff(spec: dict[str, Any], notes: list[str]) -> None:
    """Read each booking's key to staff through the one booked table that has a key to that staff."""
    tables = spec["tables"]
    for name in [t for t in tables if head_of(t) in BOOKING_WORDS]:
        cols = tables[name]["columns"]
        fks = {
            c: str(v["references"]).split(".")[0]
            for c, v in cols.items()
            if isinstance(v, dict) and v.get("generator") == "foreign_key" and "references" in v
        }
        rows = tables[name].get("rows")
        per = rows.get("per") if isinstance(rows, dict) else None
        for col, staff in fks.items():
            if "match" in cols[col] or staff not in tables or not is_staff(staff):
                continue
            if staff == per and rows.get("via", col) == col:
                continue  # the key rows are made per is filled by construction: it takes no 'match'
            # the booked acts: other tables the booking refers to that have exactly one key to the same staff
            acts = [
                (c, t, keys_to(tables[t]["columns"], staff)[0])
                for c, t in fks.items()
                if t != staff and t in tables and len(keys_to(tables[t]["columns"], staff)) == 1
            ]
            if len(acts) != 1:
                continue  # none names its staff, or two do and neither is the one booked
            via, act, in_act = acts[0]
            cols[col]["match"] = {str(tables[staff]["primary_key"]): f"{via}.{in_act}"}
            notes.append(f"{name}.{col} is read through {via}: a booking is with the staff of what it books ({act})")
