"""Issue 14, round thirteen: person spans whose BOUNDARIES differ from the name's, planted in text written here.

Spans are planted as the tagger's and run through the engine's path after the tagger (refine, name completion,
the spread of found names), then rewritten; names come from the surrogate pools, words from the lexicon, drawn
by seed. No word of a name is ever left verbatim:

* a break no name crosses inside a span: a tab between columns ("Derivatives<TAB>Kaminski"), a sentence's end
  ("Realtime.  Lloyd", "Katy. Tom"), a postscript's "P.S." ("Rita P.S.", "P.S. Marisha"): cut there.
* a word joined by a hyphen before a given name ("Accenture-Kenny Baldwin", "OVERVIEW-RICK CAUSEY") and a
  player's position before a name ("WR Sloan Thomas"): left out of the name; a double name keeps its hyphen.
* two people run together: a name said twice ("Augie Augie Shouse", "Bobette Bobette": a sign-off, then the
  signature), two initials with their surnames ("W. Gurrola S. Hermani"): split, each a person.
* a name found in two pieces, a lone given name and an initial with a surname ("Eliot" + "A. Levin"): joined.
* a day of the week after a full name ("Meeting w/Fletch Sturm Wednesday,"): left out of the name.
"""

from __future__ import annotations

import numpy as np
import pytest
from tests.unit.text.email_name_helpers import family_names as _family
from tests.unit.text.email_name_helpers import given_names as _given_names
from tests.unit.text.email_name_helpers import planted as _span
from tests.unit.text.email_name_helpers import run_rules, verbatim

from simulacra.text.engine import Deidentifier
from simulacra.text.structure import _dictionary, _known_name
from simulacra.text.surrogates import pools as _pools


@pytest.fixture(scope="module")
def engine() -> Deidentifier:
    return Deidentifier(None, ner=None)  # the e-mail structure rules on, no model: the planted spans decide


def _words(n: int, seed: int) -> list[str]:
    """Capitalised dictionary words no name list knows ("Derivatives", "Engineer"), from the pools' job titles
    (any list of words would do), drawn by ``seed``."""
    pool = sorted(
        {
            w.capitalize()
            for v in _pools("en_US").jobs
            for w in v.lower().replace(",", " ").replace("/", " ").split()
            if w.isascii() and w.isalpha() and len(w) > 4 and _dictionary(w) and not _known_name(w)
        }
    )
    rng = np.random.default_rng(seed + 700)
    return [pool[int(i)] for i in rng.permutation(len(pool))[:n]]


@pytest.mark.parametrize("seed", range(6))
def test_a_tab_or_a_sentence_end_inside_a_span_cuts_it(engine: Deidentifier, seed: int) -> None:
    given = _given_names(2, seed + 800)
    fam = _family(2, seed + 800)
    (word,) = _words(1, seed)
    for value, name, text in (
        (f"{word}\t{fam[0]}", fam[0], f"124, 656:\tEnergy {word}\t{fam[0]} 11:16\n"),
        (
            f"{word}.  {given[0]} {fam[1]}",
            f"{given[0]} {fam[1]}",
            f"We all moved to {word}.  {given[0]} {fam[1]} went through the book.\n",
        ),
    ):
        found, out = run_rules(engine, text, [_span(text, value, "PERSON")])
        assert (name, "PERSON") in found, (text, found)
        assert (value, "PERSON") not in found, found
        assert (word, "PERSON") not in found, found  # a dictionary word, no name: not a person (still rewritten)
        assert not verbatim(name, out), out
    # two names on both sides of a sentence's end: two persons, both rewritten
    text = f"I met {given[1]}. {given[0]} {fam[0]} said hello.\n"
    found, out = run_rules(engine, text, [_span(text, f"{given[1]}. {given[0]} {fam[0]}", "PERSON")])
    assert (given[1], "PERSON") in found and (f"{given[0]} {fam[0]}", "PERSON") in found, found
    assert not any(verbatim(w, out) for w in (given[1], given[0], fam[0])), out


@pytest.mark.parametrize("seed", range(6))
def test_a_postscript_is_no_part_of_a_name(engine: Deidentifier, seed: int) -> None:
    given = _given_names(1, seed + 900)[0]
    fam = _family(1, seed + 900)[0]
    for value, name, text in (
        (f"{given} P.S", given, f"Thanks,\n{given} P.S. - if you would like your leads to attend, tell me.\n"),
        (f"P.S. {given}", given, f"P.S. {given} might be my roommate.\n"),
        (f"{given} {fam} P.S.", f"{given} {fam}", f"Best,\n{given} {fam} P.S. Our e-mail is new.\n"),
    ):
        found, out = run_rules(engine, text, [_span(text, value, "PERSON")])
        assert (name, "PERSON") in found, (text, found)
        assert not any(v.startswith("P.S") or v.endswith("P.S") for v, _ in found), found
        assert not verbatim(given, out), out


@pytest.mark.parametrize("seed", range(4))
def test_an_abbreviations_point_is_no_sentence_end(engine: Deidentifier, seed: int) -> None:
    given = _given_names(1, seed + 950)[0]
    fam = _family(1, seed + 950)[0]
    for lead in ("Mrs.", "Chas.", "Dr."):
        value = f"{lead} {given} {fam}"
        text = f"Yesterday {value} called about the plan.\n"
        found, out = run_rules(engine, text, [_span(text, value, "PERSON")])
        assert not any(v == lead for v, _ in found), found
        assert not verbatim(fam, out), out


def _firm_words(n: int, seed: int) -> list[str]:
    """A firm's or a topic's word before a hyphen ("Accenture-", "Productization-"): the pools' company names'
    first words that no name list knows, drawn by ``seed``."""
    pool = sorted(
        {
            w
            for v in _pools("en_US").companies
            for w in [v.split()[0].strip(",")]
            if w.isascii() and w.isalpha() and len(w) > 3 and w[:1].isupper() and not _known_name(w)
        }
        | {w.capitalize() for w in _words(40, seed)}
    )
    rng = np.random.default_rng(seed + 1000)
    return [pool[int(i)] for i in rng.permutation(len(pool))[:n]]


@pytest.mark.parametrize("seed", range(6))
def test_a_word_joined_by_a_hyphen_before_a_given_name_is_no_part_of_the_name(engine: Deidentifier, seed: int) -> None:
    given = _given_names(1, seed + 1100)[0]
    fam = _family(1, seed + 1100)[0]
    (firm,) = _firm_words(1, seed)
    for value, text in (
        (f"{firm}-{given} {fam}", f"Subject: Mtg. w/{firm}-{given} {fam} (Partner), room 3321\n"),
        (f"Co-chairs-{given} {fam}", f"The dinner (hosted by our Co-chairs-{given} {fam} &\nothers) is on.\n"),
        (
            f"{firm.upper()}-{given.upper()} {fam.upper()}",
            f"10:00 - 10:15\t{firm.upper()}-{given.upper()} {fam.upper()} 10:15 - 11:00\n",
        ),
    ):
        found, out = run_rules(engine, text, [_span(text, value, "PERSON")])
        name = value.rpartition("-")[2]
        assert (name, "PERSON") in found, (text, found)
        assert not verbatim(name.split()[-1], out), out


@pytest.mark.parametrize("seed", range(4))
def test_a_double_name_with_a_hyphen_stays_whole(engine: Deidentifier, seed: int) -> None:
    g1, g2 = _given_names(2, seed + 1200)
    f1, f2 = _family(2, seed + 1200)
    for value in (f"{g1}-{g2} {f1}", f"{f1}-{g2} {f2}"):
        text = f"Yesterday {value} called about the plan.\n"
        found, out = run_rules(engine, text, [_span(text, value, "PERSON")])
        assert (value, "PERSON") in found, (text, found)


@pytest.mark.parametrize("seed", range(6))
def test_a_players_position_before_a_name_is_no_part_of_it(engine: Deidentifier, seed: int) -> None:
    given = _given_names(2, seed + 1300)
    fam = _family(2, seed + 1300)
    pos = ("WR", "TE", "QB", "LB", "CB", "RB")[seed]
    value = f"{pos} {given[0]} {fam[0]}"
    text = f"Brown said redshirt freshman {value} is out with a sore shin; {given[1]} {fam[1]} starts.\n"
    found, out = run_rules(engine, text, [_span(text, value, "PERSON"), _span(text, f"{given[1]} {fam[1]}", "PERSON")])
    assert (f"{given[0]} {fam[0]}", "PERSON") in found, found
    assert verbatim(pos, out) and not verbatim(fam[0], out), out
    # two capitals that are initials before a surname stay: "DE Smith" has no given name after the letters
    text = f"Ask DE {fam[1]} about it.\n"
    found, _ = run_rules(engine, text, [_span(text, f"DE {fam[1]}", "PERSON")])
    assert (f"DE {fam[1]}", "PERSON") in found, found


def _unknown_given(n: int, seed: int) -> list[str]:
    """Capitalised words no name list and no dictionary knows ("Augie", "Bobette"), made by seed from the pools'
    given names with their last letters changed (any made-up name would do)."""
    p = _pools("en_US")
    pool = sorted({*p.first_male, *p.first_female})
    rng = np.random.default_rng(seed + 1400)
    out: list[str] = []
    for i in rng.permutation(len(pool)):
        v = pool[int(i)]
        if not (v.isascii() and v.isalpha() and len(v) >= 5):
            continue
        w = v[:-2] + "ette"
        if not _known_name(w) and not _dictionary(w):
            out.append(w)
        if len(out) == n:
            return out
    raise AssertionError("too few made-up names")


@pytest.mark.parametrize("seed", range(6))
def test_a_name_said_twice_is_two_mentions(engine: Deidentifier, seed: int) -> None:
    (name,) = _unknown_given(1, seed)
    fam = _family(1, seed + 1500)[0]
    text = f"Thanks,\n{name} {name} {fam}\nDirector, News Indexes\n"
    found, out = run_rules(engine, text, [_span(text, f"{name} {name} {fam}", "PERSON")])
    assert (name, "PERSON") in found and (f"{name} {fam}", "PERSON") in found, found
    assert not verbatim(name, out) and not verbatim(fam, out), out
    text = f"Subject: lunch\n\n{name} {name}\n"
    found, out = run_rules(engine, text, [_span(text, f"{name} {name}", "PERSON")])
    assert found.count((name, "PERSON")) == 2, found
    assert not verbatim(name, out), out


@pytest.mark.parametrize("seed", range(6))
def test_two_initials_and_surnames_in_a_row_are_two_people(engine: Deidentifier, seed: int) -> None:
    f = _family(3, seed + 1600)
    i1, i2 = "ABCDEFGHJKLMNPRSTW"[seed], "ABCDEFGHJKLMNPRSTW"[seed + 7]
    text = f"Attendees:\nJ. {f[2]} {i1}. {f[0]} {i2}. {f[1]}\n"
    value = f"{i1}. {f[0]} {i2}. {f[1]}"
    found, out = run_rules(engine, text, [_span(text, value, "PERSON")])
    assert (f"{i1}. {f[0]}", "PERSON") in found and (f"{i2}. {f[1]}", "PERSON") in found, found
    assert not verbatim(f[0], out) and not verbatim(f[1], out), out
    # the initials of one name stay one name
    text = f"The book by {i1}. {i1}. {f[2]} is out.\n"
    found, _ = run_rules(engine, text, [_span(text, f"{i1}. {i1}. {f[2]}", "PERSON")])
    assert (f"{i1}. {i1}. {f[2]}", "PERSON") in found, found


@pytest.mark.parametrize("seed", range(6))
def test_a_given_name_and_an_initial_with_a_surname_are_one_name(engine: Deidentifier, seed: int) -> None:
    given = _unknown_given(1, seed + 1700)[0]  # a known given name is joined already (complete_names)
    f = _family(2, seed + 1700)
    i = "ABCDEFGHJKLMNPRSTW"[seed]
    name = f"{given} {i}. {f[0]}"
    for text in (
        f"Subject: In person interview - {name} - Req.# 10{seed}342\n\nHello.\n",
        f"We will meet {name} tomorrow.\n",
    ):
        planted = [_span(text, given, "PERSON"), _span(text, f"{i}. {f[0]}", "PERSON", source="structure")]
        found, out = run_rules(engine, text, planted)
        assert (name, "PERSON") in found, (text, found)
        assert not verbatim(given, out) and not verbatim(f[0], out), out
    # a row of initialled names stays a row of names
    text = f"Attendees: D. {f[1]} {i}. {f[0]}\n"
    found, _ = run_rules(engine, text, [_span(text, f"D. {f[1]}", "PERSON"), _span(text, f"{i}. {f[0]}", "PERSON")])
    assert (f"D. {f[1]}", "PERSON") in found and (f"{i}. {f[0]}", "PERSON") in found, found


@pytest.mark.parametrize("seed", range(7))
def test_a_day_after_a_full_name_is_no_part_of_it(engine: Deidentifier, seed: int) -> None:
    day = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")[seed]
    given = _given_names(1, seed + 1800)[0]
    fam = _family(1, seed + 1800)[0]
    value = f"{given} {fam} {day}"
    text = f"Subject: Desk Meeting w/{value},  September {seed + 10}th\n"
    found, out = run_rules(engine, text, [_span(text, value, "PERSON")])
    assert (f"{given} {fam}", "PERSON") in found, (text, found)
    assert verbatim(day, out) and not verbatim(fam, out), out
