"""False-positive person spans on unread e-mail, as classes (deid-fp28, issue 14; read on the dev part random_even_a).
The tagger's spans are planted (``run_rules``), so the model does not decide the outcome.

* an organisation named again: a person span whose words the message also types an organisation ("for Manitoba
  Hydro." beside "Manitoba Hydro's") is that organisation (still rewritten); a person mistyped an organisation once
  ("Ann Lee" typed both ways), a surname of a person named in full, or a span with a person's evidence stays a person;
* a named day or a holiday's thing: "Valentine's Day", "A Christmas Carol" name no one; "Ann's day off" (lower case)
  and "Ann Christmas" (the holiday's word last) stay persons;
* a quantity's unit: "14,000 MMBtu/d", "$.138/MMBtu" count no one (still rewritten); a person after a number with no
  rate ("10:30 Ann Lee", "call Ann 3-0643") stays a person.
"""

from __future__ import annotations

import pytest
from tests.unit.text.email_name_helpers import family_names, given_names, planted, run_rules, verbatim

from simulacra.text.engine import Deidentifier
from simulacra.text.spans import Span

_ENGINE = Deidentifier(None, ner="fast", seed=7)

_HEAD = "From: {a}@example.com\nTo: team@example.com\nSubject: {subject}\n\n"

# --- an organisation named again ------------------------------------------------------------------------------------

# a firm's second word that no rule reads as a firm's on its own ("Pipeline", "Steel" already are); or a second
# surname ("Vinson Elkins"): only the message's other mention tells the firm
_FIRM_TAILS = ["Hydro", "Power", "Telecom", "Brands", "{f2}"]
# the firm typed an organisation by the tagger in one place (a possessive, a legal form's line), a person elsewhere
_ORG_AT = [
    "{firm}'s traders are authorized to negotiate on our behalf.\n",
    "The following {firm}'s employees will attend.\n",
    "Please sign {firm}'s confirmation and return it.\n",
]
_PERSON_AT = [
    "We provide power trading services for {firm}.\n",
    "The arrangement between {firm} and our desk has been reached.\n",
    "Real time trading for {firm} starts on Monday.\n",
]


def _firm_message(seed: int, shape: int) -> tuple[str, str]:
    f = family_names(5, seed)
    w = f[seed % 5]
    firm = f"{w} {_FIRM_TAILS[(seed + shape) % len(_FIRM_TAILS)].format(f2=f[(seed + 1) % 5])}"
    g = given_names(1, seed)[0]
    body = _PERSON_AT[shape].format(firm=firm) + _ORG_AT[(seed + shape) % len(_ORG_AT)].format(firm=firm)
    return _HEAD.format(a=g.lower(), subject="Trading") + body + f"\nThanks,\n{g}\n", firm


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("shape", range(len(_PERSON_AT)))
def test_a_person_span_the_message_types_an_organisation_elsewhere_is_that_organisation(seed: int, shape: int) -> None:
    text, firm = _firm_message(seed, shape)
    spans = sorted([planted(text, firm, "PERSON"), planted(text, f"{firm}'s", "ORGANIZATION")])
    found, out = run_rules(_ENGINE, text, spans)
    assert (firm, "PERSON") not in found, found
    assert (firm, "ORGANIZATION") in found, found
    assert not verbatim(firm.split()[0], out), out  # still rewritten


@pytest.mark.parametrize("seed", range(6))
def test_a_person_the_tagger_typed_an_organisation_once_stays_a_person(seed: int) -> None:
    g, f = given_names(1, seed)[0], family_names(1, seed)[0]
    text = (
        _HEAD.format(a="ops", subject="Invoice")
        + f"I received the invoice from {g} {f} on Monday.\n{g} {f}'s office approved it.\n"
    )
    spans = sorted([planted(text, f"{g} {f}", "PERSON"), planted(text, f"{g} {f}'s", "ORGANIZATION")])
    found, out = run_rules(_ENGINE, text, spans)
    assert (f"{g} {f}", "PERSON") in found, found
    assert not verbatim(g, out) and not verbatim(f, out), out


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("shape", ["surname", "evidence"])
def test_a_surname_beside_its_full_name_or_with_evidence_stays_a_person(seed: int, shape: str) -> None:
    g, f = given_names(1, seed)[0], family_names(1, seed)[0]
    text = _HEAD.format(a="ops", subject="Deal") + f"{f}'s desk booked the deal.\n"
    if shape == "surname":
        text += f"I spoke to {g} {f} and {f} will call back.\n"
        spans = [planted(text, f"{f}'s", "ORGANIZATION"), planted(text, f"{g} {f}", "PERSON")]
        spans.append(planted(text, f, "PERSON", nth=2))
    else:
        text += f"Please ask Mr. {f} about the deal.\n"
        spans = [planted(text, f"{f}'s", "ORGANIZATION"), planted(text, f, "PERSON", nth=1)]
    found, _ = run_rules(_ENGINE, text, sorted(spans))
    assert (f, "PERSON") in found, found


def _unknown_surname(seed: int) -> str:
    """A made-up surname no name list knows (the lone word the rule would read as the firm's)."""
    from simulacra.text.structure import _known_name

    syllables = ["vra", "den", "kol", "mitz", "ber", "zan", "tok", "quel"]
    for i in range(50):
        w = (syllables[(seed + i) % 8] + syllables[(seed * 3 + i + 1) % 8] + "ski").capitalize()
        if not _known_name(w):
            return w
    raise AssertionError("no unknown surname")


# a line naming the person in full, and that name as it stands there
_HELD = [
    ("To: {F}, {G}\n", "{F}, {G}"),
    ("I met {G} {F} on Monday.\n", "{G} {F}"),
]


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("held", range(len(_HELD)))
def test_a_lone_word_a_persons_name_or_mailbox_holds_stays_a_person(seed: int, held: int) -> None:
    g, f = given_names(1, seed)[0], _unknown_surname(seed)
    names = {"F": f, "G": g}
    line, name = _HELD[held][0].format(**names), _HELD[held][1]
    text = f"From: ops@example.com\n{line}Subject: Deal\n\n{f}'s desk booked it.\nPlease send it to {f} today.\n"
    spans = [planted(text, f"{f}'s", "ORGANIZATION"), planted(text, f, "PERSON", nth=1 + line.count(f))]
    spans.append(planted(text, name.format(**names), "PERSON"))
    found, _ = run_rules(_ENGINE, text, sorted(spans))
    assert (f, "PERSON") in found, found


# --- a named day, a holiday's thing ---------------------------------------------------------------------------------

_DAYS = [
    "For {g}'s Day, we want your love songs!\n",
    "The office is closed on {g}'s Day.\n",
    "{g}'s Day special: two tickets for one.\n",
]


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("shape", range(len(_DAYS)))
def test_a_possessive_before_a_capitalised_day_names_a_day(seed: int, shape: int) -> None:
    g = given_names(1, seed)[0]
    text = _HEAD.format(a="ops", subject="Party") + _DAYS[shape].format(g=g)
    found, _ = run_rules(_ENGINE, text, [planted(text, g, "PERSON")])
    assert (g, "PERSON") not in found, found


@pytest.mark.parametrize("seed", range(6))
def test_a_persons_day_in_lower_case_stays_a_person(seed: int) -> None:
    g, f = given_names(1, seed)[0], family_names(1, seed)[0]
    text = _HEAD.format(a="ops", subject="Leave") + f"Tomorrow is {g}'s day off, so ask {f}.\n"
    found, out = run_rules(_ENGINE, text, [planted(text, g, "PERSON"), planted(text, f, "PERSON")])
    assert (g, "PERSON") in found, found
    assert not verbatim(g, out), out


@pytest.mark.parametrize("seed", range(4))
@pytest.mark.parametrize("thing", ["Christmas Carol", "Easter Sunday", "Thanksgiving Dinner"])
def test_a_holiday_opening_a_span_names_no_one(seed: int, thing: str) -> None:
    g = given_names(1, seed)[0]
    text = _HEAD.format(a=g.lower(), subject="Tickets") + f'Two tickets to "A {thing}" are on my desk.\n\n{g}\n'
    found, out = run_rules(_ENGINE, text, [planted(text, thing, "PERSON"), planted(text, g, "PERSON")])
    assert (thing, "PERSON") not in found, found
    assert not any(v == thing.split()[0] and lab == "PERSON" for v, lab in found), found  # nor spread
    assert (g, "PERSON") in found, found


@pytest.mark.parametrize("seed", range(6))
def test_a_holiday_word_last_in_a_name_stays_a_person(seed: int) -> None:
    g = given_names(1, seed)[0]
    text = _HEAD.format(a="ops", subject="Visit") + f"Please welcome {g} Christmas to the team.\n"
    found, out = run_rules(_ENGINE, text, [planted(text, f"{g} Christmas", "PERSON")])
    assert (f"{g} Christmas", "PERSON") in found, found
    assert not verbatim(g, out), out


# --- a quantity's unit ----------------------------------------------------------------------------------------------

# units with a vowel (one with none, "Dth", "Mcf", is already no name)
_UNITS = ["MMBtu", "Btu", "Dekatherm", "Gigajoule", "Therms"]
_QUANTITIES = [
    "We sold {n} {u}/d to the utility for April.\n",
    "The contract was extended for {n} {u}/day on the lateral.\n",
    "The high bid then had been $.{c}/{u} and we passed.\n",
    "Capacity rises to {n} {u}/d. The term is calendar 2001.\n",
]


@pytest.mark.parametrize("seed", range(5))
@pytest.mark.parametrize("shape", range(len(_QUANTITIES)))
def test_a_quantitys_unit_counts_no_one(seed: int, shape: int) -> None:
    u = _UNITS[seed % len(_UNITS)]
    line = _QUANTITIES[shape].format(n=f"{(seed + 1) * 5},000", u=u, c=130 + seed)
    # and the unit alone elsewhere in the message
    text = _HEAD.format(a="ops", subject="Capacity") + line + f"{u} prices rose this week.\n"
    spans = [planted(text, u, "PERSON"), planted(text, u, "PERSON", nth=1)]
    found, out = run_rules(_ENGINE, text, spans)
    assert (u, "PERSON") not in found, found


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize(
    "line",
    [
        "10:30 {g} {f}/HOU/ECT@ECT will present.\n",
        "Please call {g} 3-0643 about the 5,000 {f} units.\n",
        "Room 3 {g} {f} and the 2,000 tickets.\n",
    ],
)
def test_a_person_after_a_number_stays_a_person(seed: int, line: str) -> None:
    g, f = given_names(1, seed)[0], family_names(1, seed)[0]
    text = _HEAD.format(a="ops", subject="Agenda") + line.format(g=g, f=f)
    spans: list[Span] = [planted(text, f"{g} {f}", "PERSON")] if f"{g} {f}" in text else [planted(text, g, "PERSON")]
    if f"{g} {f}" not in text:
        spans.append(planted(text, f, "PERSON"))
    found, out = run_rules(_ENGINE, text, sorted(spans))
    assert all(lab == "PERSON" for v, lab in found if v in (g, f, f"{g} {f}")), found
    assert not verbatim(g, out), out
