"""A piece of a word a quoted-printable soft line end cuts is no person (deid92, issue 14; read on the dev parts'
false persons: "migrating from Lotus Notes to Microsoft Ou=\\ntlook", "Comics - Daybr=\\neakers", "Trav=\\nel",
"presented by London-ba=\\nsed", "UTILITY.C=\\nOM").

Planted in generated e-mail (``corpus.synthetic_documents``' threads) as the body's first paragraph, written as a
quoted-printable body is (a soft line end ``=`` and an escaped space ``=20``): a town of the value engine's pool
(one word, no known name, no dictionary word) cut by the soft line end, in five shapes — a lone word in prose, a
word of a ``-`` list, after a place's word ("North Carr=\\nboro"), after a word of a pool firm's name, and in capitals as a
headline's tail piece. Asserted: no person span over any piece of the cut word, the message's other persons
unchanged. Then known names cut so stay persons, and the rule's own cases on planted spans.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import pytest
from tests.unit.text.email_name_helpers import family_names, given_names
from tests.unit.text.email_note_planting import assert_no_person_over, at, person_at, plant

from simulacra.text.name_words import any_given_name, dictionary_word, known_name
from simulacra.text.spans import Span
from simulacra.values._pools import locale_pools

_SHAPES = [
    "We are moving the desk's mail from Lotus Notes to {h}=\n{t}=20\nnext month, so plan ahead.",
    "Advice - Comics - {h}=\n{t} -=20\nEntertainment - Games - Travel",
    "The new plant in North {h}=\n{t}=20\nruns at full load since Monday.",
    "The audit was done by {F} {h}=\n{t}=20\nand the report is attached.",
    "UTILITY MERGER MAY PROVIDE EDGE IN {H}=\n{T}\nIn a small step forward for its services, the firm said.",
]


@lru_cache(maxsize=1)
def _town_pool() -> tuple[str, ...]:
    """Pool towns of one word that no name list or dictionary holds (``Carrboro``, ``Dighton``)."""
    pool = sorted({str(c) for c in locale_pools("en_US").places.city.values})
    return tuple(
        v
        for v in pool
        if v.isascii() and v.isalpha() and 7 <= len(v) <= 12 and not known_name(v) and not dictionary_word(v)
    )


def _towns(n: int, seed: int) -> list[str]:
    pool = _town_pool()
    return [pool[int(i)] for i in np.random.default_rng(seed).choice(len(pool), size=n, replace=False)]


def _firm_word(seed: int) -> str:
    """A firm's first word from the value engine's company pool that is no given name ("Briggs" of "Haynes, Briggs
    and Levine"): a span opening with a given name is a person's by the rule."""
    pool = sorted({str(c).split()[0].rstrip(",") for c in locale_pools("en_US").companies.values})
    rng = np.random.default_rng(seed)
    for i in rng.permutation(len(pool)):
        v = pool[int(i)]
        if v.isascii() and v.isalpha() and not any_given_name(v):
            return v
    raise AssertionError("no firm word")


@pytest.mark.parametrize("seed", range(4))
@pytest.mark.parametrize("shape", range(len(_SHAPES)))
def test_a_piece_of_a_cut_word_is_no_person(seed: int, shape: int) -> None:
    town = _towns(1, 920 + 17 * seed + shape)[0]
    k = len(town) - 3 - (seed % 2)  # the cut: "Carrb=\noro", "Carr=\nboro"
    h, t = town[:k], town[k:]
    note = _SHAPES[shape].format(h=h, t=t, H=h.upper(), T=t.upper(), F=_firm_word(960 + seed))
    text, start = plant(seed, note)
    cut = text.index("=\n", start)
    assert_no_person_over(seed, note, text, cut - len(h), cut + 2 + len(t))  # the whole cut word, both pieces


@pytest.mark.parametrize("seed", range(3))
def test_a_known_name_cut_so_stays_a_person(seed: int) -> None:
    given, family = given_names(1, 930 + seed)[0], family_names(1, 930 + seed)[0]
    k = len(family) - 2
    note = f"Please ask {given} {family[:k]}=\n{family[k:]}=20\nto call me about the contract."
    assert person_at(seed, note, given), note


def _rule(text: str, spans: list[Span]) -> list[tuple[str, str]]:
    from simulacra.text.soft_break_pieces import soft_break_pieces  # here, not at import: the base lacks it

    return [(text[s.start : s.end], s.label) for s in soft_break_pieces(text, spans)]


@pytest.mark.parametrize("seed", range(3))
def test_the_rules_own_cases(seed: int) -> None:
    town = _towns(1, 940 + seed)[0]
    h, t = town[:4], town[4:]
    given, family = given_names(1, 950 + seed)[0], family_names(1, 950 + seed)[0]
    # a head piece alone, the last word of a longer span, a hyphened word's part, a tail piece: an organisation
    text = f"Sent to {h}=\n{t} today.=20"
    assert _rule(text, [at(text, h)]) == [(h, "ORGANIZATION")]
    text = f"Sent to Lotus {h}=\n{t} today.=20"
    assert _rule(text, [at(text, f"Lotus {h}")]) == [(f"Lotus {h}", "ORGANIZATION")]
    text = f"Shown by London-{h.lower()}=\n{t} today.=20"
    assert _rule(text, [at(text, f"London-{h.lower()}")])[0][1] == "ORGANIZATION"
    text = f"EDGE IN {h.upper()}=\n{t.upper()}\nnext=20"
    assert _rule(text, [at(text, t.upper())]) == [(t.upper(), "ORGANIZATION")]
    # a known name read whole, a given name opening the span, an ordinary wrap, a capital after the cut: a person
    k = len(given) - 2
    text = f"Ask {given[:k]}=\n{given[k:]} now.=20"
    assert _rule(text, [at(text, given[:k])]) == [(given[:k], "PERSON")]
    text = f"Ask {given} {h}=\n{t} now.=20"
    assert _rule(text, [at(text, f"{given} {h}")]) == [(f"{given} {h}", "PERSON")]
    text = f"Ask {family} \nnow, and {h}=20\n{t} too.=20"
    assert _rule(text, [at(text, family), at(text, h)]) == [(family, "PERSON"), (h, "PERSON")]
    text = f"Ask {h}=\n{family} now.=20"
    assert _rule(text, [at(text, h)]) == [(h, "PERSON")]
    # a text with no soft line end is returned as it is
    text = f"Ask {h} {t} now."
    assert _rule(text, [at(text, h)]) == [(h, "PERSON")]
