"""Items listed one a line under a heading that names firms or places are no persons (deid66, issue 14; read on
the dev parts' false positives: "the list of firms sending a representative include:" then ``Pfizer``, ``Cooper
Industries``, ``Pepsi``, ``Johnson Controls``, ``Airgas``, ``Sara Lee`` typed persons, one a line).

Planted in generated e-mail (``corpus.synthetic_documents``' threads, their own people labelled) as the body's
first paragraph: a heading in five shapes (three of firms, two of places), then four item lines in the shapes the
class takes (plain, dashes, stars, numbers), the items made of the fake pools' names, as firms are named (a
surname, a surname and a firm's noun, a given name and a surname as in ``Sara Lee``). Asserted: no person span
over any item, the message's other persons unchanged, every item found still rewritten. Negatives: a heading that
names people ("Contacts at the following companies:"), a roster ("Attendees:"), a heading's paragraph rather than
a list, and the rule's own cases on planted spans.
"""

from __future__ import annotations

import re

import pytest
from tests.unit.text.email_name_helpers import family_names, given_names, planted, verbatim

from simulacra.text.corpus import synthetic_documents
from simulacra.text.engine import Deidentifier
from simulacra.text.spans import Span

_ENGINE = Deidentifier(None, ner="fast", seed=7)
_HEADINGS = [
    "As of today, the list of firms sending a representative include:",
    "The following companies have signed up for the pilot:",
    "Utilities we still owe a reply:",
    "Cities on the tour this spring:",
    "Locations for the regional meetings:",
]
_BULLETS = ["", "- ", "* ", "{n}. "]


def _message(seed: int) -> str:
    return next(iter(synthetic_documents(1, seed=seed, kinds=("email_thread",)))).text


def _insert(text: str, note: str) -> str:
    """``note`` as the body's first paragraph (after the headers' blank line)."""
    body = text.index("\n\n") + 2
    return text[:body] + note + "\n\n" + text[body:]


def _items(seed: int, shape: int) -> list[str]:
    f = family_names(4, 660 + 11 * seed + shape)
    g = given_names(1, 660 + 11 * seed + shape)
    if shape >= 3:  # places: a town of one word or two
        return [f[0], f"{f[1]} {f[2]}", f[3], f"Port {f[2]}"]
    return [f[0], f"{f[1]} Industries", f"{g[0]} {f[2]}", f[3]]


def _note(seed: int, shape: int) -> tuple[str, list[str]]:
    items = _items(seed, shape)
    bullet = _BULLETS[(seed + shape) % 4]
    lines = [bullet.format(n=n + 1) + item for n, item in enumerate(items)]
    return _HEADINGS[shape] + "\n" + "\n".join(lines), items


def _persons(text: str) -> tuple[list[str], list[Span], str]:
    r = _ENGINE.deidentify(text)
    spans = [s for s in r.spans if s.label == "PERSON"]
    return sorted(text[s.start : s.end] for s in spans), list(r.spans), r.text


def _over(text: str, spans: list[Span], value: str, start: int) -> list[Span]:
    m = re.compile(r"(?<!\w)" + re.escape(value) + r"(?!\w)").search(text, start)
    assert m is not None
    return [s for s in spans if s.start < m.end() and m.start() < s.end]


@pytest.mark.parametrize("seed", range(5))
@pytest.mark.parametrize("shape", range(5))
def test_items_under_a_heading_of_firms_or_places_are_no_persons(seed: int, shape: int) -> None:
    base = _message(seed)
    note, items = _note(seed, shape)
    text = _insert(base, note)
    after, spans, out = _persons(text)
    at = text.index(_HEADINGS[shape])
    for item in items:
        found = _over(text, spans, item, at)
        assert all(s.label != "PERSON" for s in found), (item, [(text[s.start : s.end], s.label) for s in found])
        if found:  # what was found is still rewritten, as a firm or a place
            assert not verbatim(item, out), (item, out)
    before, _, _ = _persons(base)
    assert after == before, (items, after, before)  # no person lost or added elsewhere in the message


@pytest.mark.parametrize("seed", range(4))
def test_people_listed_under_a_heading_stay_people(seed: int) -> None:
    g, f = given_names(3, seed + 66), family_names(3, seed + 66)
    people = [f"{g[i]} {f[i]}" for i in range(3)]
    rows = "\n".join(people)
    for heading in (
        "Contacts at the following companies:",  # the heading names people too
        "Representatives of these firms:",
        "Attendees:",  # a roster: no firm's or place's noun
    ):
        text = _insert(_message(seed), f"{heading}\n{rows}")
        _, spans, out = _persons(text)
        at = text.index(heading)
        for p in people:
            found = _over(text, spans, p, at)
            assert found and all(s.label == "PERSON" for s in found), (heading, p, found)
            assert not any(verbatim(w, out) for w in p.split()), (p, out)


def test_the_rules_own_cases() -> None:
    from simulacra.text.heading_lists import heading_lists  # here, not at import: main lacks it

    f = family_names(4, 6)
    g = given_names(2, 6)

    def labels(text: str, values: list[str]) -> list[str]:
        spans = sorted(planted(text, v, "PERSON", values[:i].count(v)) for i, v in enumerate(values))
        return [s.label for s in heading_lists(text, spans)]

    firms = f"Companies in the pilot:\n{f[0]}\n- {f[1]} Industries\n3. {g[0]} {f[2]}\n\nThanks"
    assert labels(firms, [f[0], f"{f[1]} Industries", f"{g[0]} {f[2]}"]) == ["ORGANIZATION"] * 3
    places = f"Cities to visit:\n\n* {f[0]}\n* {f[1]}\n"
    assert labels(places, [f[0], f[1]]) == ["LOCATION"] * 2
    # a lone item's other mentions in the message follow it
    assert labels(f"Any news from {f[0]}?\n\n{places}", [f[0], f[0], f[1]]) == ["LOCATION"] * 3
    # not: one item only; the heading names people; no kind; a sentence; a long line; a word of a line
    assert labels(f"Firms:\n{f[0]}\n\nok", [f[0]]) == ["PERSON"]
    assert labels(f"Contacts at these firms:\n{f[0]}\n{f[1]}\n", [f[0], f[1]]) == ["PERSON"] * 2
    assert labels(f"Attendees:\n{f[0]}\n{f[1]}\n", [f[0], f[1]]) == ["PERSON"] * 2
    assert labels(f"Firms:\n{f[0]}\n{f[1]} called. He will\n", [f[0], f[1]]) == ["PERSON"] * 2
    assert labels(f"Firms:\n{f[0]} met {f[1]}\n{f[2]}\n{f[3]}\n", [f[0], f[1]]) == ["PERSON"] * 2
    # mixed kinds in one heading: no kind
    assert labels(f"Firms and cities:\n{f[0]}\n{f[1]}\n", [f[0], f[1]]) == ["PERSON"] * 2
