"""``sample`` keeps an order between two dates a ``check`` declares with a null guard (issue 13): ``ended IS NULL OR
started <= ended``, the way real schemas order a nullable end date, read as ``started <= ended`` on the rows where
``ended`` is set (SQL's CHECK passes a null, so the guard means the same order).

Planted in generated data: memberships (200-300 rows, a quarter to a third still open, ended 1-40 days after
started) and tickets (150-250 rows, half unresolved, resolved 0-10 days after opened, strictly after in the
strict form), the guard first, last or in parentheses beside another order. The sampled rows keep the checks, the
end's null share (within 0.1 of the source's) and, where set, the source's largest distance between the dates. On
main an ``OR`` was no order: the learner left the check to the row's redraw and the end drifted past the source's
furthest, by days."""

from __future__ import annotations

import numpy as np
import polars as pl
import pytest
from tests.helpers import folder_source

from simulacra import DatasetSynthesizer
from simulacra.inspection import inspect
from simulacra.spec import model as m
from simulacra.spec.refs import expression_for

SEEDS = [3, 4]


def planted(seed: int) -> dict[str, pl.DataFrame]:
    """Two tables, each with a start date and a nullable end date after it."""
    rng = np.random.default_rng(seed)
    n = int(rng.integers(200, 301))
    started = np.datetime64("2022-01-01") + rng.integers(0, 500, n).astype("timedelta64[D]")
    ended = pl.Series(started + rng.integers(1, 41, n).astype("timedelta64[D]"))
    open_ = rng.uniform(size=n) < rng.uniform(0.25, 0.34)
    k = int(rng.integers(150, 251))
    opened = np.datetime64("2023-03-01") + rng.integers(0, 300, k).astype("timedelta64[D]")
    joined = opened - rng.integers(0, 30, k).astype("timedelta64[D]")
    resolved = pl.Series(opened + rng.integers(1, 11, k).astype("timedelta64[D]"))
    unresolved = rng.uniform(size=k) < 0.5
    return {
        "memberships": pl.DataFrame(
            {
                "membership_id": np.arange(1, n + 1),
                "started": started,
                "ended": pl.select(pl.when(pl.Series(open_)).then(None).otherwise(ended)).to_series(),
                "fee": np.round(rng.gamma(3, 10, n), 2),
            }
        ),
        "tickets": pl.DataFrame(
            {
                "ticket_id": np.arange(1, k + 1),
                "joined": joined,
                "opened": opened,
                "resolved": pl.select(pl.when(pl.Series(unresolved)).then(None).otherwise(resolved)).to_series(),
            }
        ),
    }


# each form: per table, its checks, and the pair of dates they order with a nullable later date
FORMS: dict[str, dict[str, tuple[tuple[str, ...], tuple[str, str]]]] = {
    "guard_first": {
        "memberships": (("ended IS NULL OR started <= ended",), ("started", "ended")),
        "tickets": (("resolved IS NULL OR opened < resolved",), ("opened", "resolved")),
    },
    "guard_last": {
        "memberships": (("ended >= started OR ended IS NULL",), ("started", "ended")),
        "tickets": (("resolved > opened or resolved is null",), ("opened", "resolved")),
    },
    "parenthesised": {
        "memberships": (("(ended IS NULL OR started <= ended)",), ("started", "ended")),
        "tickets": (("joined <= opened AND (resolved IS NULL OR opened <= resolved)",), ("opened", "resolved")),
    },
}


def _spec(frames: dict[str, pl.DataFrame], name: str, form: str) -> m.DatasetSpec:
    """The drafted spec with its own checks on the dates (and their drafted ``after:``) replaced by the form's:
    the form under test is the only order declared."""
    spec = inspect(folder_source(frames, [], name)).spec
    dates = {"memberships": ("started", "ended"), "tickets": ("joined", "opened", "resolved")}
    kept = [c for c in spec.constraints if not (c.table in dates and c.check and any(d in c.check for d in dates[c.table]))]  # fmt: skip
    tables = dict(spec.tables)
    for t, cols in dates.items():
        columns = dict(tables[t].columns)
        for c in cols:
            if getattr(columns[c], "after", None) is not None:
                columns[c] = columns[c].model_copy(update={"after": None})
        tables[t] = tables[t].model_copy(update={"columns": columns})
    added = [m.ConstraintSpec(table=t, check=c) for t, (checks, _) in FORMS[form].items() for c in checks]
    return spec.model_copy(update={"tables": tables, "constraints": [*kept, *added]})


def _broken(frame: pl.DataFrame, check: str) -> int:
    """Rows the check does not hold on (a null outcome holds, as SQL's CHECK)."""
    held = frame.select(expression_for(check, frame.schema).fill_null(True)).to_series()
    return int((~held).sum())


@pytest.fixture(scope="module", params=SEEDS, ids=lambda s: f"seed{s}")
def source(request: pytest.FixtureRequest) -> tuple[int, dict[str, pl.DataFrame]]:
    return request.param, planted(request.param)


@pytest.mark.parametrize("form", list(FORMS))
def test_a_null_guarded_order_is_kept(source: tuple[int, dict[str, pl.DataFrame]], form: str) -> None:
    seed, frames = source
    spec = _spec(frames, f"guarded{seed}{form}", form)
    out = DatasetSynthesizer(seed=0).fit(frames, spec).sample(seed=seed)
    found: dict[str, float] = {}
    for table, (checks, (low, high)) in FORMS[form].items():
        was, got = frames[table], out[table]
        assert {c: _broken(was, c) for c in checks} == {c: 0 for c in checks}  # the source keeps them
        found |= {c: _broken(got, c) for c in checks}
        share = got[high].null_count() / got.height
        found[f"{high} null share off"] = max(0.0, abs(share - was[high].null_count() / was.height) - 0.1)
        found[f"{high} pinned"] = int(got[high].drop_nulls().n_unique() <= 0.3 * was[high].drop_nulls().n_unique())
        gap, src = ((f[high] - f[low]).dt.total_days() for f in (got, was))
        found[f"{low}..{high} days past"] = max(0, int(gap.max()) - int(src.max()))  # type: ignore[arg-type]
        found[f"{low}..{high} before"] = int((gap < 0).sum())
    assert {k: v for k, v in found.items() if v} == {}
