"""The rules that tidy NER spans: each mistake they undo, and what they must leave alone."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from simulacra.text.ner_cleanup import clean_span


def spans(text: str, piece: str, label: str = "PERSON") -> list[tuple[str, str]]:
    start = text.index(piece)
    return [(text[s.start : s.end], s.label) for s in clean_span(text, start, start + len(piece), label, 0.6, "ner")]


def test_lowercase_words_glued_to_a_name_are_cut_off() -> None:
    assert spans("They chose to discard Andy Caddick today.", "discard Andy Caddick") == [("Andy Caddick", "PERSON")]
    assert spans("Mitchell made a century.", "Mitchell made") == [("Mitchell", "PERSON")]


def test_a_lowercase_word_inside_splits_two_people() -> None:
    got = spans("Atalanta reunites Kowalczyk with his coach.", "Atalanta reunites Kowalczyk")
    assert got == [("Atalanta", "PERSON"), ("Kowalczyk", "PERSON")]


def test_comma_lists_and_leading_descriptors_are_split_off() -> None:
    assert spans("Dharmasena , Vaas , Muralitharan bowled", "Dharmasena , Vaas , Muralitharan") == [
        ("Dharmasena", "PERSON"),
        ("Vaas", "PERSON"),
        ("Muralitharan", "PERSON"),
    ]
    assert spans("Australian Tom Moody scored", "Australian Tom Moody") == [("Tom Moody", "PERSON")]
    assert spans("Obviously Yeltsin knew", "Obviously Yeltsin") == [("Yeltsin", "PERSON")]


def test_possessive_ends_the_name() -> None:
    assert spans("Shearer 's Euro 96 goals", "Shearer 's Euro") == [("Shearer", "PERSON")]
    assert spans("Shearer's Euro 96 goals", "Shearer's Euro") == [("Shearer", "PERSON")]


def test_name_particles_stay_inside() -> None:
    assert spans("Talks with Ursula von der Leyen ended.", "Ursula von der Leyen") == [
        ("Ursula von der Leyen", "PERSON")
    ]
    assert spans("Osama bin Laden was named.", "Osama bin Laden") == [("Osama bin Laden", "PERSON")]


def test_a_leading_initial_is_added_back() -> None:
    assert spans("c M. Waugh b Warne 12", "Waugh") == [("M. Waugh", "PERSON")]
    assert spans("( M.Waugh ) 12", "Waugh") == [("M.Waugh", "PERSON")]
    assert spans("3 b Waugh said", "Waugh") == [("Waugh", "PERSON")]


def test_headline_verbs_in_capitals_are_not_part_of_the_name() -> None:
    assert spans("SOCCER - SHEARER NAMED CAPTAIN", "SHEARER NAMED") == [("SHEARER", "PERSON")]
    got = spans("TENNIS - MITCHELL DEFEATS BAILEY", "MITCHELL DEFEATS BAILEY")
    assert got == [("MITCHELL", "PERSON"), ("BAILEY", "PERSON")]


def test_single_common_words_are_not_people_but_names_that_are_words_are() -> None:
    assert spans("Women 's singles results", "Women") == []
    assert spans("GOLF - SCORES AT THE OPEN", "SCORES") == []
    assert spans("Rose said the deal was done.", "Rose") == [("Rose", "PERSON")]


def test_lowercase_spans_survive_only_as_known_names() -> None:
    assert spans("lol being there was fun", "being") == []
    assert spans("hey alice are u coming", "alice") == [("alice", "PERSON")]


def test_abbreviations_keep_their_last_period() -> None:
    assert spans("The U.S. said on Monday", "U.S.", "LOCATION") == [("U.S.", "LOCATION")]
    assert spans("He lives in London.", "London.", "LOCATION") == [("London", "LOCATION")]


def test_a_country_typed_as_person_becomes_a_location() -> None:
    assert spans("Officials in Germany said", "Germany") == [("Germany", "LOCATION")]


def test_names_typed_as_places_or_organisations_become_people() -> None:
    assert spans("Todd Bailey won the final.", "Todd Bailey", "LOCATION") == [("Todd Bailey", "PERSON")]
    assert spans("A goal by Cunningham won it.", "Cunningham", "ORGANIZATION") == [("Cunningham", "PERSON")]
    assert spans("Shares of Acme Corp rose.", "Acme Corp", "ORGANIZATION") == [("Acme Corp", "ORGANIZATION")]
    assert spans("Flights to Paris resumed.", "Paris", "LOCATION") == [("Paris", "LOCATION")]


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("abAB .'-sM\n")), min_size=1, max_size=40), st.data())
def test_cleaned_spans_are_inside_the_original_and_ordered(text: str, data: st.DataObject) -> None:
    start = data.draw(st.integers(0, len(text) - 1))
    end = data.draw(st.integers(start + 1, len(text)))
    out = clean_span(text, start, end, "PERSON", 0.6, "ner")
    for s in out:  # a span may grow over an initial, a given name or a surname, but keeps part of the original
        assert 0 <= s.start < s.end <= len(text)
        assert s.start < end and start < s.end
        assert text[s.start : s.end] == text[s.start : s.end].strip()
    assert all(a.end <= b.start for a, b in zip(out, out[1:]))


def test_nationalities_alone_are_not_people_and_towns_are_places() -> None:
    assert spans("Jamaican sprinters won.", "Jamaican") == []
    assert spans("The Azeris left.", "Azeris") == []
    assert spans("He flew to Lentini on Monday.", "Lentini") == [("Lentini", "LOCATION")]


def test_short_capitals_that_are_no_name_are_acronyms() -> None:
    assert spans("The NFL said on Monday", "NFL") == [("NFL", "ORGANIZATION")]
    assert spans("KIM WINS IN SEOUL", "KIM") == [("KIM", "PERSON")]


def test_a_leading_word_stays_when_it_may_be_a_given_name() -> None:
    assert spans("Rookie Tiger Woods shot 67.", "Tiger Woods") == [("Tiger Woods", "PERSON")]
    assert spans("All Blacks wing Christian Cullen scored.", "Christian Cullen") == [("Christian Cullen", "PERSON")]
    assert spans("Later Yeltsin met them.", "Later Yeltsin") == [("Yeltsin", "PERSON")]


def test_a_lowercase_st_splits_a_scorecard_line() -> None:
    assert spans("D. Lehmann st Kaluwitharana b Vaas", "D. Lehmann st Kaluwitharana") == [
        ("D. Lehmann", "PERSON"),
        ("Kaluwitharana", "PERSON"),
    ]


def test_events_and_clubs_with_places_are_not_people() -> None:
    assert spans("He won the PGA Tour event.", "PGA Tour") == []
    assert spans("South Korean officials said", "South Korean") == []
    assert spans("Fans of Lokomotiv Moscow cheered.", "Lokomotiv Moscow") == [("Lokomotiv Moscow", "ORGANIZATION")]


def test_a_name_found_once_is_found_everywhere_with_one_label() -> None:
    from simulacra.text.ner_cleanup import harmonise
    from simulacra.text.spans import Span

    text = "Lebed met Rotor fans. Later Lebed left. Rotor won; Rotor lost. The Shares fell."
    found = [
        Span(0, 5, "PERSON", 0.6, "ner"),
        Span(10, 15, "PERSON", 0.6, "ner"),
        Span(40, 45, "ORGANIZATION", 0.6, "ner"),
        Span(51, 56, "ORGANIZATION", 0.6, "ner"),
    ]
    got = [(text[s.start : s.end], s.start, s.label) for s in harmonise(text, found)]
    assert got == [
        ("Lebed", 0, "PERSON"),
        ("Rotor", 10, "ORGANIZATION"),
        ("Lebed", 28, "PERSON"),
        ("Rotor", 40, "ORGANIZATION"),
        ("Rotor", 51, "ORGANIZATION"),
    ]
    # common words are never spread, and a text without spans is left alone
    stocks = [Span(text.index("Shares"), text.index("Shares") + 6, "PERSON", 0.6, "ner")]
    assert len(harmonise(text + " Shares", stocks)) == 1
    assert harmonise(text, []) == []


def test_a_span_retyped_as_a_person_is_cut_like_one() -> None:
    assert spans("Dennis Mitchell made the final.", "Mitchell made", "ORGANIZATION") == [("Dennis Mitchell", "PERSON")]


def test_countries_and_firms_typed_as_people_are_retyped() -> None:
    assert spans("Talks in Israel resumed.", "Israel") == [("Israel", "LOCATION")]
    assert spans("Shares of Douglas & Lomason rose.", "Douglas & Lomason") == [("Douglas & Lomason", "ORGANIZATION")]
    assert spans("Wall Street closed higher.", "Wall Street") == [("Wall Street", "LOCATION")]


def test_a_name_cut_short_grows_over_a_given_name_or_surname() -> None:
    assert spans("Prime Minister Viktor Chernomyrdin said", "Chernomyrdin") == [("Viktor Chernomyrdin", "PERSON")]
    assert spans("KEVIN BROWN WINS", "KEVIN") == [("KEVIN BROWN", "PERSON")]
    assert spans("Will Smith said", "Smith") == [("Smith", "PERSON")]  # "will" is a common word first


def test_a_pronoun_with_a_contraction_is_no_person() -> None:
    assert spans('" I \'m happy , " he said', "I 'm") == []


def test_headline_verbs_and_word_shapes_are_not_names() -> None:
    assert spans("MAURITANIA DISSOLVES PARLIAMENT", "MAURITANIA DISSOLVES") == [("MAURITANIA", "LOCATION")]
    assert spans("the Titanic sank", "Titanic") == []
    assert spans("at Old Trafford on Sunday", "Old Trafford") == [("Old Trafford", "LOCATION")]
