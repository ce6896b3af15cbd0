"""A column null exactly where a category says so is learned with its row, and keeps its rule (issue 13).

``inspect`` drafts a column that is empty exactly on some values of a category (a delay on cancelled
flights, a refund on orders not refunded, a rejection reason on applications not rejected) as a ``case``:
null on those rows, its own generator on the others. Made by that rule, the column's values were drawn
apart from the row: a flight "delayed" beside a delay of 0, a refund larger than the price, a reason that
ignores the channel. Planted in generated tables (three shapes, several seeds): the sample keeps the rule
(null exactly where the category says so), the column's relation to the rest of its row, its own values
(a number stays a number, not the draft's bin means), and the same seed draws the same bytes.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import polars as pl
import pytest

from simulacra import DatasetSynthesizer
from simulacra.inspection import inspect
from simulacra.sources import Source
from simulacra.spec import model as m


def flights(seed: int, n: int = 600) -> pl.DataFrame:
    """A delay at 0 on ~60% of flights, else lognormal minutes; null on cancelled flights; the status from
    the delay (delayed above 15 minutes)."""
    rng = np.random.default_rng(seed)
    cancelled = rng.uniform(size=n) < 0.06
    delay = np.where(rng.uniform(size=n) < 0.6, 0.0, np.round(rng.lognormal(3, 1, n)))
    status = np.where(cancelled, "cancelled", np.where(delay > 15, "delayed", "on_time"))
    return pl.DataFrame(
        {
            "flight_id": np.arange(1, n + 1),
            "distance_km": np.round(rng.lognormal(6, 0.5, n), 1),
            "status": status,
            "delay_min": pl.Series([None if c else d for c, d in zip(cancelled, delay, strict=True)], dtype=pl.Float64),
        }
    )


def orders(seed: int, n: int = 600) -> pl.DataFrame:
    """A refund on refunded orders only, a share of the order's price."""
    rng = np.random.default_rng(seed)
    price = np.round(rng.lognormal(4, 0.8, n), 2)
    refunded = rng.uniform(size=n) < 0.15
    refund = np.round(price * rng.uniform(0.3, 1.0, n), 2)
    return pl.DataFrame(
        {
            "order_id": np.arange(1, n + 1),
            "price": price,
            "outcome": np.where(refunded, "returned", "kept"),
            "refund": pl.Series([r if f else None for f, r in zip(refunded, refund, strict=True)], dtype=pl.Float64),
        }
    )


def applications(seed: int, n: int = 600) -> pl.DataFrame:
    """A rejection reason on rejected applications only, decided by the channel."""
    rng = np.random.default_rng(seed)
    channel = rng.choice(["web", "branch", "phone"], n, p=[0.5, 0.3, 0.2])
    rejected = rng.uniform(size=n) < 0.25
    reason = np.select(
        [channel == "web", channel == "branch"], ["documents_missing", "income_too_low"], "credit_history"
    )
    return pl.DataFrame(
        {
            "application_id": np.arange(1, n + 1),
            "amount": np.round(rng.lognormal(8, 0.6, n), -1),
            "channel": channel,
            "decision": np.where(rejected, "rejected", "approved"),
            "reason": pl.Series([r if j else None for j, r in zip(rejected, reason, strict=True)], dtype=pl.String),
        }
    )


#: table, its maker, the column null where a category says so, that category, its values with the nulls
SHAPES = {
    "flights": (flights, "delay_min", "status", {"cancelled"}),
    "orders": (orders, "refund", "outcome", {"kept"}),
    "applications": (applications, "reason", "decision", {"approved"}),
}


def relation(name: str, frame: pl.DataFrame) -> float:
    """The share of filled rows whose column agrees with the rest of its row, as the source makes it."""
    filled = frame.filter(pl.col(SHAPES[name][1]).is_not_null())
    if name == "flights":
        ok = (filled["delay_min"] > 15) == (filled["status"] == "delayed")
    elif name == "orders":
        ok = filled["refund"] <= filled["price"] * 1.0001
    else:
        want = {"web": "documents_missing", "branch": "income_too_low", "phone": "credit_history"}
        ok = filled["channel"].replace_strict(want) == filled["reason"]
    return float(ok.mean())  # type: ignore[arg-type]


def fit(name: str, seed: int) -> tuple[pl.DataFrame, DatasetSynthesizer]:
    frame = SHAPES[name][0](seed)
    spec = inspect(Source(location=name, kind="folder", frames={name: frame}, fingerprint=name)).spec
    column = spec.tables[name].columns[SHAPES[name][1]]
    assert isinstance(column, m.CaseColumn), column  # drafted as a null-where case: the class under test
    return frame, DatasetSynthesizer(seed=1).fit({name: frame}, spec)


@pytest.mark.parametrize("seed", [1, 2])
@pytest.mark.parametrize("name", list(SHAPES))
def test_the_sample_keeps_the_rule_and_the_row(name: str, seed: int) -> None:
    _, col, key, nulls = SHAPES[name]
    source, synth = fit(name, seed)
    sample = synth.sample(seed=3)[name]
    held = sample[key].is_in(list(nulls))
    assert (sample[col].is_null() == held).all()  # null exactly where the category says so
    assert abs(float(held.mean()) - float(source[key].is_in(list(nulls)).mean())) < 0.04
    assert relation(name, source) == 1.0
    assert relation(name, sample) >= 0.95, relation(name, sample)


@pytest.mark.parametrize("seed", [1, 2])
def test_a_number_stays_a_number(seed: int) -> None:
    source, synth = fit("flights", seed)
    sample = synth.sample(seed=4)["flights"]
    delay = sample["delay_min"].drop_nulls()
    assert delay.n_unique() > 25  # the source's values, not the draft's 21 bin means
    zero = float((delay == 0).mean())
    assert abs(zero - float((source["delay_min"].drop_nulls() == 0).mean())) < 0.1


def test_a_condition_on_a_column_not_learned_leaves_the_rule_to_make_it() -> None:
    # the rule names the key: fit does not learn keys, so it cannot keep the rule; the case makes the column
    frame = flights(3).with_columns(pl.col("flight_id").cast(pl.String).alias("code"))
    spec = inspect(Source(location="f", kind="folder", frames={"f": frame}, fingerprint="f")).spec
    t = spec.tables["f"]
    case = m.CaseColumn.model_validate(
        {
            "generator": "case",
            "cases": [{"when": "flight_id <= 30", "then": None}],
            "else": {"generator": "integer", "low": 0, "high": 90},
        }
    )
    spec = spec.model_copy(update={"tables": {"f": t.model_copy(update={"columns": {**t.columns, "delay_min": case}})}})
    synth = DatasetSynthesizer(seed=1).fit({"f": frame}, spec)
    assert any("f.delay_min" in n and "not learned" in n for n in synth.notes_)
    sample = synth.sample(seed=3)["f"]
    assert (sample["delay_min"].is_null() == (sample["flight_id"] <= 30)).all()


def test_same_seed_same_rows_and_a_saved_model(tmp_path: Path) -> None:
    _, synth = fit("applications", 5)
    a, b = synth.sample(seed=7)["applications"], synth.sample(seed=7)["applications"]
    assert a.equals(b)
    synth.save(tmp_path / "m")
    c = DatasetSynthesizer.load(tmp_path / "m").sample(seed=7)["applications"]
    assert a.equals(c)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_a_category_an_empty_column_decides_keeps_its_value(seed: int) -> None:
    # the decision is a function of the reason, the empty reason included (no reason: approved); learned as a
    # lookup on the reason, the empty reason's rows must get their value too, not an empty decision
    frame = applications(seed)
    spec = inspect(Source(location="a", kind="folder", frames={"a": frame}, fingerprint="a")).spec
    t = spec.tables["a"]
    case = t.columns["reason"]
    assert isinstance(case, m.CaseColumn)
    plain = case.default.model_copy(update={"null_rate": float(frame["reason"].is_null().mean())})
    spec = spec.model_copy(update={"tables": {"a": t.model_copy(update={"columns": {**t.columns, "reason": plain}})}})
    sample = DatasetSynthesizer(seed=1).fit({"a": frame}, spec).sample(seed=3)["a"]
    assert sample["decision"].null_count() == 0
    empty = sample.filter(pl.col("reason").is_null())
    assert empty.height > 300 and (empty["decision"] == "approved").all()
    assert (sample.filter(pl.col("reason").is_not_null())["decision"] == "rejected").all()
