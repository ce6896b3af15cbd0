"""pandas, polars and Arrow on every public entry point, each returning the kind it was given (issue 12)."""

from __future__ import annotations

import numpy as np
import polars as pl
import pyarrow as pa
import pytest

from simulacra import TabularSynthesizer, deidentify_frame, evaluate
from simulacra._frames import as_kind, frame_kind, like, to_polars

pd = pytest.importorskip("pandas")


def people(n: int = 200, seed: int = 0) -> pl.DataFrame:
    rng = np.random.default_rng(seed)
    age = rng.integers(18, 80, n)
    return pl.DataFrame(
        {"age": age, "city": rng.choice(["Lyon", "Brno", "Oslo"], n), "label": np.where(age > 50, "yes", "no")}
    )


KINDS = {
    "polars": lambda f: f,
    "pandas": lambda f: f.to_pandas(),
    "arrow": lambda f: f.to_arrow(),
}


@pytest.mark.parametrize("kind", list(KINDS))
def test_conversions_round_trip(kind: str) -> None:
    f = people(20)
    given = KINDS[kind](f)
    assert frame_kind(given) == kind
    assert to_polars(given).equals(f)
    back = like(f, given)
    assert frame_kind(back) == kind and to_polars(back).equals(f)
    assert as_kind(f, None) is f
    with pytest.raises(TypeError, match="polars, pandas or Arrow"):
        to_polars([1, 2])


def test_a_default_pandas_index_is_not_a_column() -> None:
    df = people(5).to_pandas()
    assert to_polars(df).columns == ["age", "city", "label"]
    assert to_polars(df.set_index("city")).columns == ["city", "age", "label"]  # a named index carries data


@pytest.mark.parametrize("kind", list(KINDS))
def test_tabular_synthesizer_takes_and_returns_each_kind(kind: str) -> None:
    data = KINDS[kind](people())
    synth = TabularSynthesizer(seed=0).fit(data)
    out = synth.sample(50)
    assert frame_kind(out) == kind
    assert to_polars(out).columns == ["age", "city", "label"] and to_polars(out).height == 50
    again = TabularSynthesizer(seed=0).fit(people()).sample(50)  # the same rows whatever the kind
    assert to_polars(out).equals(again)


@pytest.mark.parametrize("kind", list(KINDS))
def test_deidentify_frame_takes_and_returns_each_kind(kind: str) -> None:
    f = pl.DataFrame({"note": ["Call Alice Smith at 555-0100.", None], "n": [1, 2]})
    out = deidentify_frame(KINDS[kind](f), seed=1)
    assert frame_kind(out) == kind
    got = to_polars(out)
    assert got["n"].to_list() == [1, 2] and got["note"][1] is None
    assert "Alice Smith" not in got["note"][0]
    assert got.equals(deidentify_frame(f, seed=1))


@pytest.mark.parametrize("kind", ["pandas", "arrow"])
def test_evaluate_takes_pandas_and_arrow(kind: str) -> None:
    real, syn = people(200, 1), people(200, 2)
    spec = {"privacy": False, "detection_folds": 2}
    rep = evaluate(KINDS[kind](real), KINDS[kind](syn), target="label", n_jobs=1, spec=spec)
    ref = evaluate(real, syn, target="label", n_jobs=1, spec=spec)
    assert rep.summary == ref.summary
    mixed = evaluate({"people": KINDS[kind](real)}, {"people": syn}, target="label", n_jobs=1, spec=spec)
    assert mixed.summary == ref.summary


def test_arrow_record_batch_and_lazy_frames() -> None:
    f = people(10)
    batch = f.to_arrow().to_batches()[0]
    assert isinstance(batch, pa.RecordBatch) and to_polars(batch).equals(f)
    assert to_polars(f.lazy()).equals(f)


@pytest.mark.parametrize("kind", ["pandas", "arrow"])
def test_check_and_validate_take_pandas_and_arrow(kind: str) -> None:
    import simulacra

    spec = {
        "name": "mini",
        "seed": 1,
        "tables": {
            "customers": {
                "rows": 30,
                "primary_key": "id",
                "columns": {"id": "sequence", "age": {"generator": "uniform", "low": 18, "high": 90}},
            },
            "orders": {
                "rows": 60,
                "primary_key": "id",
                "columns": {
                    "id": "sequence",
                    "customer_id": {"generator": "foreign_key", "references": "customers.id"},
                },
            },
        },
    }
    frames = simulacra.generate(spec).frames
    given = {t: KINDS[kind](f) for t, f in frames.items()}
    assert [f.ok for f in simulacra.check(spec, given)] == [f.ok for f in simulacra.check(spec, frames)]
    assert simulacra.validate(spec, given)
    broken = dict(given, orders=KINDS[kind](frames["orders"].with_columns(pl.lit(10_000).alias("customer_id"))))
    with pytest.raises(simulacra.DataValidationError, match="orders"):
        simulacra.validate(spec, broken)
