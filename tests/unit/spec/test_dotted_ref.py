"""``spec.refs.dotted_ref``: one home for a dotted reference to a parent row's column (house, issue 13), read
before by two regexes — ``synth._parent_bounds`` (one hop, ``fk.column``) and ``generation.periods`` (one hop or
more, ``subscription_id.customer_id.joined``). Pinned: one hop and many, quoted names and expressions (not
references), names under several spellings; and the two readers' answers on the same names."""

from __future__ import annotations

import pytest

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
