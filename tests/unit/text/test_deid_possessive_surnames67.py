"""A lone surname with a possessive that a person's pronoun refers to is a person (deid67, issue 14; read on the
dev parts' leaked name tokens: "Send me stuff on Wolfe's performance this year and where you would rank him"
left ``Wolfe`` verbatim, the tagger dropping the word after "on").

Planted in generated e-mail (``corpus.synthetic_documents``' threads, their own people labelled) as the body's
first paragraph: a pool surname (no given name, frequent or dictionary word, place) owning something after a
preposition or a verb, in six shapes, with a man's or a woman's pronoun in the same sentence or the next. Asserted:
a span over the surname (a person's; the tagger's own firm's reading of "X's" where it gave one), the surname
nowhere verbatim in the output, the message's other persons unchanged. Negatives on the rule itself (planted spans, no tagger): no pronoun, "its", an article before, a firm's
possessive, the word typed a firm elsewhere, a dictionary word, a place, a word already found.
"""

from __future__ import annotations

import pytest
from tests.unit.text.email_name_helpers import family_names, insert_note, planted, verbatim

from simulacra.text.corpus import synthetic_documents
from simulacra.text.engine import Deidentifier
from simulacra.text.spans import Span

_ENGINE = Deidentifier(None, ner="fast", seed=7)
_SHAPES = [
    "Send me stuff on {N}'s performance this year and where you would rank {him}.",
    "Any word on {N}'s promotion? I told {him} we would know by Monday.",
    "Based on {N}'s numbers, the book is flat. I asked {him} to check again.",
    "The deal depends on {N}'s team and how fast {he} moves.",
    "Let me know what you think of {N}'s draft before {he} sends it out.",
    "Please get {N}’s sign-off on the confirm; {he} is in London until Friday.",
]
_PRONOUNS = [{"he": "he", "him": "him"}, {"he": "she", "him": "her"}]


def _message(seed: int) -> str:
    return next(iter(synthetic_documents(1, seed=seed, kinds=("email_thread",)))).text


def _spans(text: str) -> tuple[list[Span], str]:
    r = _ENGINE.deidentify(text)
    return list(r.spans), r.text


@pytest.mark.parametrize("seed", range(4))
@pytest.mark.parametrize("shape", range(len(_SHAPES)))
def test_a_lone_surname_owning_something_that_a_pronoun_refers_to_is_rewritten(seed: int, shape: int) -> None:
    name = family_names(1, 670 + 13 * seed + shape)[0]
    note = _SHAPES[shape].format(N=name, **_PRONOUNS[(seed + shape) % 2])
    base = _message(seed)
    text = insert_note(base, note)
    spans, out = _spans(text)
    persons = [s for s in spans if s.label == "PERSON"]
    start = text.index(note)
    at = start + note.index(name)
    # found (a person, or where the tagger read "X's" as a firm's, that: rewritten either way) and not verbatim
    assert any(s.start == at and at + len(name) <= s.end for s in spans), (
        note,
        [(text[s.start : s.end], s.label) for s in spans if start <= s.start < start + len(note)],
    )
    assert not verbatim(name, out), (name, out)
    # the message's other persons: as without the note
    before, _ = _spans(base)
    others = [text[s.start : s.end] for s in persons if not start <= s.start < start + len(note)]
    assert sorted(others) == sorted(base[s.start : s.end] for s in before if s.label == "PERSON"), note


def _rule(text: str, spans: list[Span]) -> list[tuple[str, str]]:
    from simulacra.text.possessive_surnames import possessive_surnames  # here, not at import: main lacks it

    return [(text[s.start : s.end], s.label) for s in possessive_surnames(text, spans)]


@pytest.mark.parametrize("seed", range(3))
def test_the_rules_own_cases(seed: int) -> None:
    f = family_names(3, 680 + seed)
    n, other = f[0], f[1]
    # taken: the pronoun in the same sentence or the next; a line wrapped between
    assert _rule(f"Send me stuff on {n}'s review and rank him.", []) == [(n, "PERSON")]
    assert _rule(f"Based on {n}'s numbers, the book is flat.\nI asked her\nagain.", []) == [(n, "PERSON")]
    # a name found already stays as it was, whatever its type
    text = f"Look at {n}'s results; she is ready."
    assert _rule(text, [planted(text, f"{n}'s", "ORGANIZATION")]) == [(f"{n}'s", "ORGANIZATION")]
    # not: no pronoun; the pronoun two sentences on; "its"; an article before; a firm's possessive
    assert _rule(f"Based on {n}'s numbers, the book is flat.", []) == []
    assert _rule(f"Based on {n}'s numbers, the book is flat. It is. Ask him.", []) == []
    assert _rule(f"The deal depends on {n}'s team and its pace.", []) == []
    assert _rule(f"We ate at the {n}'s place and he paid.", []) == []
    assert _rule(f"News of {n}'s acquisition of Acme: he called.", []) == []
    # not: the word typed a firm or a place elsewhere in the message
    text = f"We buy from {n}. Based on {n}'s numbers, he says no."
    assert _rule(text, [planted(text, n, "ORGANIZATION")]) == [(n, "ORGANIZATION")]
    # not: a dictionary word, a place, a capitalised word after the possessive, no possessive's quote
    assert _rule("Based on Baker's numbers, he says no.", []) == []
    assert _rule("Based on Houston's numbers, he says no.", []) == []
    assert _rule(f"Based on {n}'s Numbers, he says no.", []) == []
    assert _rule(f"Based on {n}s numbers, he says no.", []) == []
    # two in one message, each with its pronoun; the spans given stay sorted
    text = f"Call {other} today. Ask about {n}'s trip; she flew out."
    assert _rule(text, [planted(text, other, "PERSON")]) == [(other, "PERSON"), (n, "PERSON")]


@pytest.mark.parametrize("seed", range(2))
def test_the_surnames_other_mentions_follow_it(seed: int) -> None:
    # the second mention has no pronoun by it: only the spread from the first finds it
    name = family_names(1, 690 + seed)[0]
    note = f"Based on {name}'s numbers, the book is flat. I asked him to check.\n\nThe deal depends on {name}'s team."
    text = insert_note(_message(seed), note)
    spans, out = _spans(text)
    start = text.index(note)
    at = [start + note.index(name), start + note.rindex(name)]
    assert all(any(s.start == a and s.label == "PERSON" for s in spans) for a in at), (name, spans)
    assert not verbatim(name, out), (name, out)
