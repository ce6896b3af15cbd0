"""Initials that sign a message off are a person (deid95, issue 14; read on the dev parts' misses: ``We'll be back
in touch.\\nMK\\nOriginal Message``, ``Talk to you soon.\\nPL``, ``Yes.  Thanks.  DF From:  Paul Cherry …``, ``J.P.``
typed ORGANIZATION or LOCATION by the tagger).

Planted in generated e-mail (``corpus.synthetic_documents``' threads: their headers, a new body), the initials of
a name drawn from the surrogate pools, in five shapes (alone before a reply's ``-----Original Message-----``,
before a CEREC-style ``Original Message``, at the text's end, after a sentence with a Notes header flattened onto
the line, with an extension) and four seeds. Each asserts the initials are one PERSON span and do not stand
verbatim in the output, and the message's other persons are those found without the rule. Negatives: abbreviations that end a body
(``FYI``, ``ASAP``), capitals the body goes on after, and capitals on a header's line are no persons.
"""

from __future__ import annotations

import re

import numpy as np
import pytest
from tests.unit.text.email_name_helpers import family_names, given_names

from simulacra.text import engine as engine_module
from simulacra.text.corpus import synthetic_documents
from simulacra.text.engine import Deidentifier
from simulacra.text.spans import Span

_ENGINE = Deidentifier(None, ner="fast", seed=7)
# two-letter English words and abbreviations: a pool name with such initials is skipped (not a sign-off test)
_WORDS = frozenset(
    "AM AN AS AT BE BY CA DO GO HE HI IF IN IS IT ME MD MY NA NO NY OF OK ON OR PM PR PS SO TO TX UK UP US VP WE "
    "HR ID EU EB RE CC NB TY NP AH OH HA EH UM HM UH OW".split()
)
_BODIES = (
    "Please see the attached schedules for next week.",
    "The contract went out this morning; let me know if the numbers look off.",
    "We'll be back in touch once the posting is updated.",
    "Good job on the fuel sales reconciliation.",
)
_SHAPES = (
    "{body}\n{i}\n-----Original Message-----\nFrom: {s2}, {g2}\nSent: Tuesday, November 13, 2001 2:35 PM\n"
    "To: {s}, {g}\nSubject: RE: schedules\n\nCan you send the schedules?\n",
    "{body}\n{i}\nOriginal Message\nFrom: {s2}, {g2}\nSent: Thursday, September 13, 2001 10:23 AM\n\nAny news?\n",
    "{body}\n\nTalk to you soon.\n{i}\n",
    "Yes.  Thanks.  {i} From:  {g2} {s2} 06/01/2000 04:27 PM\n\nTo: {g} {s}/HOU/ECT@ECT\nSubject: schedules\n\n"
    "{body}\n",
    "{body}\n\n{i} 3-9573\n\n\n{g2} {s2} on 03/26/2001 09:50:57 AM\nTo: {g} {s}\n\nLunch?\n",
)


def _headers(seed: int) -> str:
    text = next(iter(synthetic_documents(1, seed=seed, kinds=("email_thread",)))).text
    return text[: text.index("\n\n")]


def _names(seed: int, shape: int) -> tuple[str, str, str, str]:
    """A sender (given, family) whose initials are no English word, and a second person."""
    rng = np.random.default_rng(950 + 10 * seed + shape)
    gs = given_names(12, int(rng.integers(1_000)))
    ss = family_names(12, int(rng.integers(1_000)))
    for g, s in zip(gs, ss, strict=False):
        if (g[0] + s[0]) not in _WORDS:
            return g, s, gs[-1], ss[-1]
    raise AssertionError("no pool name with usable initials")


def _message(seed: int, shape: int) -> tuple[str, str, int]:
    g, s, g2, s2 = _names(seed, shape)
    i = g[0] + s[0]
    body = _SHAPES[shape].format(body=_BODIES[seed % len(_BODIES)], i=i, g=g, s=s, g2=g2, s2=s2)
    text = _headers(seed) + "\n\n" + body
    at = len(_headers(seed)) + 2 + re.search(rf"(?<![A-Za-z]){i}(?![A-Za-z])", body).start()  # type: ignore[union-attr]
    return text, i, at


def _persons(text: str, skip: tuple[int, int]) -> list[str]:
    spans = [s for s in _ENGINE.deidentify(text).spans if s.label == "PERSON"]
    return sorted(text[s.start : s.end] for s in spans if not (s.start < skip[1] and skip[0] < s.end))


@pytest.mark.parametrize("seed", range(4))
@pytest.mark.parametrize("shape", range(len(_SHAPES)))
def test_initials_signing_a_body_off_are_a_person(seed: int, shape: int, monkeypatch: pytest.MonkeyPatch) -> None:
    text, i, at = _message(seed, shape)
    result = _ENGINE.deidentify(text)
    here = [(s.label, text[s.start : s.end]) for s in result.spans if s.start < at + len(i) and at < s.end]
    assert here == [("PERSON", i)], (i, here)
    # the message's other persons are those the engine finds without the sign-off rule
    with_rule = _persons(text, (at, at + len(i)))
    if hasattr(engine_module, "signoff_initials"):
        monkeypatch.setattr(engine_module, "signoff_initials", lambda t, spans: list(spans))
    assert with_rule == _persons(text, (at, at + len(i)))
    # the initials are rewritten: the output's body holds them nowhere as a word
    body = result.text.split("\n\n", 1)[1]
    assert re.search(rf"(?<![A-Za-z]){i}(?![A-Za-z])", body) is None, body


@pytest.mark.parametrize("word", ["FYI", "ASAP", "TBD", "OK"])
def test_an_abbreviation_ending_a_body_is_no_person(word: str) -> None:
    from simulacra.text.signoff_initials import signoff_initials

    text = _headers(1) + f"\n\nSee the schedules below.\n{word}\n-----Original Message-----\nFrom: Lee, Ann\n\nHi\n"
    at = text.index(f"\n{word}\n") + 1
    assert not signoff_initials(text, [])
    assert not any(
        s.label == "PERSON" and s.start <= at < s.end and s.source == "signoff.initials"
        for s in _ENGINE.deidentify(text).spans
    )


@pytest.mark.parametrize(
    "text",
    [
        "Hi,\n\nThe pipeline is down.\nMK\nwill ship the order next week, so the volumes stay.\n",  # the body goes on
        "Subject: TW\nMK\n-----Original Message-----\nFrom: Lee, Ann\n",  # after a header field, not a body
        "X-To: Brown, Elizabeth\nTK\n\nOriginal Message\nFrom: Lee, Ann\n",
        "Hi,\n\nThe volumes for TW and MK are final.\n-----Original Message-----\n",  # inside a sentence
    ],
)
def test_capitals_that_sign_no_body_off_are_left(text: str) -> None:
    from simulacra.text.signoff_initials import signoff_initials

    assert signoff_initials(text, []) == []


def test_a_firm_typed_over_the_initials_is_retyped_and_other_spans_stay() -> None:
    from simulacra.text.signoff_initials import signoff_initials

    text = "Hi,\n\nWe'll be back in touch.\nMK\n-----Original Message-----\nFrom: Lee, Ann\n"
    a = text.index("MK")
    firm = Span(a, a + 2, "ORGANIZATION", 0.6, "ner")
    other = Span(text.index("Lee, Ann"), text.index("Lee, Ann") + 8, "PERSON", 0.9, "structure")
    out = signoff_initials(text, [firm, other])
    assert [(text[s.start : s.end], s.label) for s in out] == [("MK", "PERSON"), ("Lee, Ann", "PERSON")]
    # a span of another type (a code the patterns found) is left as it is
    code = Span(a, a + 2, "ID", 0.9, "pattern")
    assert signoff_initials(text, [code]) == [code]
    # initials with points ("J.P.") at a message's end, nothing found there: added
    tail = "Thanks for your help.\n\nJ.P. \n"
    got = signoff_initials(tail, [])
    assert [(tail[s.start : s.end], s.label, s.source) for s in got] == [("J.P.", "PERSON", "signoff.initials")]
