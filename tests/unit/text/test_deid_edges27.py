"""Person span boundaries on e-mail, as classes (deid-edges27, issue 14; read on the dev parts minkov_read6 and
random_odd). The tagger's spans are planted (``run_rules``), so the model does not decide the outcome.

* a person's span that runs into the firm after it on its line, the firm's other words generic ("Jodi Roe Regus
  Business Centers", "David Ikenberry Jones Graduate School of Management"): the name less its last word, which is
  the firm's; a one-word "person" so followed is the firm. Not a two-word name, a firm with a proper name of its own,
  a department, or a firm on the next line;
* a given name and a surname's particle that end a wrapped line ("Gail Van \\nPelt"): the next line's first word is
  the surname, even an English word; not a job title's word;
* a "Given Surname, Given" span that is two items of a comma list of full names ("Tim Belden, Kevin Presto, Lloyd
  Will, and"): cut at the comma, the second item with its surname; not a header's ";" list, nor "Last Last, First".
"""

from __future__ import annotations

import pytest
from tests.unit.text.email_name_helpers import family_names, given_names, planted, run_rules, verbatim

from simulacra.text.engine import Deidentifier

_ENGINE = Deidentifier(None, ner="fast", seed=7)

_HEAD = "From: {a}@example.com\nTo: team@example.com\nSubject: {subject}\n\n"

# --- a person's span that runs into a firm ------------------------------------------------------------------------

_GENERIC_FIRMS = [
    "Business Centers",
    "Graduate School of Management",
    "Energy Services",
    "Capital Partners",
    "Trading Company",
]


@pytest.mark.parametrize("seed", range(10))
def test_a_three_word_span_gives_its_last_word_to_the_generic_firm_after_it(seed: int) -> None:
    g = given_names(1, seed)[0]
    f, firm = family_names(2, seed)
    tail = _GENERIC_FIRMS[seed % len(_GENERIC_FIRMS)]
    lead = ["Thanks,\n", "Best regards,\n\n", "Prof. ", ""][seed % 4]
    text = _HEAD.format(a="ops", subject="Offices") + f"See you then.\n\n{lead}{g} {f} {firm} {tail}\n"
    found, out = run_rules(_ENGINE, text, [planted(text, f"{g} {f} {firm}", "PERSON")])
    assert (f"{g} {f}", "PERSON") in found, found
    assert not any(label == "PERSON" and firm in v for v, label in found), found
    assert any(label == "ORGANIZATION" and v.startswith(firm) for v, label in found), found
    assert not verbatim(g, out) and not verbatim(f, out) and not verbatim(firm, out), out


@pytest.mark.parametrize("seed", range(8))
def test_a_one_word_person_heading_a_generic_firm_is_that_firm(seed: int) -> None:
    firm = family_names(3, seed)[seed % 3]
    tail = _GENERIC_FIRMS[seed % len(_GENERIC_FIRMS)]
    where = ["The new {w} located at 1200 Main Street opens Monday.\n", "{w}: simply walk in and start work.\n"]
    text = _HEAD.format(a="ops", subject="Offices") + where[seed % 2].format(w=f"{firm} {tail}")
    found, out = run_rules(_ENGINE, text, [planted(text, firm, "PERSON")])
    assert (firm, "PERSON") not in found, found
    assert any(label == "ORGANIZATION" and v.startswith(firm) for v, label in found), found
    assert not verbatim(firm, out), out


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize(
    "after",
    [
        " Senior Analyst\n",  # a job title, no firm
        " {x} Corp\n",  # a firm with its own proper name
        " Legal Department\n",  # a department: generic words name it alone
        "\nBusiness Centers\n",  # the firm on the next line
        " and the team.\n",
    ],
)
def test_a_real_three_word_name_keeps_its_last_word(seed: int, after: str) -> None:
    g1, g2 = given_names(2, seed)
    f, x = family_names(2, seed + 50)
    name = f"{g1} {g2} {f}"
    text = _HEAD.format(a="ops", subject="Hello") + f"Thanks,\n{name}" + after.format(x=x)
    found, out = run_rules(_ENGINE, text, [planted(text, name, "PERSON")])
    assert (name, "PERSON") in found, found
    assert not verbatim(f, out), out


@pytest.mark.parametrize("seed", range(6))
def test_a_two_word_name_before_a_generic_firm_is_left_whole(seed: int) -> None:
    g, f = given_names(1, seed)[0], family_names(1, seed)[0]
    tail = _GENERIC_FIRMS[seed % len(_GENERIC_FIRMS)]
    text = _HEAD.format(a="ops", subject="Hello") + f"Thanks,\n{g} {f} {tail}\n"
    found, _ = run_rules(_ENGINE, text, [planted(text, f"{g} {f}", "PERSON")])
    assert (f"{g} {f}", "PERSON") in found, found


# --- a surname's particle that ends a wrapped line ----------------------------------------------------------------

_PARTICLES = ["Van", "De", "Von", "Del", "La"]
# surnames after a particle, some of them English words ("Pelt"): the particle says they are the surname
_AFTER_PARTICLE = ["Pelt", "Berg", "Camp", "Winkle", "Rosa", "Hoven"]


@pytest.mark.parametrize("seed", range(10))
def test_a_given_name_and_particle_ending_a_line_take_the_surname_below(seed: int) -> None:
    g, other = given_names(2, seed)
    p = _PARTICLES[seed % len(_PARTICLES)]
    w = _AFTER_PARTICLE[seed % len(_AFTER_PARTICLE)]
    f = family_names(1, seed)[0]
    if seed % 2:
        body = (
            f'To: "{other} {f} " <{other.lower()}@aol.com>, "{g} {p} \n{w} " <gv{seed}@aol.com>, "Ann Ku " <ak@x.net>\n'
        )
    else:
        body = f"Thanks for the note, and please forward it to {g} {p} \n{w} before the meeting.\n"
    text = _HEAD.format(a="ops", subject="Hello") + body
    spans = [planted(text, f"{g} {p}", "PERSON")]
    if seed % 3 == 0:
        spans.append(planted(text, w, "PERSON"))  # the tagger found the surname apart
    found, out = run_rules(_ENGINE, text, spans)
    assert (f"{g} {p} \n{w}", "PERSON") in found, found
    assert not verbatim(w, out) and not verbatim(g, out), out


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("below", ["Director, Trading", "Senior Analyst", "regards to all"])
def test_a_particle_ending_a_line_takes_no_title_or_small_word(seed: int, below: str) -> None:
    g = given_names(1, seed)[0]
    p = _PARTICLES[seed % len(_PARTICLES)]
    text = _HEAD.format(a="ops", subject="Hello") + f"Please send the forms to {g} {p} \n{below}.\n"
    found, _ = run_rules(_ENGINE, text, [planted(text, f"{g} {p}", "PERSON")])
    assert not any(label == "PERSON" and below.split()[0].rstrip(",") in v for v, label in found), found


# --- two items of a comma list of full names joined ---------------------------------------------------------------


def _list_message(seed: int) -> tuple[str, list[str], str]:
    gs = given_names(5, seed)
    fs = family_names(5, seed)
    names = [f"{g} {f}" for g, f in zip(gs, fs, strict=True)]
    # the joined item's surname: a word a list rule may find alone ("Will"), or a surname
    joined_surname = ["Will", fs[2], "Rich", fs[2]][seed % 4]
    names[2] = f"{gs[2]} {joined_surname}"
    end = [" and ", ", and ", " & "][seed % 3]
    text = _HEAD.format(a="ops", subject="Review") + (
        f"Under the direction of {names[0]}, {names[1]}, {names[2]}, {names[3]}{end}{names[4]}, we have completed "
        "the analysis.\n"
    )
    return text, names, f"{names[1]}, {gs[2]}"


@pytest.mark.parametrize("seed", range(10))
def test_a_full_name_and_the_next_items_given_name_are_two_people(seed: int) -> None:
    text, names, joined = _list_message(seed)
    surname = names[2].split()[1]
    spans = [planted(text, names[0], "PERSON"), planted(text, joined, "PERSON")]
    if seed % 2:
        spans.append(planted(text, surname, "PERSON", nth=0, source="structure.list"))
    spans += [planted(text, names[3], "PERSON"), planted(text, names[4], "PERSON")]
    spans.sort(key=lambda s: s.start)
    found, out = run_rules(_ENGINE, text, spans)
    assert (names[1], "PERSON") in found, found
    assert (names[2], "PERSON") in found, found
    assert (joined, "PERSON") not in found, found
    assert not verbatim(surname, out), out


@pytest.mark.parametrize("seed", range(6))
def test_a_last_first_list_in_a_header_or_a_double_surname_stays_one_span(seed: int) -> None:
    g, g2 = given_names(2, seed)
    f1, f2, f3 = family_names(3, seed)
    # a header's list: "Last, First" items with ";"
    text = _HEAD.format(a="ops", subject="Review") + f"To: {g2} {f3}, {g}; {f2}, {g2}\n\nSee below.\n"
    found, _ = run_rules(_ENGINE, text, [planted(text, f"{g2} {f3}, {g}", "PERSON")])
    assert (f"{g2} {f3}, {g}", "PERSON") in found, found
    # "Last Last, First": a double surname before the given name, not two items
    text = _HEAD.format(a="ops", subject="Review") + f"Please ask {f1} {f2}, {g} for the numbers.\n"
    found, _ = run_rules(_ENGINE, text, [planted(text, f"{f1} {f2}, {g}", "PERSON")])
    assert (f"{f1} {f2}, {g}", "PERSON") in found, found
