"""A town in an address, a street corner, the teams of a results line (issue 14, Presidio's evaluation set
and CoNLL's organisation leak, round four).

Every text is built here from generated digits and the shipped value pools (the lexicon's surnames, given
names and cities), never taken from a corpus: each class is planted in many random shapes.
"""

from __future__ import annotations

import functools
import random
import re

from tests.unit.text.presidio_helpers import found, random_digits

from simulacra.text._lexicon import lexicon
from simulacra.text.engine import Deidentifier
from simulacra.text.recognizers import default_recognizers


@functools.cache
def _pools() -> tuple[list[str], list[str], list[str]]:
    lx = lexicon()
    given = [w for w in lx.first if re.fullmatch(r"[A-ZÀ-Þ][^\W\d_]{2,}", w)]
    names = set(lx.first)
    last = [w for w in lx.last if re.fullmatch(r"[A-ZÀ-Þ][^\W\d_]{2,}", w) and w not in names]
    # (a town whose first word is a given name, "Santa Luce", reads as a person's name on a line of its own)
    cities = [
        c
        for c in lx.cities
        if re.fullmatch(r"[A-ZÀ-Þ][^\W\d_]{2,}(?: [A-ZÀ-Þ][^\W\d_]{2,}){0,2}", c) and c.split()[0] not in names
    ]
    return given, last, cities


@functools.cache
def _engine() -> Deidentifier:
    return Deidentifier()  # the tagger too: the patterns must win over its person or firm reading


def _street(rng: random.Random) -> str:
    _, last, _ = _pools()
    return rng.choice(
        [
            f"{rng.choice(last)} {rng.randint(1, 300)}",
            f"{rng.choice(['Rua', 'Via', 'Rue', 'Calle'])} {rng.choice(['do', 'de', 'del', ''])} {rng.choice(last)} {rng.randint(1, 2000)}".replace(
                "  ", " "
            ),
            f"{rng.randint(1, 300)} {rng.choice(last)} {rng.choice(['Street', 'Road', 'Avenue', 'Lane', 'Str.'])}",
        ]
    )


# --- the town of an address ---------------------------------------------------------------------------


def test_the_town_on_the_line_after_an_addresss_unit_is_a_place(patterns_only: Deidentifier) -> None:
    """An address written line by line, its lines quoted ("> ", "??? ") or spaced by blank lines, so that it
    is not one block: the line after "Apt. 342" / "Suite 501" is the town."""
    rng = random.Random(401)
    given, last, cities = _pools()
    for _ in range(300):
        city = rng.choice(cities)
        city = city.upper() if rng.random() < 0.3 else city
        pre = rng.choice(["> ", ">", "??? ", " ", "    "])
        gap = "\n" if pre.strip() else "\n\n"
        unit = f"{rng.choice(['Apt.', 'Suite'])} {random_digits(rng, 3)}"
        text = (
            f"{rng.choice(given)} {rng.choice(last)}\n{pre}{random_digits(rng, 4)} {_street(rng)}\n{pre}{unit}\n"
            f"{pre}{city}{gap}{pre}{rng.choice(['Norway', 'Estonia', 'Belgium'])} {random_digits(rng, 5)}"
        )
        assert (city, "LOCATION") in found(patterns_only, text), text
        assert (city, "LOCATION") in found(_engine(), text), text


def test_the_town_after_a_street_line_and_its_comma_is_a_place(patterns_only: Deidentifier) -> None:
    """ "lives at 86036 Rua do Arenque 1634, Goiânia", "975 3968 Bay Street, Toronto": a house number, the
    street (closed by its number or a street word), a comma, then the town to the end of the line."""
    rng = random.Random(402)
    given, last, cities = _pools()
    for _ in range(300):
        city = rng.choice(cities)
        city = city.upper() if rng.random() < 0.2 else city
        lead = rng.choice(
            [f"{rng.choice(given)} lives at ", f"{rng.choice(given)} had given me his address: ", "Meet me at "]
        )
        end = rng.choice(["", ".", "\n"])
        text = f"{lead}{random_digits(rng, rng.randint(3, 5))} {_street(rng)}, {city}{end}"
        assert (city, "LOCATION") in found(patterns_only, text), text
        assert (city, "LOCATION") in found(_engine(), text), text


def test_a_name_after_a_count_and_a_comma_is_not_a_town(patterns_only: Deidentifier) -> None:
    """A number before words is not a house number unless the words close like a street ("3 kids, Mary");
    a city's quadrant after the street ("1401 H Street, N.W.") is not a town."""
    rng = random.Random(403)
    given, last, _ = _pools()
    place = next(r for r in default_recognizers() if r.name == "place_in_address")
    for _ in range(200):
        name = rng.choice(given)
        text = f"I have {rng.randint(2, 9)} {rng.choice(['kids', 'new ideas', 'cats at home'])}, {name}."
        assert (name, "LOCATION") not in found(patterns_only, text), text
        quadrant = rng.choice(["N.W.", "NW", "S.E.", "SE", "N.E.", "SW"])
        text = (
            f"{rng.choice(last)} Association\n{rng.randint(100, 2000)} {rng.choice(last)} Street, {quadrant}\nSuite 760"
        )
        assert place.find(text) == [], text


# --- a street corner ----------------------------------------------------------------------------------


def test_a_street_corner_is_one_address(patterns_only: Deidentifier) -> None:
    """ "the corner of Dalbraut 99 and Frederikke Coves": the streets and the words joining them, to the
    end of the sentence, are one address (the words between would otherwise stay in the text)."""
    rng = random.Random(404)
    given, last, _ = _pools()
    for _ in range(300):
        second = f"{rng.choice(given + last)} {rng.choice(['Coves', 'Pass', 'Harbor', 'Trail', 'Greens', 'Route'])}"
        corner = f"{rng.choice(['the', 'The'])} corner of {_street(rng)} and {second}"
        before = rng.choice(["My new address is ", "Please send it to ", "Address:\n", ""])
        after = rng.choice(["", ".", "?", ", and the office.", "\nMobile: 723 813 266"])
        text = f"{before}{corner}{after}"
        assert (corner, "STREET_ADDRESS") in found(patterns_only, text), text
        assert (corner, "STREET_ADDRESS") in found(_engine(), text), text


def test_two_streets_each_closed_by_st_are_not_one_corner() -> None:
    rng = random.Random(405)
    _, last, _ = _pools()
    corner = next(r for r in default_recognizers() if r.name == "street_corner")
    for _ in range(100):
        text = (
            f"Stop at the corner of {rng.randint(1, 99)} {rng.choice(last)} Road St. and {rng.choice(last)} Gateway St."
        )
        assert corner.find(text) == [], text


# --- the teams of a results line ----------------------------------------------------------------------


def _team(rng: random.Random) -> str:
    _, last, cities = _pools()
    return rng.choice(
        [
            rng.choice(cities),
            f"{rng.choice(cities).split()[0]} {rng.choice(['United', 'City', 'Rovers', 'Athletic'])}",
            f"{rng.choice(last)} 's Park",
        ]
    )


def test_the_teams_of_a_results_line_and_a_league_table_are_organisations(patterns_only: Deidentifier) -> None:
    rng = random.Random(406)
    for _ in range(200):
        home, away, row = _team(rng), _team(rng), _team(rng)
        if len({home, away, row}) < 3:
            continue
        results = f"{home} {rng.randint(0, 120)} {away} {rng.randint(0, 120)}"
        table = f"{row} " + " ".join(str(rng.randint(0, 30)) for _ in range(7))
        text = f"Played on Saturday :\n{results}\n{table}\nPostponed"
        got = found(patterns_only, text)
        for team in (home, away, row):
            assert (team, "ORGANIZATION") in got, text
        got = found(_engine(), text)
        for team in (home, away, row):
            assert (team, "ORGANIZATION") in got, text


def test_a_line_of_labelled_numbers_is_not_a_results_line() -> None:
    rng = random.Random(407)
    teams = next(r for r in default_recognizers() if r.name == "sports_result")
    for _ in range(100):
        a, b = rng.sample(["Page", "Chapter", "Room", "Floor", "Suite", "Box", "Round", "Section"], 2)
        text = f"see\n{a} {rng.randint(1, 99)} {b} {rng.randint(1, 99)}\nTotal 4 3 0 1 4 2 9\nUnit 4719 Box 7394\n"
        assert teams.find(text) == [], text


# --- a building's number before a street with its own number ------------------------------------------


def test_a_building_number_before_a_numbered_street_is_a_piece_of_its_own(patterns_only: Deidentifier) -> None:
    """ "20789 Allika 46", "lives at 86036 Rua do Arenque 1634, Goiânia": the leading number and the street
    after it are each an address's piece, so neither stays in the text."""
    rng = random.Random(408)
    given, last, cities = _pools()
    for _ in range(300):
        number = random_digits(rng, rng.randint(3, 5))
        street = f"{rng.choice(['', 'Rua do ', 'Via ', 'ul. '])}{rng.choice(last)} {rng.randint(1, 300)}"
        text = rng.choice(
            [
                f"{rng.choice(given)} {rng.choice(last)}\n\n{number} {street}\n Suite {random_digits(rng, 3)}",
                f"{rng.choice(given)} lives at {number} {street}, {rng.choice(cities)}",
                f"The bus drops you off at {number} {street} St.",
            ]
        )
        got = found(patterns_only, text)
        assert (number, "STREET_ADDRESS") in got, text
        assert (street, "STREET_ADDRESS") in got, text


def test_a_score_or_a_count_is_not_a_building_number() -> None:
    rng = random.Random(409)
    _, last, cities = _pools()
    house = next(r for r in default_recognizers() if r.name == "house_number")
    for _ in range(200):
        text = rng.choice(
            [
                f"Results\n{rng.choice(cities)} {rng.randint(0, 99)} {rng.choice(last)} {rng.randint(0, 99)}\n",
                f"We paid {rng.randint(100, 999)} dollars for {rng.randint(2, 9)} tickets.",
                f"In {rng.randint(1990, 2020)} the {rng.choice(last)} family sold 20 shares.",
                f"advances {rng.randint(1000, 2000)} to {rng.randint(100, 999)} on moderate volume of 321 million",
            ]
        )
        assert house.find(text) == [], text


# --- a list of given names ----------------------------------------------------------------------------


def test_each_given_name_of_a_list_is_a_person_of_its_own(patterns_only: Deidentifier) -> None:
    """ "They had 6: Gaetane, Hannah, Anthony, Derek, Anna and Andrew.": the tagger joins two neighbours
    ("Gaetane, Hannah") into one person; each name is one."""
    from simulacra.text._lexicon import english_words

    rng = random.Random(410)
    words = {w.lower() for w in english_words()}
    lx = lexicon()
    places = {c.lower() for c in (*lx.countries, *lx.major_cities)}
    names = [w for w in _pools()[0] if w.lower() not in words and w.lower() not in places]
    for _ in range(300):
        items = rng.sample(names, rng.randint(3, 6))
        listed = ", ".join(items[:-1]) + f"{rng.choice(['', ','])} and {items[-1]}"
        text = f"{rng.choice(['They had 6: ', 'Invited were ', 'Children: '])}{listed}{rng.choice(['.', '!', ''])}"
        for engine in (patterns_only, _engine()):
            got = found(engine, text)
            for name in items:
                assert (name, "PERSON") in got, text


def test_a_list_of_places_or_words_is_not_a_list_of_names() -> None:
    rng = random.Random(411)
    lx = lexicon()
    given = sorted(lx.first)[:500]
    places = [c for c in (*lx.countries, *lx.major_cities) if re.fullmatch(r"[A-Z][a-z]{3,}", c)]
    nouns = ["Apples", "Pears", "Steel", "Coal", "Wheat", "Energy", "Health"]
    names = next(r for r in default_recognizers() if r.name == "given_name_list")
    for _ in range(200):
        items = rng.sample(places, 3) if rng.random() < 0.6 else rng.sample(nouns, 3)
        # a given name among them does not make the list a list of people
        if rng.random() < 0.5:
            items[rng.randrange(3)] = rng.choice(given)
        text = f"Talks with {items[0]}, {items[1]} and {items[2]} went on."
        assert names.find(text) == [], text


# --- a firm named where only a firm can stand ---------------------------------------------------------


def test_a_firm_after_works_for_or_before_is_a_design_agency_is_an_organisation(patterns_only: Deidentifier) -> None:
    rng = random.Random(412)
    _, last, _ = _pools()
    for _ in range(300):
        firm = rng.choice(
            [
                f"{rng.choice(last)}{rng.choice(['ify', 'ly', 'data', 'wave'])}",
                f"{rng.choice(last)} {rng.choice(['Analytics', 'Global', 'Partners', 'Insights'])}",
                f"{rng.choice(last)}-{rng.choice(last)}",
                f"{rng.choice(last)}, {rng.choice(last)} and {rng.choice(last)}",
            ]
        )
        text = rng.choice(
            [
                f"I used to work for {firm} as a clerk, but quit.",
                f"She spent a year at {firm} as the assistant to the CEO.",
                f"{firm} is a design agency based in Oslo.",
                f"In 2004 he joined {firm}.",
                f"Hello. {firm} is an Italian multinational.",
            ]
        )
        got = found(patterns_only, text)
        assert (firm, "ORGANIZATION") in got, text
        assert (firm, "ORGANIZATION") in found(_engine(), text), text


def test_a_person_or_a_country_after_joined_is_not_a_firm() -> None:
    rng = random.Random(413)
    given = [w for w in _pools()[0] if w.isalpha()]
    firms = next(r for r in default_recognizers() if r.name == "company_by_context")
    for _ in range(200):
        who = rng.choice([*given, "Germany", "France", "Canada", "German", "Dutch"])
        text = rng.choice([f"Then she joined {who} for lunch.", f"He worked for {who} all his life."])
        assert firms.find(text) == [], text
