"""A compound noun names one table, keeps its count and refers to its modifier's table (issue 20, draft35).

"4,000 truck fuel receipts", "9,000 course feedback forms", "1,200 truck repair orders", "800 vehicle inspection
reports": whatever words precede the plural head, catalogue words or not, in the middle or at the head, the
table is the compound's (named by the head and the word before it: `fuel_receipts`, `feedback_forms`,
`repair_orders`, `inspection_reports`), the count said before the compound is its rows, the modifier's table keeps
its own count, and a modifier that names a table of the request is a key to it (each fuel receipt is of one
truck). Shapes: heads the catalogue has (receipts, orders) or lacks (forms, reports, logs, checks), modifiers of
two or three words, modifiers of the catalogue or not, in five settings.
"""

from __future__ import annotations

import polars as pl
import pytest
from tests.unit.draft.draft_helpers import draft_said, key_to, refs

import simulacra
from simulacra.draft import draft

#: (request with {n} for the compound's count, compound table, modifier table, its count)
SHAPES = [
    # a catalogue head ('receipts') after a word the catalogue lacks
    ("a logistics firm: 60 drivers, 200 trucks; {n} truck fuel receipts", "fuel_receipts", "trucks", 200),
    # a catalogue word in the middle ('feedback'), a head the catalogue lacks
    ("a university: 3,000 students, 120 courses; {n} course feedback forms", "feedback_forms", "courses", 120),
    # every word a catalogue word
    ("a haulage firm: 40 drivers, 150 trucks; {n} truck repair orders", "repair_orders", "trucks", 150),
    # draft34's shape: the count was right, the key was missing
    ("a fleet: 300 vehicles; {n} vehicle inspection reports", "inspection_reports", "vehicles", 300),
    # a modifier the catalogue lacks, naming a table the request asks for
    ("a zoo: 40 keepers, 250 animals; {n} animal feeding logs", "feeding_logs", "animals", 250),
    # three words before the head: named by the words less the one naming a table (draft46; was pressure_checks)
    ("a fleet: 300 vehicles; {n} vehicle tyre pressure checks", "tyre_pressure_checks", "vehicles", 300),
]
COUNTS = [(600, "600"), (1200, "1,200"), (4500, "4,500")]


@pytest.mark.parametrize(("template", "compound", "modifier", "own"), SHAPES)
@pytest.mark.parametrize(("count", "said"), COUNTS)
class TestTheCompoundsTable:
    def test_the_compound_table_has_the_count(
        self, template: str, compound: str, modifier: str, own: int, count: int, said: str
    ) -> None:
        tables = draft_said(template, said)["tables"]
        assert compound in tables, sorted(tables)
        rows = tables[compound]["rows"]
        assert (rows["total"] if isinstance(rows, dict) else rows) == count

    def test_the_modifier_keeps_its_own_count(
        self, template: str, compound: str, modifier: str, own: int, count: int, said: str
    ) -> None:
        tables = draft_said(template, said)["tables"]
        assert tables[modifier]["rows"] == own
        # no table of the words between: the compound is one table
        middle = template.split("{n} ")[1].split()[1:-1]
        assert not any(t in tables for w in middle for t in (w, f"{w}s")), sorted(tables)

    def test_the_compound_refers_to_the_modifiers_table(
        self, template: str, compound: str, modifier: str, own: int, count: int, said: str
    ) -> None:
        spec = draft_said(template, said)
        assert modifier in refs(spec["tables"][compound])
        assert key_to(spec, compound, modifier)


@pytest.mark.parametrize(("template", "compound", "modifier", "own"), SHAPES)
@pytest.mark.parametrize("seed", [1, 2])
def test_generates_validates_each_row_of_one_modifier_row(
    template: str, compound: str, modifier: str, own: int, seed: int
) -> None:
    spec = draft_said(template, "1,200")
    frames = simulacra.generate(spec, seed=seed, scale=0.05).frames
    simulacra.validate(spec, frames)
    assert frames[compound].height == round(1200 * 0.05)
    key = key_to(spec, compound, modifier)
    parent_key = spec["tables"][compound]["columns"][key]["references"].split(".")[1]
    assert set(frames[compound][key].to_list()) <= set(frames[modifier][parent_key].to_list())


class TestDatedAfterTheModifier:
    """Where the modifier's table and the compound both have a date, the compound's comes after it, as a child's
    after its parent's."""

    @pytest.mark.parametrize(
        ("request_text", "compound", "modifier"),
        [
            ("a shop: 1,000 customers; 1,200 customer refund forms", "refund_forms", "customers"),
            ("a clinic: 800 patients; 1,200 patient referral letters", "referral_letters", "patients"),
            ("a bank: 500 customers, 700 accounts; 1,200 account statement letters", "statement_letters", "accounts"),
        ],
    )
    @pytest.mark.parametrize("seed", [1, 2])
    def test_dates_after_the_modifier_row(self, request_text: str, compound: str, modifier: str, seed: int) -> None:
        spec = draft(request_text).spec
        key = key_to(spec, compound, modifier)
        cols = spec["tables"][compound]["columns"]
        date = next(c for c, col in cols.items() if isinstance(col, dict) and str(col.get("after", "")))
        parent_table, parent_date = str(cols[date]["after"]).split(".")
        assert parent_table == modifier
        parent_key = cols[key]["references"].split(".")[1]
        frames = simulacra.generate(spec, seed=seed, scale=0.2).frames
        joined = frames[compound].join(frames[modifier], left_on=key, right_on=parent_key, how="left")
        assert joined.height == frames[compound].height > 0
        assert (joined[date].cast(pl.Datetime) >= joined[parent_date].cast(pl.Datetime)).all()


class TestCountWithoutTheModifiersTable:
    """Said only as the compound's first word, the modifier makes no table; the count is still the compound's."""

    @pytest.mark.parametrize(
        ("request_text", "compound", "count", "absent"),
        [
            ("a garage: 1,200 truck repair orders", "repair_orders", 1200, "trucks"),
            ("a campus: 900 course feedback forms", "feedback_forms", 900, "courses"),
            ("a depot: 2,500 truck fuel receipts", "fuel_receipts", 2500, "trucks"),
        ],
    )
    def test_no_modifier_table(self, request_text: str, compound: str, count: int, absent: str) -> None:
        tables = draft(request_text).spec["tables"]
        assert tables[compound]["rows"] == count
        assert absent not in tables and "vehicles" not in tables


class TestUncountedCompound:
    """Said without a count, a compound of three words is one table too, made per the modifier's table it names;
    a plural right after a catalogue word may be its verb, so two words are left as they were."""

    @pytest.mark.parametrize(
        ("request_text", "compound", "modifier"),
        [
            ("a fleet: 300 vehicles and vehicle inspection reports", "inspection_reports", "vehicles"),
            (
                "a university: 3,000 students, 120 courses; course feedback forms of students",
                "feedback_forms",
                "courses",
            ),
            ("a haulage firm: 150 trucks, truck repair orders", "repair_orders", "trucks"),
            ("a zoo: 250 animals, animal feeding logs", "feeding_logs", "animals"),
        ],
    )
    def test_one_table_keyed_to_the_modifier(self, request_text: str, compound: str, modifier: str) -> None:
        spec = draft(request_text).spec
        tables = spec["tables"]
        assert compound in tables, sorted(tables)
        assert modifier in refs(tables[compound])
        first, *middle, _ = compound.split("_")
        assert not any(w in tables or f"{w}s" in tables for w in (first, *middle)), sorted(tables)

    def test_a_verb_after_a_catalogue_word_is_no_compound(self) -> None:
        tables = draft("a shop: 1,000 customers; each customer places orders").spec["tables"]
        assert "orders" in tables and not any("places" in t for t in tables), sorted(tables)


class TestUnchanged:
    """A catalogue noun right after the count's modifier, or of the compound's last two words, is read as before."""

    def test_a_catalogue_compound_keeps_the_count(self) -> None:
        tables = draft("a shop: 1,000 customers; 5,000 customer support tickets").spec["tables"]
        assert tables["tickets"]["rows"] == 5000
        assert tables["customers"]["rows"] == 1000

    def test_a_modifier_table_before_a_catalogue_head(self) -> None:
        spec = draft("a shop: 1,000 customers; 2,000 customer orders").spec
        assert spec["tables"]["orders"]["rows"] == 2000
        assert "customers" in refs(spec["tables"]["orders"])

    def test_people_compounds_make_no_key(self) -> None:
        tables = draft("a climbing gym: 1,200 climbers, 300 routes, 8 route setters").spec["tables"]
        assert tables["route_setters"]["rows"] == 8
