"""Job titles, weekdays, a work's year, an address's last postcode, a firm's line in a business address,
a firm by its office, founders listed by surname (issue 14, Presidio's evaluation set, round five).

Every text is built here from generated digits and the shipped value pools (the lexicon's surnames, given
names, cities and countries, the locale's job titles and company names), never taken from a corpus: each
class is planted in many random shapes, and each test's negative half plants the look-alike the rule
must leave alone.
"""

from __future__ import annotations

import functools
import random
import re

from tests.unit.text.presidio_helpers import found, random_digits

from simulacra.text._groups import GROUP_KINDS, address_countries, group_kind, is_job_title, weekday_index
from simulacra.text._lexicon import english_words, lexicon
from simulacra.text.engine import Deidentifier
from simulacra.values import locale_pools

_WORD = re.compile(r"[A-ZÀ-Þ][^\W\d_]{2,}")


@functools.cache
def _pools() -> tuple[list[str], list[str], list[str], list[str]]:
    lx = lexicon()
    names = set(lx.first)
    given = [w for w in lx.first if _WORD.fullmatch(w)]
    last = [w for w in lx.last if _WORD.fullmatch(w) and w not in names]
    cities = [c for c in lx.cities if re.fullmatch(r"[A-ZÀ-Þ][^\W\d_]{2,}(?: [A-ZÀ-Þ][^\W\d_]{2,}){0,2}", c)]
    countries = [c for c in ("Norway", "Estonia", "Belgium", "Hungary", "Portugal", "Sweden", "Italy", "Finland")]
    return given, last, cities, countries


@functools.cache
def _jobs() -> list[str]:
    """The locale's job titles that read as one (no parenthesis, no digit), the form the rules look for."""
    jobs = [str(j) for j in locale_pools("en_US").jobs.values.to_list()]
    return [
        j for j in jobs if "(" not in j and "/" not in j and is_job_title(j) and j.split()[0] not in lexicon().first
    ]


@functools.cache
def _firms() -> list[str]:
    """The locale's company names whose first word is no given name, country or nationality (a firm's line is
    told from a person's, a place's or a people's by it)."""
    first = set(lexicon().first)
    countries = set(lexicon().countries)
    out = []
    for c in locale_pools("en_US").companies.values.to_list():
        c = str(c)
        head = c.split()[0].strip(",")
        if (
            head.split("-")[0] not in first
            and head not in countries
            and group_kind(head) is None
            and not any(ch.isdigit() for ch in c)
            and not is_job_title(c)
        ):
            out.append(c)
    return out


@functools.cache
def _engine() -> Deidentifier:
    return Deidentifier()  # the tagger too: the patterns must win over its person or firm reading


def _person(rng: random.Random) -> str:
    given, last, _, _ = _pools()
    return f"{rng.choice(given)} {rng.choice(last)}"


# --- job titles ------------------------------------------------------------------------------------------


def test_a_job_title_where_only_a_job_stands_is_a_title(patterns_only: Deidentifier) -> None:
    """After "worked for X as", between commas before "said", and on its own line under a name's line (a
    profile or a signature, the lines quoted or not, a blank line between or not); not a name whose surname is
    a trade's word under a greeting ("Kind regards\nTom Cook")."""
    rng = random.Random(501)
    _, last, _, _ = _pools()
    for _ in range(300):
        job = rng.choice(_jobs())
        job = job.lower() if rng.random() < 0.2 else job
        pre = rng.choice(["", "> ", ">"])
        text = rng.choice(
            [
                f"I used to work for {rng.choice(last)} Group as {job}, but quit a few months ago.",
                f"She worked as {rng.choice(['a ', 'an ', ''])}{job} until {rng.randint(1990, 2020)}.",
                f'{_person(rng)}, the {job}, said: "We are glad."',
                f"{pre}{_person(rng)}\n{pre if rng.random() < 0.5 else ''}\n{pre}{job}\n{pre}\n{pre}Personal Info:",
            ]
        ).replace("\n\n\n", "\n\n")
        assert (job, "TITLE") in found(patterns_only, text), text
    # "Kind regards\nTom Cook": a name's line under a greeting's is a person's, its surname a trade's word
    given, _, _, _ = _pools()
    for _ in range(200):
        name = f"{rng.choice(given)} {rng.choice(['Baker', 'Cook', 'Carpenter', 'Painter', 'Farmer', 'Butcher'])}"
        text = f"{rng.choice(['Kind regards', 'Best wishes', 'Many thanks'])}\n{name}"
        assert not [s for s in found(patterns_only, text) if s[1] == "TITLE"], text


def test_a_job_title_becomes_another_job_title() -> None:
    """The surrogate of a job title is a job of the locale's pool, not letters shuffled in its shape."""
    rng = random.Random(503)
    jobs = set(str(j) for j in locale_pools("en_US").jobs.values.to_list())
    d = Deidentifier(ner=None)
    for _ in range(60):
        job = rng.choice(_jobs())
        text = f"I used to work for {rng.choice(_pools()[1])} Group as {job}, but quit."
        out = d.deidentify(text).text
        fake = out[out.index(" as ") + 4 : out.rindex(", but")]
        assert fake in jobs and fake != job, (text, out)


# --- weekdays and a work's year --------------------------------------------------------------------------


def test_a_weekday_named_as_when_is_a_date_and_moves_to_another_weekday(patterns_only: Deidentifier) -> None:
    rng = random.Random(504)
    days = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
    for _ in range(200):
        day = rng.choice(days)
        day = rng.choice([day, day.lower(), day.upper()])
        text = rng.choice(
            [
                f"{_person(rng)} flew to {rng.choice(_pools()[2])} on {day} morning.",
                f"We'll meet {day} at the {rng.choice(_pools()[1])} office.",
                f"See you next {day}!",
            ]
        )
        assert (day, "DATE") in found(patterns_only, text), text
        out = patterns_only.deidentify(text).text
        fakes = [w for w in re.findall(r"[A-Za-z]+", out) if weekday_index(w) is not None]
        assert fakes and all(f.lower() != day.lower() for f in fakes), (text, out)
    # a weekday that is a word of a name, with no word that dates it, is left alone
    assert not [s for s in found(patterns_only, "Robinson Crusoe met Friday on the beach.") if s[0] == "Friday"]


def test_a_bare_year_before_a_works_noun_is_a_date(patterns_only: Deidentifier) -> None:
    """ "Zoolander is a 2017 Polish action-comedy film": the year dates the work."""
    rng = random.Random(505)
    nationalities = [w for w in GROUP_KINDS["nationality"] if " " not in w and not w.endswith("s")]
    for _ in range(200):
        year = str(rng.randint(1900, 2029))
        text = (
            f"{rng.choice(_pools()[1])} is {rng.choice(['a', 'the'])} {year} "
            f"{rng.choice(nationalities)} {rng.choice(['action-comedy ', 'crime ', ''])}"
            f"{rng.choice(['film', 'novel', 'album', 'documentary'])} directed by {_person(rng)}."
        )
        assert (year, "DATE") in found(patterns_only, text), text
    assert not [s for s in found(patterns_only, "He scored 2017 points in a film festival.") if s[1] == "DATE"]


# --- addresses -------------------------------------------------------------------------------------------


def test_the_postcode_after_the_country_of_a_line_by_line_address_is_its_last_piece(
    patterns_only: Deidentifier,
) -> None:
    """ "> Apt. 342\n> TRONDHEIM\n> Norway 64389": quoted or spaced, the block is not one span, and the code
    stayed in the text; a country and a year on a line of their own, with no address above, stay."""
    rng = random.Random(506)
    _, last, cities, countries = _pools()
    for _ in range(300):
        pre = rng.choice(["> ", ">", "??? ", " "])
        gap = "\n" if pre.strip() else "\n\n"
        code = random_digits(rng, rng.choice([4, 5]))
        text = (
            f"{_person(rng)}\n{pre}{random_digits(rng, 4)} {rng.choice(last)} {rng.randint(1, 300)}\n"
            f"{pre}{rng.choice(['Apt.', 'Suite'])} {random_digits(rng, 3)}\n{pre}{rng.choice(cities)}{gap}"
            f"{pre}{rng.choice(countries)} {code}"
        )
        assert (code, "STREET_ADDRESS") in found(patterns_only, text), text
        out = patterns_only.deidentify(text).text
        assert code not in out and out.rstrip()[-len(code) :].isdigit(), (text, out)  # digits for digits
    for country in countries:
        text = f"Results by year\n\n{country} {rng.randint(1950, 2020)}\nwas the best season."
        assert not [s for s in found(patterns_only, text) if s[1] == "STREET_ADDRESS"], text


def test_a_street_that_starts_with_its_number_after_a_house_number_is_a_piece(patterns_only: Deidentifier) -> None:
    """ "lives at 846 31 Rue Al Imam Al Bakri, Cite Merzgui", ">770 26 rue des Lilas\n>Apt. 735": the
    house number and the street (its own number first, no "St." kept) are two pieces."""
    rng = random.Random(507)
    _, last, cities, _ = _pools()
    countries = set(address_countries())  # a town named like a country ends a one-line address block: one span
    cities = [c for c in cities if not countries & set(c.split())]
    for _ in range(300):
        number = random_digits(rng, rng.choice([3, 4, 5]))
        street = f"{rng.randint(1, 300)} {rng.choice(['Rue', 'Rua', 'Via', 'rue de'])} {rng.choice(last)}"
        text = rng.choice(
            [
                f"{_person(rng)} lives at {number} {street}, {rng.choice(cities)}",
                f"The bus drops you off at {number} {street} St.",
                f"{_person(rng)}\n>{number} {street}\n>Apt. {random_digits(rng, 3)}",
            ]
        )
        spans = found(patterns_only, text)
        assert (number, "STREET_ADDRESS") in spans, text
        # (the street patterns keep a closing "St." in the street: either reading is one piece)
        assert {
            (street, "STREET_ADDRESS"),
            (f"{street} St", "STREET_ADDRESS"),
            (f"{street} St.", "STREET_ADDRESS"),
        } & set(spans), text


# --- organisations and people ----------------------------------------------------------------------------


def test_the_firms_line_of_a_business_address_is_an_organisation(patterns_only: Deidentifier) -> None:
    """Under the name's line (or its job's), over the street's line or the name again, quoted or not."""
    rng = random.Random(508)
    _, last, _, _ = _pools()
    for _ in range(300):
        firm = rng.choice(_firms())
        pre = rng.choice(["", "> ", ">", "??? "])
        name = _person(rng)
        street = rng.choice(
            [
                f"{random_digits(rng, 4)} {rng.choice(last)} {rng.randint(1, 300)}",
                f"{random_digits(rng, 3)} {rng.randint(1, 99)} {rng.choice(last)} Street",
                f"PSC {random_digits(rng, 4)}, Box {random_digits(rng, 4)}",
            ]
        )
        top = rng.choice([f"{pre}{name}\n", f"{pre}{name}\n{pre}{rng.choice(_jobs())}\n"])
        again = rng.choice(["", f"{pre}{name}\n"])
        text = f"{top}{pre}{firm}\n{again}{pre}{street}\nTel: 555 0100"
        assert (firm, "ORGANIZATION") in found(patterns_only, text), text
        if _ < 60:
            assert (firm, "ORGANIZATION") in found(_engine(), text), text
    given, _, _, _ = _pools()
    for _ in range(100):  # a firm's line that holds a person's name: the person is not swallowed into a firm
        person = f"{rng.choice(given)} {rng.choice('ABCDEFGHJKLMNPRSTW')}. {rng.choice(last)}"
        text = f"{_person(rng)}\nLaw Offices of {person}\n{random_digits(rng, 3)} {rng.choice(last)} Street"
        assert not [s for s in found(patterns_only, text) if s[1] == "ORGANIZATION" and person in s[0]], text
    for _ in range(100):  # a person's line under a greeting's, a phone's digits under it: no firm
        text = f"{rng.choice(['Best regards', 'Kind regards'])}\n{rng.choice(given)} {rng.choice(last)}\n{rng.randint(10, 99)} {rng.choice(last)} Street"
        assert not [s for s in found(patterns_only, text) if s[1] == "ORGANIZATION"], text


def test_a_firm_named_by_its_office_website_or_founders_is_an_organisation(patterns_only: Deidentifier) -> None:
    rng = random.Random(509)
    _, _, cities, _ = _pools()
    for _ in range(300):
        firm = rng.choice([f for f in _firms() if "," not in f and " and " not in f])
        text = rng.choice(
            [
                f"The {firm} office is at {rng.randint(1, 300)} Main Street.",
                f"They get paid, according to the {firm} website.",
                f"{firm} is the brainchild of our {rng.randint(2, 5)} founders.",
                f"The {firm}'s headquarters moved.",
            ]
        )
        assert (firm, "ORGANIZATION") in found(patterns_only, text), text
    for city in rng.sample(cities, 100):  # a town's office is a place's
        assert not [s for s in found(patterns_only, f"Meet me at the {city} office.") if s[1] == "ORGANIZATION"]


def test_founders_listed_by_surname_are_each_a_person(patterns_only: Deidentifier) -> None:
    """ "our 3 founders: Kónya, Becker and Vasquez": each surname a person (the tagger reads one firm)."""
    rng = random.Random(510)
    _, last, cities, countries = _pools()
    lx = lexicon()
    places = {w.lower() for w in (*lx.countries, *lx.cities, *lx.major_cities, *lx.regions)}
    # a surname that is a town's name or a people's reads as a place or a group, one that is an English word
    # ("Cross") as a firm's word once the e-mail rules have read it
    words = {w.lower() for w in english_words()}
    surnames = [w for w in last if w.lower() not in places and w.lower() not in words and group_kind(w) is None]
    for _ in range(300):
        names = rng.sample(surnames, rng.randint(2, 4))
        listed = ", ".join(names[:-1]) + f"{rng.choice([',', ''])} and {names[-1]}"
        text = f"The idea is the brainchild of our {len(names)} {rng.choice(['founders:', 'co-founders', 'founders were'])} {listed}."
        for engine in (patterns_only, _engine()) if _ < 50 else (patterns_only,):
            spans = found(engine, text)
            assert all((n, "PERSON") in spans for n in names), (text, spans)
    text = f"Our founders: {cities[0]}, {countries[0]} and {cities[1]}."
    assert not [s for s in found(patterns_only, text) if s[1] == "PERSON"], text


# --- nationalities and groups ----------------------------------------------------------------------------


def test_a_peoples_plural_and_a_lowercase_nationality_are_groups(patterns_only: Deidentifier) -> None:
    """ "We are proud Paraguayans", "I am cambodian but I live in Belgium", "we are proud saudis": the
    regular plural of a nationality in "-an" or "-i", and a nationality written lowercase where the sentence
    says who someone is."""
    rng = random.Random(511)
    singular = [
        w for w in GROUP_KINDS["nationality"] if " " not in w and w.endswith(("an", "i")) and w not in ("Caribbean",)
    ]  # (a region's adjective, no people's plural)
    for _ in range(300):
        w = rng.choice(singular)
        plural = w + "s"
        text = rng.choice(
            [
                f"We are proud {plural}.",
                f"The {plural} won the match.",
                f"I am {w.lower()} but I live in {rng.choice(_pools()[2])}.",
                f"we are proud {plural.lower()}",
            ]
        )
        got = found(patterns_only, text)
        assert any(label == "NRP" and value.lower() in (w.lower(), plural.lower()) for value, label in got), text


def test_a_language_is_not_a_group_and_a_union_of_states_is_an_organisation(patterns_only: Deidentifier) -> None:
    """ "while studying English and journalism", "she speaks French": a language, not a people; the same word
    naming a people still is; "the Treaty on European Union": the body of states is an organisation."""
    rng = random.Random(512)
    langs = ["English", "French", "German", "Spanish", "Italian", "Portuguese", "Russian", "Polish", "Swedish"]
    for _ in range(200):
        lang = rng.choice(langs)
        for text in (
            f"In {rng.randint(1950, 2020)}, while studying {lang} and journalism at the university, she wrote.",
            f"{_person(rng)} speaks {lang} at home.",
            f"He teaches {lang} literature.",
        ):
            assert not [s for s in found(patterns_only, text) if s[1] == "NRP"], text
        assert (lang, "NRP") in found(patterns_only, f"The {lang} delegation arrived."), lang
    for adjective in ("European", "African", "Arab", "Nordic"):  # a body of states is one organisation
        body = (
            f"{adjective} {rng.choice(['Union', 'Commission', 'Parliament', 'Development Bank', 'Court of Justice'])}"
        )
        text = f"{_person(rng)} said the {body} would meet on {rng.randint(1, 28)} May."
        got = found(patterns_only, text)
        assert (body, "ORGANIZATION") in got and not [s for s in got if s[1] == "NRP"], text


def test_a_templates_placeholders_are_no_street_corner(patterns_only: Deidentifier) -> None:
    """ "the corner of {street_name} and {street_name}": a template left unfilled names no place; a filled
    one still is one address."""
    rng = random.Random(513)
    _, last, _, _ = _pools()
    for _ in range(100):
        a, b = rng.sample(["street_name", "street", "city", "name", "last_name"], 2)
        text = f"Meet at the corner of {{{a}}} and {{{b}}}"
        assert not [s for s in found(patterns_only, text) if s[1] == "STREET_ADDRESS"], text
        filled = f"Meet at the corner of {rng.choice(last)} {rng.randint(1, 99)} and {rng.choice(last)} Coves"
        assert any(label == "STREET_ADDRESS" for _, label in found(patterns_only, filled)), filled
