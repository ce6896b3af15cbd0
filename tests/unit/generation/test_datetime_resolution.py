"""``resolution``: a datetime generator's values on a step of whole seconds from midnight (a clinic's quarter
hours), in every form of the generator — a range, a range with hour weights, a date after another with an
offset and an end — never before the date it comes after nor past the end; a step that does not divide a day,
or on a date, is refused where it is written."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest
from tests.helpers import frames_of, plan_of

from simulacra.errors import SpecValidationError

HOURS = "[0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0]"


def _spec(resolution: int, seed: int) -> str:
    return f"""
    seed: {seed}
    tables:
      a:
        rows: 3000
        columns:
          t: {{generator: datetime, start: 2024-01-01T08:07:00, end: 2024-03-01T00:00:00, resolution: {resolution}}}
          h: {{generator: datetime, start: 2024-01-01, end: 2024-03-01T00:00:00, resolution: {resolution}, hour_weights: {HOURS}}}
          u: {{generator: datetime, after: t, end: 2024-03-05T00:00:00, resolution: {resolution},
               offset: {{distribution: exponential, mean: 2, unit: hours}}}}
    """


@pytest.mark.parametrize("resolution", [60, 300, 900, 3600])
@pytest.mark.parametrize("seed", [1, 2])
def test_every_form_lands_on_the_step_within_its_bounds(resolution: int, seed: int) -> None:
    a = frames_of(_spec(resolution, seed))["a"]
    step = resolution * 1_000_000
    for name in ("t", "h", "u"):
        us = a[name].dt.epoch("us").to_numpy()
        assert not np.any(us % step), name
    assert (a["t"] >= dt.datetime(2024, 1, 1, 8, 7)).all() and (a["t"] < dt.datetime(2024, 3, 1)).all()
    assert a["h"].dt.hour().is_between(8, 17).all()
    assert (a["u"] >= a["t"]).all() and (a["u"] < dt.datetime(2024, 3, 5)).all()


@pytest.mark.parametrize(
    "column",
    [
        "{generator: datetime, start: 2024-01-01, end: 2024-02-01, resolution: 7}",
        "{generator: datetime, start: 2024-01-01, end: 2024-02-01, resolution: 0}",
        "{generator: date, start: 2024-01-01, end: 2024-02-01, resolution: 60}",
    ],
)
def test_a_step_that_is_not_a_datetimes_is_refused_where_written(column: str) -> None:
    text = f"""
    tables:
      a:
        rows: 10
        columns:
          t: {column}
    """
    with pytest.raises(SpecValidationError) as err:
        plan_of(text)
    assert "spec.yaml:6: table 'a', column 't': resolution" in str(err.value)
