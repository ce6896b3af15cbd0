"""Who and what an event is of (issue 20, draft27):

- at a vet the animal is the patient: a healthcare act the catalogue makes per a person (visits,
  appointments, consultations) is made per the animals the request's people own, the owner reached through
  the animal, not per owner;
- a part the request makes per its parent ('each course has 10 to 30 lessons') belongs to the parent: it
  takes no key to a table the parent reaches already (the course's instructor, the students enrolled in the
  course), where the catalogue's kind would take one by default (a private lesson of one student and tutor);
- '<word> completions', '<word> attempts': an event of two words whose first is a word of the catalogue is one
  table (not the word's table with the event lost); it refers to that table where the request has it (a
  lesson's completions) and to the person who does it; an act one person does alone (an attempt, a
  completion) takes no member of staff picked at random.

The settings are from no benchmark request set (``benchmarks/draft_requests.py``), nor draft27's probe."""

from __future__ import annotations

import pytest
from tests.unit.draft.draft_helpers import key_to, refs

import simulacra
from simulacra.draft import draft

#: (request, the act, the animals, their owners)
_PATIENTS = [
    ("a vet clinic: 800 owners, 1,100 dogs, 4 vets and appointments", "appointments", "dogs", "owners"),
    (
        "an animal hospital with 900 pet owners, 1,300 pets, 12 veterinarians, visits and prescriptions",
        "visits",
        "pets",
        "pet_owners",
    ),
    (
        "a cat clinic with 600 cat owners, 900 cats, 3 vets and consultations in 2024",
        "consultations",
        "cats",
        "cat_owners",
    ),
]


@pytest.mark.parametrize(("request_", "act", "animals", "owners"), _PATIENTS)
@pytest.mark.parametrize("seed", [2, 5])
def test_the_animal_is_the_patient(request_: str, act: str, animals: str, owners: str, seed: int) -> None:
    spec = draft(request_).spec
    table = spec["tables"][act]
    assert table["rows"]["per"] == animals
    assert animals in refs(table) and owners not in refs(table)
    assert owners in refs(spec["tables"][animals])  # the owner is reached through the animal
    frames = simulacra.generate(spec, seed=seed, scale=0.3).frames
    seen = frames[act][key_to(spec, act, animals)]
    assert seen.is_in(frames[animals][key_to(spec, act, animals)].implode()).all() and seen.n_unique() > 1


#: (request, the part, its parent, tables the parent reaches: no key of the part's)
_PARTS = [
    (
        "a language school: 25 teachers, 80 courses, 900 learners, enrollments; each course has 20 to 40 lessons",
        "lessons",
        "courses",
        {"teachers", "learners"},
    ),
    (
        "an online academy: 10 instructors, 40 courses, 1,200 students and enrollments; each course has 8 to 15 "
        "lessons",
        "lessons",
        "courses",
        {"instructors", "students"},
    ),
]


@pytest.mark.parametrize(("request_", "part", "parent", "reached"), _PARTS)
def test_a_part_made_per_its_parent_is_the_parents(request_: str, part: str, parent: str, reached: set[str]) -> None:
    d = draft(request_)
    table = d.spec["tables"][part]
    assert table["rows"]["per"] == parent
    assert refs(table) == {parent} and not reached & refs(table)
    assert not any(c.get("table") == part for c in d.spec.get("constraints", []))  # no timetable of one student
    frames = simulacra.generate(d.spec, seed=4, scale=0.2).frames
    per = frames[part].group_by(key_to(d.spec, part, parent)).len()["len"]
    lo, hi = (int(x) for x in request_.split("has ")[1].split(" lessons")[0].split(" to "))
    assert per.min() >= lo and per.max() <= hi


#: (request, the event, the table its first word names or None, the person who does it, staff it must not name)
_EVENTS = [
    (
        "an online course platform: 30 instructors, 200 courses, 2,000 students, enrollments, lesson completions "
        "and quiz attempts; each course has 10 to 30 lessons",
        "lesson_completions",
        "lessons",
        "students",
        "instructors",
    ),
    (
        "a coding bootcamp: 12 instructors, 30 courses, 1,500 students, enrollments and module completions; each "
        "course has 6 to 12 modules",
        "module_completions",
        "modules",
        "students",
        "instructors",
    ),
    (
        "an online course platform: 30 instructors, 200 courses, 2,000 students, enrollments, lesson completions "
        "and quiz attempts; each course has 10 to 30 lessons",
        "quiz_attempts",
        None,
        "students",
        "instructors",
    ),
    (
        "a driving academy with 30 courses, 2,000 students, 8 tutors, enrollments and exercise attempts",
        "exercise_attempts",
        None,
        "students",
        "tutors",
    ),
]


@pytest.mark.parametrize(("request_", "event", "thing", "person", "staff"), _EVENTS)
def test_an_event_of_two_words_is_the_persons_on_the_thing(
    request_: str, event: str, thing: str | None, person: str, staff: str
) -> None:
    d = draft(request_)
    keys = refs(d.spec["tables"][event])
    per = d.spec["tables"][event]["rows"]["per"]
    # a record over a course's parts (draft-attend55) is made per enrollment: the person through it
    reached = keys | (refs(d.spec["tables"][per]) if per in keys else set())
    assert person in reached and staff not in reached
    if thing is not None:
        assert thing in keys
        assert per == thing or (per in keys and person in refs(d.spec["tables"][per]))
    frames = simulacra.generate(d.spec, seed=6, scale=0.1).frames
    assert frames[event].height > 0
    for parent in keys:
        key = key_to(d.spec, event, parent)
        assert frames[event][key].n_unique() > 1
