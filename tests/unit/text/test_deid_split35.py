"""``Last, First`` address items as one person span (deid-split35, issue 14).

Both annotated e-mail sets mark an address item ``Lay, Kenneth`` as ONE person (Minkov's read parts 411 of 448
``;``-list items, CEREC's all 296; a quoted display name 11 of 14): where the tagger found the surname and the
given name apart, the two spans are joined. What is rewritten does not change: the text equals the rewrite of the
two names apart (main's), and the fake is the same person as the full name's elsewhere in the message.

The tagger's spans are planted (``run_rules``), so the model does not decide the outcome. Negatives: two given
names in a greeting or a sentence (``Sally, Gary,``, ``Ray, Keith and Gary``), a full name after the comma, a
possessive after the given name, an item that continues (``Lay, Kenneth, Skilling``), a firm's word.
"""

from __future__ import annotations

import re

import pytest
from tests.unit.text.email_name_helpers import family_names, given_names, planted, run_rules

from simulacra.text.engine import Deidentifier
from simulacra.text.spans import Span

_ENGINE = Deidentifier(None, ner="fast", seed=7)

# header shapes: {L} the surname, {F} the given name (with its initial where the shape has one), {O} another item
_SHAPES = {
    "quoted display name": 'Date: Mon, 7 May 2001\n\tFrom:  "{L}, {F} " <{f}.{l}@example.com>\n\tTo: {O}',
    "quoted with a department": 'cc: "{O}" <o@example.com>, "{L}, {F} W (WGP \nSouthCentral)" <{f}@example.com>',
    "quoted with a prefix": 'To: " ENRON: {L}, {F} " < {f}.{l}@example.com >\ncc: "{O}" <o@example.com>',
    "semicolon item": "To: Moran, Tom; Dickson, \nStacy; {O}; {L}, {F} M.; Hunter, Larry Joe Cc: Lees, Lisa",
    "semicolon item opening a wrapped line": "Cc: Taylor, Mark; Dickson, Stacy;\n{L}, {F}; Moran, Tom\nSubject: hi",
}


def _names(seed: int) -> tuple[str, str, str]:
    last = family_names(4, seed)[seed % 4]
    first, other = given_names(6, seed)[seed % 3], given_names(6, seed)[3 + seed % 3]
    return last, first, other


def _message(shape: str, seed: int) -> tuple[str, str, str, str]:
    last, first, other = _names(seed)
    head = _SHAPES[shape].format(L=last, F=first, O=other, l=last.lower(), f=first.lower())
    body = f"\n\n{first} {last} will send the figures to {other} on Friday.\n"
    given = first + (" W" if "department" in shape else " M." if shape == "semicolon item" else "")
    return head + body, last, given, other


def _apart(text: str, spans: list[Span], last: str, given: str) -> list[Span]:
    """``spans`` with the item ``last, given`` as the two names main kept apart."""
    out: list[Span] = []
    for s in spans:
        value = text[s.start : s.end]
        if s.label == "PERSON" and value == f"{last}, {given}" or re.fullmatch(rf"{last},\s+{given}", value):
            cut = text.index(",", s.start)
            after = re.compile(r",\s*").match(text, cut)
            assert after is not None
            out += [Span(s.start, cut, "PERSON"), Span(after.end(), s.end, "PERSON")]
        else:
            out.append(s)
    return out


@pytest.mark.parametrize("seed", [1, 2, 3, 4])
@pytest.mark.parametrize("shape", list(_SHAPES))
def test_an_address_item_found_apart_is_one_person(shape: str, seed: int) -> None:
    text, last, given, other = _message(shape, seed)
    spans = [planted(text, last, "PERSON"), planted(text, given, "PERSON"), planted(text, other, "PERSON")]
    found, out = run_rules(_ENGINE, text, spans)
    persons = [v for v, lab in found if lab == "PERSON"]
    item = next(v for v in persons if v.startswith(last + ","))
    assert re.fullmatch(rf"{last},\s+{given}", item), persons
    assert last not in persons and given not in persons
    # what is rewritten is main's: the two names apart give the same text
    kept = _ENGINE._finish(text, spans)
    assert _ENGINE.anonymize(text, _apart(text, kept, last, given)).text == out
    assert last not in out and re.search(rf"\b{given.split()[0]}\b", out) is None


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_item_and_the_full_name_are_one_fake_person(seed: int) -> None:
    text, last, given, _ = _message("semicolon item opening a wrapped line", seed)
    spans = [planted(text, last, "PERSON"), planted(text, given, "PERSON"), planted(text, f"{given} {last}", "PERSON")]
    r = _ENGINE.anonymize(text, _ENGINE._finish(text, spans))
    item = re.search(r"\n(\w+), (\w+); Moran", r.text)
    assert item is not None
    assert f"{item.group(2)} {item.group(1)} will send" in r.text  # "Fake, Given" and "Given Fake"
    # the joined span's replacement runs from its surname's fake to its given name's
    (where,) = [w for s, w in zip(r.spans, r.output_spans, strict=True) if text[s.start : s.end] == f"{last}, {given}"]
    assert r.text[where[0] : where[1]] == f"{item.group(1)}, {item.group(2)}"


_NEGATIVES = {  # {A}, {B}: the two names the tagger found apart
    "two given names greeting": "{B}, {A},\n\nThe figures are attached.",
    "names in a sentence": "Please call {A}, {B} and {O} about the figures.",
    "an item that goes on": "To: {A}, {B}, Moran, Tom\nSubject: hi",
    "a full name after the comma": "To: {A}, {B} {O}son; Moran, Tom\nSubject: hi",
    "a possessive": "To: team\n\n{A}, {B}'s new office is EB 3947.",
}


@pytest.mark.parametrize("seed", [1, 2, 3])
@pytest.mark.parametrize("shape", list(_NEGATIVES))
def test_names_that_are_no_address_item_stay_apart(shape: str, seed: int) -> None:
    last, first, other = _names(seed)
    a, b = (other, first) if "greeting" in shape else (last, first)
    text = _NEGATIVES[shape].format(A=a, B=b, O=other)
    spans = [planted(text, a, "PERSON"), planted(text, b, "PERSON")]
    found, _ = run_rules(_ENGINE, text, spans)
    assert not any(v.startswith(f"{a}, {b}") for v, lab in found if lab == "PERSON"), found


@pytest.mark.parametrize("seed", [1, 2])
def test_a_firm_beside_a_given_name_is_no_item(seed: int) -> None:
    last, first, _ = _names(seed)
    text = f'To: "{last}, {first} " <x@example.com>\nSubject: hi'
    spans = [planted(text, last, "ORGANIZATION"), planted(text, first, "PERSON")]
    found, _ = run_rules(_ENGINE, text, spans)
    assert (f"{last}, {first}", "PERSON") not in found


@pytest.mark.parametrize("seed", [1, 2])
def test_a_long_documents_blocks_keep_the_item_whole(seed: int) -> None:
    # a long document is found in blocks and spread over all of it (``join_blocks``): the joined item spreads as
    # its two names, is joined again, and is rewritten as the two names
    text, last, given, other = _message("quoted with a prefix", seed)
    spans = [planted(text, last, "PERSON"), planted(text, given, "PERSON"), planted(text, other, "PERSON")]
    kept = _ENGINE._finish(text, spans)
    joined = _ENGINE.join_blocks(text, kept)
    assert any(text[s.start : s.end] == f"{last}, {given}" for s in joined)
    assert _ENGINE.anonymize(text, joined).text == _ENGINE.anonymize(text, _apart(text, joined, last, given)).text
