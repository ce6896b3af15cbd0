"""Acts of hiring out or lending a thing that a catalogue word claims (issue 20, draft29).

'hires' in a business that hires things out ('a van hire company') is its table of hires, not the HR outcome
the catalogue has the word for (candidates, applications, hired); 'loans' where a thing is lent ('projector
loans', 'loans' beside '300 tools') and no money is said are acts of borrowing the thing, with a start and an
end, not a bank's loans (principal, interest) nor WordNet's money (amount, paid_at). A loan said with money
(interest, a car loan) or at a bank stays money.

The settings are from no benchmark request set (``benchmarks/draft_requests.py``) nor a held-out request."""

from __future__ import annotations

import pytest
from tests.unit.draft.draft_helpers import key_to, refs

import simulacra
from simulacra.draft import draft

#: (request, the act's table, the thing, the person)
_ACTS = [
    (
        "a van hire company: 4 depots, 300 vans, 5,000 customers and hires over 2024; 3% of hires are returned late",
        "hires",
        "vans",
        "customers",
    ),
    ("a yacht charter firm: 40 yachts, 1,500 clients and charters over 2024", "charters", "yachts", "clients"),
    ("a makerspace: 300 tools, 1,000 members and loans over 2024", "loans", "tools", "members"),
    (
        "a university media desk: 200 projectors, 5,000 students and projector loans over 2024",
        "projector_loans",
        "projectors",
        "students",
    ),
]


@pytest.mark.parametrize(("request_", "act", "thing", "person"), _ACTS)
def test_an_act_of_hiring_or_lending_a_thing(request_: str, act: str, thing: str, person: str) -> None:
    spec = draft(request_).spec
    assert not {"candidates", "applications"} & set(spec["tables"])
    table = spec["tables"][act]
    assert {thing, person} <= refs(table)
    assert {"starts_at", "ends_at", "status"} <= set(table["columns"])
    assert not {"amount", "principal", "rate_pct", "paid_at"} & set(table["columns"])


@pytest.mark.parametrize(("request_", "act", "thing", "person"), _ACTS[::3])
@pytest.mark.parametrize("seed", [2, 5])
def test_a_thing_hired_comes_back_after_it_went_out(
    request_: str, act: str, thing: str, person: str, seed: int
) -> None:
    spec = draft(request_).spec
    f = simulacra.generate(spec, seed=seed, scale=0.1).frames[act]
    assert f.height > 0 and (f["ends_at"] > f["starts_at"]).all()
    assert f[key_to(spec, act, thing)].null_count() == 0


@pytest.mark.parametrize(
    ("request_", "table", "money"),
    [
        ("a credit union: 5,000 members and 8,000 car loans with interest rates", "car_loans", "amount"),
        ("a bank: 20,000 customers and 5,000 loans", "loans", "principal"),
        ("a makerspace: 300 tools, 1,000 members and loans with interest", "loans", "principal"),
    ],
)
def test_a_loan_of_money_stays_money(request_: str, table: str, money: str) -> None:
    cols = draft(request_).spec["tables"][table]["columns"]
    assert money in cols and "ends_at" not in cols


def test_hires_of_a_recruiter_stay_hr() -> None:
    spec = draft("a recruiting firm: 200 job postings, 5,000 candidates and applications; 3% end in a hire").spec
    assert {"candidates", "applications"} <= set(spec["tables"]) and "hires" not in spec["tables"]
