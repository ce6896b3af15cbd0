"""A date-time written with a fixed number of digits after the second (``12:03:17.482``) keeps that many for
every written value, one on a whole second too (``12:03:17.000``, not ``12:03:17``): ``%.f`` writes no digits
there. Planted with 3 and 6 digits, with ``T`` and with ``Z``; a column written with varying digits keeps
``%.f``."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest

from simulacra.sources import apply_forms
from simulacra.sources._forms import detect_column_form


@pytest.mark.parametrize(
    ("written", "digits"),
    [("%Y-%m-%d %H:%M:%S%.3f", 3), ("%Y-%m-%dT%H:%M:%S%.6f", 6), ("%Y-%m-%dT%H:%M:%S%.3fZ", 3)],
)
def test_fixed_digits_after_the_second_are_kept_on_a_whole_second(written: str, digits: int) -> None:
    start = dt.datetime(2023, 2, 27, 13, 19, 23)
    times = [start + dt.timedelta(microseconds=k * 1_000 * 137 + 1_000) for k in range(30)]
    typed = pl.Series("t", times, dtype=pl.Datetime("us"))
    raw = typed.dt.strftime(written)
    form = detect_column_form(raw, typed)
    assert form.date_format == written
    whole = pl.DataFrame({"t": pl.Series([start], dtype=pl.Datetime("us"))})
    out = apply_forms(whole, {"t": form}, text=False)["t"].to_list()
    assert out == [
        start.strftime("%Y-%m-%d %H:%M:%S").replace(" ", " " if " " in written else "T")
        + "."
        + "0" * digits
        + ("Z" if written.endswith("Z") else "")
    ]


def test_varying_digits_keep_a_free_fraction() -> None:
    """A source that writes whole seconds bare and others with milliseconds keeps writing them so."""
    times = [dt.datetime(2023, 1, 1, 8, 0, 0), dt.datetime(2023, 1, 1, 9, 0, 0, 250_000)] * 10
    typed = pl.Series("t", times, dtype=pl.Datetime("us"))
    raw = pl.Series("t", ["2023-01-01 08:00:00", "2023-01-01 09:00:00.250"] * 10)
    assert detect_column_form(raw, typed).date_format == "%Y-%m-%d %H:%M:%S%.f"
