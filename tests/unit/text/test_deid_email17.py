"""False persons on e-mail that are a date's word, a negation's verb or a code in capitals (deid-email17, issue 14).

The tagger reads "Jan 2002", "Thurs AM", "Don=01,t expect" and "ICANN" as persons: "Jan", "May" and "Don" are
given names, and a word in capitals looks like a surname. ``structure.refine`` now drops a month's or a weekday's
word beside a date's part (``_date_word``) and a word before a negation's "'t" (``_negation_word``, the apostrophe
often a quoted-printable escape), and types a lone word of five capitals or more that no name list knows, or that
spells a dictionary word, an organisation (``_lone_word_kind``; 2-4 capitals were already). The tagger's mistake is
planted in the spans, the words drawn by seed; guards: the same words as persons (no number after the month, a
possessive after the name, a surname or a given name in capitals, a line all in capitals) keep their person.
End to end, the read parts' lines through :class:`Deidentifier`.
"""

from __future__ import annotations

import random
from functools import lru_cache

import pytest

from simulacra.text._lexicon import english_words
from simulacra.text.engine import Deidentifier
from simulacra.text.ner_cleanup import given_and_family as _given_and_family
from simulacra.text.spans import Span
from simulacra.text.structure import _dictionary, _first_name, _known_name, refine


def _labels(text: str, planted: list[tuple[int, int]]) -> list[str | None]:
    """What ``refine`` makes of PERSON spans planted at ``planted`` (None: dropped)."""
    spans = [Span(a, b, "PERSON", 0.9, "ner") for a, b in planted]
    out = {(s.start, s.end): s.label for s in refine(text, spans)}
    return [out.get(p) for p in planted]


def _plant(shape: str, **words: str) -> tuple[str, tuple[int, int]]:
    """``shape`` filled in; where its ``{w}`` stands."""
    text = shape.format(**words)
    a = shape.index("{w}")
    a = len(shape[:a].format(**words))
    return text, (a, a + len(words["w"]))


# --- a month's or a weekday's word beside a date's part ------------------------------------------------

MONTHS = (
    "Jan Feb Mar Apr May Jun Jul Aug Sep Sept Oct Nov Dec January February March April June July August"
    " September October November December".split()
)
#: a month's word, then what follows it ({n}: a year or a day), in the shapes of the read parts and of prose
MONTH_SHAPES = (
    "Illinois Power\tIL\tMAIN - ARTO\t{w} {n}\tNone\t75 MW Peak",
    "ComEd\tIL\tMAIN - ARTO\t{w} {n}\tUp to 25 MW Peak\t200 MW Peak",
    "The contract starts {w} {n} and runs a year.",
    "Please send it by {w}. {n}, if you can.",
    "Deliveries resume on {w} {n}th at the latest.",
)


@pytest.mark.parametrize("seed", [1, 2, 3, 4, 5])
@pytest.mark.parametrize("shape", MONTH_SHAPES)
def test_month_before_a_year_or_a_day_is_no_person(seed: int, shape: str) -> None:
    rng = random.Random(seed)
    for _ in range(4):
        month = rng.choice(MONTHS)
        year = "{n}th" not in shape and rng.random() < 0.5
        n = str(rng.randint(1990, 2030)) if year else str(rng.randint(1, 28))
        text, where = _plant(shape, w=month, n=n)
        assert _labels(text, [where]) == [None], text


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_month_after_a_day_number_is_no_person(seed: int) -> None:
    rng = random.Random(seed)
    for _ in range(5):
        month, day = rng.choice(MONTHS), rng.randint(1, 31)
        text, where = _plant("The meeting moved to {d} {w} 2001, room EB-3321.", w=month, d=str(day))
        assert _labels(text, [where]) == [None], text


DAYS = "Mon Tue Tues Wed Weds Thu Thur Thurs Fri Monday Tuesday Wednesday Thursday Friday".split()


@pytest.mark.parametrize("seed", [1, 2, 3, 4])
def test_weekday_beside_a_time_or_another_weekday_is_no_person(seed: int) -> None:
    rng = random.Random(seed)
    for shape in (
        "Michelle's schedule was good for {o}., {w} AM only, Fri - out",
        "She is free {w} PM and most of {o}.",
        "The class meets {o}/{w} at noon.",
        "Either {w} or {o} works for the call.",
    ):
        day, other = rng.sample(DAYS, 2)
        text, where = _plant(shape, w=day, o=other)
        if "{w} or" in shape:
            continue  # "or" is no link of the rule: the guard below
        assert _labels(text, [where]) == [None], text


@pytest.mark.parametrize("seed", [1, 2, 3])
@pytest.mark.parametrize("name", ["Jan", "May", "June", "April", "August", "Don"])
def test_a_person_named_like_a_month_keeps_the_person(seed: int, name: str) -> None:
    """No number after the name, a phone number, a time of day after a month's word: a person."""
    rng = random.Random(seed)
    shapes = (
        "Please ask {w} about the contract.",
        "{w} said the deal closed.",
        "Call {w} 713-853-4520 before noon.",
        "Thanks,\n{w}\n",
        "{w} 3:30 works for me.",
    )
    for shape in rng.sample(shapes, 3):
        text, where = _plant(shape, w=name)
        assert _labels(text, [where]) == ["PERSON"], text


def test_a_weekday_alone_or_in_a_name_keeps_its_span() -> None:
    text = "Vince Li Sun will join us."
    assert _labels(text, [(0, 12)]) == ["PERSON"]
    text, where = _plant("Either {w} or Monday works for the call.", w="Fri")
    assert _labels(text, [where]) == ["PERSON"]  # no time nor listed weekday beside it by the rule's links


# --- a word before a negation's "'t" ---------------------------------------------------------------------

NEGATED = "don won can isn didn doesn wasn couldn wouldn shouldn haven aren hasn weren".split()
ESCAPES = ("=01,t", "=92t", "'t", "’t")


@pytest.mark.parametrize("seed", [1, 2, 3, 4])
def test_word_before_a_negation_is_no_person(seed: int) -> None:
    rng = random.Random(seed)
    for shape in (
        "This will be your forum. {w}{e} expect to simply sit and listen.",
        "If you {w}{e} have the necessary software, go to RealPlay.",
        "And please {w}{e} forget to visit our site.",
    ):
        word = rng.choice(NEGATED)
        word = word.capitalize() if shape.startswith("This") else word
        text, where = _plant(shape, w=word, e=rng.choice(ESCAPES))
        assert _labels(text, [where]) == [None], text


@pytest.mark.parametrize("name", ["Sharron", "Don", "Jean", "Karen", "Brian"])
def test_a_name_before_a_possessive_or_a_verb_keeps_the_person(name: str) -> None:
    for shape in ("Please use {w}=92s desk today.", "{w}'s office is on 32.", "{w} said it won't work."):
        text, where = _plant(shape, w=name)
        assert _labels(text, [where]) == ["PERSON"], text


# --- a code or a dictionary word in capitals --------------------------------------------------------------

_GIVEN, _FAMILY = _given_and_family()


def _codes(rng: random.Random, n: int) -> list[str]:
    """Words of 5-9 capitals that no name list knows (a table's, a product's or a body's code)."""
    out: list[str] = []
    while len(out) < n:
        w = "".join(rng.choice("ABCDEFGHIJKLMNOPRSTUVWXZ") for _ in range(rng.randint(5, 9)))
        if not _known_name(w) and not _first_name(w):
            out.append(w)
    return out


@lru_cache(maxsize=1)
def _caps_pool() -> list[str]:
    return sorted(
        w.upper()
        for w in english_words()
        if w.isascii() and w.isalpha() and w.islower() and 5 <= len(w) <= 9 and not _first_name(w)
    )


def _caps_words(rng: random.Random, n: int) -> list[str]:
    """Dictionary words of 5-9 letters in capitals, surnames among them ("FIELD"), no given name."""
    return rng.sample(_caps_pool(), n)


CAPS_SHAPES = (
    "$$$ Variance found in table tblINTCHG_{w}.",
    "21. {w} / WIPO Domain Name Disputes: Procedures And Analysis",
    "{w} SERVICES:  No Scheduled Outages.",
    "Creating a portfolio of the new trades done at {w} this week.",
)


@pytest.mark.parametrize("seed", [1, 2, 3, 4])
@pytest.mark.parametrize("shape", CAPS_SHAPES)
def test_a_code_in_capitals_is_no_person(seed: int, shape: str) -> None:
    rng = random.Random(seed)
    for word in _codes(rng, 3) + _caps_words(rng, 3):
        text, where = _plant(shape, w=word)
        assert _labels(text, [where]) in (["ORGANIZATION"], [None]), text


def test_surnames_given_names_and_capital_lines_keep_the_person() -> None:
    rng = random.Random(7)
    surnames = [
        w.upper()
        for w in sorted(_FAMILY)
        if w.isascii() and w.isalpha() and len(w) >= 5 and not _dictionary(w) and not _first_name(w)
    ]
    givens = [w.upper() for w in sorted(_GIVEN) if w.isascii() and w.isalpha() and len(w) >= 5]
    for word in rng.sample(surnames, 8) + rng.sample(givens, 8):
        text, where = _plant("Please send the report to {w} before Friday.", w=word)
        assert _labels(text, [where]) == ["PERSON"], text
    for word in _codes(rng, 4):
        text, where = _plant("REMIND {w} TO REDUCE THE POOL BY 3,000", w=word)
        assert _labels(text, [where]) == ["PERSON"], text  # a line in capitals says nothing of its words


# --- end to end ------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def engine() -> Deidentifier:
    return Deidentifier(seed=1)


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("? This will be your forum. Don=01,t expect to simply sit and listen to=20", "Don"),
        ("Grace Jeffers. If you don=01,t have the necessary software,  go to RealPlay=", "don"),
        ("21. ICANN / WIPO Domain Name Disputes: Procedures And Analysis  [1.0]", "ICANN"),
        ("Michelle's schedule was good for Weds., Thurs AM only, Fri - out", "Thurs"),
    ],
)
def test_read_parts_lines_hold_no_such_person(engine: Deidentifier, text: str, word: str) -> None:
    spans = engine.analyze(text)
    assert not [s for s in spans if s.label == "PERSON" and text[s.start : s.end] == word], spans


def test_same_bytes_twice() -> None:
    text = "Illinois Power\tIL\tMAIN - ARTO\tJan 2002\tNone\nDon=01,t forget ICANN.\nThanks,\nJune Carter\n"
    assert Deidentifier(seed=3).deidentify(text).text == Deidentifier(seed=3).deidentify(text).text


# --- a title or a suffix alone --------------------------------------------------------------------------------

SUFFIXES = ("Esq", "Esq.", "Jr", "Jr.", "Sr.", "PhD", "Dr.", "Prof", "Mr.")


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_a_title_or_suffix_alone_is_no_person(seed: int) -> None:
    rng = random.Random(seed)
    given = sorted(w.capitalize() for w in _GIVEN if w.isascii() and w.isalpha() and 4 <= len(w) <= 8)
    family = sorted(w.capitalize() for w in _FAMILY if w.isascii() and w.isalpha() and 4 <= len(w) <= 9)
    for shape in ("live seminar, {n}, {w} of Dallas, will moderate", "{n}, {w}\nSenior Counsel", "Regards, {n}, {w}"):
        for word in rng.sample(SUFFIXES, 3):
            text, where = _plant(shape, n=f"{rng.choice(given)} {rng.choice(family)}", w=word)
            assert _labels(text, [where]) == [None], text


@pytest.mark.parametrize("initials", ["MD", "SR", "JR", "DR"])
def test_initials_in_capitals_that_spell_a_suffix_keep_the_person(initials: str) -> None:
    text, where = _plant("Thanks for the update.\n\n{w}\n", w=initials)
    assert _labels(text, [where]) == ["PERSON"], text


# --- a name cut after a surname's particle ----------------------------------------------------------------------

PARTICLES = ("De La", "de la", "Van", "van der", "Von", "Del", "Di", "Le", "Da", "Du")


@pytest.mark.parametrize("seed", [1, 2, 3, 4])
def test_a_person_cut_after_a_particle_takes_its_surname(seed: int) -> None:
    """Without the Esq. beside it, "Mike De La" + "Rosa" left the surname verbatim (random_odd)."""
    rng = random.Random(seed)
    given = sorted(w.capitalize() for w in _GIVEN if w.isascii() and w.isalpha() and 4 <= len(w) <= 8)
    family = sorted(w.capitalize() for w in _FAMILY if w.isascii() and w.isalpha() and 4 <= len(w) <= 9)
    for shape in ("Best Regards,\n\n{n} {s}, Esq.\n", "Thanks,\n{n} {s}\n", "Please call {n} {s} at 3pm."):
        name, surname = f"{rng.choice(given)} {rng.choice(PARTICLES)}", rng.choice(family)
        text = shape.format(n=name, s=surname)
        a = text.index(name)
        spans = [Span(a, a + len(name), "PERSON", 0.9, "structure")]
        got = [(s.start, s.end, s.label) for s in refine(text, spans)]
        assert got == [(a, a + len(name) + 1 + len(surname), "PERSON")], (text, got)


def test_a_particle_before_no_surname_keeps_its_span() -> None:
    for text, name in (("Ask Maurizio La =20\nabout it", "Maurizio La"), ("Todd Van is here", "Todd Van")):
        a = text.index(name)
        got = [(s.start, s.end) for s in refine(text, [Span(a, a + len(name), "PERSON", 0.9, "structure")])]
        assert got == [(a, a + len(name))], text
