"""``CAST(x AS DATE)``, ``CAST(x AS TIMESTAMP)`` and ``x::date`` of a text column or a string literal parse the
text, as docs/spec.md says and SQL does; polars 2 no longer casts text to dates, so ``generate`` ended in an
"internal error" (found by the school probe, issue 13). A cast of a date-time to a date is still a cast. Text
that is not a date is a located error (table, column, the expression; exit code 3), not an internal error."""

from __future__ import annotations

import datetime as dt

import pytest
from tests.helpers import frames_of

from simulacra.errors import GenerationError

SPEC = """
tables:
  a:
    rows: 4
    columns:
      id: {{generator: sequence}}
      day_text: {{generator: constant, value: '2024-03-05'}}
      at_text: {{generator: constant, value: '2024-03-05 10:30:00'}}
      at: {{generator: datetime, start: 2024-01-01, end: 2024-02-01}}
      out: {{generator: expression, expr: "{expr}"}}
"""


@pytest.mark.parametrize(
    ("expr", "want"),
    [
        ("CAST(day_text AS DATE)", dt.date(2024, 3, 5)),
        ("cast(day_text as date)", dt.date(2024, 3, 5)),
        ("day_text::date", dt.date(2024, 3, 5)),
        ("CAST('2023-12-31' AS DATE)", dt.date(2023, 12, 31)),
        ("CAST(at_text AS TIMESTAMP)", dt.datetime(2024, 3, 5, 10, 30)),
        ("at_text::timestamp", dt.datetime(2024, 3, 5, 10, 30)),
        ("DATE_ADD(CAST(day_text AS DATE), 2)", dt.date(2024, 3, 7)),
    ],
)
def test_text_cast_to_a_date_parses_it(expr: str, want: object) -> None:
    out = frames_of(SPEC.format(expr=expr))["a"]["out"]
    assert out.to_list() == [want] * 4


def test_a_datetime_cast_to_a_date_is_still_a_cast() -> None:
    a = frames_of(SPEC.format(expr="CAST(at AS DATE)"))["a"]
    assert a["out"].to_list() == a["at"].dt.date().to_list()


def test_text_that_is_not_a_date_is_a_located_error() -> None:
    with pytest.raises(GenerationError) as err:
        frames_of(SPEC.format(expr="CAST(at_text AS DATE)").replace("2024-03-05 10:30:00", "soon"))
    assert "table 'a', column 'out'" in str(err.value) and "CAST(at_text AS DATE)" in str(err.value)
    assert err.value.exit_code == 3
