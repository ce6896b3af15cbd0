"""Issue 14, leak29: three classes of real person tokens left verbatim in de-identified e-mail.

* a full name found once whose surname is an English word ("Clifford Chance", "Tom May"), where the
  tagger found only the given name at another mention: the surname after it stayed;
* a found name's word after a dash that opens its line (a bullet or a sign-off: "-Mont settees", "--Joe")
  was taken for an identifier's tail and stayed;
* the surrogate side: a shifted date wrote a month that is a real name of the message ("June 04, 2001" ->
  "May 3, 2002" beside "May, Tom").

Each is planted in generated mail (pool names, several seeds and shapes) beside negatives.
"""

from __future__ import annotations

import pytest
from tests.unit.text.email_name_helpers import family_names, given_names, planted, run_rules, verbatim

from simulacra.text.engine import Deidentifier
from simulacra.text.spans import Span
from simulacra.text.structure import _common, _dictionary, _known_name
from simulacra.text.surrogates import SurrogateMapper

ENGINE = Deidentifier(None, ner=None)
SEEDS = (0, 1, 2, 3)

# surnames that are frequent English words no name list knows: a full name holding one is not spread alone
_WORD_SURNAMES = [
    w
    for w in "Chance Step Light Spring Hand Head Point Plant Day Field Stone Hope".split()
    if _common(w) and _dictionary(w) and not _known_name(w)
]


def test_word_surnames_available() -> None:
    assert len(_WORD_SURNAMES) >= 3, _WORD_SURNAMES


def _partial_shapes(g: str, s: str) -> list[tuple[str, int]]:
    """(text, which occurrence of the given name the tagger found alone) — the whole name found at the last."""
    return [
        (f"Europe - {g} {s} are acting for us.\nThe draft as produced by {g} {s}.\n", 0),
        (f"Hi team,\n\n{g} {s} will call on Monday.  Please send the file to {g} {s} first.\n", 0),
        (f"Notes from the call.\n* {g} {s} to draft the terms\n\nThanks,\nAnn\n\nCc: {g} {s}\n", 0),
    ]


@pytest.mark.parametrize("seed", SEEDS)
def test_word_surname_after_a_found_given_name_is_the_same_name(seed: int) -> None:
    g = given_names(1, seed)[0]
    for s in _WORD_SURNAMES[seed % len(_WORD_SURNAMES) :][:2]:
        for text, nth in _partial_shapes(g, s):
            whole = planted(text, f"{g} {s}", "PERSON", nth=1)
            alone = planted(text, g, "PERSON", nth=nth)
            kept, out = run_rules(ENGINE, text, [alone, whole])
            assert kept.count((f"{g} {s}", "PERSON")) == 2, (text, kept)
            assert not verbatim(s, out), (text, out)


@pytest.mark.parametrize("seed", SEEDS)
def test_word_surname_not_spread_where_nothing_was_found(seed: int) -> None:
    g = given_names(1, seed)[0]
    s = _WORD_SURNAMES[seed % len(_WORD_SURNAMES)]
    # the whole name found once; the same words elsewhere with nothing found there: left as before (a subject's
    # "Mark Status" is no person); and the given name found alone before another word keeps that word
    text = f"Subject: {g} {s}\n\nI met {g} {s} today.\nAlso {g} Rogers sent the {s.lower()} report.\n"
    whole = planted(text, f"{g} {s}", "PERSON", nth=1)
    other = planted(text, f"{g} Rogers", "PERSON")
    kept, out = run_rules(ENGINE, text, [whole, other])
    assert (f"{g} {s}", "PERSON") in kept
    assert sum(1 for v, lab in kept if lab == "PERSON" and v == f"{g} {s}") == 1, kept
    assert f"the {s.lower()} report" in out


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("dash", ["-", "--", " -", "> -"])
def test_found_name_after_a_line_opening_dash(seed: int, dash: str) -> None:
    g, s = given_names(1, seed)[0], family_names(1, seed)[0]
    text = f"Here are the photos of the {g} {s} settees.\n\n{dash}{s} settees 3.JPG copy\nThanks\n"
    kept, out = run_rules(ENGINE, text, [planted(text, f"{g} {s}", "PERSON")])
    assert (s, "PERSON") in kept, (text, kept)
    assert not verbatim(s, out), (text, out)


@pytest.mark.parametrize("seed", SEEDS)
def test_dash_inside_a_line_still_an_identifier(seed: int) -> None:
    g, s = given_names(1, seed)[0], family_names(1, seed)[0]
    # joined to a word or a digit on its line: an identifier's tail, owned by other rules (unchanged)
    text = f"I spoke to {g} {s} today.\nPlease file it under ref 12-{s} and AB-{s} now.\n"
    kept, out = run_rules(ENGINE, text, [planted(text, f"{g} {s}", "PERSON")])
    assert (s, "PERSON") not in kept, kept
    assert f"12-{s}" in out and f"AB-{s}" in out


_MONTHS = ("May", "June", "April", "August", "January")
_DATES = ("Monday, June 04, 2001", "Friday, June 08, 2001", "Tuesday, September 25, 2001", "Mon, 4 Jun 2001")


def _dated_mail(month: str, g: str, s: str, k: int) -> tuple[str, list[Span]]:
    date = _DATES[k % len(_DATES)]
    later = _DATES[(k + 1) % len(_DATES)]
    text = (
        f"Sent:\t{date} 10:56 AM\nTo:\t{s}, Jim; {month}, {g}; Black, Ann\nSubject: PSIM Model\n\n"
        f"As discussed on {later}, the model is attached.\n"
    )
    spans = [
        planted(text, date, "DATE"),
        planted(text, later, "DATE"),
        planted(text, f"{s}, Jim", "PERSON"),
        planted(text, f"{month}, {g}", "PERSON"),
        planted(text, "Black, Ann", "PERSON"),
    ]
    return text, sorted(spans, key=lambda sp: sp.start)


@pytest.mark.parametrize("month", _MONTHS)
def test_shifted_date_never_writes_a_real_name_as_its_month(month: str) -> None:
    for seed in SEEDS:
        g, s = given_names(1, seed)[0], family_names(1, seed)[0]
        for k in range(24):
            text, spans = _dated_mail(month, g, s, k)
            out = ENGINE.anonymize(text, spans, key=f"{seed}:{k}").text
            assert not verbatim(month, out), (month, k, out)
            # the same bytes again (the shift's new draws are seeded)
            assert ENGINE.anonymize(text, spans, key=f"{seed}:{k}").text == out


def test_date_shift_unmoved_without_a_month_name() -> None:
    for k in range(40):
        m = SurrogateMapper(seed=3, scope=f"doc:{k}")
        before = m.date_shift
        m.avoid.update({"tom", "smith", "marches"})
        m.shun_name_months(list(_DATES))
        assert m.date_shift == before
    # a corpus keeps one shift over all its documents
    m = SurrogateMapper(seed=3, scope="corpus")
    before = m.date_shift
    m.avoid.update({"may", "june", "jun", "september", "january", "april", "august"})
    m.shun_name_months(list(_DATES))
    assert m.date_shift == before
