"""E-mail structure as evidence, the rules that drop what is never an entity, and spreading what was found.

Each class is planted with many generated names (from the surrogate pools, seeded), so a rule is
shown to hold for the form, not for one example.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from simulacra.text.engine import Deidentifier
from simulacra.text.spans import Span
from simulacra.text.structure import detection_view, propagate, refine, structural_spans
from simulacra.text.surrogates import pools as _pools
from simulacra.text.surrogates import shift_date


def _names(n: int = 12, seed: int = 0) -> list[tuple[str, str]]:
    p = _pools("en_US")
    rng = np.random.default_rng(seed)
    firsts = [f for f in (*p.first_female, *p.first_male) if f.isalpha() and f.isascii() and len(f) > 3]
    lasts = [x for x in p.last if x.isalpha() and x.isascii() and len(x) > 3]
    return [(firsts[rng.integers(len(firsts))], lasts[rng.integers(len(lasts))]) for _ in range(n)]


def _found(text: str) -> set[str]:
    return {text[s.start : s.end] for s in structural_spans(text) if s.label == "PERSON"}


NAMES = _names()


@pytest.mark.parametrize(("first", "last"), NAMES)
def test_header_display_names_in_every_form(first: str, last: str) -> None:
    text = (
        f'From: "{last}, {first}" <{first.lower()}.{last.lower()}@example.com>\n'
        f"X-From: {first} Q {last}\nX-To: {last}, {first} K.\n"
        f"To: {first} {last}/HOU/ECT@ECT, Anna Berg/NA/Enron@ENRON\nSent by: {first} {last}\n\nBody.\n"
    )
    found = _found(text)
    assert {f"{last}, {first}", f"{first} Q {last}", f"{last}, {first} K.", f"{first} {last}", "Anna Berg"} <= found
    assert not any("@" in f or "/" in f or "HOU" in f for f in found)  # addresses and office codes are not names


@pytest.mark.parametrize(("first", "last"), NAMES)
def test_greetings_signoffs_and_quoted_replies(first: str, last: str) -> None:
    text = (
        f"Hi {first},\n\nThe numbers are attached.\n\nThanks,\n{first}\n\n"
        f"-----Original Message-----\nFrom: \t{last}, {first}\nSent: Monday, May 14, 2001 9:02 AM\n\n"
        f"On Mon, May 14, 2001 at 9:02 AM, {first} {last} <x@y.com> wrote:\n> Call me. -{first}\n"
        f"Regards, {first} {last}\n"
    )
    found = _found(text)
    assert {first, f"{last}, {first}", f"{first} {last}"} <= found
    spans = [text[s.start : s.end] for s in structural_spans(text) if s.label == "PERSON"]
    assert spans.count(first) >= 3  # greeting, the line under "Thanks,", "-First"


def test_outlook_lists_initial_surnames_and_extensions() -> None:
    (a1, b1), (a2, b2), (a3, b3) = NAMES[:3]
    text = (
        f"To: {b1}, {a1}; {b2}, {a2};\n{b3}, {a3}; Diamond, Russell Subject: budget\n"
        f"Subject: Mtg w/{a1} {b1} - EB3082\nCall {a2} {b2} x36898 about it.\n"
    )
    found = _found(text)
    assert {f"{b1}, {a1}", f"{b2}, {a2}", f"{b3}, {a3}", "Diamond, Russell", f"{a1} {b1}", f"{a2} {b2}"} <= found
    assert f"S{b1}" in _found(f"Budget w/GPiper, S{b1}, KRoper\n") and f"K.{b2}" in _found(f"w/ K.{b2} and team\n")


def test_not_names_in_headers_and_signatures() -> None:
    text = (
        "From: Simulacra Shop <orders@shop.example.com>\nTo: All Enron Worldwide\nX-To: Outlook Team\n\n"
        "Hello everyone,\n\nThanks,\nThe Team\n"
    )
    assert _found(text) == set()


def test_city_state_zip_is_a_place_and_the_state_is_kept() -> None:
    text = "Ship to 12 Elm Street, Springfield, IL 62704 and Dayton, OH 45402."
    places = {text[s.start : s.end] for s in structural_spans(text) if s.label == "LOCATION"}
    assert places == {"Springfield", "Dayton"}
    ner_like = [Span(text.index("IL"), text.index("IL") + 2, "ORGANIZATION", 0.6, "ner")]
    assert refine(text, ner_like) == []


@pytest.mark.parametrize("ident", ["ORD-00000002", "SKU-000006-ED", "INV2024", "AB-12-CD", "PO#4411"])
def test_identifiers_are_never_names(ident: str) -> None:
    text = f"Your order {ident} shipped."
    a = text.index(ident)
    word = ident.split("-")[0].split("#")[0]
    spans = [Span(a, a + len(ident), "PERSON", 0.6, "ner"), Span(a, a + len(word), "ORGANIZATION", 0.6, "ner")]
    assert refine(text, spans) == []


@pytest.mark.parametrize("label", ["IBAN", "SWIFT", "SSN", "SKU", "Order ID", "MRN"])
def test_field_labels_are_never_entities(label: str) -> None:
    text = f"{label}: GB82 WEST 1234 5698 7654 32"
    assert refine(text, [Span(0, len(label), "PERSON", 0.6, "ner")]) == []
    assert refine(text, [Span(0, len(label), "LOCATION", 0.6, "ner")]) == []


def test_mail_plumbing_is_never_a_name() -> None:
    text = (
        'Content-Type: multipart/alternative; boundary="Apple-Mail-Kaminski"\n'
        "Message-ID: <123.JavaMail.evans@thyme>\n\n--Apple-Mail-Kaminski-77Z\n"
        "Ask Sally Beck/HOU/ECT@ECT and Mary/DuPont@DuPont about Outlook, fy=\n20 Yahoo.\n"
    )
    spans = [
        Span(text.index(w), text.index(w) + len(w), "PERSON", 0.6, "ner")
        for w in ("Kaminski", "evans", "Apple-Mail-Kaminski-77Z", "HOU", "DuPont", "Outlook", "Yahoo")
    ]
    assert refine(text, spans) == []
    assert refine(text, [Span(text.index("Sally Beck"), text.index("Sally Beck") + 10, "PERSON", 0.6, "ner")])


def test_quoted_printable_debris_is_blanked_for_detection() -> None:
    text = "Members:=20\nTim Belden =09Ben Glisan =09Danny McCarty=\n\n"
    view = detection_view(text)
    assert len(view) == len(text) and "=09" not in view and "Ben Glisan" in view
    assert detection_view("E = mc2") == "E = mc2"  # no debris: unchanged


@pytest.mark.parametrize("days", [-300, -29, -1, 1, 45, 365])
def test_weekday_is_that_of_the_shifted_date(days: int) -> None:
    for text, fmt in (("Thu, 28 Dec 2000", "%a, %d %b %Y"), ("Wednesday, December 27, 2000", "%A, %B %d, %Y")):
        new = shift_date(text, days)
        assert new is not None
        when = dt.datetime.strptime(new, fmt)
        assert new.split(",")[0] == when.strftime(fmt.split(",")[0])
        original = dt.datetime.strptime(text, fmt)
        assert (when - original).days == days


def test_an_identifier_found_once_is_replaced_in_every_format() -> None:
    text = (
        "SSN 536-22-8417 on file. Later in the letter, which is long, the number 536228417 appears, "
        "and once more as 536 22 8417, and a different one 536228418."
    )
    a = text.index("536-22-8417")
    new, _ = propagate(text, [Span(a, a + 11, "US_SSN", 1.0, "pattern")])
    assert sorted(text[s.start : s.end] for s in new) == ["536 22 8417", "536228417"]
    out = Deidentifier({"ner": False}, seed=1).deidentify(text).text
    assert "8417" not in out and "536228418" in out  # a different number is left alone


def test_a_known_persons_words_stay_a_person_alone_in_any_case() -> None:
    text = "Dr. Sarah O'Connor called. Follow-up with Sarah. SARAH agreed; sarah will call. O'Connor too."
    a = text.index("Sarah O'Connor")
    new, _ = propagate(text, [Span(a, a + len("Sarah O'Connor"), "PERSON", 0.6, "ner")])
    assert [text[s.start : s.end] for s in new] == ["Sarah", "SARAH", "sarah", "O'Connor"]
    # a common word that is also a name spreads only as written, capitalised
    text = "Mark Smith came. I will mark it. Mark?"
    new, _ = propagate(text, [Span(0, 10, "PERSON", 0.6, "ner")])
    assert [text[s.start : s.end] for s in new] == ["Mark"]
    assert new[0].start == text.rindex("Mark")


def test_address_and_display_name_get_the_same_fake() -> None:
    text = (
        "From: vince.kaminski@enron.com\nX-From: Vince J Kaminski\n\nHi Shirley,\n\n"
        "vince will call. Kaminski, Vince is on the list.\n\nThanks,\nVince\n"
    )
    out = Deidentifier({"ner": False}, seed=5).deidentify(text).text
    lines = out.splitlines()
    fake = lines[1].removeprefix("X-From: ").split()
    assert lines[0] == f"From: {fake[0].lower()}.{fake[-1].lower()}@" + lines[0].split("@")[1]
    assert lines[-1] == fake[0] and f"{fake[-1]}, {fake[0]} is on the list" in out
    assert "vince" not in out.lower() and "kaminski" not in out.lower() and "Shirley" not in out


def test_a_given_name_and_comma_before_a_whole_name_are_two_people() -> None:
    # "Hi Zoë, Shirley Crenshaw" is a list of two people, whatever the tagger joined;
    # "Kaminski, Vince" (a surname before the comma) is one name written last-first
    from simulacra.text.engine import Deidentifier

    for ner in ("fast", "spacy"):
        d = Deidentifier(seed=1, ner=ner)
        for first in ("Anna", "Mary", "Zoë"):
            text = f"<p>Hi {first}, Shirley Crenshaw will call you.</p>"
            spans = [text[s.start : s.end] for s in d.analyze(text) if s.label == "PERSON"]
            assert first in spans and "Shirley Crenshaw" in spans, (ner, spans)


def test_a_given_name_keeps_its_gender_where_the_locale_knows_it() -> None:
    # "Karen" is female in en_US's names even though a wider list also has it as male:
    # the locale decides first, so a daughter never becomes "Phillip"
    from simulacra.text.surrogates import SurrogateMapper
    from simulacra.values import locale_pools

    p = locale_pools("en_US")
    female = {x for x in p.first_female.values.to_list()}
    male = {x for x in p.first_male.values.to_list()}
    only_female = sorted(female - male)[:300]
    m = SurrogateMapper(seed=3)
    for name in only_female:
        assert m.gender_of(name) is True, name
        assert m.first_name(name) in female, name


@pytest.mark.parametrize("word", ["Cheers", "Thanks", "Regards", "Best", "Sincerely", "Love"])
def test_a_sign_off_word_is_never_a_surname(word: str) -> None:
    # "Cheers,\nSimulacra Shop" read as "Last, First" made the sign-off word part of a person's fake
    from simulacra.text.structure import structural_spans

    for company in ("Simulacra Shop", "Acme Store", "Riverside Clinic"):
        text = f"Hello Michael,\n\nYour order went through.\n\n{word},\n{company}\n"
        assert all(word not in text[s.start : s.end] for s in structural_spans(text)), (word, company)
