"""The offline draft validates and generates for the classes `benchmarks/draft_fuzz.py` found failing (issue 20).

Each class is planted in specs written here, with several table names and sizes, and drafted from requests with
nouns other than the fuzz script's words:

- a venue's space keyed to an act it is made per, or that it names (a cycle of keys: an invalid spec);
- a date that ends by a day following one drawn after another with an open-ended gap, or over the catalogue's
  own range past that day (rows after a date past the end: the spec validates, its rows do not);
- the key a table's rows are made per given a ``match``, or dropped by a pass (an invalid spec).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

import simulacra
from simulacra.draft import draft
from simulacra.draft._reviewers import _through_the_record
from simulacra.draft._venue import venue_spaces
from simulacra.spec.load import load_plan

SPAN = (dt.date(2024, 1, 1), dt.date(2024, 12, 31))


def _spec(tables: dict[str, Any]) -> dict[str, Any]:
    return {"name": "planted", "seed": 0, "locale": "en_US", "tables": tables}


def _generates(spec: dict[str, Any], seed: int = 1, scale: float = 1.0) -> None:
    frames = simulacra.generate(spec, seed=seed, scale=scale).frames
    simulacra.validate(spec, frames)


# --- requests, drafted and generated small -------------------------------------------------------------------


@pytest.mark.parametrize(
    "request_text",
    [
        "a club: monthly talks; room keys",  # the room made per talk, the talks keyed to the room
        "a conference: keynotes; room keys",
        "a library: members send messages, in 2023",  # a member's joined_on runs to mid-2024
        "a library: members and librarians write notes, in 2022",
        "a library: members borrow loans from staff, in 2023",
        "a gym: trainers rented courts for coupons; athletes who booked coupons",  # people made per a court
        "a gym: coaches rented courts for vouchers; players who booked vouchers",
    ],
)
def test_requests_of_each_class_draft_and_generate(request_text: str) -> None:
    d = draft(request_text)
    load_plan(d.spec)
    _generates(d.spec, scale=0.05)


# --- a venue's space and its acts: no cycle of keys ---------------------------------------------------------


def _act(rows: int) -> dict[str, Any]:
    return {
        "primary_key": "id",
        "rows": rows,
        "columns": {
            "id": {"generator": "sequence"},
            "starts_at": {"generator": "datetime", "start": "2024-01-01", "end": "2024-12-31"},
        },
    }


def _space(act: str, *, per: bool, count: int) -> dict[str, Any]:
    rows: Any = {"per": act, "count": {"distribution": "poisson", "lam": 2.0}} if per else count
    return {
        "primary_key": "space_id",
        "rows": rows,
        "columns": {
            "space_id": {"generator": "sequence"},
            "act_id": {"generator": "foreign_key", "references": f"{act}.id"},
            "name": {"generator": "pattern", "pattern": "Space {seq}"},
        },
    }


@pytest.mark.parametrize(
    ("space", "act", "per", "count"),
    [
        ("room", "talks", True, 0),
        ("halls", "lectures", True, 0),
        ("stages", "recitals", True, 0),
        ("rooms", "workshops", False, 3),  # the space keyed to the act, not made per it
        ("studio", "performances", False, 1),
    ],
)
def test_a_space_that_names_an_act_is_not_its_place(space: str, act: str, per: bool, count: int) -> None:
    spec = _spec({act: _act(40), space: _space(act, per=per, count=count)})
    notes: list[str] = []
    venue_spaces(spec, f"a venue: {act}; {space}", SPAN, notes)
    load_plan(spec)  # main keyed the act to the space too: "foreign keys form a cycle"
    assert not any(
        isinstance(c, dict) and str(c.get("references", "")).startswith(f"{space}.")
        for c in spec["tables"][act]["columns"].values()
    )


def test_an_unrelated_space_still_holds_the_acts() -> None:
    """The rule the fix narrows still applies where the space names no act ('a conference: 5 rooms, 120 talks')."""
    spec = _spec({"talks": _act(120), "rooms": {**_space("talks", per=False, count=5)}})
    del spec["tables"]["rooms"]["columns"]["act_id"]
    notes: list[str] = []
    venue_spaces(spec, "a conference: 5 rooms, 120 talks", SPAN, notes)
    load_plan(spec)
    assert any(str(c.get("references", "")).startswith("rooms.") for c in spec["tables"]["talks"]["columns"].values())


# --- dates that end by a day: what they follow ends by it too ------------------------------------------------


def ends_bound_what_they_follow(spec: dict[str, Any], notes: list[str]) -> None:
    """The pass under test, imported when called (so the file's other tests run on a tree without it)."""
    from simulacra.draft._date_ends import ends_bound_what_they_follow as bound

    bound(spec, notes)


def _chain(names: tuple[str, str, str], n: int, lam: float, up_end: str | None) -> dict[str, Any]:
    """a -> b (made per a, dated an open-ended gap after a's date) -> c (keyed to b, dated after b's, ending with
    the span): b's date passes the span's end for some rows, and no c row after it can end in the span."""
    a, b, c = names
    a_date: dict[str, Any] = {"generator": "date", "start": "2024-01-01", "end": up_end or "2024-12-31"}
    return _spec(
        {
            a: {"primary_key": "a_id", "rows": n, "columns": {"a_id": {"generator": "sequence"}, "opened_on": a_date}},
            b: {
                "primary_key": "b_id",
                "rows": {"per": a, "count": {"distribution": "poisson", "lam": lam}},
                "columns": {
                    "b_id": {"generator": "sequence"},
                    "a_id": {"generator": "foreign_key", "references": f"{a}.a_id"},
                    "hired_on": {
                        "generator": "date",
                        "after": f"{a}.opened_on",
                        "offset": {"distribution": "exponential", "scale": 60, "unit": "days"},
                    },
                },
            },
            c: {
                "primary_key": "c_id",
                "rows": 400,
                "columns": {
                    "c_id": {"generator": "sequence"},
                    "b_id": {"generator": "foreign_key", "references": f"{b}.b_id"},
                    "starts_at": {
                        "generator": "datetime",
                        "after": ["b_id.hired_on"],
                        "offset": {"distribution": "exponential", "scale": 7, "unit": "days"},
                        "end": "2024-12-31",
                    },
                },
            },
        }
    )


@pytest.mark.parametrize(
    ("names", "n", "lam", "seed"),
    [
        (("rooms", "drivers", "visits"), 30, 2.0, 1),
        (("depots", "porters", "deliveries"), 80, 1.0, 2),
        (("wards", "nurses", "rounds"), 12, 4.0, 3),
    ],
)
def test_a_gap_that_may_pass_the_end_is_bounded_by_it(
    names: tuple[str, str, str], n: int, lam: float, seed: int
) -> None:
    spec = _chain(names, n, lam, None)
    notes: list[str] = []
    ends_bound_what_they_follow(spec, notes)
    assert spec["tables"][names[1]]["columns"]["hired_on"]["end"] == "2024-12-31"
    assert any(n.startswith(f"{names[1]}: hired_on ends by 2024-12-31") for n in notes)
    _generates(spec, seed=seed)


def test_the_planted_chain_fails_without_the_bound() -> None:
    """The planted defect is real: without the pass some rows cannot be both after and inside the span."""
    spec = _chain(("rooms", "drivers", "visits"), 30, 2.0, None)
    with pytest.raises(simulacra.DataValidationError):
        _generates(spec, seed=1)


@pytest.mark.parametrize(
    ("names", "up_end"),
    [(("members", "letters", "replies"), "2026-06-30"), (("owners", "pets", "visits"), "2025-03-01")],
)
def test_a_range_past_the_end_is_bounded_by_it(names: tuple[str, str, str], up_end: str) -> None:
    spec = _chain(names, 50, 2.0, up_end)
    ends_bound_what_they_follow(spec, [])
    assert spec["tables"][names[0]]["columns"]["opened_on"]["end"] == "2024-12-31"
    assert spec["tables"][names[0]]["columns"]["opened_on"]["start"] == "2024-01-01"
    _generates(spec)


def test_a_date_already_inside_the_end_is_left_as_it_is() -> None:
    spec = _chain(("halls", "stewards", "shifts"), 20, 2.0, "2024-06-30")
    spec["tables"]["stewards"]["columns"]["hired_on"]["end"] = "2024-10-31"
    before = repr(spec)
    notes: list[str] = []
    ends_bound_what_they_follow(spec, notes)
    assert repr(spec) == before and notes == []


# --- the key the rows are made per takes no match and is never dropped --------------------------------------


@pytest.mark.parametrize(
    ("people", "records", "notes_of"), [("crews", "logs", "audits"), ("tutors", "essays", "marks")]
)
def test_a_review_made_per_its_author_keeps_that_key_as_drafted(people: str, records: str, notes_of: str) -> None:
    """'editors who reviewed manuscripts' drafted as reviews made per editor, keyed to a manuscript of editors: the
    editor key is the one the rows are made per, filled by construction; reading it through the manuscript (a
    ``match``, what main did) is a spec the loader refuses."""
    spec = _spec(
        {
            people: {"primary_key": "p_id", "rows": 20, "columns": {"p_id": {"generator": "sequence"}}},
            records: {
                "primary_key": "r_id",
                "rows": {"per": people, "count": {"distribution": "poisson", "lam": 3.0}},
                "columns": {
                    "r_id": {"generator": "sequence"},
                    "p_id": {"generator": "foreign_key", "references": f"{people}.p_id"},
                },
            },
            notes_of: {
                "primary_key": "n_id",
                "rows": {"per": people, "count": {"distribution": "poisson", "lam": 2.0}},
                "columns": {
                    "n_id": {"generator": "sequence"},
                    "p_id": {"generator": "foreign_key", "references": f"{people}.p_id"},
                    "r_id": {"generator": "foreign_key", "references": f"{records}.r_id"},
                },
            },
        }
    )
    _through_the_record(spec["tables"], notes_of, records, [])
    assert "match" not in spec["tables"][notes_of]["columns"]["p_id"]
    load_plan(spec)
    _generates(spec)
