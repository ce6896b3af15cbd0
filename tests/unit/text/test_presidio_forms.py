"""Forms of phone numbers and postal addresses found whole (issue 14, Presidio's evaluation set).

Every text is built here from generated digits and the shipped value pools, never taken from a corpus:
each class is planted in many random shapes, and the span must cover the whole number or address.
"""

from __future__ import annotations

import functools
import random
import re

from tests.unit.text.presidio_helpers import found, random_digits

from simulacra.text._groups import address_countries
from simulacra.text._lexicon import lexicon
from simulacra.text.engine import Deidentifier
from simulacra.text.recognizers import default_recognizers


def _grouped(rng: random.Random) -> str:
    """A national number as digit groups: 2-4 groups of 2-4 digits, 7-13 digits, one separator."""
    while True:
        groups = [random_digits(rng, rng.randint(2, 4)) for _ in range(rng.randint(2, 4))]
        total = sum(map(len, groups))
        digits = "".join(groups)
        number = rng.choice([" ", "-", "."]).join(groups)
        # shapes that are something else first: a US social security number (3-2-4 with
        # hyphens) and an IPv4 address (four dotted groups up to 255)
        ssn = re.fullmatch(r"\d{3}-\d{2}-\d{4}", number)
        ip = re.fullmatch(r"(?:(?:25[0-5]|2[0-4]\d|1?\d?\d)\.){3}(?:25[0-5]|2[0-4]\d|1?\d?\d)", number)
        if 7 <= total <= 13 and len(set(digits)) > 2 and not ssn and not ip:
            return number


LABELS_BEFORE = [
    "Phone:",
    "Phone:\n",
    "Mobile: ",
    "Desk: ",
    "Fax: ",
    "Tel. ",
    "call me on",
    "text me at",
    "reach me at",
]


def test_digit_groups_after_a_phone_word_are_one_phone(patterns_only: Deidentifier) -> None:
    rng = random.Random(14)
    for _ in range(300):
        number = _grouped(rng)
        label = rng.choice(LABELS_BEFORE)
        text = f"{label}{'' if label.endswith(chr(10)) else ' '}{number}\nE-mail: x@example.com"
        assert (number, "PHONE") in found(patterns_only, text), text


def test_a_phone_word_after_the_number_and_a_hyphenated_suffix(patterns_only: Deidentifier) -> None:
    rng = random.Random(15)
    for _ in range(200):
        number = _grouped(rng)
        text = rng.choice([f"{number} office\n", f"{number} fax\n", f"{number} mobile\n"])
        assert (number, "PHONE") in found(patterns_only, text), text
        # "-Office" after a number does not cut its last group off
        intl = f"+{rng.randint(1, 99)} {random_digits(rng, 3)} {random_digits(rng, 3)} {random_digits(rng, 4)}"
        text = f"Reach us: {intl}-Office"
        assert (intl, "PHONE") in found(patterns_only, text), text


def test_plain_digits_and_international_forms(patterns_only: Deidentifier) -> None:
    rng = random.Random(16)
    for _ in range(200):
        plain = str(rng.randint(2, 9)) + random_digits(rng, rng.randint(6, 9))
        text = f"Fax: {plain}\nDesk: none"
        assert (plain, "PHONE") in found(patterns_only, text), text
        cc = str(rng.randint(1, 99))
        intl = f"+{cc}{random_digits(rng, rng.randint(9, 11))}"
        text = f"{intl} for urgent matters"
        assert (intl, "PHONE") in found(patterns_only, text), text
        ext = f"+{cc}-{random_digits(rng, 3)}-{random_digits(rng, 3)}-{random_digits(rng, 4)}x{random_digits(rng, rng.randint(2, 5))}"
        text = f"Call {ext} today"
        assert (ext, "PHONE") in found(patterns_only, text), text
        zero = f"+{cc} (0){random_digits(rng, rng.randint(1, 3))} {random_digits(rng, 3)} {random_digits(rng, 2)} {random_digits(rng, 2)}"
        text = f"Desk: {zero}\n"
        assert (zero, "PHONE") in found(patterns_only, text), text


def test_digit_groups_without_a_phone_word_are_not_phones(patterns_only: Deidentifier) -> None:
    labelled = next(r for r in default_recognizers() if r.name == "phone_labelled")
    rng = random.Random(17)
    for _ in range(200):
        number = _grouped(rng)
        text = f"The shipment holds {number} units and left on time."
        assert labelled.find(text) == [], text
        # a number that starts inside another group is never a phone of its own
        text = f"Phone: {number} {random_digits(rng, 3)}-{random_digits(rng, 2)}"
        assert all(text[s.start - 1] in " \n" for s in labelled.find(text)), text
    # numbers near a phone word that are not phone numbers: too few digits, a year, a price
    for text in ("Call me at 10:30 tomorrow.", "Phone bill: 45.20 EUR", "Call in 2019 12 or so"):
        assert all(lab != "PHONE" for _, lab in found(patterns_only, text)), text


# --- postal addresses written as a block -----------------------------------------------------------

_STREET_SUFFIXES = ("Street", "Road", "Avenue", "Drive", "Lane", "St.", "Rd", "gatan", "vej", "katu", "strasse", "tie")


@functools.cache
def _pools() -> tuple[list[str], list[str], list[str]]:
    lx = lexicon()
    plain = re.compile(r"[A-ZÀ-Þ][^\W\d_]+(?: [A-ZÀ-Þ][^\W\d_]+)?")
    last = [w for w in lx.last if re.fullmatch(r"[A-ZÀ-Þ][^\W\d_]{2,}", w)]
    cities = [c for c in lx.cities if plain.fullmatch(c) and c not in address_countries()]
    return last, cities, list(address_countries())


def _street(rng: random.Random, last: list[str]) -> str:
    name, suffix = rng.choice(last), rng.choice(_STREET_SUFFIXES)
    if suffix.islower():  # a Nordic/German compound with the number after it: "Lindqvistgatan 12"
        return f"{name}{suffix} {rng.randint(1, 300)}"
    return f"{rng.randint(1, 9999)} {name} {suffix}"


def _address(rng: random.Random, last: list[str], cities: list[str], countries: list[str]) -> str:
    street = f"{rng.randint(1, 99999)} {_street(rng, last)}" if rng.random() < 0.5 else _street(rng, last)
    unit = f"{rng.choice(['Apt.', 'Suite'])} {random_digits(rng, 3)}"
    city, country, zipcode = rng.choice(cities), rng.choice(countries), random_digits(rng, rng.choice([4, 5]))
    region = "".join(rng.choice("ABCDEFGHIJKLMNOPRSTUVWYZ") for _ in range(2))
    form = rng.randrange(5)
    if form == 0:  # "6750 Koskikatu 25 Apt. 864\nArtilleros\n, CO\n Uruguay 64677"
        return f"{street} {unit}\n{city}\n, {region}\n {country} {zipcode}"
    if form == 1:  # "1987 74 Diakou Street\n Suite 680\n Kissousa\n Cyprus 36903"
        return f"{street}\n {unit}\n {city}\n {country}" + (f" {zipcode}" if rng.random() < 0.5 else "")
    if form == 2:  # "692 Kuuse 53 Apt. 641, Grubbenvorst, Netherlands 04020"
        return f"{street} {unit}, {city}, {country}" + (f" {zipcode}" if rng.random() < 0.5 else "")
    if form == 3:  # "2705 West Lake Dr.\nTaylor, TX 76574"
        return f"{street}\n{city}, {region} {zipcode}"
    return f"{street}\n{city}\n, {region}\n {zipcode}"  # "27534 Þorsteinsgata 63\nMOSS\n, nan\n 51971"


def test_an_address_block_is_one_street_address(patterns_only: Deidentifier) -> None:
    rng = random.Random(18)
    last, cities, countries = _pools()
    for _ in range(400):
        address = _address(rng, last, cities, countries)
        before = rng.choice(["Address:\n", "My new address is ", "Please send it to ", "Billing address: X\n    "])
        text = f"{before}{address}{rng.choice(['.', '', chr(10) + 'Phone: none', ' after the concert.'])}"
        assert (address, "STREET_ADDRESS") in found(patterns_only, text), text


def test_an_address_on_one_line_ends_with_its_place(patterns_only: Deidentifier) -> None:
    """'6400 12 Timms Drive Suite 215 NUNGATTA Australia': after the unit, the place's words to the line's end."""
    rng = random.Random(21)
    last, cities, countries = _pools()
    for _ in range(300):
        unit = " ".join(f"{rng.choice(['Apt.', 'Suite'])} {random_digits(rng, 3)}" for _ in range(rng.randint(1, 2)))
        place = rng.choice([rng.choice(cities), f"{rng.choice(cities)} {rng.choice(countries)}", "Velenje nan"])
        address = f"{rng.randint(1, 99999)} {_street(rng, last)} {unit} {place}"
        end = rng.choice([".", "", chr(10), " last night.", " after the concert."])
        text = f"{rng.choice(['Address:' + chr(10), 'Meet me at ', 'It is '])}{address}{end}"
        assert (address, "STREET_ADDRESS") in found(patterns_only, text), text


def test_us_military_addresses(patterns_only: Deidentifier) -> None:
    rng = random.Random(19)
    for _ in range(100):
        first = rng.choice(
            [
                f"PSC {random_digits(rng, 4)}, Box {random_digits(rng, 4)}",
                f"Unit {random_digits(rng, 4)} Box {random_digits(rng, 4)}",
            ]
            + [f"{ship} {rng.choice(_pools()[0])}" for ship in ("USNS", "USS", "USNV", "USCGC")]
        )
        address = (
            f"{first}\n{rng.choice(['APO', 'FPO', 'DPO'])} {rng.choice(['AA', 'AE', 'AP'])} {random_digits(rng, 5)}"
        )
        if rng.random() < 0.3:
            address = address.lower()
        text = f"Ship it to {address} please."
        assert (address, "STREET_ADDRESS") in found(patterns_only, text), text


def test_what_is_not_an_address_block(patterns_only: Deidentifier) -> None:
    rng = random.Random(20)
    last, cities, countries = _pools()
    block = next(r for r in default_recognizers() if r.name == "address_block")
    for _ in range(200):
        city, country, n = rng.choice(cities), rng.choice(countries), rng.randint(2, 999)
        word = rng.choice(["units", "people", "trucks", "minutes", "records"])
        for text in (
            f"We sold {n} {word}.\n{city}, {country}",  # a sentence that ends before the place
            f"{rng.choice(last)}\t{n}\t{word}\t\n{city}, {country} {random_digits(rng, 4)}",  # a table row
            f"{n} - Six {word} , {city} , {country}",  # tokenised text: a space before each comma
            f"At 10:{n % 60:02d}\n{city} {random_digits(rng, 4)}",  # a time, then a line with a number
            f"{n} {word} in {city}, {rng.choice(['EB', 'Suite', 'Room'])} {random_digits(rng, 4)}",  # no region, no country
            # a US address on one line stays street, city and ZIP code (their fakes agree with each other)
            f"{n} {rng.choice(last)} Lane, {city}, {rng.choice(['OR', 'TX', 'NY'])} {random_digits(rng, 5)}",
        ):
            assert block.find(text) == [], text


def test_the_address_regex_lists_the_address_countries() -> None:
    block = next(r for r in default_recognizers() if r.name == "address_block")
    pattern, one_line = (p.regex.pattern for p in block.patterns)
    alternation = "(?:" + "|".join(re.escape(c).replace("\\ ", " ") for c in address_countries()) + ")"
    assert pattern.count(alternation) == 3 and one_line.count(alternation) == 1, (
        "regenerate the country alternation from _groups.address_countries()"
    )


def test_a_street_name_then_its_number_after_an_address_word(patterns_only: Deidentifier) -> None:
    """The European order with no suffix the other patterns know: 'lives at Allika 46', 'ul. Słowicza 10'."""
    rng = random.Random(22)
    last, cities, _ = _pools()
    for _ in range(300):
        name = rng.choice(
            [rng.choice(last), f"ul. {rng.choice(last)}", f"Rua {rng.choice(cities)} de {rng.choice(last)}"]
            + [f"{rng.choice(last)} {rng.choice(last)}"]
        )
        street = f"{name} {rng.randint(1, 2999)}"
        lead = rng.choice(["My new address is ", "She lives at ", "The office is located at ", "Deliver it to "])
        text = f"{lead}{street}{rng.choice(['.', '', ' tomorrow.', chr(10)])}"
        assert (street, "STREET_ADDRESS") in found(patterns_only, text), text


def test_a_name_and_a_number_without_an_address_word_or_as_a_date_are_not_streets() -> None:
    rec = next(r for r in default_recognizers() if r.name == "street_number_after")
    rng = random.Random(23)
    last, _, _ = _pools()
    months = ["January", "March", "October", "Dec", "Tuesday"]
    for _ in range(200):
        n = rng.randint(1, 2999)
        for text in (
            f"{rng.choice(last)} scored {n} points for {rng.choice(last)} {rng.randint(1, 99)} times.",
            f"Address changes sent: {rng.choice(months)} {rng.randint(1, 28)}",
            f"My address is {rng.choice(['Suite', 'Room', 'Box'])} {n}",
            f"Ship it: EB {n}",
        ):
            assert rec.find(text) == [], text


def test_an_iso_timestamp_is_one_date(patterns_only: Deidentifier) -> None:
    rng = random.Random(24)
    for _ in range(200):
        day = f"{rng.randint(1950, 2030)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        clock = f"{rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}" + (
            f":{rng.randint(0, 59):02d}" * rng.randint(0, 1)
        )
        stamp = f"{day}{rng.choice([' ', 'T'])}{clock}"
        text = f"{rng.choice(['Date: ', 'Logged at ', 'Seen on '])}{stamp}{rng.choice(['', 'Z', '.', chr(10) + 'Name: x'])}"
        assert found(patterns_only, text)[0] == (stamp, "DATE"), text


def test_a_capitalised_english_word_ending_like_a_german_street_is_not_one(patterns_only: Deidentifier) -> None:
    rng = random.Random(25)
    last, _, _ = _pools()
    for _ in range(100):
        year = rng.randint(1900, 2030)
        for word in ("During", "Spring", "Offering"):
            text = f"{word} {year}, {rng.choice(last)} invested heavily."
            assert all(lab != "STREET_ADDRESS" for _, lab in found(patterns_only, text)), text
        stem = rng.choice([w for w in last if re.fullmatch(r"[A-Z][a-zäöü]+", w)])  # the German pattern's letters
        street = f"{stem}{rng.choice(['ring', 'weg', 'strasse'])} {rng.randint(1, 200)}"
        assert (street, "STREET_ADDRESS") in found(patterns_only, f"Wir wohnen in der {street} seit Jahren.")


def _luhn_number(rng: random.Random, prefix: str, length: int) -> str:
    body = prefix + random_digits(rng, length - len(prefix) - 1)
    total = 0
    for i, c in enumerate(reversed(body)):
        d = int(c) * (2 if i % 2 == 0 else 1)
        total += d - 9 if d > 9 else d
    return body + str((10 - total % 10) % 10)


def test_a_luhn_number_of_any_issuer_after_a_card_word_is_a_card(patterns_only: Deidentifier) -> None:
    rng = random.Random(26)
    for _ in range(200):
        prefix, length = rng.choice([("50", 12), ("58", 12), ("67", 13), ("1800", 15), ("2131", 15), ("63", 16)])
        number = _luhn_number(rng, prefix, length)
        text = rng.choice(
            [f"I have lost my card {number}.", f"the limit for card {number}?", f"my credit card number is {number}"]
        )
        assert (number, "CREDIT_CARD") in found(patterns_only, text), text
        # without a card word a shape the plain card pattern leaves out is not a card (an order number)
        assert not (length == 12 or prefix == "1800") or all(
            lab != "CREDIT_CARD" for _, lab in found(patterns_only, f"Order {number} has shipped.")
        ), number


def test_an_age_after_turn(patterns_only: Deidentifier) -> None:
    rng = random.Random(27)
    for _ in range(100):
        age = rng.randint(1, 110)
        text = f"{rng.choice(['I will', 'I’ll', 'She will', 'He is about to'])} turn {age}{rng.choice(['.', '!', ' years old'])}"
        text = text.replace("’", "'")
        assert (str(age), "AGE") in found(patterns_only, text), text
        assert all(lab != "AGE" for _, lab in found(patterns_only, f"Then turn {age} degrees left and walk on")), age
