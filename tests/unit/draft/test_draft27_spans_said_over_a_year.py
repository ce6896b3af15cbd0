"""A time span said 'over 2024', 'across 2022' (issue 20, draft27): the year after 'over' or 'across' is the
request's span, as 'in 2024' is, where no noun follows the year ('over 2000 customers' is a count). The dated
rows fall in that year.

The settings are from no benchmark request set (``benchmarks/draft_requests.py``), nor draft27's probe."""

from __future__ import annotations

import datetime as dt

import pytest

import simulacra
from simulacra.draft import draft

#: (request, the year, a dated table, its date column)
_SPANS = [
    ("a bike-sharing scheme with 40 stations, 300 bikes and 5,000 rides over 2024", 2024, "rides", "starts_at"),
    ("a shop with 800 customers and orders over 2022; 3% of orders are returned", 2022, "orders", None),
    ("a gym with 500 members and check-ins across 2023", 2023, None, None),
    ("a clinic: 900 patients, appointments over 2021 and prescriptions", 2021, "appointments", "scheduled_at"),
]


@pytest.mark.parametrize(("request_", "year", "table", "column"), _SPANS)
def test_a_year_after_over_is_the_span(request_: str, year: int, table: str | None, column: str | None) -> None:
    d = draft(request_)
    assert any(a.startswith(f"time span {year}-01-01 to {year}-12-31") for a in d.assumptions)
    if table is None:
        return
    spec = d.spec
    column = column or next(
        c
        for c, v in spec["tables"][table]["columns"].items()
        if isinstance(v, dict) and v.get("generator") == "datetime"
    )
    frames = simulacra.generate(spec, seed=3, scale=0.2).frames
    dates = frames[table][column].dt.date()
    assert dates.min() >= dt.date(year, 1, 1) and dates.max() <= dt.date(year, 12, 31)


@pytest.mark.parametrize(
    "request_",
    [
        "a shop with over 2000 customers and orders",
        "a platform across 2010 sellers and 30,000 listings",
    ],
)
def test_a_count_after_over_is_no_span(request_: str) -> None:
    d = draft(request_)
    assert any(a.startswith("no time span asked") for a in d.assumptions)
