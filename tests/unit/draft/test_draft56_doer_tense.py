"""'<doer> <verb> <things> [with a <partner>]' in any number, tense or agreement a user types (issue 20, draft56):
the doer said once after 'each'/'every' or many ('all', a plain plural), the verb in the present or the past
(irregular too: 'threw', 'made') or not agreeing with its doer ('bookbinders repairs'); the doer and the partner
are tables of their own and the act's record (the verb's record where one is drafted, else the things) refers to
both, the generated keys pointing at real rows. A partner guessed as people of the record, and a doer glued to the
verb's record, are neither.

The nouns here are from no benchmark request set (``benchmarks/draft_requests.py``, ``draft_doer_tense.py``)."""

from __future__ import annotations

import pytest
from tests.unit.draft.draft_helpers import assert_keys_point_at_rows, assert_record_refers_to, refs

import simulacra
from simulacra.draft import draft

#: (request, the verb as said, doers, the act's record, partner or None)
_ACTS = [
    ("a pottery where potters threw vases", "threw", "potters", "vases", None),
    ("a scriptorium where each scribe copied scrolls", "copied", "scribes", "scrolls", None),
    ("a cutlery workshop where all cutlers sharpen knives", "sharpen", "cutlers", "knives", None),
    ("a bindery where bookbinders repairs atlases", "repairs", "bookbinders", "atlases", None),
    ("a winery where each vintner made wines with an apprentice", "made", "vintners", "wines", "apprentices"),
    ("a sign workshop where letterers painted banners with a helper", "painted", "letterers", "banners", "helpers"),
    (
        "a tax office where every taxpayer arranges interviews with an inspector",
        "arranges",
        "taxpayers",
        "interviews",
        "inspectors",
    ),
    ("a pool where each swimmer books classes with a coach", "books", "swimmers", "bookings", "coaches"),
]


@pytest.mark.parametrize(("request_", "verb", "doers", "records", "partners"), _ACTS)
def test_doer_and_partner_are_tables_the_record_refers_to(
    request_: str, verb: str, doers: str, records: str, partners: str | None
) -> None:
    d = draft(request_)
    tables = d.spec["tables"]
    assert_record_refers_to(tables, records, doers, partners)
    if partners is not None:
        assert records not in refs(tables[partners])  # each record has one partner, not a partner per record
    # no table of the verb, nor of nouns glued across it ('swimmers_bookings_classes')
    assert not any(verb in name.split("_") or name.startswith(f"{doers}_") for name in tables)


@pytest.mark.parametrize("seed", [1, 2])
@pytest.mark.parametrize(("request_", "verb", "doers", "records", "partners"), [_ACTS[0], _ACTS[5], _ACTS[6]])
def test_generated_records_point_at_real_doers_and_partners(
    request_: str, verb: str, doers: str, records: str, partners: str | None, seed: int
) -> None:
    spec = draft(request_).spec
    frames = simulacra.generate(spec, seed=seed, scale=0.02).frames
    simulacra.validate(spec, frames)
    assert_keys_point_at_rows(spec, frames, records, [doers] + ([partners] if partners else []))


def test_a_counted_doer_keeps_its_count() -> None:
    spec = draft("a pottery: 25 potters; potters threw vases").spec
    assert spec["tables"]["potters"]["rows"] == 25
    assert "potters" in refs(spec["tables"]["vases"])


#: many doers acting on no thing, document or food (an event, a place): not made per doer, not keyed to them
_LEFT = [
    ("a school: 500 students, 40 courses; students attend courses", "courses", "students"),
    ("a city: 900 tourists, 30 museums; tourists toured museums", "museums", "tourists"),
]


@pytest.mark.parametrize(("request_", "obj", "doers"), _LEFT)
def test_many_doers_leave_people_places_and_beings_as_drafted(request_: str, obj: str, doers: str) -> None:
    tables = draft(request_).spec["tables"]
    assert obj in tables and doers not in refs(tables[obj])


def test_verb_forms_by_word() -> None:
    from simulacra.draft._verb_forms import VERB_OF_PAST, past_form, third_person

    assert [w for w in ("taught", "threw", "graded", "rode", "saw") if past_form(w)] == [
        "taught",
        "threw",
        "graded",
        "rode",
        "saw",
    ]
    assert not any(past_form(w) for w in ("teach", "need", "bed", "used"))
    assert VERB_OF_PAST["taught"] == "teach" and VERB_OF_PAST["drew"] == "draw"
    assert third_person("inspects") and third_person("fixes")
    assert not any(third_person(w) for w in ("class", "status", "this", "has", "axis"))
