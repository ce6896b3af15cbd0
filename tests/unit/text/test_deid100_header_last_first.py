"""A "last, first" pair in a header's address list is one person in any case (deid100, issue 14; on int the
lowercase surname of ``cc: soto, derek`` stood verbatim beside its rewritten given name).

Planted in generated e-mail (``corpus.synthetic_documents``' threads): pool given names with pool surnames (no
word) and with surnames that are dictionary words, lowercase or beside an upper-case pair, in the thread's own
header block (``X-cc``, ``X-To``), in a forwarded message's header lines in the body, on a body ``cc:`` line and a
Lotus ``Sent by:`` line, two seeds. Each asserts a PERSON span covers the pair and neither word stands verbatim
in the output. Beside it: the pair's fakes are the display name's; controls (plain addresses, a ``Re:``/``Fw:``
subject, group words) are left; the rule's span handling.
"""

from __future__ import annotations

import re

import numpy as np
import pytest
from tests.unit.text.email_name_helpers import _plain, family_names, given_names

from simulacra.text.corpus import synthetic_documents
from simulacra.text.engine import Deidentifier
from simulacra.text.name_words import not_a_name_word
from simulacra.text.spans import Span
from simulacra.text.structure import _dictionary, _first_name, _place
from simulacra.text.surrogates import pools as _pools

_ENGINE = Deidentifier(None, ner="fast", seed=7)
_WORD_SURNAMES = sorted(
    v
    for v in _pools("en_US").last
    if _plain(v) and _dictionary(v) and not _first_name(v) and not _place(v) and not not_a_name_word(v)
)
# where the pair stands: in the thread's headers (replacing that field) or as body lines
_HEADER_SHAPES = {"xcc": "X-cc: {l}, {f}", "xto": "X-To: {L}, {F}; {l}, {f}"}
_BODY_SHAPES = {
    "forward": "-----Original Message-----\nFrom: {l}, {f}\nSent: Monday, May 07, 2001 9:15 AM\nTo: {L}, {F}\n"
    "Subject: RE: gas desk\n\nsee below.",
    "cc": "cc: {l}, {f} j.",
    "sent_by": "Sent by: {l}, {f}",
    "mixed": "cc: {L}, {F}; {l}, {f}",
}


def _doc(seed: int) -> str:
    return next(iter(synthetic_documents(1, seed=seed, kinds=("email_thread",)))).text


def _plant(doc: str, shape: str, last: str, first: str) -> str:
    cut = doc.index("\n\n")
    vals = {"l": last.lower(), "f": first.lower(), "L": last.upper(), "F": first}
    if shape in _HEADER_SHAPES:
        line = _HEADER_SHAPES[shape].format(**vals)
        field = line.split(":")[0].lower()
        kept = [x for x in doc[:cut].split("\n") if x.split(":")[0].lower() != field]
        return "\n".join([*kept, line]) + doc[cut:]
    return doc[:cut] + "\n\nThanks, see the note.\n\n" + _BODY_SHAPES[shape].format(**vals) + "\n" + doc[cut + 2 :]


def _verbatim(word: str, text: str) -> bool:
    return re.search(rf"(?<![\w.]){re.escape(word)}(?![\w@])", text, re.IGNORECASE) is not None


_SHAPES = [*_HEADER_SHAPES, *_BODY_SHAPES]


@pytest.mark.parametrize("seed", range(2))
@pytest.mark.parametrize("shape", _SHAPES)
def test_a_last_first_pair_in_an_address_list_is_one_person_and_not_left(shape: str, seed: int) -> None:
    word = (seed + _SHAPES.index(shape)) % 2 == 1  # pool surnames and word surnames in turn
    rng = np.random.default_rng(1000 + seed + 7 * len(shape) + word)
    surnames = _WORD_SURNAMES if word else family_names(60, seed)
    given = given_names(60, seed)
    for _ in range(20):  # a pair the generated thread does not name already
        last, first = surnames[int(rng.integers(len(surnames)))], given[int(rng.integers(len(given)))]
        doc = _doc(100 * seed + int(rng.integers(50)))
        if not _verbatim(last, doc) and not _verbatim(first, doc):
            break
    text = _plant(doc, shape, last, first)
    result = _ENGINE.deidentify(text)
    pair = f"{last.lower()}, {first.lower()}"
    at = text.index(pair)
    assert any(s.label == "PERSON" and s.start <= at and at + len(pair) <= s.end for s in result.spans), pair
    assert not _verbatim(last, result.text), (last, shape)
    assert not _verbatim(first, result.text), (first, shape)


def test_the_pair_gets_the_display_names_fakes() -> None:
    doc = _doc(5)
    cut = doc.index("\n\n")
    text = doc[:cut] + "\n\nPlease call Derek Soto today.\n\ncc: soto, derek\n" + doc[cut + 2 :]
    out = _ENGINE.deidentify(text).text
    m = re.search(r"Please call (\S+) (\S+) today\.\n\ncc: (\S+), (\S+)\n", out)
    assert m is not None, out[cut : cut + 120]
    given, family, last, first = m.groups()
    assert (last, first) == (family.lower(), given.lower())
    assert "soto" not in out.lower()


@pytest.mark.parametrize(
    "line",
    [
        "cc: derek.soto@enron.com, vince.kaminski@enron.com",
        "To: team, derek",  # a group's word as the "surname"
        "Subject: Re: Fw: soto, derek",  # no address list
        "cc: the, derek",
    ],
)
def test_addresses_subjects_and_group_words_are_no_pair(line: str) -> None:
    from simulacra.text.header_last_first import header_last_first  # new in deid100

    text = "Date: Mon, 7 May 2001\n" + line + "\n\nhi"
    assert header_last_first(text, []) == []


def test_the_rule_replaces_spans_inside_the_pair_and_leaves_one_reaching_out() -> None:
    from simulacra.text.header_last_first import header_last_first

    text = "To: banks, tom; kaminski, vince\ncc: soto, derek\nHarry said hi"
    tom = text.index("tom")
    derek = text.index("derek")
    out = header_last_first(text, [Span(tom, tom + 3, "PERSON", 0.9, "structure")])
    got = [(text[s.start : s.end], s.label) for s in out]
    assert got == [("banks, tom", "PERSON"), ("kaminski, vince", "PERSON"), ("soto, derek", "PERSON")]
    # a wrap rule's "derek\nHarry": the pair taken, "Harry" kept on its own
    wrapped = Span(derek, text.index("Harry") + 5, "PERSON", 0.9, "structure+wrapped")
    got = [(text[s.start : s.end], s.source) for s in header_last_first(text, [wrapped])][-2:]
    assert got == [("soto, derek", "header.last_first"), ("Harry", "structure+wrapped")]
    # a firm's span over "tom; kaminski" reaches out of both pairs: left, and they are
    firm = Span(tom, text.index("kaminski") + 8, "ORGANIZATION", 0.6, "ner")
    got = [(text[s.start : s.end], s.label) for s in header_last_first(text, [firm])]
    assert got == [("tom; kaminski", "ORGANIZATION"), ("soto, derek", "PERSON")]
