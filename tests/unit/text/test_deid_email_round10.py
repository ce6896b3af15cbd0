"""Issue 14, round ten: the round-nine rules (a known place retyped LOCATION; a separator's words dropped as
a foreign header's) must not leave a person's word verbatim anywhere in the message.

Each class is planted in text written here, with spans planted as the tagger's and run through the engine's
own path after the tagger (refine, name completion, the spread of found names) and then rewritten, so the
assertion is on the output text: the planted name's words are gone.

* a known place that is also a given name, found alone, with a surname after it ("Austin Krueger"): as a
  place, the name completion does not take the surname, which stayed verbatim;
* the same known place typed two ways in the message (a person here, an organisation there): a place's
  string is not spread once it is typed two ways, a person's word was, so a third mention stayed;
* the same known place in another case ("austin"): a person's word spreads in any case, a place's not;
* a name between a separator's dashes written surname first ("----- Dasovich, Jeff -----", "-----Kaminski
  Vince-----"): dropped as header debris, so left verbatim.
"""

from __future__ import annotations

import re

import numpy as np
import pytest
from tests.unit.text.email_name_helpers import family_names as _family
from tests.unit.text.email_name_helpers import given_names as _given
from tests.unit.text.email_name_helpers import planted as _span
from tests.unit.text.email_name_helpers import run_rules, verbatim

from simulacra.text.engine import Deidentifier
from simulacra.text.not_person import place_names
from simulacra.text.structure import _given as _is_given


@pytest.fixture(scope="module")
def engine() -> Deidentifier:
    return Deidentifier(None, ner=None)  # the e-mail structure rules on, no model: the planted spans decide


def _places(n: int, seed: int) -> list[str]:
    """Known places of one word that are also given names (Austin, Florence, Alberta), drawn by ``seed``."""
    pool = sorted(p.capitalize() for p in place_names() if re.fullmatch(r"[a-z]{4,}", p) and _is_given(p))
    rng = np.random.default_rng(seed)
    return [pool[int(i)] for i in rng.permutation(len(pool))[:n]]


@pytest.mark.parametrize("seed", range(6))
def test_a_place_name_before_a_surname_is_a_person_and_the_surname_is_rewritten(
    engine: Deidentifier, seed: int
) -> None:
    p, f = _places(1, seed)[0], _family(1, seed)[0]
    text = f"I spoke to {p} {f} about the deal.\nThe numbers are in.\n"
    found, out = run_rules(engine, text, [_span(text, p, "PERSON")])
    assert (f"{p} {f}", "PERSON") in found, found
    assert not verbatim(f, out) and not verbatim(p, out), out
    text = f"Got the file.\n{p}\n\n{p} {f}\nManager, Gas Trading\n"
    found, out = run_rules(engine, text, [_span(text, p, "PERSON"), _span(text, p, "PERSON", 1)])
    assert not verbatim(f, out) and not verbatim(p, out), (found, out)


@pytest.mark.parametrize("seed", range(6))
def test_a_place_typed_two_ways_or_in_another_case_stays_a_person_word(engine: Deidentifier, seed: int) -> None:
    p = _places(1, seed + 20)[0]
    text = f"The {p} numbers are in.\n{p} sent them to me.\nI think {p} is right about the price.\n"
    found, out = run_rules(engine, text, [_span(text, p, "PERSON", 1), _span(text, p, "ORGANIZATION", 0)])
    assert not verbatim(p, out), (found, out)
    text = f"{p} sent them.\nThe report from {p} was late.\n{p.lower()} will fix it.\n"
    found, out = run_rules(engine, text, [_span(text, p, "PERSON")])
    assert not verbatim(p, out) and not verbatim(p.lower(), out), (found, out)


@pytest.mark.parametrize("seed", range(4))
def test_a_place_alone_or_before_a_dictionary_word_is_still_a_place(engine: Deidentifier, seed: int) -> None:
    p = _places(1, seed + 40)[0]
    for text in (f"We flew to {p} on Friday.\n", f"The {p} Energy plant is down.\n"):
        found, out = run_rules(engine, text, [_span(text, p, "PERSON")])
        assert (p, "LOCATION") in found and not verbatim(p, out), (found, out)


@pytest.mark.parametrize("seed", range(4))
def test_a_name_between_separator_dashes_is_kept_in_either_order(engine: Deidentifier, seed: int) -> None:
    g, f = _given(1, seed)[0], _family(1, seed)[0]
    for line in (f"----- {f}, {g} -----", f"-----{f} {g}-----"):
        text = f"{line}\nPlease review the draft.\n"
        value = line.strip("- ")
        found, out = run_rules(engine, text, [_span(text, value, "PERSON")])
        assert (value, "PERSON") in found, (line, found)
        assert not verbatim(f, out), out
    text = "-----Ursprüngliche Nachricht-----\nPlease review the draft.\n"
    found, _ = run_rules(engine, text, [_span(text, "Nachricht", "PERSON")])
    assert found == [], found  # the header's own words are still dropped
