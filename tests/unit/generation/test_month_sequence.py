"""A sequence of months (``step`` with ``grain: month``): a report keyed by its month.

Row i is the month of ``start`` plus ``i * step`` months, on its 1st: consecutive (or every ``step``-th) months over
year ends, none skipped nor repeated, whatever the chunk size; a step of 31 days, the only sequence before, skipped
a month now and then. ``grain: month`` stays refused on a datetime.
"""

from __future__ import annotations

import datetime as dt

import pytest
from tests.helpers import frames_of, plan_of

from simulacra.errors import SpecValidationError


def _spec(start: str, step: int, rows: int) -> str:
    return f"""
    seed: 3
    tables:
      months:
        rows: {rows}
        primary_key: month
        columns:
          month: {{generator: date, start: {start}, step: {step}, grain: month}}
          total: {{generator: uniform, low: 1, high: 9}}
    """


@pytest.mark.parametrize(
    ("start", "step", "rows"), [("2015-01-01", 1, 96), ("2019-11-20", 1, 400), ("2020-06-01", 3, 41)]
)
@pytest.mark.parametrize("chunk", [7, 100_000])
def test_every_step_th_month_on_its_first(start: str, step: int, rows: int, chunk: int) -> None:
    months = frames_of(_spec(start, step, rows), chunk_size=chunk)["months"]["month"].to_list()
    first = dt.date.fromisoformat(start).replace(day=1)
    assert months[0] == first and len(months) == rows
    assert all(d.day == 1 for d in months)
    index = [d.year * 12 + d.month for d in months]
    assert all(b - a == step for a, b in zip(index, index[1:]))


def test_grain_month_is_refused_on_a_datetime() -> None:
    text = """
    tables:
      a:
        rows: 10
        columns:
          t: {generator: datetime, start: 2024-01-01, step: 60, grain: month}
    """
    with pytest.raises(SpecValidationError, match="grain"):
        plan_of(text)
