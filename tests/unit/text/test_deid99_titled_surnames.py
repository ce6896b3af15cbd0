"""A capitalised word after an honorific is a person's surname (deid99, issue 14; the leak side: on int a surname
that is also an English word, "Mr. Banks", "Dr. Bloom", stood verbatim beside the rewritten "Mr.").

Planted in generated e-mail (``corpus.synthetic_documents``' threads: their headers, a new body): a surname of the
surrogate pool that is a dictionary word (no given name, no place, no title or role) after ``Mr.``, ``Mrs.``,
``Ms.``, ``Dr.``, ``Prof.`` or ``Mr`` without its point, in five shapes and four seeds, eight surnames each. Each
asserts the surname is a PERSON span and does not stand verbatim in the rewritten body. Negatives: a role after the honorific ("Mr.
President") and a street's "Dr." ("Wacker Dr. Houston") are no persons; the rule's span handling.
"""

from __future__ import annotations

import re

import numpy as np
import pytest
from tests.unit.text.email_name_helpers import _plain

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
_SHAPES = (
    "Anyway, I will call {t} {s} first thing this morning and let you know.\n",
    "{t} {s} will talk about:\n\n- the forward curve\n- the storage report\n",
    "Please ask {t} {s} to sign the confirmation before Friday.\n",
    "Thanks for setting up the meeting with {t} {s} yesterday.\n",
    "I'll let you know what {t} {s} says about the tariff.  Thanks again\n",
)
_TITLES = ("Mr.", "Mrs.", "Ms.", "Dr.", "Prof.", "Mr")


def _headers(seed: int) -> str:
    text = next(iter(synthetic_documents(1, seed=seed, kinds=("email_thread",)))).text
    return text[: text.index("\n\n")]


def _body_of(text: str) -> str:
    return text[text.index("\n\n") :]


@pytest.mark.parametrize("seed", range(4))
@pytest.mark.parametrize("shape", range(len(_SHAPES)))
def test_a_word_surname_after_an_honorific_is_a_person_and_not_left(shape: int, seed: int) -> None:
    rng = np.random.default_rng(990 + 10 * seed + shape)
    head = _headers(seed)
    left = []
    for k in range(8):  # eight pool surnames per shape and seed, the honorifics in turn
        s = _WORD_SURNAMES[int(rng.integers(len(_WORD_SURNAMES)))]
        t = _TITLES[(seed + k) % len(_TITLES)]
        body = _SHAPES[shape].format(t=t, s=s)
        text = head + "\n\n" + body
        at = len(head) + 2 + body.index(f"{t} {s}") + len(t) + 1
        result = _ENGINE.deidentify(text)
        persons = [(x.start, x.end) for x in result.spans if x.label == "PERSON"]
        if not any(a <= at and at + len(s) <= b for a, b in persons):
            left.append((t, s, "no person"))
        if re.search(rf"(?<!\w){s}(?!\w)", _body_of(result.text)) is not None:
            left.append((t, s, "verbatim"))
    assert left == []


@pytest.mark.parametrize(
    "body, word",
    [
        ("Thank you, Mr. President, for the kind words.\n", "President"),
        ("The office is at 150 Wacker Dr. Houston office staff will move in May.\n", "Houston"),
        ("Dr. Director of the program will decide.\n", "Director"),
    ],
)
def test_a_role_or_a_street_after_the_honorific_is_no_person(body: str, word: str) -> None:
    from simulacra.text.titled_surnames import titled_surnames  # the rule itself (new in deid99)

    text = _headers(1) + "\n\n" + body
    at = text.rindex(word)
    spans = titled_surnames(text, [])
    assert not any(x.start <= at < x.end for x in spans)


def test_the_rule_adds_over_nothing_retypes_a_firm_and_leaves_other_spans() -> None:
    from simulacra.text.titled_surnames import titled_surnames

    text = "Please ask Mr. Banks and Dr. Bloom to call Ms. Branch today."
    b = text.index("Bloom")
    c = text.index("Branch")
    firm = Span(b, b + 5, "ORGANIZATION", 0.6, "ner")
    date = Span(c, c + 6, "DATE_TIME", 0.6, "ner")
    out = titled_surnames(text, [firm, date])
    got = [(text[x.start : x.end], x.label) for x in out]
    assert got == [("Banks", "PERSON"), ("Bloom", "PERSON"), ("Branch", "DATE_TIME")]
    assert titled_surnames("no honorific here", []) == []
