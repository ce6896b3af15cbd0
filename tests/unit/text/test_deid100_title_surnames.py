"""A title or role word that is also a family name is a surname after an honorific, unless a role follows
(deid100, issue 14; on int ``name_words.not_a_name_word`` kept "Mr. King", "Mrs. Bishop", "Dr. Pope", "Mr. Case"
out of deid99's honorific rule and the surname stood verbatim beside the rewritten honorific).

Planted in generated e-mail (``corpus.synthetic_documents``' threads, a new body): the pool's surnames that
``not_a_name_word`` excludes as a title, role, descriptor or field label, plus other such family names, after
``Mr.``, ``Mrs.``, ``Ms.``, ``Dr.``, ``Mr`` in five sentence shapes, two seeds. Each asserts a PERSON span over the
surname and no verbatim copy in the rewritten body. Controls through the rule: a role that is no family name
("Mr. President"), a role context after the word ("Mr. Prince of Wales", "Dr. Judge Wapner"), a month or a
greeting's word ("Dr. May 5", "Mr. Best"), and "Dr. Who" (decided: a question word after an honorific is a show's
title, no surname; int took it for one).
"""

from __future__ import annotations

import re

import pytest

from simulacra.text.corpus import synthetic_documents
from simulacra.text.engine import Deidentifier
from simulacra.text.titled_surnames import titled_surnames

_ENGINE = Deidentifier(None, ner="fast", seed=7)
_SURNAMES = ("King", "Bishop", "Pope", "Case", "Prince", "French", "Judge", "Swift", "Christian", "English")
_SHAPES = (
    "{t} {s} said the deal is off for now.\n",
    "Anyway, I will call {t} {s} first thing this morning.\n",
    "Please ask {t} {s} to sign the confirmation before Friday.\n",
    "{t} {s} will talk about:\n\n- the forward curve\n",
    "Thanks for setting up the meeting with {t} {s} yesterday.\n",
)
_TITLES = ("Mr.", "Mrs.", "Ms.", "Dr.", "Mr")


@pytest.mark.parametrize("seed", range(2))
@pytest.mark.parametrize("shape", range(len(_SHAPES)))
def test_a_title_word_surname_after_an_honorific_is_a_person_and_not_left(shape: int, seed: int) -> None:
    s = _SURNAMES[(5 * seed + shape) % len(_SURNAMES)]
    t = _TITLES[(seed + shape) % len(_TITLES)]
    doc = next(iter(synthetic_documents(1, seed=40 + 10 * seed + shape, kinds=("email_thread",)))).text
    cut = doc.index("\n\n")
    body = _SHAPES[shape].format(t=t, s=s)
    text = doc[:cut] + "\n\n" + body + doc[cut:]
    at = cut + 2 + body.index(f"{t} {s}") + len(t) + 1
    result = _ENGINE.deidentify(text)
    assert any(x.label == "PERSON" and x.start <= at and at + len(s) <= x.end for x in result.spans), (t, s)
    assert re.search(rf"(?<!\w){s}(?!\w)", result.text[result.text.index("\n\n") :]) is None, (t, s)


@pytest.mark.parametrize(
    "body, word",
    [
        ("Thank you, Mr. President, for the kind words.", "President"),
        ("Mr. Prince of Wales opened the plant.", "Prince"),
        ("Dr. Judge Wapner will rule on it.", "Judge"),
        ("Dr. May 5 is the date.", "May"),
        ("Mr. Best wishes to all.", "Best"),
        ("We watched Dr. Who last night.", "Who"),
    ],
)
def test_a_role_a_month_or_a_shows_title_after_the_honorific_is_no_person(body: str, word: str) -> None:
    text = "Subject: Re: Fw: the King deal\n\n" + body
    at = text.rindex(word)
    assert not any(x.start <= at < x.end for x in titled_surnames(text, []))
    assert titled_surnames("Subject: Re: Fw: the King deal\n\nthe King of Spain came.", []) == []
