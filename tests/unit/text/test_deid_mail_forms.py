"""Issue 14, second round of e-mail error classes, each tested on text written here (never corpus text).

Classes: a word the tagger took for a person that the message repeats alone (a company or
product), the host of an Exchange address after ``@``, file names, a flat row of names after a
field label, a sentence's full stop after a name, and a word that only introduces a name.
Names come from the surrogate pools (seeded), so each rule is shown on many names.
"""

from __future__ import annotations

import numpy as np
import pytest

from simulacra.text.spans import Span
from simulacra.text.structure import _known_name, refine, structural_spans
from simulacra.text.surrogates import _pools


def _names(n: int, seed: int) -> list[tuple[str, str]]:
    p = _pools("en_US")
    rng = np.random.default_rng(seed)
    firsts = [f for f in p.first_male + p.first_female if f.isalpha() and f.isascii() and len(f) > 3]
    lasts = [x for x in p.last if x.isalpha() and x.isascii() and len(x) > 4]
    return [(firsts[rng.integers(len(firsts))], lasts[rng.integers(len(lasts))]) for _ in range(n)]


def _coinages(n: int, seed: int) -> list[str]:
    """Made-up company words ("Zorvex", "Quantrix"): capitalised, in no name list."""
    rng = np.random.default_rng(seed)
    heads = ["Zor", "Quan", "Vel", "Axi", "Pyr", "Dyn", "Kel", "Tri", "Nov", "Ex"]
    tails = ["vex", "trix", "ergy", "con", "tek", "gex", "ora", "plex", "ium", "ent"]
    out: list[str] = []
    while len(out) < n:
        w = heads[rng.integers(len(heads))] + tails[rng.integers(len(tails))]
        if not _known_name(w) and w not in out:
            out.append(w)
    return out


NAMES = _names(8, seed=1402)
FIRMS = _coinages(6, seed=1402)
HEADER = "From: anna.berg@example.com\nTo: desk@example.com\nSubject: prices\n\n"


def _ner(text: str, word: str, label: str = "PERSON") -> list[Span]:
    """The tagger's spans: every whole appearance of ``word`` typed ``label``."""
    out, a = [], text.find(word)
    while a >= 0:
        out.append(Span(a, a + len(word), label, 0.6, "ner"))
        a = text.find(word, a + 1)
    return out


@pytest.mark.parametrize("firm", FIRMS)
def test_a_repeated_lone_word_in_no_name_list_is_a_company_in_mail(firm: str) -> None:
    text = HEADER + f"{firm} raised its offer today.\nI think {firm} wants the whole book.\n"
    got = refine(text, _ner(text, firm))
    assert [s.label for s in got] == ["ORGANIZATION", "ORGANIZATION"]  # still rewritten, as a firm


@pytest.mark.parametrize("firm", FIRMS[:3])
def test_a_lone_word_stays_a_person_once_joined_to_a_name_or_title_or_in_news(firm: str) -> None:
    first = NAMES[0][0]
    text = HEADER + f"{first} {firm} called.\nI think {firm} wants the book.\n"
    spans = [Span(text.index(first), text.index(first) + len(first) + 1 + len(firm), "PERSON", 0.6, "ner")]
    spans.append(Span(text.rindex(firm), text.rindex(firm) + len(firm), "PERSON", 0.6, "ner"))
    assert [s.label for s in refine(text, spans)] == ["PERSON", "PERSON"]
    text = HEADER + f"Mr. {firm} called.\nI think {firm} wants the book.\n"
    assert {s.label for s in refine(text, _ner(text, firm))} == {"PERSON"}
    text = f"{firm} took four wickets.\nLater {firm} bowled again.\n"  # news: no header
    assert {s.label for s in refine(text, _ner(text, firm))} == {"PERSON"}
    text = HEADER + f"{firm} called once.\n"  # said once: no evidence either way
    assert {s.label for s in refine(text, _ner(text, firm))} == {"PERSON"}


@pytest.mark.parametrize(("first", "last"), NAMES)
def test_the_host_of_an_exchange_address_is_never_a_person(first: str, last: str) -> None:
    host = NAMES[(NAMES.index((first, last)) + 1) % len(NAMES)][1]  # even a host that is a surname
    text = f"cc: {first} {last}/NA/{host}@{host}, Tom Wu/{host}@{host}\n"
    spans = [Span(text.index(first), text.index("/NA"), "PERSON", 0.6, "ner")]
    spans += [s for s in _ner(text, host) if text[s.start - 1] == "@"]
    assert [text[s.start : s.end] for s in refine(text, spans)] == [f"{first} {last}"]


@pytest.mark.parametrize(("first", "last"), NAMES[:4])
@pytest.mark.parametrize("ext", ["doc", "XLS", "pptx", "pdf", "htm"])
def test_a_file_name_is_never_a_person(first: str, last: str, ext: str) -> None:
    name = f"{last}.{ext}"
    text = f"See the attached {name} and call {first}.\n"
    spans = [Span(text.index(name), text.index(name) + len(name), "PERSON", 0.6, "ner")]
    spans += [Span(text.index(first), text.index(first) + len(first), "PERSON", 0.6, "ner")]
    assert [text[s.start : s.end] for s in refine(text, spans)] == [first]


@pytest.mark.parametrize("label", ["To:", "Attendees:", "Meeting Participants:", "cc:"])
def test_a_flat_row_of_names_after_a_field_label_is_cut_into_people(label: str) -> None:
    rows = [NAMES[i : i + 2] for i in range(0, len(NAMES), 2)]
    for (f1, l1), (f2, l2) in rows:
        text = f"{label}\t{f1} {l1} {f2} {l2}\n\t{f2} {l1}\n"
        found = {text[s.start : s.end] for s in structural_spans(text)}
        assert {f"{f1} {l1}", f"{f2} {l2}"} <= found, found
        assert not any(f"{l1} {f2}" in f for f in found)
    text = "Subject: Lunch With Tom Hale Today\n"  # a subject line is prose, not a row of names
    assert all(s.source != "structure.row" for s in structural_spans(text))


@pytest.mark.parametrize(("first", "last"), NAMES)
def test_a_full_stop_after_a_name_ends_the_sentence_not_the_name(first: str, last: str) -> None:
    text = f"Subject: budget\n\nDiscuss the banks w/ {first} {last}.\n"
    found = {text[s.start : s.end] for s in structural_spans(text)}
    assert f"{first} {last}" in found and f"{first} {last}." not in found
    text = f"Subject: budget\n\nDiscuss the banks w/ {first} R.\n"  # an initial keeps its point
    assert f"{first} R." in {text[s.start : s.end] for s in structural_spans(text)}


@pytest.mark.parametrize(("first", "last"), NAMES[:4])
def test_a_word_that_only_introduces_a_name_is_not_part_of_it(first: str, last: str) -> None:
    for lead in ("Per", "Attn", "Thanks"):
        text = f"{lead} {first},  moved to Monday\n"  # read as a "First Last" table cell before
        found = {text[s.start : s.end] for s in structural_spans(text)}
        assert not any(f.startswith(f"{lead} ") for f in found), found
