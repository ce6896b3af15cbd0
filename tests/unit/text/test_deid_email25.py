"""Two e-mail classes of issue 14 (error analysis on the dev split): a surname shaped like an opening verb
("Skilling", "Whiting": a dictionary word ending in -ing) at a line's start before the verb of its sentence stays
the surname (it was cut as "Attached is" is, and leaked), and a place the tagger read in a given name and a
surname another person of the text bears is that person's kin (typed a place, its person was missed).
The tagger's spans are planted (``run_rules``), so the model does not decide the outcome."""

from __future__ import annotations

import pytest
from tests.unit.text.email_name_helpers import family_names, given_names, planted, run_rules, verbatim

from simulacra.text.engine import Deidentifier
from simulacra.text.structure import _OPENING_VERB, _dictionary, _known_name

_ENGINE = Deidentifier(None, ner="fast", seed=5)

#: surnames that read as an -ing word: each a dictionary word no name list knows (checked below)
_ING_SURNAMES = ["Skilling", "Whiting", "Gooding", "Bowling", "Hocking", "Bunting", "Hemming", "Pilling", "Cowling"]
_VERBS = ["spoke", "will", "has", "said", "called", "wrote", "asked", "agreed", "thinks", "may"]
_BEFORE = ["We are concerned that if\n", "Thanks for the note.\n", "Hi all,\n\n", "> "]
#: surnames that are dictionary words no name list knows: no rule takes "Given Kinder" for a free name, so a
#: place the tagger read there stayed a place before (a surname the lists know was retyped by ``free_names``)
_WORD_SURNAMES = ["Kinder", "Howes", "Kitchen", "Hedges", "Gentle", "Wiser", "Bland", "Kettle", "Bacon", "Cotton"]


def test_the_surnames_are_what_the_rule_reads_as_opening_verbs() -> None:
    for w in _ING_SURNAMES:
        assert _OPENING_VERB.fullmatch(w.lower()) and _dictionary(w) and not _known_name(w), w


@pytest.mark.parametrize("seed", range(4))
@pytest.mark.parametrize("surname", _ING_SURNAMES)
def test_an_ing_surname_opening_a_line_before_its_verb_stays_the_surname(seed: int, surname: str) -> None:
    given = given_names(4, seed)[seed % 4]
    verb = _VERBS[(seed * 3 + len(surname)) % len(_VERBS)]
    text = f"{_BEFORE[seed % len(_BEFORE)]}{given} {surname} {verb} at the meeting on Monday.\n"
    found, out = run_rules(_ENGINE, text, [planted(text, f"{given} {surname}", "PERSON")])
    assert (f"{given} {surname}", "PERSON") in found, found
    assert not verbatim(surname, out) and not verbatim(given, out), out


@pytest.mark.parametrize("seed", range(3))
@pytest.mark.parametrize(
    "opening", ["Attached is", "Testing the", "Enclosed please", "Following are", "Attached you", "Enclosed for"]
)
def test_a_verb_opening_the_sentence_after_a_greeting_name_is_still_cut(seed: int, opening: str) -> None:
    given = given_names(3, seed)[seed]
    verb, nxt = opening.split()
    lead = ["", "Hi all,\n", "> "][seed]  # alone, on a line after a greeting, quoted
    text = f"{lead}{given} {verb} {nxt} the draft.\n"
    found, _ = run_rules(_ENGINE, text, [planted(text, f"{given} {verb}", "PERSON")])
    assert (given, "PERSON") in found, found
    assert not any(verb in v for v, lab in found if lab == "PERSON"), found


@pytest.mark.parametrize("seed", range(6))
def test_a_place_read_in_a_given_name_and_a_persons_surname_is_that_persons_kin(seed: int) -> None:
    g = given_names(3, seed)
    f = _WORD_SURNAMES[seed % len(_WORD_SURNAMES)]
    shapes = [
        f"Just tell him you received the invitation from {g[0]} {f} and {g[1]} {f}.  {g[0]} is coming.\n",
        f"{g[1]} {f} wrote to us last week.\nPlease call {g[0]} {f} about the lease.\n",
        f"Cc: {g[1]} {f}\n\nI spoke to {g[0]} {f} yesterday; she agrees.\n",
    ]
    text = shapes[seed % len(shapes)]
    spans = [planted(text, f"{g[0]} {f}", "LOCATION"), planted(text, f"{g[1]} {f}", "PERSON")]
    found, out = run_rules(_ENGINE, text, spans)
    assert (f"{g[0]} {f}", "PERSON") in found, found
    assert not verbatim(f, out) and not verbatim(g[0], out), out


@pytest.mark.parametrize("seed", range(3))
def test_a_place_with_no_kin_in_the_text_keeps_its_type(seed: int) -> None:
    g = given_names(2, seed)
    f, other = _WORD_SURNAMES[seed], family_names(1, seed)[0]
    text = f"{g[1]} {other} flew to {g[0]} {f} yesterday.\n"
    spans = [planted(text, f"{g[0]} {f}", "LOCATION"), planted(text, f"{g[1]} {other}", "PERSON")]
    found, _ = run_rules(_ENGINE, text, spans)
    assert (f"{g[0]} {f}", "LOCATION") in found, found  # no person of the text bears the surname
