"""Names that a neighbour's span took, and an initial's point (deid-email22, issue 14).

Classes, each planted in synthetic messages written here (names drawn by seed from pools written here, none read
off a corpus):

* a name's last initial keeps its point (``Joe H. & Alan A.``, ``"Cheryl G. " <addr>``, ``Steve S. can``): the
  person's span ends after the point; a ``Last, First I`` list item and an abbreviation (``H.W.``) are left alone;
* a signature joined to the name of the Notes reply header after it on one line (``Kate Kerri Thompson @ACME`` +
  a date line, ``Ann Lee Kate Roe <kr@acme.org> on 11/17/2000``): two persons; ``Mary Ann Smith <addr>``, a
  double given name the text never writes otherwise, stays one;
* an organisation's span that took the person before it: a wire byline (``By Ann Lee Of ACME NEWSWIRES``), a
  signature line whose firm word is the message's mail domain (``Ann Lee Acme North America Corp.`` beside
  ``@acme.com``), a span led by a full name the text finds as a person elsewhere (``Ann Lee Teleconference``):
  the person's words a person, the firm's still an organisation.

The engine-level tests import only the engine, so that on the base they fail one by one (not at import); the
helper tests import the helpers inside each test.
"""

from __future__ import annotations

import random

import pytest

from simulacra.text.engine import Deidentifier
from simulacra.text.spans import Span

SEEDS = [1, 2, 3, 4, 5]
GIVEN = ["Dolores", "Marcus", "Yvonne", "Trevor", "Glenda", "Curtis", "Brenda", "Loretta", "Desmond", "Harold"]
FAMILY = ["Pruitt", "Haverford", "Okafor", "Lindqvist", "Castellano", "Whitfield", "Mendoza", "Szabo", "Nakamura"]
INITIALS = list("BDGHKMRSTW")


@pytest.fixture(scope="module")
def engine() -> Deidentifier:
    return Deidentifier(None, ner="fast")


def _persons(engine: Deidentifier, text: str) -> list[tuple[int, int, str]]:
    return [(s.start, s.end, text[s.start : s.end]) for s in engine.analyze(text) if s.label == "PERSON"]


def _names(rng: random.Random, k: int) -> list[tuple[str, str]]:
    given = rng.sample(GIVEN, k)
    family = rng.sample(FAMILY, k)
    return list(zip(given, family, strict=True))


def _header(rng: random.Random, subject: str) -> str:
    g, f = rng.choice(GIVEN), rng.choice(FAMILY)
    return (
        f"From: {g.lower()}.{f.lower()}@northwind.com\nTo: team@northwind.com\nSubject: {subject}\n"
        "Mime-Version: 1.0\n\n"
    )


# --- an initial's point -----------------------------------------------------------------------------------------

INITIAL_SHAPES = [
    "Conf. Call:  {a} & {b} (CP)\n",
    "Please call {a} & {b} (x3321) about the schedule.\n",
    'To: "{a} " <ab@contoso.example>, "{b} " <bd@contoso.example>\n',
    "Thanks,\n{a} and {b} \n",
]


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("shape", range(len(INITIAL_SHAPES)))
def test_a_names_last_initial_keeps_its_point(engine: Deidentifier, seed: int, shape: int) -> None:
    rng = random.Random(seed)
    (g1, _), (g2, _) = _names(rng, 2)
    i1, i2 = rng.sample(INITIALS, 2)
    a, b = f"{g1} {i1}.", f"{g2} {i2}."
    text = _header(rng, "Call") + INITIAL_SHAPES[shape].format(a=a, b=b)
    persons = _persons(engine, text)
    for name in (a, b):
        start = text.rindex(name)
        # the name is a person, point and all (its bare form "Dolores B" is no span of its own)
        assert (start, start + len(name), name) in persons, (name, persons)


def test_initial_points_guards() -> None:
    from simulacra.text.person_edges import initial_points

    def run(text: str, value: str) -> str:
        a = text.index(value)
        (s,) = initial_points(text, [Span(a, a + len(value), "PERSON")])
        return text[s.start : s.end]

    assert run("Call Joe H. today", "Joe H") == "Joe H."
    assert run("Joe H.\n", "Joe H") == "Joe H."
    assert run("To: Smith, Ann R.; Roe, Bob", "Smith, Ann R") == "Smith, Ann R"  # a list item: left as it is
    assert run("George H.W. Bush", "George H") == "George H"  # an abbreviation goes on
    assert run("Joe Hill. Then", "Joe Hill") == "Joe Hill"  # no initial: the sentence's point
    assert run("Dr. Joe H. Roe", "Joe H") == "Joe H."
    text = "Joe H. Roe"
    spans = [Span(0, 5, "PERSON"), Span(5, 6, "ORGANIZATION")]  # the point is another span's
    assert initial_points(text, spans) == spans
    assert initial_points("Acme H.", [Span(0, 6, "ORGANIZATION")]) == [Span(0, 6, "ORGANIZATION")]


# --- a signature joined to a Notes reply header ---------------------------------------------------------------


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("tail", [" @NORTHWIND\n12/22/2000 11:46 AM", "\n03/17/2000 07:45 AM"])
def test_a_signoff_joined_to_a_reply_headers_name_is_two_persons(engine: Deidentifier, seed: int, tail: str) -> None:
    rng = random.Random(seed)
    (g1, f1), (g2, f2) = _names(rng, 2)
    text = (
        _header(rng, "Re: schedule")
        + "That works for me.  Let me know.\n\nThanks,\n"
        + f"{g1} {g2} {f2}{tail}\nTo: {g1} {f1}/HOU/NW@NW\ncc:\nSubject: schedule\n\nCan we move the call?\n"
    )
    at = text.index(f"{g1} {g2} {f2}")
    persons = [p for p in _persons(engine, text) if at <= p[0] < at + 40]
    assert (at, at + len(g1), g1) in persons, persons
    b = at + len(g1) + 1
    assert (b, b + len(f"{g2} {f2}"), f"{g2} {f2}") in persons, persons


@pytest.mark.parametrize("seed", SEEDS)
def test_two_full_names_before_a_reply_headers_address_are_two_persons(engine: Deidentifier, seed: int) -> None:
    rng = random.Random(seed)
    (g1, f1), (g2, f2) = _names(rng, 2)
    line = f"{g1} {f1} {g2} {f2} <{g2[0].lower()}{f2.lower()}@contoso.example> on 11/17/2000 04:20:40 PM\n"
    text = _header(rng, "Breakfast") + "See you at the breakfast.\nThank you,\n" + line + "\nThe form is attached.\n"
    at = text.index(line)
    persons = [p for p in _persons(engine, text) if at <= p[0] < at + len(line)]
    assert (at, at + len(f"{g1} {f1}"), f"{g1} {f1}") in persons, persons
    b = at + len(f"{g1} {f1} ")
    assert (b, b + len(f"{g2} {f2}"), f"{g2} {f2}") in persons, persons


def test_signoff_headers_guards() -> None:
    from simulacra.text.person_edges import signoff_headers

    def run(text: str, value: str) -> list[str]:
        a = text.index(value)
        return [text[s.start : s.end] for s in signoff_headers(text, [Span(a, a + len(value), "PERSON")])]

    # a double given name the text never writes with another surname: one name
    assert run("Thanks,\nMary Ann Pruitt <map@acme.org> on 11/17/2000\n", "Mary Ann Pruitt") == ["Mary Ann Pruitt"]
    # the same with the first given name written elsewhere with another surname: a sign-off and a header's name
    text = "Thanks,\nMarcus Glenda Pruitt <gp@acme.org> on 11/17/2000\nTo: Marcus Okafor/HOU/ACME@ACME\n"
    assert run(text, "Marcus Glenda Pruitt") == ["Marcus", "Glenda Pruitt"]
    # no header after the name: left alone
    assert run("Thanks,\nMarcus Okafor Glenda Pruitt\nsaid so\n", "Marcus Okafor Glenda Pruitt") == [
        "Marcus Okafor Glenda Pruitt"
    ]
    # four words that are not two full names
    assert run("Juan Carlos De Leon <jc@acme.org> on 1/2/2001", "Juan Carlos De Leon") == ["Juan Carlos De Leon"]
    assert run("Marcus Okafor Glenda Pruitt <gp@acme.org> on 1/2/2001", "Marcus Okafor Glenda Pruitt") == [
        "Marcus Okafor",
        "Glenda Pruitt",
    ]


# --- a person inside an organisation's span ---------------------------------------------------------------------


def _firm_split(text: str, value: str) -> list[tuple[str, str]]:
    from simulacra.text.person_edges import people_in_firms

    a = text.index(value)
    spans = [Span(a, a + len(value), "ORGANIZATION", 0.9, "ner")]
    return [(text[s.start : s.end], s.label) for s in people_in_firms(text, spans)]


@pytest.mark.parametrize("seed", SEEDS)
def test_a_byline_names_a_person_before_of(seed: int) -> None:
    rng = random.Random(seed)
    (g, f), (g2, _) = _names(rng, 2)
    for name in (f"{g} {f}", f"{g} {g2} {f}"):
        value = f"{name} Of DOW JONES NEWSWIRES"
        text = f"11/21/0 15:31 (New York)\n\n      By {value}\n\n  TORONTO -- Gas prices rose.\n"
        assert _firm_split(text, value) == [(name, "PERSON"), ("DOW JONES NEWSWIRES", "ORGANIZATION")]
        # not a byline: left alone
        prose = f"The report {value} was read.\n"
        assert _firm_split(prose, value) == [(value, "ORGANIZATION")]


@pytest.mark.parametrize("seed", SEEDS)
def test_a_signature_lines_person_before_the_mail_domains_firm(seed: int) -> None:
    rng = random.Random(seed)
    (g, f), _ = _names(rng, 2)
    for person, firm in ((f"{g} {f}", "Northwind North America Corp."), (g, "Northwind"), (f"{g} {f}", "Northwind")):
        value = f"{person} {firm}".rstrip(".")
        text = (
            _header(rng, "Plant costs")
            + f"Please call with any questions.\n\nSincerely,\n{person} {firm}\n1400 Main St\n"
        )
        assert _firm_split(text, value) == [(person, "PERSON"), (firm.rstrip("."), "ORGANIZATION")], value
        # the firm word is no mail domain of the text: left alone
        other = text.replace("northwind.com", "contoso.example")
        assert _firm_split(other, value) == [(value, "ORGANIZATION")]
        # not opening its line: left alone
        inline = text.replace(f"\n{person} {firm}", f"\nwith {person} {firm}")
        assert _firm_split(inline, value) == [(value, "ORGANIZATION")]


@pytest.mark.parametrize("seed", SEEDS)
def test_a_span_led_by_a_person_the_text_names_elsewhere(seed: int) -> None:
    from simulacra.text.person_edges import people_in_firms

    rng = random.Random(seed)
    (g, f), _ = _names(rng, 2)
    name = f"{g} {f}"
    for tail, person in ((" Teleconference", name), ("' Conference Room", name), (" A teleconference", name)):
        value = name + tail
        text = f"{name} has asked me to set up a call.\nWhere: ({value})\n"
        a = text.index(value)
        spans = [Span(0, len(name), "PERSON", 0.9, "ner"), Span(a, a + len(value), "ORGANIZATION", 0.9, "ner")]
        out = [(text[s.start : s.end], s.label) for s in people_in_firms(text, spans)]
        assert out[1] == (person, "PERSON"), out
        # the name never found as a person elsewhere: left alone
        assert people_in_firms(text, spans[1:]) == spans[1:]


def test_people_in_firms_guards() -> None:
    # a firm named for its founders is left alone where nothing says otherwise
    assert _firm_split("We met Marcus Okafor Partners today.\n", "Marcus Okafor Partners") == [
        ("Marcus Okafor Partners", "ORGANIZATION")
    ]
    # the first word no given name, or a frequent word
    text = "From: a@summer.com\n\nSummer Picnic Summer Corp\n"
    assert _firm_split(text, "Summer Picnic Summer Corp") == [("Summer Picnic Summer Corp", "ORGANIZATION")]
    text = "From: a@northwind.com\n\nNorthwind North America Corp\n"
    assert _firm_split(text, "Northwind North America Corp") == [("Northwind North America Corp", "ORGANIZATION")]


@pytest.mark.parametrize("seed", SEEDS)
def test_a_signature_lines_person_is_rewritten_and_found(engine: Deidentifier, seed: int) -> None:
    rng = random.Random(seed)
    (g, f), _ = _names(rng, 2)
    text = (
        _header(rng, "Plant costs")
        + "Please call me with any comments or questions.\n\n\n\n"
        + f"{g} {f} Northwind North America Corp.\n1400 Main St, Suite 3800\nHouston, TX 77002\n"
    )
    at = text.index(f"{g} {f} Northwind")
    persons = _persons(engine, text)
    assert (at, at + len(f"{g} {f}"), f"{g} {f}") in persons, persons
    out = engine.deidentify(text).text
    assert g not in out and f not in out


# --- a free given and family name; a couple -----------------------------------------------------------------------

# family names of the lists that are also English words (the tagger reads them as words)
WORD_SURNAMES = ["Day", "Stone", "Price", "Hunt"]
PROSE = [
    "Please send comments to {n} as soon as possible.\n",
    "I spoke with {n} yesterday about the contract.\n",
    "The draft went to {n}, who will call you.\n",
    "We are waiting for {n} to sign.\n",
]


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("shape", range(len(PROSE)))
def test_a_given_name_and_an_english_word_surname_in_a_sentence(engine: Deidentifier, seed: int, shape: int) -> None:
    rng = random.Random(seed)
    name = f"{rng.choice(GIVEN)} {rng.choice(WORD_SURNAMES)}"
    text = _header(rng, "Draft") + PROSE[shape].format(n=name)
    at = text.index(name)
    assert (at, at + len(name), name) in _persons(engine, text)
    out = engine.deidentify(text).text
    assert name not in out


def test_free_names_guards() -> None:
    from simulacra.text.person_edges import free_names

    def found(text: str, spans: list[Span] | None = None) -> list[str]:
        return [text[s.start : s.end] for s in free_names(text, spans or []) if s.label == "PERSON"]

    assert found("send it to Glenda Day as soon as you can") == ["Glenda Day"]
    assert found("captain Billie Jean King said so") == []  # a capitalised word before: no small word
    assert found("Glenda Day as soon as you can") == []  # nothing before it
    assert found("send it to Summer Day as soon") == []  # a frequent word as the given name
    assert found("we flew to Glenda Houston last week") == []  # no family name of the lists
    assert found("send it to Glenda Day") == []  # nothing after it
    text = "send it to Glenda Day as soon"
    a = text.index("Glenda")
    taken = [Span(a, a + 6, "ORGANIZATION")]
    assert free_names(text, taken) == taken  # a word already another span's


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("joint", [" & ", " and "])
def test_a_given_name_joined_to_a_full_name_is_a_person(seed: int, joint: str) -> None:
    from simulacra.text.person_edges import free_names

    rng = random.Random(seed)
    (g1, _), (g2, f2) = _names(rng, 2)
    for before in ("Society/", "dinner with ", ""):
        text = f"Subject: Gala - The Arts {before}{g1}{joint}{g2} {f2} - Cocktail Buffet\n"
        a = text.index(f"{g2} {f2}")
        out = free_names(text, [Span(a, a + len(f"{g2} {f2}"), "PERSON")])
        assert [text[s.start : s.end] for s in out] == [g1, f"{g2} {f2}"]
        # the full name's first word no given name: left alone
        b = text.index(f2)
        assert free_names(text, [Span(b, b + len(f2), "PERSON")]) == [Span(b, b + len(f2), "PERSON")]


# --- a generation's numeral, a hyphenated family name's second part ------------------------------------------------


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("tail", [" III", " II", " IV", "-Castellano", "-Okafor"])
def test_a_names_numeral_or_hyphenated_part_is_the_names(seed: int, tail: str) -> None:
    from simulacra.text.person_edges import name_tails

    rng = random.Random(seed)
    (g, f), _ = _names(rng, 2)
    for name, after in ((f"{g} {f}", " Mime-Version: 1.0\n"), (f"{g} {rng.choice(INITIALS)}. {f}", ", who called.\n")):
        text = f"Subject: Phone Screen Interview - {name}{tail}{after}"
        a = text.index(name)
        (s,) = name_tails(text, [Span(a, a + len(name), "PERSON")])
        assert text[s.start : s.end] == name + tail


def test_name_tails_guards() -> None:
    from simulacra.text.person_edges import name_tails

    def run(text: str, value: str) -> str:
        a = text.index(value)
        (s,) = name_tails(text, [Span(a, a + len(value), "PERSON")])
        return text[s.start : s.end]

    assert run("Irena Hogan Sr. Administrative Assistant", "Irena Hogan") == "Irena Hogan"  # Sr. before a role
    assert run("Call Glenda Pruitt III.", "Glenda Pruitt") == "Glenda Pruitt"  # a numeral then a point: not judged
    assert run("Pruitt III said", "Pruitt") == "Pruitt"  # a lone word and a numeral
    assert run("Glenda Pruitt-led team", "Glenda Pruitt") == "Glenda Pruitt"  # a small word after the hyphen
    assert run("Glenda P-Okafor", "Glenda P") == "Glenda P"  # an initial takes no hyphen
    assert run("Glenda Pruitt-Okafor@acme.com", "Glenda Pruitt") == "Glenda Pruitt"  # an address goes on
    text = "Glenda Pruitt III"
    spans = [Span(0, 13, "PERSON"), Span(14, 17, "ORGANIZATION")]
    assert name_tails(text, spans) == spans  # the numeral is another span's


# --- a title word as the given name of an address list's item -----------------------------------------------------


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("title", ["Prince", "Earl", "Dean", "Major", "King"])
def test_a_title_word_opening_a_list_item_is_the_given_name(seed: int, title: str) -> None:
    from simulacra.text.person_edges import list_item_given

    rng = random.Random(seed)
    names = [f"{g} {f}" for g, f in _names(rng, 3)]
    surname = rng.choice(["McDougal", "Applewhite", "Okonkwo"])
    for end in (" Cc: Joan Roe Subject: Rooms\n", ";\n", "\n"):
        text = "To: " + "; ".join(names) + f"; {title} {surname}{end}"
        a = text.index(f" {surname}") + 1
        (s,) = list_item_given(text, [Span(a, a + len(surname), "PERSON")])
        assert text[s.start : s.end] == f"{title} {surname}"
        # in prose, or in a list of one "; ": the title stays a title
        prose = f"We met; {title} {surname}{end}"
        b = prose.index(f" {surname}") + 1
        assert list_item_given(prose, [Span(b, b + len(surname), "PERSON")]) == [Span(b, b + len(surname), "PERSON")]
        # a word no title, or the item going on after the name: left alone
        other = text.replace(f"{title} {surname}", f"Paris {surname}")
        c = other.index(f" {surname}") + 1
        assert list_item_given(other, [Span(c, c + len(surname), "PERSON")]) == [Span(c, c + len(surname), "PERSON")]
