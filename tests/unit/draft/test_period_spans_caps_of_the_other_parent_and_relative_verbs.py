"""A clause's own span of rows per period, a cap said as the other parent's rows, and a relative clause's verb
naming a table (issue 20, draft25):

- 'each accession has a germination test every year from 2021 to 2024' (after 'accessions collected between
  2015 and 2020'): one row per parent and unit of the clause's own span, not the request's; the rows dated
  within it, the parents within theirs;
- 'a dog is entered in no more than 8 shows', 'each student is enrolled on at most 5 courses': the table
  joining the owner to the other parent made per owner, 0 to N each, its total kept;
- '18,000 incidents in 2023 that engines respond to, 26,000 responses': the verb's table (responses) refers
  to the verb's subject (engines).

The settings here are from no benchmark request set (``benchmarks/draft_requests.py``) except the structure
of --after23's seed bank, kennel club and fire service, said with other nouns, verbs and numbers."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest
from tests.unit.draft.draft_helpers import assert_capped_joining_table, refs

import simulacra
from simulacra.draft import draft


def _table(spec: dict, ending: str) -> str:
    return next(t for t in spec["tables"] if t.endswith(ending))


def _dates(frame: pl.DataFrame, skip: tuple[str, ...] = ()) -> list[pl.Series]:
    return [
        frame[c].cast(pl.Date)
        for c, t in frame.schema.items()
        if t in (pl.Date, pl.Datetime("us")) and c not in skip and not c.endswith("_start")
    ]


# --- one row per parent and unit of the clause's own span -------------------------------------------------------

#: (request, table ending, parent, units per parent, the clause's span, the parents' own dated column and span)
_OWN_SPANS = [
    (
        "a seed bank: 1,200 seed accessions collected from 300 sites between 2015 and 2020; each accession has a "
        "germination test every year from 2021 to 2024",
        "germination_tests",
        "seed_accessions",
        4,
        (dt.date(2021, 1, 1), dt.date(2024, 12, 31)),
        (dt.date(2015, 1, 1), dt.date(2020, 12, 31)),
    ),
    (
        "a gym: 200 members who joined between 2018 and 2020; each member pays a membership fee every month "
        "between 2023 and 2024",
        "membership_fees",
        "members",
        24,
        (dt.date(2023, 1, 1), dt.date(2024, 12, 31)),
        (dt.date(2018, 1, 1), dt.date(2020, 12, 31)),
    ),
    (
        "a vineyard: 40 plots planted between 2000 and 2010; each plot gets a soil sample every quarter from "
        "2022 to 2023",
        "soil_samples",
        "plots",
        8,
        (dt.date(2022, 1, 1), dt.date(2023, 12, 31)),
        (dt.date(2000, 1, 1), dt.date(2010, 12, 31)),
    ),
    (
        "a dairy: 500 cows born between 2012 and 2018; each cow has a health check every year from 2020 to 2023",
        "health_checks",
        "cows",
        4,
        (dt.date(2020, 1, 1), dt.date(2023, 12, 31)),
        None,  # a cow's birth is the catalogue's own range
    ),
    (
        "a library: 300 readers registered between 2010 and 2015, and each reader gets a reminder letter each "
        "year from 2020 to 2024",
        "reminder_letters",
        "readers",
        5,
        (dt.date(2020, 1, 1), dt.date(2024, 12, 31)),
        None,
    ),
]


@pytest.mark.parametrize(("request_", "ending", "parent", "units", "own", "theirs"), _OWN_SPANS)
@pytest.mark.parametrize("seed", [1, 7])
def test_rows_per_period_over_the_clauses_own_span(
    request_: str,
    ending: str,
    parent: str,
    units: int,
    own: tuple[dt.date, dt.date],
    theirs: tuple[dt.date, dt.date] | None,
    seed: int,
) -> None:
    spec = draft(request_).spec
    name = _table(spec, ending)
    assert parent in refs(spec["tables"][name])
    frames = simulacra.generate(spec, seed=seed).frames
    rows = frames[name]
    assert rows.height <= units * frames[parent].height
    key = next(c for c in rows.columns if c.endswith("_id") and c[:-3] in (parent[:-1], parent.rstrip("s")))
    # that many per parent, fewer for one that began inside the span: the units left from its start (draft69)
    per = rows.group_by(key).len()["len"].to_list()
    assert 0 < max(per) <= units
    stamps = _dates(rows)
    assert stamps
    for s in stamps:  # within the clause's span, from its first unit's 1st to its last unit's (draft69: on them)
        assert s.min() >= own[0] and s.max() <= own[1], (name, s.min(), s.max())
        assert s.min() < own[0] + dt.timedelta(days=92) and s.max() > own[1] - dt.timedelta(days=366)
    if theirs is not None:  # the parents keep the request's own span
        assert any(s.min() >= theirs[0] and s.max() <= theirs[1] for s in _dates(frames[parent]))


@pytest.mark.parametrize(
    ("request_", "ending", "units", "span"),
    [  # one span only, said where the rows per period are: the request's span, as before
        (
            "a pottery studio: 150 members; each member pays a membership fee every month from 2023 to 2025",
            "membership_fees",
            36,
            (dt.date(2023, 1, 1), dt.date(2025, 12, 31)),
        ),
        (
            "a pottery studio: 150 members; each member pays a membership fee every month of 2025",
            "membership_fees",
            12,
            (dt.date(2025, 1, 1), dt.date(2025, 12, 31)),
        ),
    ],
)
def test_a_single_span_is_still_the_requests(
    request_: str, ending: str, units: int, span: tuple[dt.date, dt.date]
) -> None:
    d = draft(request_)
    name = _table(d.spec, ending)
    assert d.spec["tables"][name]["rows"]["count"] == {"distribution": "fixed", "value": float(units)}
    members = d.spec["tables"]["members"]["columns"].values()  # the members joined within the request's span
    assert any(c.get("start") == str(span[0]) and c.get("end") == str(span[1]) for c in members)


def test_years_of_a_clauses_span_are_no_counts() -> None:
    spec = draft(_OWN_SPANS[0][0]).spec
    assert set(spec["tables"]) == {"sites", "seed_accessions", "germination_tests"}
    assert spec["tables"]["seed_accessions"]["rows"] == 1200


# --- a cap said as a number of the other parent's rows ---------------------------------------------------------

#: (request, joining table, owner, other parent, bound, total)
_CAPS = [
    (
        "a kennel club runs 30 dog shows in 2024: 2,000 exhibitors enter 3,400 dogs, with 12,000 show entries in "
        "all, every entry being one dog at one show; a dog is entered in no more than 8 shows",
        "show_entries",
        "dogs",
        "dog_shows",
        8,
        12000,
    ),
    (
        "a college: 40 courses and 900 students, with 3,000 enrolments, every enrolment being one student on one "
        "course; each student is enrolled on at most 5 courses",
        "enrolments",
        "students",
        "courses",
        5,
        3000,
    ),
    (
        "a gym: 25 classes and 600 members; 1,500 bookings, each booking being one member at one class; a member "
        "is booked into no more than 4 classes",
        "bookings",
        "members",
        "classes",
        4,
        1500,
    ),
    (
        "a tennis league: 20 tournaments and 500 players, 2,000 tournament entries, every entry being one player "
        "at one tournament; each player is entered in up to 6 tournaments",
        "tournament_entries",
        "players",
        "tournaments",
        6,
        2000,
    ),
    (
        "a chess league: 12 tournaments and 400 players, 1,800 tournament entries, every entry being one player "
        "at one tournament; a player competes in no more than 7 tournaments",
        "tournament_entries",
        "players",
        "tournaments",
        7,
        1800,
    ),
]


@pytest.mark.parametrize(("request_", "link", "owner", "other", "bound", "total"), _CAPS)
@pytest.mark.parametrize("seed", [1, 5])
def test_cap_on_the_owners_rows_of_the_joining_table(
    request_: str, link: str, owner: str, other: str, bound: int, total: int, seed: int
) -> None:
    assert_capped_joining_table(draft(request_).spec, link, owner, other, bound, total, seed)


@pytest.mark.parametrize(
    ("request_", "link", "total"),
    [  # no bound said, or one on the owner's own rows: the joining table keeps its count and no bound per owner
        (
            "a kennel club runs 30 dog shows in 2024: 2,000 exhibitors enter 3,400 dogs, with 12,000 show entries "
            "in all, every entry being one dog at one show",
            "show_entries",
            12000,
        ),
        (
            "a college: 40 courses and 900 students, with 3,000 enrolments, every enrolment being one student on "
            "one course; each student is enrolled on 5 courses",
            "enrolments",
            3000,
        ),
    ],
)
def test_no_cap_without_bound_words(request_: str, link: str, total: int) -> None:
    assert draft(request_).spec["tables"][link]["rows"] == total


# --- a relative clause whose verb names a table ----------------------------------------------------------------

#: (request, the verb's table, the subject's table, the object's table)
_VERBS = [
    (
        "a fire service: 12 fire stations, 45 engines based at stations and 400 firefighters; 18,000 incidents in "
        "2023 that engines respond to, 26,000 responses in total, each incident getting between 1 and 4 responses",
        "responses",
        "engines",
        "incidents",
    ),
    (
        "an insurer: 30 adjusters and 5,000 claims in 2024 that adjusters assess, 7,000 assessments in total, each "
        "claim getting 1 to 2 assessments",
        "assessments",
        "adjusters",
        "claims",
    ),
    (
        "a hospital: 50 nurses and 2,000 patients in 2024 that nurses treat, 6,000 treatments in all, each patient "
        "getting 1 to 5 treatments",
        "treatments",
        "nurses",
        "patients",
    ),
    (
        "a council: 20 inspectors; 900 restaurants that inspectors inspect, 2,500 inspections in all, each "
        "restaurant getting 1 to 4 inspections",
        "inspections",
        "inspectors",
        "restaurants",
    ),
]


@pytest.mark.parametrize(("request_", "event", "subject", "obj"), _VERBS)
def test_the_verbs_table_refers_to_its_subject(request_: str, event: str, subject: str, obj: str) -> None:
    spec = draft(request_).spec
    assert {subject, obj} <= refs(spec["tables"][event])
    frames = simulacra.generate(spec, seed=3).frames
    key = next(c for c in frames[event].columns if c.startswith(subject[:-1]) and c.endswith("_id"))
    assert frames[event][key].n_unique() > 1 and frames[event][key].is_in(frames[subject][key].implode()).all()


@pytest.mark.parametrize(
    ("request_", "table", "not_to"),
    [  # the verb names no table of the request: nothing new refers to the subject
        (
            "a fire service: 45 engines; 18,000 incidents in 2023 that engines respond to, 26,000 calls in total",
            "calls",
            "engines",
        ),
        (  # the subject is no table of the request
            "an insurer: 5,000 claims in 2024 that experts assess, 7,000 assessments in total, each claim getting 1 "
            "to 2 assessments",
            "assessments",
            "experts",
        ),
    ],
)
def test_no_reference_where_the_verb_or_subject_names_no_table(request_: str, table: str, not_to: str) -> None:
    spec = draft(request_).spec
    name = _table(spec, table)
    assert not_to not in refs(spec["tables"][name])
