"""False-positive person spans on e-mail, as classes (deid-fp26, issue 14; read on the dev parts minkov_read6 and
random_odd). The tagger's spans are planted (``run_rules``), so the model does not decide the outcome.

* a lone word the message writes elsewhere at the head of an organisation's name ("Below is some information on
  Pruitt" beside "Pruitt Business Centers", "on Fox" beside "Fox TV"): the firm named short, typed an organisation
  (still rewritten); a lone surname of a person the message names in full, one with a person's evidence ("Pruitt
  said"), or a person the tagger mistyped as an organisation ("Larry Ruff" beside "Larry E. Ruff") stays a person;
* a "Last, First" span in a Subject line that is two items of a comma list ("Subject: Tour - Beth, Blanca, Bob,",
  "Subject: Off-site @ Lake Conroe, Fletch, Dorland,"): two persons; a Subject's lone "Lay, Kenneth" and an
  address header's list stay one span.
"""

from __future__ import annotations

import pytest
from tests.unit.text.email_name_helpers import family_names, given_names, planted, run_rules, verbatim

from simulacra.text.engine import Deidentifier
from simulacra.text.spans import Span

_ENGINE = Deidentifier(None, ner="fast", seed=7)

_HEAD = "From: {a}@example.com\nTo: team@example.com\nSubject: {subject}\n\n"
_FIRM_TAILS = ["Business Centers", "Energy Services", "Capital Partners", "TV", "Trading Company"]
# where the firm is named short, by its head word alone
_SHORT = [
    "Below is some information on {w}, which may be of interest to you.\n",
    "{w} is changing the way people work.\n",
    "We are in price discussions with {w} under our supply contract.\n",
    "The game is on {w} at 6 p.m. tonight.\n",
    "After graduating I worked for {w} as an analyst.\n",
]


def _firm_message(seed: int) -> tuple[str, str, str]:
    """A message naming a firm in full (the tagger's organisation) and by its head word alone (the tagger's person)."""
    w = family_names(5, seed)[seed % 5]
    tail = _FIRM_TAILS[seed % len(_FIRM_TAILS)]
    short = _SHORT[seed % len(_SHORT)].format(w=w)
    g = given_names(2, seed)
    body = f"{short}\nThe new {w} {tail} office opened at 1200 Main Street.\n\nThanks,\n{g[0]}\n"
    text = _HEAD.format(a=g[0].lower(), subject="Offices") + body
    return text, w, f"{w} {tail}"


@pytest.mark.parametrize("seed", range(10))
def test_a_lone_word_heading_an_organisation_elsewhere_is_that_organisation(seed: int) -> None:
    text, w, firm = _firm_message(seed)
    spans = [planted(text, w, "PERSON"), planted(text, firm, "ORGANIZATION")]
    found, out = run_rules(_ENGINE, text, spans)
    assert (w, "ORGANIZATION") in found, found
    assert (w, "PERSON") not in found, found
    assert not verbatim(w, out), out  # still rewritten


@pytest.mark.parametrize("seed", range(6))
def test_a_surname_of_a_person_named_in_full_stays_a_person(seed: int) -> None:
    text, w, firm = _firm_message(seed)
    g = given_names(3, seed)[2]
    text += f"\nI spoke to {g} {w} yesterday.\n"
    spans = [planted(text, w, "PERSON"), planted(text, firm, "ORGANIZATION"), planted(text, f"{g} {w}", "PERSON")]
    found, out = run_rules(_ENGINE, text, spans)
    assert (w, "PERSON") in found, found
    assert not verbatim(w, out) and not verbatim(g, out), out


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("evidence", ["{w} said he would call back.\n", "Thanks, {w}, for the note.\n"])
def test_a_lone_word_with_a_persons_evidence_stays_a_person(seed: int, evidence: str) -> None:
    w = family_names(5, seed)[seed % 5]
    tail = _FIRM_TAILS[seed % len(_FIRM_TAILS)]
    text = _HEAD.format(a="ops", subject="Offices") + evidence.format(w=w) + f"\nThe {w} {tail} office is open.\n"
    found, _ = run_rules(_ENGINE, text, [planted(text, w, "PERSON"), planted(text, f"{w} {tail}", "ORGANIZATION")])
    assert (w, "PERSON") in found, found


@pytest.mark.parametrize("seed", range(6))
def test_a_person_the_tagger_typed_an_organisation_lends_no_firm(seed: int) -> None:
    g, f = given_names(1, seed)[0], family_names(1, seed)[0]
    text = (
        _HEAD.format(a="ops", subject="Invoice")
        + f"Please see the e-mail I received from {g} {f} before Christmas.\n\n"
        + f'\t"{g} E. {f}" <{g.lower()}@example.net>\n\n{g} assured him that my invoice was approved.\n'
    )
    spans = [
        planted(text, f"{g} {f}", "ORGANIZATION"),
        planted(text, f"{g} E. {f}", "PERSON"),
        planted(text, g, "PERSON", nth=2),
    ]
    found, out = run_rules(_ENGINE, text, spans)
    assert (g, "PERSON") in found, found
    assert not verbatim(g, out), out


# --- a Subject's comma list --------------------------------------------------------------------------------------

_SUBJECT_LISTS = [
    "Tour of New Building - (SB to reschedule)  {g0}, {g1}, {g2},",
    "Lunch on Friday: {g0}, {g1}, {g2}, and me",
    "MW Off-site @ Lake Conroe, {g1}, {f},",
    "Budget review - Room EB3321, {g1}, {f}, {g2}",
]


@pytest.mark.parametrize("seed", range(5))
@pytest.mark.parametrize("shape", range(len(_SUBJECT_LISTS)))
def test_a_subject_comma_list_is_one_person_per_item(seed: int, shape: int) -> None:
    g, f = given_names(3, seed), family_names(1, seed)[0]
    subject = _SUBJECT_LISTS[shape].format(g0=g[0], g1=g[1], g2=g[2], f=f)
    text = _HEAD.format(a="ops", subject=subject) + "See you there.\n"
    second = f if "{f}" in _SUBJECT_LISTS[shape] else g[2]
    pair = f"{g[1]}, {second}"
    spans: list[Span] = [planted(text, pair, "PERSON")]
    if "{g0}" in _SUBJECT_LISTS[shape]:
        spans.append(planted(text, g[0], "PERSON"))
    found, out = run_rules(_ENGINE, text, spans)
    assert (g[1], "PERSON") in found and (second, "PERSON") in found, found
    assert (pair, "PERSON") not in found, found
    assert not verbatim(g[1], out) and not verbatim(second, out), out


@pytest.mark.parametrize("seed", range(5))
@pytest.mark.parametrize(
    "line", ["Subject: Lunch with {f}, {g}", "Subject: Budget - {f}, {g} - EB3321", "Cc: {f}, {g}, {f2}, {g2}"]
)
def test_a_last_first_name_outside_a_subject_list_stays_one_person(seed: int, line: str) -> None:
    g, f = given_names(2, seed), family_names(2, seed)
    first = line.format(f=f[0], g=g[0], f2=f[1], g2=g[1])
    text = f"From: ops@example.com\n{first}\n\nSee you there.\n"
    found, _ = run_rules(_ENGINE, text, [planted(text, f"{f[0]}, {g[0]}", "PERSON")])
    assert (f"{f[0]}, {g[0]}", "PERSON") in found, found
