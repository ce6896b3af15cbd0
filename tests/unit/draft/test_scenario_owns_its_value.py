"""A drafted scenario that sets a column to one value owns that value (issue 20).

"appointments with a 3% cancellation rate" drafts a scenario that sets the status to 'cancelled' on 3% of the
rows; the catalogue's status already drew 'cancelled' for 7% of them, so the data held ~10% cancelled rows, not the
3% asked. The value is now drawn only by the scenario: taken out of the column's categorical draw, the other
values kept in proportion. Planted over several domains, scenario kinds (cancellation, no-show, churn) and rates.
"""

from __future__ import annotations

import pytest

import simulacra
from simulacra.draft import draft

# (request, table, the scenario's column, its value, the rate asked)
_OWNED = [
    (
        "a veterinary practice with 800 pets and visits with a 3% cancellation rate",
        "visits",
        "status",
        "cancelled",
        0.03,
    ),
    (
        "an airline with 40 aircraft and 5,000 flights in 2024 with a 2% cancellation rate",
        "flights",
        "status",
        "cancelled",
        0.02,
    ),
    (
        "an online shop: 3,000 customers and 12,000 orders with a 6% cancellation rate",
        "orders",
        "status",
        "cancelled",
        0.06,
    ),
    ("a hotel chain with 20 hotels, 8,000 guests and stays with a 4% no-show rate", "stays", "status", "no_show", 0.04),
    ("a music school with 300 pupils and 6,000 lessons with a 10% no-show rate", "lessons", "status", "no_show", 0.10),
    ("a SaaS product with 2,000 accounts and subscriptions; 5% churn", "subscriptions", "status", "cancelled", 0.05),
]


def _scenario(spec: dict, table: str, column: str) -> dict:
    return next(s for s in spec["scenarios"] if s["table"] == table and column in (s.get("columns") or {}))


@pytest.mark.parametrize(("request_", "table", "column", "value", "rate"), _OWNED)
def test_the_scenario_alone_draws_its_value(request_: str, table: str, column: str, value: str, rate: float) -> None:
    result = draft(request_)
    spec = result.spec
    sc = _scenario(spec, table, column)
    assert sc["columns"][column] == {"generator": "constant", "value": value}
    assert sc["rate"] == pytest.approx(rate)
    base = spec["tables"][table]["columns"][column]
    assert base["generator"] == "categorical"
    assert value not in base["values"]  # the scenario's value is no longer drawn by the column itself
    assert len(base["values"]) >= 1 and sum(base["values"].values()) == pytest.approx(1.0, abs=1e-5)
    assert any(f"{column} '{value}' only on the rows of scenario" in n for n in result.assumptions)


@pytest.mark.parametrize(("request_", "table", "column", "value", "rate"), _OWNED[:3] + _OWNED[4:5])
@pytest.mark.parametrize("seed", [1, 4])
def test_the_generated_share_is_the_rate_asked(
    request_: str, table: str, column: str, value: str, rate: float, seed: int
) -> None:
    frames = simulacra.generate(draft(request_).spec, seed=seed, scale=0.5).frames
    got = frames[table][column]
    share = float((got == value).mean())
    n = got.len()
    assert n >= 300
    # the rate within 4 binomial standard deviations (before: the catalogue's own share came on top, 2-3x the rate)
    assert abs(share - rate) <= 4 * (rate * (1 - rate) / n) ** 0.5 + 0.002, (share, rate, n)


def test_a_value_the_column_never_draws_is_left_alone() -> None:
    """A dental no-show: the appointment's status draws attended and cancelled only; nothing to take out."""
    result = draft("a dental clinic: 2,000 patients, 12 dentists, appointments with a 5% no-show rate")
    spec = result.spec
    base = spec["tables"]["appointments"]["columns"]["status"]
    assert set(base["values"]) == {"attended", "cancelled"}
    assert not any("only on the rows of scenario" in n for n in result.assumptions)


def test_other_columns_and_tables_keep_their_draws() -> None:
    """Only the scenario's own column of its own table changes: the invoices' status of the same shop still draws
    its own 'cancelled' (no scenario sets it)."""
    with_rate = draft("an online shop: 3,000 customers and 12,000 orders with a 6% cancellation rate").spec
    without = draft("an online shop: 3,000 customers and 12,000 orders").spec
    for t, table in without["tables"].items():
        for c, col in table["columns"].items():
            if (t, c) != ("orders", "status"):
                assert with_rate["tables"][t]["columns"].get(c) == col, (t, c)
    before = without["tables"]["orders"]["columns"]["status"]["values"]
    after = with_rate["tables"]["orders"]["columns"]["status"]["values"]
    rest = {k: w for k, w in before.items() if k != "cancelled"}
    total = sum(rest.values())
    assert after == pytest.approx({k: w / total for k, w in rest.items()}, abs=1e-6)
