"""A lone word that opens a firm's name the message writes in full is that firm (deid-fp36, issue 14; read on the
dev parts random_odd and random_even_a: "turning it over to Midcon" beside "MidCon Deer Park", "For both National
and Alamo" beside "Alamo Rent-A-Car, a sister company to National"). The tagger's spans are planted
(``run_rules``), so the model does not decide the outcome.

* the head of the tagger's organisation written in another case ("Midcon" / "MidCon Deer Park", "Kessler" /
  "KESSLER ENERGY"): the lone mentions are the firm, and the firm's word is still rewritten everywhere;
* a firm the tagger typed PERSON in full, which an appositive shows to be a firm ("Alamo Rent-A-Car, a sister
  company to National"): that span and its first word alone are the firm.

Negatives: a person whose surname is the firm's first word ("Kim Duke" beside "Duke Energy"), a mention with a
person's evidence ("Mr. Duke", "Duke said"), an appositive of a person's role ("a company lawyer", "a partner of
the firm"), a given name opening the appositive's firm, two names the tagger joined as one organisation
("Clinton and Dole").
"""

from __future__ import annotations

import pytest
from tests.unit.text.email_name_helpers import family_names, given_names, planted, run_rules, verbatim

from simulacra.text.engine import Deidentifier

_ENGINE = Deidentifier(None, ner="fast", seed=7)

_HEAD = "From: {a}@example.com\nTo: team@example.com\nSubject: {subject}\n\n"

# the firm named in full, then alone (a sentence each); {o} the full name, {w} the lone word
_FULL = [
    "Where do we charge the costs on {o}?\n",
    "The contract with {o} was signed in May.\n",
    "Costs expended on C59609 {o} are attached.\n",
]
_LONE = [
    "We turned the plant over to {w} last week.\n",
    "In connection with those talks, {w} has made certain requests.\n",
    "For both National and {w}, the coverage is the same.\n",
    "The price reopener discussions with {w} continue.\n",
]
_TAILS = ["Energy", "Deer Park", "Pipeline Company", "Energy Services"]


def _persons(found: list[tuple[str, str]]) -> list[str]:
    return [v for v, lab in found if lab == "PERSON"]


def _camel(w: str) -> str:
    """ "Midcon" -> "MidCon": the firm's own capitals."""
    return w[:3] + w[3].upper() + w[4:]


@pytest.mark.parametrize("seed", range(4))
@pytest.mark.parametrize("shape", range(len(_LONE)))
@pytest.mark.parametrize("case", ["upper", "camel"])
def test_a_firms_head_in_another_case_is_the_firm(seed: int, shape: int, case: str) -> None:
    w = family_names(4, seed)[shape]
    head = w.upper() if case == "upper" else _camel(w)
    o = f"{head} {_TAILS[(seed + shape) % len(_TAILS)]}"
    if case == "upper":
        o = o.upper()
    g = given_names(1, seed)[0]
    body = _FULL[(seed + shape) % len(_FULL)].format(o=o) + _LONE[shape].format(w=w)
    body += _LONE[(shape + 1) % len(_LONE)].format(w=w)
    text = _HEAD.format(a=g.lower(), subject="Costs") + body + f"\nThanks,\n{g}\n"
    spans = sorted([planted(text, o, "ORGANIZATION"), planted(text, w, "PERSON"), planted(text, w, "PERSON", nth=1)])
    found, out = run_rules(_ENGINE, text, spans)
    assert w not in _persons(found), found
    assert found.count((w, "ORGANIZATION")) == 2, found
    assert not verbatim(w, out) and not verbatim(head, out), out


@pytest.mark.parametrize("seed", range(4))
@pytest.mark.parametrize("shape", range(3))
def test_a_firm_in_full_that_an_appositive_names_a_firm_is_one_with_its_lone_word(seed: int, shape: int) -> None:
    from simulacra.text.structure import _any_given

    w = [v for v in family_names(12, seed + 10) if not _any_given(v)][shape]  # a given name's firm: see below
    o = f"{w} {['Rent-A-Car', 'Holdco', 'Tankers'][shape]}"
    noun = ["a sister company to National", "an affiliate of Acme", "a Houston-based shipping firm"][shape]
    g = given_names(1, seed)[0]
    text = (
        _HEAD.format(a=g.lower(), subject="Options")
        + f"Options are National (Primary) and {o} (Secondary).\n"
        + f"{o}, {noun}, has been awarded a contract.\n"
        + _LONE[(seed + shape) % len(_LONE)].format(w=w)
        + f"{w}'s preferred program is designed to speed the process.\n"
        + f"\nThanks,\n{g}\n"
    )
    spans = [planted(text, o, "PERSON"), planted(text, o, "PERSON", nth=1)]
    spans = sorted([*spans, planted(text, w, "PERSON", nth=2), planted(text, w, "PERSON", nth=3)])
    found, out = run_rules(_ENGINE, text, spans)
    assert found.count((o, "ORGANIZATION")) == 2, found
    assert not any(w in v.split() or v == w for v in _persons(found)), found
    assert not verbatim(w, out), out


# ---- negatives --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("seed", range(4))
@pytest.mark.parametrize("case", ["same", "upper"])
def test_a_person_whose_surname_opens_a_firms_name_stays_a_person(seed: int, case: str) -> None:
    w = family_names(2, seed)[1]
    g = given_names(1, seed)[0]
    o = f"{w} Energy" if case == "same" else f"{w.upper()} ENERGY"
    text = (
        _HEAD.format(a="ops", subject="Gas")
        + f"The contract with {o} was signed.\n{g} {w} called about it.\nI will ask {w} tomorrow.\n"
    )
    spans = sorted([planted(text, o, "ORGANIZATION"), planted(text, f"{g} {w}", "PERSON")])
    spans = sorted([*spans, planted(text, w, "PERSON", nth=2 if case == "same" else 1)])
    found, out = run_rules(_ENGINE, text, spans)
    assert (f"{g} {w}", "PERSON") in found, found
    assert (w, "PERSON") in found, found


@pytest.mark.parametrize("seed", range(4))
@pytest.mark.parametrize("evidence", ["Mr. {w} called.", "{w} said the deal is done."])
def test_a_firms_head_with_a_persons_evidence_stays_a_person(seed: int, evidence: str) -> None:
    w = family_names(2, seed + 20)[0]
    o = f"{_camel(w)} Deer Park"
    text = _HEAD.format(a="ops", subject="Costs") + f"Costs on {o} are attached.\n" + evidence.format(w=w) + "\n"
    spans = sorted([planted(text, o, "ORGANIZATION"), planted(text, w, "PERSON")])
    found, _ = run_rules(_ENGINE, text, spans)
    assert any(w in v.split() for v in _persons(found)), found


@pytest.mark.parametrize("seed", range(4))
@pytest.mark.parametrize(
    "role", ["a company lawyer", "a partner of the firm", "a consultant to the company", "an agency spokeswoman"]
)
def test_a_persons_role_after_a_comma_is_no_firms_appositive(seed: int, role: str) -> None:
    g = given_names(1, seed)[0]
    f = family_names(1, seed)[0]
    text = _HEAD.format(a="ops", subject="Deal") + f"{g} {f}, {role}, will call.\nI met {f} today.\n"
    spans = sorted([planted(text, f"{g} {f}", "PERSON"), planted(text, f, "PERSON", nth=1)])
    found, _ = run_rules(_ENGINE, text, spans)
    assert (f"{g} {f}", "PERSON") in found, found
    assert (f, "PERSON") in found, found


@pytest.mark.parametrize("seed", range(4))
def test_a_given_name_opening_an_appositives_firm_stays_a_name_alone(seed: int) -> None:
    g, h = given_names(2, seed)
    f = family_names(1, seed)[0]
    text = (
        _HEAD.format(a="ops", subject="Store")
        + f"{g} {f}, a clothing company based in Dallas, opened a store.\nI called {g} about it.\n\nThanks,\n{h}\n"
    )
    spans = sorted([planted(text, f"{g} {f}", "PERSON"), planted(text, g, "PERSON", nth=1)])
    found, _ = run_rules(_ENGINE, text, spans)
    assert (g, "PERSON") in found, found


@pytest.mark.parametrize("seed", range(4))
def test_two_names_the_tagger_joined_as_an_organisation_give_no_firm(seed: int) -> None:
    a, b = family_names(2, seed + 30)
    text = _HEAD.format(a="ops", subject="Race") + f"{a} and {b} campaign today.\n{a} leads in the polls.\n"
    spans = sorted([planted(text, f"{a} and {b}", "ORGANIZATION"), planted(text, a, "PERSON", nth=1)])
    found, _ = run_rules(_ENGINE, text, spans)
    assert (a, "PERSON") in found, found
