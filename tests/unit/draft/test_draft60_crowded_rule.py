"""A drafted one-at-a-time rule its own counts and gaps cannot hold (issue 20, draft60).

Rows made per a parent and dated a short gap after the parent's date, with a rule that no key (a tutor, a coach)
is in two rows at the same start: thousands per parent within days of its date cannot be kept apart, so the
draft spreads them over the rest of the span (noted) and keeps or leaves out the rule by the span's slots.
Requests use other nouns than the fuzz finding (an arcade's safety inspections per pet owner)."""

from __future__ import annotations

import pytest

import simulacra
from simulacra.draft import draft

CROWDED = [
    ("a music school: 20 teachers; 3 students; 900 lessons per student", "lessons", "student"),
    ("a language school: 30 tutors; 1 learner; 2,000 lessons per learner", "lessons", "learner"),
]


@pytest.mark.parametrize(("request_text", "table", "parent"), CROWDED)
def test_many_rows_per_parent_are_spread_over_the_span(request_text: str, table: str, parent: str) -> None:
    d = draft(request_text)
    col = d.spec["tables"][table]["columns"]["starts_at"]
    assert col["offset"]["distribution"] == "uniform"
    assert col["offset"]["high"] >= 365
    assert any(f"spread over the rest of the span after its {parent}'s date" in a for a in d.assumptions)
    assert "spread over the rest of the span" in d.text  # said in the spec's comments too


def test_few_rows_per_parent_keep_their_short_gap_and_rule() -> None:
    d = draft("a driving school: 10 instructors; 5 pupils; 6 lessons per pupil")
    col = d.spec["tables"]["lessons"]["columns"]["starts_at"]
    assert col["offset"]["distribution"] == "exponential"
    assert [c["name"] for c in d.spec.get("constraints", [])] == ["one_instructor_at_a_time"]
    assert not any("spread over the rest" in a for a in d.assumptions)


def test_no_rule_kept_leaves_the_drafted_gap() -> None:
    d = draft("a tennis club: 12 coaches; 2 members; 700 lessons per member")  # no one-coach rule: nothing to hold
    assert not d.spec.get("constraints")
    assert d.spec["tables"]["lessons"]["columns"]["starts_at"]["offset"]["distribution"] == "exponential"
    assert not any("spread over the rest" in a for a in d.assumptions)


@pytest.mark.parametrize(
    "request_text",
    [
        "a language school: 30 tutors; 1 learner; 2,000 lessons per learner",
        "a bowling alley: 1k pet owners attended 1 locker rentals; riders took tenants; 2,500 safety inspections per pilot",
    ],
)
def test_the_draft_generates_and_validates_at_a_small_scale(request_text: str) -> None:
    d = draft(request_text)
    frames = simulacra.generate(d.spec, seed=1, scale=0.05).frames
    simulacra.validate(d.spec, frames)
