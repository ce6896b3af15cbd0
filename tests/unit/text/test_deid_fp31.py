"""False-positive persons on e-mail: a word the message uses to modify a thing's noun (deid-fp31, issue 14; read on
the dev parts random_odd, minkov_read6 and random_even_a). The tagger's spans are planted (``run_rules``), so the
model does not decide the outcome.

* a lone word straight before a thing's noun in lower case ("Sitara server", "Astros tickets", "Entex volumes",
  "Socal curves") names a system, a firm or a team, and so do the message's other lone mentions of it ("Sitara,
  PEP, Global"): typed an organisation, still rewritten;
* a person stays a person: a surname the message also writes in a full name, a mention with a person's evidence
  ("Mr."), a name before a verb or a preposition ("Ann will send the deal", "Could Ann confirm", "Ann deals with it"),
  a name ending its line before a noun opening the next.
"""

from __future__ import annotations

import pytest
from tests.unit.text.email_name_helpers import family_names, given_names, planted, run_rules, verbatim

from simulacra.text.engine import Deidentifier

_ENGINE = Deidentifier(None, ner="fast", seed=7)

_HEAD = "From: {a}@example.com\nTo: team@example.com\nSubject: {subject}\n\n"

# a thing's noun in lower case straight after the word (no article before it: "the X deal" is read already)
_MODIFIER_AT = [
    "Environments impacted: {w} production\n",
    "Outage: resource addition to {w} server tonight.\n",
    "I have four {w} tickets for Friday night.\n",
    "Please check {w} curves before noon.\n",
    "We are delivering {w} volumes into the hub.\n",
    "Can you enter {w} deals by 3 pm today?\n",
]
# the same word alone elsewhere in the message
_ALONE_AT = [
    "Environments impacted: {w}, PEP, Global\n",
    "We talked about {w} on Monday.\n",
    "Here is an update on {w}.\n",
]


def _coined(seed: int) -> str:
    """A made-up product or firm word that no name list or dictionary knows (as "Sitara", "Entex")."""
    from simulacra.text.structure import _dictionary, _known_name

    syllables = ["si", "ta", "ra", "en", "tex", "vo", "lum", "dri", "ko", "nel"]
    for i in range(60):
        w = syllables[(seed + i) % 10] + syllables[(seed * 3 + i + 1) % 10] + syllables[(seed + 2 * i) % 10]
        w = w.capitalize()
        if len(w) >= 5 and not _known_name(w) and not _dictionary(w):
            return w
    raise AssertionError("no coined word")


def _word(seed: int, kind: str) -> str:
    return _coined(seed) if kind == "coined" else family_names(3, seed)[seed % 3]


@pytest.mark.parametrize("seed", range(4))
@pytest.mark.parametrize("shape", range(len(_MODIFIER_AT)))
@pytest.mark.parametrize("kind", ["coined", "surname"])
def test_a_word_before_a_things_noun_names_that_thing_with_its_other_mentions(seed: int, shape: int, kind: str) -> None:
    w = _word(seed, kind)
    g = given_names(1, seed)[0]
    body = _MODIFIER_AT[shape].format(w=w) + _ALONE_AT[(seed + shape) % len(_ALONE_AT)].format(w=w)
    text = _HEAD.format(a=g.lower(), subject="Update") + body + f"\nThanks,\n{g}\n"
    spans = sorted([planted(text, w, "PERSON"), planted(text, w, "PERSON", nth=1)])
    found, out = run_rules(_ENGINE, text, spans)
    assert (w, "PERSON") not in found, found
    assert (w, "ORGANIZATION") in found, found
    assert not verbatim(w, out), out  # still rewritten


@pytest.mark.parametrize("seed", range(4))
@pytest.mark.parametrize("shape", range(len(_MODIFIER_AT)))
def test_a_surname_a_full_name_of_the_message_holds_stays_a_person(seed: int, shape: int) -> None:
    g, f = given_names(1, seed)[0], _word(seed, "surname")
    text = _HEAD.format(a="ops", subject="Update") + f"I met {g} {f} on Monday.\n" + _MODIFIER_AT[shape].format(w=f)
    spans = sorted([planted(text, f"{g} {f}", "PERSON"), planted(text, f, "PERSON", nth=1)])
    found, out = run_rules(_ENGINE, text, spans)
    assert [v for v, lab in found if lab == "PERSON"].count(f) == 1, found
    assert not verbatim(f, out), out


@pytest.mark.parametrize("seed", range(4))
@pytest.mark.parametrize("shape", range(len(_MODIFIER_AT)))
def test_a_word_with_a_persons_evidence_stays_a_person_everywhere(seed: int, shape: int) -> None:
    f = _word(seed, "surname")
    text = _HEAD.format(a="ops", subject="Update") + f"Please ask Mr. {f} about it.\n" + _MODIFIER_AT[shape].format(w=f)
    spans = sorted([planted(text, f, "PERSON"), planted(text, f, "PERSON", nth=1)])
    found, _ = run_rules(_ENGINE, text, spans)
    assert [v for v, lab in found if lab == "PERSON"].count(f) == 2, found


# a person's name before a verb, a preposition or a line's end: no thing's noun follows it on its line
_PERSON_AT = [
    "{p} will send the deal tomorrow.\n",
    "{p} said the server is down.\n",
    "Ask {p} about the tickets.\n",
    "I gave the curves to {p} on Friday.\n",
    "Please forward the file to {p}\nvolumes attached for April.\n",
    # a noun that is also a verb after a name is left out, and "deals with" is the verb's
    "Could {p} confirm the deal?\n",
    "{p} reports to the desk head.\n",
    "{p} deals with the server outages.\n",
    "Would {p} book the tickets?\n",
]


@pytest.mark.parametrize("seed", range(4))
@pytest.mark.parametrize("shape", range(len(_PERSON_AT)))
@pytest.mark.parametrize("kind", ["given", "surname"])
def test_a_name_before_a_verb_or_a_line_break_stays_a_person(seed: int, shape: int, kind: str) -> None:
    p = given_names(1, seed)[0] if kind == "given" else _word(seed, "surname")
    text = _HEAD.format(a="ops", subject="Update") + _PERSON_AT[shape].format(p=p)
    found, out = run_rules(_ENGINE, text, [planted(text, p, "PERSON")])
    assert (p, "PERSON") in found, found
    assert not verbatim(p, out), out


@pytest.mark.parametrize("seed", range(4))
@pytest.mark.parametrize("shape", range(len(_MODIFIER_AT)))
@pytest.mark.parametrize("kind", ["coined", "surname"])
def test_a_word_before_a_things_noun_once_names_that_thing(seed: int, shape: int, kind: str) -> None:
    w = _word(seed + 7, kind)
    g = given_names(1, seed)[0]
    text = _HEAD.format(a=g.lower(), subject="Update") + _MODIFIER_AT[shape].format(w=w) + f"\nThanks,\n{g}\n"
    found, out = run_rules(_ENGINE, text, [planted(text, w, "PERSON")])
    assert (w, "PERSON") not in found, found
    assert (g, "PERSON") in found, found  # the sender's name under the sign-off stays a person
    assert not verbatim(w, out), out
