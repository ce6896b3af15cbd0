"""``spec.refs.dotted_ref``: one home for a dotted reference to a parent row's column (house, issue 13), read
before by two regexes — ``synth._parent_bounds`` (one hop, ``fk.column``) and ``generation.periods`` (one hop or
more, ``subscription_id.customer_id.joined``). Pinned: one hop and many, quoted names and expressions (not
references), names under several spellings; and the two readers' answers on the same names: a bound by one hop
for a parent's bound, and periods laid under an ancestor's end whose name holds a non-ASCII letter (the one reading
that changed: ``generation.periods``' own regex took ASCII only)."""

from __future__ import annotations

import json
from pathlib import Path

import polars as pl
import pytest
from tests.unit.generation.period_worlds import bounded_world

from simulacra.pipeline import generate
from simulacra.spec.refs import dotted_ref, quote_refs
from simulacra.synth._parent_bounds import bounded_by_parent

ONE_HOP = ["home_id.capacity", "fk.b", "_k.x1", "Product_ID.Cost", "a.b_c_2"]
TWO_HOPS = ["subscription_id.customer_id.joined", "a.b.c", "k_1.k_2.col"]
THREE_HOPS = ["bill_id.subscription_id.customer_id.left"]
NOT_REFS = [
    "capacity",  # a bare name
    '"home_id.capacity"',  # quoted: one name, as quote_refs writes it
    '"home_id"."capacity"',
    "home_id.capacity - 500",  # an expression of a reference
    "home_id.capacity ",  # surrounding spaces
    " home_id.capacity",
    "1fk.col",  # a name starting with a digit
    "fk.1col",
    "fk.",
    ".col",
    "fk..col",
    "fk.col()",
    "",
    "'fk.col'",
]


@pytest.mark.parametrize("text", ONE_HOP)
def test_one_hop(text: str) -> None:
    assert dotted_ref(text) == text.split(".")
    assert dotted_ref(text, hops=1) == text.split(".")
    assert dotted_ref(text, hops=2) is None


@pytest.mark.parametrize("text", TWO_HOPS + THREE_HOPS)
def test_many_hops(text: str) -> None:
    names = text.split(".")
    assert dotted_ref(text) == names
    assert dotted_ref(text, hops=len(names) - 1) == names
    assert dotted_ref(text, hops=1) is None


@pytest.mark.parametrize("text", NOT_REFS)
def test_not_a_ref(text: str) -> None:
    assert dotted_ref(text) is None
    assert dotted_ref(text, hops=1) is None


def test_quote_refs_quotes_exactly_the_dotted_refs() -> None:
    """The same names ``quote_refs`` quotes inside an expression, outside string literals and quoted names."""
    for ref in ONE_HOP + TWO_HOPS + THREE_HOPS:
        assert quote_refs(f"x <= {ref} + 1") == f'x <= "{ref}" + 1'
    assert quote_refs("x <= 'fk.col' AND \"fk.col\" > 0") == "x <= 'fk.col' AND \"fk.col\" > 0"
    # word characters past a name's first letter as quote_refs reads them, non-ASCII too (generation.periods' own
    # regex took ASCII only there: the one reading that changed)
    assert dotted_ref("sub_id.début") == ["sub_id", "début"]
    assert quote_refs("x <= sub_id.début") == 'x <= "sub_id.début"'


def test_a_parents_bound_takes_one_hop_through_a_known_key() -> None:
    """``synth._parent_bounds`` reads a bound by ``fk.column`` (one hop, a key of the table), not two hops."""
    got = bounded_by_parent(
        ["a <= fk.b", "a <= fk.g.b", "a <= other.b", "a >= k.y + fk.b", '"a" < "fk.b"'],
        ["a"],
        ["fk", "k"],
    )
    assert [(c, b.expr, b.below, b.strict) for c, b in got] == [
        ("a", "fk.b", True, False),
        ("a", "k.y + fk.b", False, False),
        ("a", '"fk.b"', True, True),
    ]


@pytest.mark.parametrize(("seed", "name"), [(1, "endé"), (2, "end_ü"), (3, "fin_année")])
def test_periods_lay_under_an_ancestors_end_named_past_ascii(tmp_path: Path, seed: int, name: str) -> None:
    """``generate`` lays a group's periods under its ancestor's end whatever letters the end's name holds past its
    first (``period_end <= subscription_id.endé``): on main ``generation.periods`` read only ASCII names as a
    parent's column, so it did not lay by that bound and then refused the world (rows broke the check)."""
    spec = bounded_world("parent", "month", seed, check="period_end <= END")
    spec = json.loads(json.dumps(spec).replace('"ended"', f'"{name}"').replace(".ended", f".{name}"))
    generate(spec, tmp_path / "o", format="csv")
    bills = pl.read_csv(tmp_path / "o" / "bills.csv", try_parse_dates=True)
    subs = pl.read_csv(tmp_path / "o" / "subscriptions.csv", try_parse_dates=True)
    j = bills.join(subs.select("subscription_id", name), on="subscription_id", how="left")
    assert j.height > 50 and j[name].null_count() < j.height
    assert int((j["period_end"] > j[name]).fill_null(False).sum()) == 0
