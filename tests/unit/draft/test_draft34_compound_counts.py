"""A count before a compound noun is the compound's, not its modifier's (issue 20, draft34).

"1,500 module progress records", "800 vehicle inspection reports": the first word names a catalogue kind but only
says which records or reports; the count is the table the compound makes (progress records, inspection reports),
whatever singular words come between the count and the plural head. The modifier's table keeps the count said for
it elsewhere, or is not made at all where it is said only as the modifier.
"""

from __future__ import annotations

import pytest
from tests.unit.draft.draft_helpers import draft_said

import simulacra
from simulacra.draft import draft

#: (request with {n} for the compound's count, compound table, modifier table, its count or None if not made)
SHAPES = [
    (
        "a training company: 300 trainees, 40 modules; {n} module progress records of trainees",
        "progress_records",
        "modules",
        40,
    ),
    ("a school: 400 pupils, 30 lessons; {n} lesson attendance records", "attendance_records", "lessons", 30),
    ("a fleet: 100 vehicles; {n} vehicle inspection reports", "inspection_reports", "vehicles", 100),
    ("a hospital: 2,000 patients; {n} patient discharge summaries", "discharge_summaries", "patients", 2000),
    ("a garage: {n} vehicle inspection reports", "inspection_reports", "vehicles", None),
]
COUNTS = [(300, "300"), (1500, "1,500"), (4200, "4,200")]


@pytest.mark.parametrize(("template", "compound", "modifier", "own"), SHAPES)
@pytest.mark.parametrize(("count", "said"), COUNTS)
class TestTheCountIsTheCompounds:
    def test_the_compound_table_has_the_count(
        self, template: str, compound: str, modifier: str, own: int | None, count: int, said: str
    ) -> None:
        tables = draft_said(template, said)["tables"]
        assert compound in tables, sorted(tables)
        assert tables[compound]["rows"] == count

    def test_the_modifier_keeps_its_own_count(
        self, template: str, compound: str, modifier: str, own: int | None, count: int, said: str
    ) -> None:
        tables = draft_said(template, said)["tables"]
        if own is None:
            assert modifier not in tables  # said only as the compound's first word: no table of its own
        else:
            assert tables[modifier]["rows"] == own


@pytest.mark.parametrize(("template", "compound", "modifier", "own"), SHAPES)
@pytest.mark.parametrize("seed", [1, 2])
def test_generates_validates_with_the_count(
    template: str, compound: str, modifier: str, own: int | None, seed: int
) -> None:
    spec = draft_said(template, "1,500")
    frames = simulacra.generate(spec, seed=seed, scale=0.02).frames
    simulacra.validate(spec, frames)
    assert frames[compound].height == round(1500 * 0.02)


class TestUnchanged:
    """A compound whose head the catalogue names kept its count before; a count of one is no table's count."""

    def test_a_catalogue_head_keeps_the_count(self) -> None:
        tables = draft("a shop: 1,000 customers; 5,000 customer support tickets").spec["tables"]
        assert tables["tickets"]["rows"] == 5000
        assert tables["customers"]["rows"] == 1000

    def test_a_one_word_modifier_before_a_plural(self) -> None:
        tables = draft("a climbing gym: 1,200 climbers, 8 route setters").spec["tables"]
        assert tables["route_setters"]["rows"] == 8
