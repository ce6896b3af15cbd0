"""The bill world the period tests plant (issue 13): customers -> subscriptions -> bills, the bills' periods laid
per the subscription or per the customer and bounded by a check on an ancestor's columns. One builder for
``test_periods_inside_ancestor.py`` and ``test_periods_bound_forms.py``, which differ only in the check, where a
bill starts, how often an ancestor is open and what else a world holds."""

from __future__ import annotations

from typing import Any

Spec = dict[str, Any]
GRAIN = {"week": (6, 7), "month": (27, 30)}  # a bill period's days
LIFE = {"week": (25, 70), "month": (100, 260)}  # an ancestor's days: up to 8 bills laid pass it often


def uniform(low: int, high: int, unit: str | None = "days") -> dict[str, Any]:
    d: dict[str, Any] = {"distribution": "uniform", "low": low, "high": high}
    return {**d, "unit": unit} if unit else d


def bill_world(
    per: str,
    seed: int,
    *,
    check: str,
    since: str,
    grain: str,
    customers: int,
    open_rate: float,
    life: tuple[int, int],
    bills: tuple[int, int] = (1, 8),
    copy_customer: bool = False,
    more: tuple[dict[str, Any], ...] = (),
) -> Spec:
    """The world: bills laid per ``per`` (``parent``: the subscription; ``grandparent``: the customer, through an
    expression), each starting after ``since`` and held by ``check``; a customer's ``left`` and a subscription's
    ``ended`` null (open) at ``open_rate``, an ancestor living ``life`` days; ``copy_customer`` copies the customer's
    ``joined``/``left`` onto its subscriptions; ``more``: constraints after the check and the laying."""
    lo, hi = GRAIN[grain]
    bill_cols: dict[str, Any] = {
        "bill_id": {"generator": "sequence"},
        "subscription_id": {"generator": "foreign_key", "references": "subscriptions.subscription_id"},
        "period_start": {"generator": "date", "after": since, "offset": uniform(0, 2 * hi)},
        "period_end": {"generator": "date", "after": "period_start", "offset": uniform(lo, hi), "null_rate": 0.1},
    }
    group = ["subscription_id"]
    if per == "grandparent":
        bill_cols["customer_id"] = {"generator": "expression", "expr": "subscription_id.customer_id"}
        group = ["customer_id"]
    sub_cols: dict[str, Any] = {
        "subscription_id": {"generator": "sequence"},
        "customer_id": {"generator": "foreign_key", "references": "customers.customer_id"},
        "started": {"generator": "date", "after": "customer_id.joined", "offset": uniform(0, 200)},
        "ended": {"generator": "date", "after": "started", "offset": uniform(*life), "null_rate": open_rate},
    }
    if copy_customer:
        sub_cols["customer_left"] = {"generator": "expression", "expr": "customer_id.left"}
        sub_cols["customer_joined"] = {"generator": "expression", "expr": "customer_id.joined"}
    return {
        "seed": seed,
        "tables": {
            "customers": {
                "rows": customers,
                "primary_key": "customer_id",
                "columns": {
                    "customer_id": {"generator": "sequence"},
                    "joined": {"generator": "date", "start": "2015-01-01", "end": "2019-12-31"},
                    "left": {"generator": "date", "after": "joined", "offset": uniform(*life), "null_rate": open_rate},
                },
            },
            "subscriptions": {
                "rows": {"per": "customers", "count": uniform(1, 3, None)},
                "primary_key": "subscription_id",
                "columns": sub_cols,
            },
            "bills": {
                "rows": {"per": "subscriptions", "count": uniform(*bills, None)},
                "primary_key": "bill_id",
                "columns": bill_cols,
            },
        },
        "constraints": [
            {"table": "bills", "check": check},
            {"table": "bills", "periods": ["period_start", "period_end"], "per": group},
            *more,
        ],
    }
