"""Company names closed by a legal form, postcodes after a postcode word or at an address's end, and a
place after words that only take a place (issue 14, Presidio's evaluation set, round three).

Every text is built here from generated digits and the shipped value pools (the lexicon's surnames,
cities and company suffixes), never taken from a corpus: each class is planted in many random shapes.
"""

from __future__ import annotations

import functools
import random
import re

from tests.unit.text.presidio_helpers import found, random_digits

from simulacra.text._groups import company_suffixes
from simulacra.text._lexicon import lexicon
from simulacra.text.engine import Deidentifier
from simulacra.text.recognizers import default_recognizers


@functools.cache
def _pools() -> tuple[list[str], list[str]]:
    lx = lexicon()
    given = set(lx.first)
    last = [w for w in lx.last if re.fullmatch(r"[A-ZÀ-Þ][^\W\d_]{2,}", w) and w not in given]
    # (a city that is also a given name, "Alica", reads as a person's first name before a firm's words)
    cities = [
        c
        for c in lx.cities
        if re.fullmatch(r"[A-ZÀ-Þ][^\W\d_]{2,}(?: [A-ZÀ-Þ][^\W\d_]{2,})?", c) and c.split()[0] not in given
    ]
    return last, cities


# --- a company's name closed by its legal form --------------------------------------------------------

_WORDS = ("Software", "Research", "Data", "Health", "Analytics", "Partners", "Capital", "Energy", "Motors")


def _company(rng: random.Random) -> str:
    last, _ = _pools()
    words = [rng.choice(last)] + [rng.choice(_WORDS) for _ in range(rng.randint(0, 2))]
    suffix = rng.choice(company_suffixes())
    dot = "." if suffix in ("Inc", "Ltd", "Corp", "Co") and rng.random() < 0.5 else ""
    # a comma before a form of three letters or more ("Apple, Inc."); "Pavlo, SA" reads as a surname and initials
    comma = len(suffix.replace(".", "")) >= 3 and rng.random() < 0.3
    return f"{' '.join(words)}{',' if comma else ''} {suffix}{dot}"


def test_a_name_and_its_legal_form_are_one_organisation_with_the_forms_dot(patterns_only: Deidentifier) -> None:
    rng = random.Random(41)
    for _ in range(300):
        name = _company(rng)
        before = rng.choice(["We signed with ", "The ", "Support ", "Jan Novak of ", "Clients:\n", "(", ""])
        after = rng.choice([" today.", "'s office", ")", "\n", ", a partner", ""])
        text = f"{before}{name}{after}"
        assert (name, "ORGANIZATION") in found(patterns_only, text), text


def test_a_legal_form_inside_a_longer_name_is_left_to_the_tagger() -> None:
    """The name goes on after the form ("Kia Motor Corp of South Korea", "Bay Co Building Authority"), or
    the match would start inside a run of capitalised words ("Lynn Reaser, Barnett Banks Inc." is found
    whole only from "Lynn"; after "and" a name is never started)."""
    rng = random.Random(42)
    company = next(r for r in default_recognizers() if r.name == "company")
    last, cities = _pools()
    for _ in range(200):
        name = _company(rng).rstrip(".")
        for text in (
            f"made by {name} of {rng.choice(cities)} this year",
            f"made by {name} {rng.choice(last)} Authority this year",
            f"made by {name} and {rng.choice(last)} Partners",
            f"said {rng.choice(last)} {rng.choice(['Fields', 'Holdings', 'Mining'])} and {name}",
        ):
            assert [text[s.start : s.end] for s in company.find(text)] == [], text


def test_a_persons_name_run_into_a_firms_is_not_one_company(patterns_only: Deidentifier) -> None:
    """A signature's line "Chris Dorland Enron Canada Corp.": a given name starts a run of two names or more."""
    rng = random.Random(46)
    last, _ = _pools()
    given = [w for w in lexicon().first if re.fullmatch(r"[A-Z][a-z]{2,}", w)]
    company = next(r for r in default_recognizers() if r.name == "company")
    for _ in range(200):
        firm = f"{rng.choice(last)} {rng.choice(['Canada', 'Energy', 'Europe'])} {rng.choice(['Corp.', 'Ltd', 'Inc.'])}"
        text = f"Regards,\n\n{rng.choice(given)} {rng.choice(last)} {firm}\n3500 Canterra Tower"
        assert company.find(text) == [], text
        # the firm alone on its line is one
        text = f"Regards,\n\n{rng.choice(given)} {rng.choice(last)}\n{firm}\n3500 Canterra Tower"
        assert (firm, "ORGANIZATION") in found(patterns_only, text), text


def test_a_firm_of_listed_names_is_one_company(patterns_only: Deidentifier) -> None:
    """A law firm's footer: "McCutchen, Doyle, Brown & Enersen, LLP" is one name, in capitals or not."""
    rng = random.Random(49)
    last, _ = _pools()
    for _ in range(200):
        names = [rng.choice(last) for _ in range(rng.randint(2, 4))]
        firm = ", ".join(names[:-1]) + f" & {names[-1]}, {rng.choice(['LLP', 'LLC', 'Inc.'])}"
        firm = firm.upper().replace("INC.", "Inc.") if rng.random() < 0.4 else firm
        text = f"and delete this e-mail.\n\n{firm} http://www.example.com"
        assert (firm, "ORGANIZATION") in found(patterns_only, text), text
    # two firms in a list stay two
    text = "Galorath Incorporated, Pixia Corp. and others"
    assert [t for t, lab in found(patterns_only, text) if lab == "ORGANIZATION"] == [
        "Galorath Incorporated",
        "Pixia Corp.",
    ]


def test_the_company_regex_lists_the_legal_forms() -> None:
    company = next(r for r in default_recognizers() if r.name == "company")
    alternation = "(?:" + "|".join(re.escape(c).replace("\\ ", " ") for c in company_suffixes()) + ")"
    assert company.patterns[0].regex.pattern.count(alternation) == 1, (
        "regenerate the legal-form alternation from _groups.company_suffixes()"
    )
    assert "Group" not in company_suffixes() and {"Inc", "Ltd", "Corp", "GmbH"} <= set(company_suffixes())


# --- postcodes ------------------------------------------------------------------------------------------


def _postcode(rng: random.Random) -> str:
    letters = "ABCEGHJKLMNPRSTVXY"
    return rng.choice(
        [
            random_digits(rng, rng.randint(3, 5)),  # 880, 3520, 43015
            f"{random_digits(rng, 3)} {random_digits(rng, 2)}",  # Sweden: 394 13
            f"{random_digits(rng, 5)}-{random_digits(rng, 3)}",  # Brazil: 75534-030
            f"{random_digits(rng, 4)}-{random_digits(rng, 3)}",  # Portugal: 3610-114
            f"{random_digits(rng, 2)}-{random_digits(rng, 3)}",  # Poland: 53-320
            f"{random_digits(rng, 4)} {rng.choice(letters)}{rng.choice(letters)}",  # the Netherlands: 7412 SL
            f"{rng.choice(letters)}{rng.randint(0, 9)}{rng.choice(letters)} {rng.randint(0, 9)}"
            f"{rng.choice(letters)}{rng.randint(0, 9)}",  # Canada: B0J 2H0
        ]
    )


def test_a_postcode_of_any_shape_after_a_postcode_word(patterns_only: Deidentifier) -> None:
    rng = random.Random(43)
    for _ in range(300):
        code = _postcode(rng)
        label = rng.choice(["ZIP: ", "My zip code is ", "my zip code is ", "Postal code: ", "postcode ", "PLZ "])
        text = f"{label}{code}{rng.choice(['', '.', chr(10), ' please'])}"
        assert (code, "POSTCODE") in found(patterns_only, text), text
        # the same number without a postcode word is not a postcode
        text = f"Order {code} shipped"
        assert all(lab != "POSTCODE" for _, lab in found(patterns_only, text)), text


def test_a_postcode_ending_an_address_written_line_by_line(patterns_only: Deidentifier) -> None:
    rng = random.Random(44)
    last, cities = _pools()
    for _ in range(300):
        code = rng.choice([random_digits(rng, rng.randint(3, 5)), f"{random_digits(rng, 3)} {random_digits(rng, 2)}"])
        city = rng.choice(cities)
        city = city.upper() if rng.random() < 0.4 else city
        region = rng.choice(["nan", "SK", "NO", "QC", "ZH"])
        street = f"{random_digits(rng, 4)} {rng.choice(last)}vej {rng.randint(1, 300)} Apt. {random_digits(rng, 3)}"
        if rng.random() < 0.5:  # "LAPPEENRANTA\n    SK\n    53650"
            text = f"Billing address: Ann Lee\n    {street}\n   {city}\n    {region}\n    {code}"
        else:  # "ASKER nan 1386"
            text = f"Mrs. Ann Lee {street}\n{city} {region} {code}"
        assert (code, "POSTCODE") in found(patterns_only, text), text
    # a number on the line after a code that is not an address: no postcode
    assert all(lab != "POSTCODE" for _, lab in found(patterns_only, "Totals\nQTY 4512 units\nOK"))


# --- a place after words that only take a place -----------------------------------------------------------


def test_a_place_after_words_that_only_take_a_place(patterns_only: Deidentifier) -> None:
    rng = random.Random(45)
    _, cities = _pools()
    for _ in range(300):
        plain = rng.choice(cities)
        city = plain.upper() if rng.random() < 0.3 else plain
        text = rng.choice(
            [
                f"We moved here from {city}",
                f"I'm Ann, originally from {city}, and i'm 30 y/o.",
                f"Dr. Lee flew to {city} on {rng.choice(['Monday', 'June'])} morning.",
                # (a short word in capitals before a colon reads as a field's label: "NOTE:")
                f"the band's home city {plain}: a story",
                f"we returned to {city} by helicopter.",
                f"She lives in {city}.",
            ]
        )
        assert (city, "LOCATION") in found(patterns_only, text) or (plain, "LOCATION") in found(patterns_only, text), (
            text
        )
    # "returned to" and "moved to" alone are said of clubs and firms too: no place from this rule
    for text in ("He returned to Arsenal in May", "She moved to Juventus last year"):
        assert all(lab != "LOCATION" for _, lab in found(patterns_only, text)), text


# --- a name built on a word for an institution --------------------------------------------------------------

_HEADS = ("Commission", "Council", "Committee", "Department", "Ministry", "Agency", "Association", "League", "Board")


def test_a_name_built_on_an_institution_word_is_one_organisation(patterns_only: Deidentifier) -> None:
    rng = random.Random(47)
    last, cities = _pools()
    for _ in range(300):
        head = rng.choice(_HEADS)
        city, other = rng.choice(cities), rng.choice(cities)
        name = rng.choice(
            [
                f"{city} {head}",  # "Rochester Fire Department" without the middle word
                f"{city} {rng.choice(['Fire', 'Trade', 'Health'])} {head}",
                f"{head} of {city}",  # "Council of Europe"
                f"{head} for {rng.choice(['Security', 'Trade', 'Health'])} and {other}",
                f"{head} on {city} {rng.choice(['Debates', 'Affairs'])}",
            ]
        )
        text = rng.choice(
            [
                f"The {name} said on Friday it would act.",
                f"said {rng.choice(last)} of the {name} said .",
                f"a report by the {name}",
            ]
        )
        assert (name, "ORGANIZATION") in found(patterns_only, text), text


def test_what_is_not_an_institution_name() -> None:
    """A title and a name after the institution's word, a person before "of the" or starting the run, a
    place after "in", a single word, a weekday after "on", and "Bank" or "Union" (places: "West Bank",
    "Soviet Union")."""
    rng = random.Random(48)
    last, cities = _pools()
    inst = next(r for r in default_recognizers() if r.name == "institution")
    given = [w for w in lexicon().first if re.fullmatch(r"[A-Z][a-z]{2,}", w)]
    plain = [w for w in last if re.fullmatch(r"[A-Z][a-z]{2,}", w)]
    for _ in range(200):
        head, city, person = rng.choice(_HEADS), rng.choice(cities), f"{rng.choice(last)} {rng.choice(last)}"
        cases = {
            f"{city} {head} President {person} said": f"{city} {head}",
            f"said {person} of the {city} {head}": f"{city} {head}",
            f"The {head} in {city} met": None,
            f"The {head} met": None,
            f"The {city} {head} on Friday": f"{city} {head}",
            f"settlers on the West Bank and in the {rng.choice(['Soviet', 'European'])} Union": None,
            # a person, then the firm's fund: a name that starts with a given name
            f"Itinerary for {rng.choice(given)} {rng.choice(plain)} Enron {head} Dinner": None,
            # a country's name built on such a word
            "relations between the Russian Federation and Chechnya": None,
        }
        for text, whole in cases.items():
            assert [text[s.start : s.end] for s in inst.find(text)] == ([whole] if whole else []), text


# --- scoring: Presidio's gold under our address convention ---------------------------------------------------


def _pieces(rng: random.Random) -> tuple[str, list[tuple[int, int, str]]]:
    """An address over several lines labelled piece by piece, as some of the set's templates do."""
    last, cities = _pools()
    parts = [
        (random_digits(rng, rng.randint(3, 5)), "STREET_ADDRESS"),
        (" ", None),
        (f"{rng.choice(last)}vej {rng.randint(1, 300)}", "STREET_ADDRESS"),
        ("\n ", None),
        (f"Apt. {random_digits(rng, 3)}", "STREET_ADDRESS"),
        ("\n ", None),
        (rng.choice(cities), "GPE"),
        (rng.choice(["\n ", "\n\n "]), None),
        ("Denmark", "GPE"),
        (" ", None),
        (random_digits(rng, 5), rng.choice(["STREET_ADDRESS", "ZIP_CODE"])),
    ]
    text, spans = "", []
    for piece, label in parts:
        if label is not None:
            spans.append((len(text), len(text) + len(piece), label))
        text += piece
    return text, spans


def test_address_blocks_merge_an_addresss_pieces_and_nothing_else() -> None:
    from simulacra.text.evaluate import GoldDocument, presidio_address_blocks
    from simulacra.text.spans import Span

    rng = random.Random(50)
    last, cities = _pools()
    for _ in range(100):
        block, pieces = _pieces(rng)
        name = f"{rng.choice(last)} {rng.choice(last)}"
        text = f"{name}\n\n{block}\nPhone: 555 0100"
        off = len(name) + 2
        gold = [Span(0, len(name), "PERSON", 1.0, "gold")] + [
            Span(a + off, b + off, lab, 1.0, "gold") for a, b, lab in pieces
        ]
        (doc,) = presidio_address_blocks([GoldDocument(text, tuple(gold))])
        assert [(text[s.start : s.end], s.label) for s in doc.spans] == [(name, "PERSON"), (block, "STREET_ADDRESS")]
        # on one line: a house number and its street are one span; the city after a comma stays a place
        number, street, city = random_digits(rng, 3), f"{rng.choice(last)}vej {rng.randint(1, 99)}", rng.choice(cities)
        text = f"She lives at {number} {street}, {city}"
        a = text.index(number)
        gold = [
            Span(a, a + len(number), "STREET_ADDRESS", 1.0, "gold"),
            Span(text.index(street), text.index(street) + len(street), "STREET_ADDRESS", 1.0, "gold"),
            Span(text.index(city, a), len(text), "GPE", 1.0, "gold"),
        ]
        (doc,) = presidio_address_blocks([GoldDocument(text, tuple(gold))])
        assert [(text[s.start : s.end], s.label) for s in doc.spans] == [
            (f"{number} {street}", "STREET_ADDRESS"),
            (city, "GPE"),
        ]
