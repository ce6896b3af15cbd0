"""`draft --review` never overrides what the request said (issue 20, draft62).

The review repairs the spec within bounds: a scenario that got no row is set to ``count: 1``, a spread whose draws
pile up at a bound is narrowed. A value the request said — a count, a rate ("a 0.1% default rate"), a locale, a
time span, a count per parent row — is the user's choice: the review keeps it and, where its check finds it
implausible, says so (``kept as asked: ...``, with the value, the request's words and why). What the draft assumed
(the catalogue's typical rate where none was said) is still repaired. ``Draft.said`` holds which values the request
said, by their path in the spec: one home, read by every repair of the review.

The requests are of several settings (a bank, a gym, an airline, a telecom, a dental clinic, a shop), each with a
rate asked too small for its table to get a row at the review's seed, beside counts, per-parent counts, locales and
spans said.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml
from tests.unit.scripted_llm import ScriptedServer, answer

import simulacra
from simulacra.draft import draft
from simulacra.draft.review import review_draft, review_spec

#: request, its scenario, the rate said, other paths the request said (path -> value in the draft)
SAID: list[tuple[str, str, float, dict[str, Any]]] = [
    (
        "a bank with 50 loans and a 0.1% default rate; German locale",
        "default",
        0.001,
        {"locale": "de_DE", "tables.loans.rows": 50},
    ),
    (
        "a gym: 30 members, 5 trainers, 40 classes per trainer, bookings with a 0.2% no-show rate",
        "no_show",
        0.002,
        {"tables.members.rows": 30, "tables.trainers.rows": 5, "tables.classes.rows.count": None},
    ),
    (
        "an airline: 8 flights from 2021 to 2022 with a 1% cancellation rate; French locale",
        "cancellation",
        0.01,
        {"locale": "fr_FR", "tables.flights.rows": 8, "span": None},
    ),
    (
        "a telecom: 25 subscribers with a 1% churn rate; British locale",
        "churn",
        0.01,
        {"locale": "en_GB", "tables.subscribers.rows": 25},
    ),
    (
        "a dental clinic: 3 patients with 2 appointments each and a 1% no-show rate",
        "no_show",
        0.01,
        {"tables.patients.rows": 3, "tables.appointments.rows.count": None},
    ),
    (
        "a shop: 10 customers with 2 orders each and a 1% fraud rate, from 2020 to 2021",
        "fraud",
        0.01,
        {"tables.customers.rows": 10, "tables.orders.rows.count": None, "span": None},
    ),
]

#: requests with no rate said: the catalogue's typical rate is assumed, and repaired when it gives no row
ASSUMED = [
    ("a bank with 10 loans and defaults", "default"),
    ("an airline: 10 flights, some cancelled", "cancellation"),
    ("a telecom: 20 subscribers with churn", "churn"),
]


def value_at(spec: dict[str, Any], path: str) -> Any:
    """The value at a path of ``Draft.said`` ("tables.loans.rows", "scenarios.default.rate": by the scenario's
    name), read here on its own."""
    parts = path.split(".")
    if parts[0] == "scenarios":
        node: Any = next((s for s in spec.get("scenarios", []) if s["name"] == parts[1]), None)
        parts = parts[2:]
    else:
        node, parts = spec.get(parts[0]), parts[1:]
    for part in parts:
        node = node.get(part) if isinstance(node, dict) else None
    return node


@pytest.fixture(scope="module")
def reviewed() -> dict[str, tuple[Any, Any, list[str]]]:
    """Each request drafted and reviewed once (seed 0): (draft, reviewed draft, the review's lines)."""
    out = {}
    for request, *_ in SAID:
        d = draft(request)
        new, lines, _ = review_draft(d, seed=0)
        out[request] = (d, new, lines)
    return out


@dataclass(frozen=True)
class Said:
    """One request of ``SAID`` reviewed: its scenario, the rate said, the other paths said, the draft, the reviewed
    draft and the review's lines."""

    scenario: str
    rate: float
    others: dict[str, Any]
    d: Any
    new: Any
    lines: list[str]


@pytest.fixture(params=SAID, ids=[s[1] + str(i) for i, s in enumerate(SAID)])
def said_case(request: pytest.FixtureRequest, reviewed: dict[str, tuple[Any, Any, list[str]]]) -> Said:
    request_text, scenario, rate, others = request.param
    return Said(scenario, rate, others, *reviewed[request_text])


def test_a_rate_said_is_kept_and_the_review_says_why(said_case: Said) -> None:
    scenario, rate, new, lines = said_case.scenario, said_case.rate, said_case.new, said_case.lines
    sc = next(s for s in new.spec["scenarios"] if s["name"] == scenario)
    assert sc.get("rate") == rate and "count" not in sc  # the rate asked, not count: 1
    warning = [x for x in lines if f"kept as asked: scenario '{scenario}' rate {rate:g}" in x]
    assert len(warning) == 1, lines
    assert f"{rate * 100:g}%" in warning[0] and "no row" in warning[0]  # the request's words and why
    assert not any(f"scenario '{scenario}' got no row" in x and "set count" in x for x in lines)
    assert f"review found: kept as asked: scenario '{scenario}'" in new.text  # in the spec's comments too


def test_what_the_request_said_is_recorded_and_survives_the_review(said_case: Said) -> None:
    d, new, others = said_case.d, said_case.new, said_case.others
    paths = {f"scenarios.{said_case.scenario}.rate", *others}
    assert paths <= set(d.said), d.said
    for path, value in others.items():
        if value is not None:
            assert value_at(d.spec, path) == value
    for path in d.said:  # every value said comes back from the review as drafted
        assert value_at(new.spec, path) == value_at(d.spec, path), path
    assert new.said == d.said
    assert "locale" in d.said or "locale" not in others


@pytest.mark.parametrize(("request_text", "scenario"), ASSUMED)
def test_an_assumed_rate_is_still_repaired(request_text: str, scenario: str) -> None:
    d = draft(request_text)
    new, lines, _ = review_draft(d, seed=0)
    sc = next(s for s in new.spec["scenarios"] if s["name"] == scenario)
    assert sc.get("count") == 1 and "rate" not in sc
    assert any(f"scenario '{scenario}' got no row" in x and "set count: 1" in x for x in lines)


@pytest.mark.parametrize(("request_text", "scenario"), ASSUMED)
def test_an_assumed_rate_is_not_recorded_as_said(request_text: str, scenario: str) -> None:
    d = draft(request_text)
    table = next(s["table"] for s in d.spec["scenarios"] if s["name"] == scenario)
    assert f"scenarios.{scenario}.rate" not in d.said
    assert f"tables.{table}.rows" in d.said  # the count said is recorded


def test_a_spread_said_is_not_narrowed_an_assumed_one_is() -> None:
    spec = {
        "name": "s",
        "tables": {
            "pupils": {
                "rows": 400,
                "primary_key": "id",
                "columns": {
                    "id": {"generator": "sequence"},
                    "score": {"generator": "normal", "mean": 80, "std": 30, "min": 0, "max": 100},
                    "height": {"generator": "normal", "mean": 150, "std": 40, "min": 100, "max": 200},
                    "fee": {"generator": "lognormal", "median": 300, "sigma": 1.2, "max": 1000},
                },
            }
        },
    }
    said = {
        "tables.pupils.columns.score.std": "'a standard deviation of 30'",
        "tables.pupils.columns.fee.sigma": "'fees spread widely'",
    }
    r = review_spec(spec, seed=1, said=said)
    cols = r.spec["tables"]["pupils"]["columns"]
    assert cols["score"]["std"] == 30 and cols["fee"]["sigma"] == 1.2  # said: kept
    assert cols["height"]["std"] < 40  # assumed: narrowed
    assert any(f.startswith("kept as asked: table 'pupils', column 'score': std 30") for f in r.findings)
    assert any(f.startswith("kept as asked: table 'pupils', column 'fee': sigma 1.2") for f in r.findings)
    assert not any("column 'score'" in c or "column 'fee'" in c for c in r.changes)


def test_cli_review_keeps_the_rate_asked(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from simulacra.cli.main import main

    out = tmp_path / "s.yaml"
    assert main(["draft", "a bank with 50 loans and a 0.1% default rate", "-o", str(out), "--review"]) == 0
    printed = capsys.readouterr().out
    assert "kept as asked: scenario 'default' rate 0.001" in printed
    spec = simulacra.load_spec(out)
    assert spec.scenarios[0].rate == 0.001 and spec.scenarios[0].count is None


def test_a_rate_said_is_kept_in_a_models_spec_whatever_it_named_the_scenario(llm_server: ScriptedServer) -> None:
    from simulacra.llm import BackendConfig, ChatClient

    request = "a telecom: 25 subscribers with a 1% churn rate"
    model_spec = {
        "name": "telco",
        "seed": 0,
        "locale": "en_US",
        "tables": {
            "subscribers": {
                "rows": 25,
                "primary_key": "subscriber_id",
                "columns": {
                    "subscriber_id": {"generator": "sequence"},
                    "churned": {"generator": "constant", "value": 0},
                },
            }
        },
        "scenarios": [
            {
                "name": "left_for_a_rival",
                "table": "subscribers",
                "rate": 0.01,
                "labels": {"is_churn": 1},
                "columns": {"churned": {"generator": "constant", "value": 1}},
            }
        ],
    }
    llm_server.script.play(answer("```yaml\n" + yaml.safe_dump(model_spec, sort_keys=False) + "```", model="m-1"))
    with ChatClient(BackendConfig(url=llm_server.url, model="m-1", timeout_s=5.0, backoff_s=0.01)) as c:
        d = draft(request, client=c, repair_rounds=0)
    assert d.said.get("scenarios.left_for_a_rival.rate") == "'1% churn'"
    assert d.said.get("tables.subscribers.rows") == "25 subscribers"
    new, lines, _ = review_draft(d, seed=0)
    sc = new.spec["scenarios"][0]
    assert sc["rate"] == 0.01 and "count" not in sc
    assert any("kept as asked: scenario 'left_for_a_rival' rate 0.01 ('1% churn')" in x for x in lines)
