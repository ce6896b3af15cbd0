"""Header debris that hid a person's name (deid-leak38, issue 14; read on the dev parts random_odd, random_even_a,
minkov_read6 and cerec_a):

* a reply's quote marker stranded inside a display name when a quoted recipient list was re-wrapped
  (``"Ed & Jan\\n> Boykin "`` joined into ``"Ed & Jan > Boykin " <edjanboykin@…>``): the marker is the quoting's,
  so the tagger reads the name without it, and each side stays a person (the marker is kept in the output);
* a Notes recipient list re-wrapped over the sender's column: the given name the wrap carried to the start of the
  next line, before the column's date or time and the surname's office path (``..., Jim Gilbert/PDX/ECT@ECT,`` /
  ``Ed 10/25/2000      Clark/PDX/ECT@ECT, Bill``), is a person.

Negatives: a ``>`` in prose or in a quoted phrase with no address after it stays; a ``>`` that opens a quoted line
is not touched; a word no name list knows, or a line whose line above ends no list, before the column's date is
left.
"""

from __future__ import annotations

import pytest
from tests.unit.text.email_name_helpers import family_names, given_names, verbatim

from simulacra.text import structure
from simulacra.text.engine import Deidentifier
from simulacra.text.spans import Span

_ENGINE = Deidentifier(None, ner="fast", seed=7)


def _persons(text: str, r: object) -> list[str]:
    return [text[s.start : s.end] for s in r.spans if s.label == "PERSON"]  # type: ignore[attr-defined]


# given names that are also a month or a word ("Jan", "May", "Ed"): the tagger reads them as names only in a
# name's context, which the debris breaks (the rules' given names alone it finds around the debris anyway)
_AMBIGUOUS = ["Jan", "May", "June", "April", "Ed", "Pat", "Art", "Amber", "Bill"]


def _quoted_list(seed: int, shape: int) -> tuple[str, list[str], list[str]]:
    g, f = given_names(6, seed + 40), family_names(6, seed + 40)
    g[3] = _AMBIGUOUS[(3 * seed + shape) % len(_AMBIGUOUS)]
    stranded = [
        f'"{g[2]} & {g[3]} > {f[2]} " <{g[2].lower()}{g[3].lower()}{f[2].lower()}@aol.com>',
        f'"{g[3]} > {f[2]} " <{g[3][0].lower()}{f[2].lower()}@flyfrontier.com>',
        f'"{g[2]} {g[3]} > {f[2]} " <{g[3].lower()}.{f[2].lower()}@qwest.net>',
    ][shape]
    text = (
        f"{g[0]},\nI think you will enjoy this one.\n{g[1]} ----- Original Message -----\n"
        f"From: {g[1]} {f[1]} <{g[1].lower()}@flash.net>\nSubject: Fw: jokes\n\n>\n> ----- Original Message -----\n"
        f'> From: "{g[4]} {f[4]} " <{g[4].lower()}@mindspring.com>\n'
        f'> To: "{g[5]} {f[5]} " <{f[5].lower()}@uswest.com>; {stranded}; "{g[0]} {f[0]} "\n'
        f"> <{g[0].lower()}@hotmail.com>;\n>\n> A man walks into a bar.\n"
    )
    return text, g, f


@pytest.mark.parametrize("seed", range(4))
@pytest.mark.parametrize("shape", range(3))
def test_a_quote_marker_stranded_in_a_display_name_hides_no_name(seed: int, shape: int) -> None:
    text, g, f = _quoted_list(seed, shape)
    r = _ENGINE.deidentify(text)
    found = _persons(text, r)
    left = f"{g[2]} {g[3]}" if shape == 2 else g[3]
    assert left in found and f[2] in found, found  # each side of the marker a person, as the gold marks them
    for w in (g[3], f[2]):
        assert not verbatim(w, r.text), r.text
    assert " > " in r.text.split("To:")[1], r.text  # the marker itself is kept


@pytest.mark.parametrize("seed", range(3))
def test_the_view_blanks_only_a_display_names_stranded_marker(seed: int) -> None:
    text, _, _ = _quoted_list(seed, 0)
    view = structure.detection_view(text)
    assert len(view) == len(text)
    marks = structure.stranded_quote_marks(text)
    assert len(marks) == 1 and text[marks[0]] == ">" and view[marks[0]] == " "
    # every other ">" (the quoting at line starts, the address's closing bracket) is as it was
    assert [i for i, (a, b) in enumerate(zip(text, view, strict=True)) if a != b] == marks


@pytest.mark.parametrize(
    "text",
    [
        "If Price > Cost then the Sales > Target line holds.",
        '> He said "Price > Cost" and left.\n> Thanks',
        '"Gross Margin > Budget" was the heading.',
        '> From: "Ann Roe " <ann@acme.example>\n> Next > Steps',
    ],
)
def test_a_marker_in_prose_or_a_phrase_with_no_address_stays(text: str) -> None:
    assert structure.stranded_quote_marks(text) == []
    assert structure.detection_view(text) == text


def test_the_view_split_keeps_both_sides_of_a_stranded_marker_persons() -> None:
    g, f = given_names(2, 3), family_names(2, 3)
    raw = f'To: "{g[0]} {f[0]} " <a@b.com>; "{g[1]} > {f[1]} " <c@d.com>;\n'
    view = structure.detection_view(raw)
    a = view.index(g[1])
    tagged = [Span(a, a + len(f"{g[1]}   {f[1]}"), "PERSON", 0.6, "ner")]
    kept = _ENGINE._finish(view, tagged, raw)
    assert [(raw[s.start : s.end], s.label) for s in kept if s.start >= a] == [(g[1], "PERSON"), (f[1], "PERSON")]


_OFFICES = ["PDX/ECT@ECT", "HOU/ECT@ECT", "Corp/Enron@ENRON", "NA/Enron@Enron"]
_FILLERS = ["10/25/2000", "12:04 PM", "10/25/2000 12:04 PM", "05/01/01"]


def _notes_block(
    seed: int, shape: int, lead: str | None = None, above_end: str = ","
) -> tuple[str, list[str], list[str]]:
    g, f = given_names(6, seed + 60), family_names(6, seed + 60)
    office = _OFFICES[(seed + shape) % len(_OFFICES)]
    filler = _FILLERS[shape % len(_FILLERS)]
    g[3] = _AMBIGUOUS[(2 * seed + shape) % len(_AMBIGUOUS)]
    given = g[3] if lead is None else lead
    text = (
        f"----- Forwarded by {g[0]} {f[0]}/{office} on 10/31/2000 05:21 PM -----\n\n"
        f"                    {g[1]}\n                    {f[1]}@ECT        To:     {g[0]} {f[0]}/{office}\n"
        f"                                         cc:     {g[2]} {f[2]}/{office}{above_end}\n"
        f"{given} {filler}           {f[3]}/{office}, {g[4]}\n{f[4]}/{office},\n"
        f"                    {g[5]} {f[5]}/{office}\n\nSubject: Allegheny questions\n\nAnswers attached.\n"
    )
    return text, g, f


@pytest.mark.parametrize("seed", range(4))
@pytest.mark.parametrize("shape", range(4))
def test_a_given_name_rewrapped_before_the_senders_column_is_a_person(seed: int, shape: int) -> None:
    text, g, f = _notes_block(seed, shape)
    r = _ENGINE.deidentify(text)
    found = _persons(text, r)
    assert g[3] in found, found
    assert not verbatim(g[3], r.text), r.text
    assert f[3] in found and f"{g[4]}\n{f[4]}" in found, found  # the surname alone and the next wrapped name


@pytest.mark.parametrize("seed", range(3))
@pytest.mark.parametrize("lead", ["Total", "Report", "Received"])
def test_a_word_no_name_list_knows_before_the_column_is_left(seed: int, lead: str) -> None:
    text, g, f = _notes_block(seed, seed, lead=lead)
    r = _ENGINE.deidentify(text)
    assert lead not in _persons(text, r)
    assert verbatim(lead, r.text), r.text


@pytest.mark.parametrize("seed", range(3))
def test_a_given_name_after_a_line_that_ends_no_list_is_not_taken_by_the_rule(seed: int) -> None:
    from simulacra.text.structure import structural_spans

    text, g, f = _notes_block(seed, seed, above_end=".")
    line = text.index(f"{g[3]} {_FILLERS[seed % len(_FILLERS)]}")
    assert not any(s.start == line for s in structural_spans(text)), text
