"""What the single-table default keeps that peers lose: spikes, exact dependencies, label rates, nulls;
what it never does: copy training rows or write rare values."""

from __future__ import annotations

import numpy as np
import polars as pl
import pytest

from simulacra.errors import ConstraintError, SpecError
from simulacra.synth import TabularSynthesizer
from simulacra.synth._encoding import fit_encoder


@pytest.fixture(scope="module")
def fitted(people: pl.DataFrame) -> TabularSynthesizer:
    return TabularSynthesizer(seed=1, first=["label"]).fit(people)


def test_zero_inflated_column_keeps_its_spike(fitted: TabularSynthesizer, people: pl.DataFrame) -> None:
    s = fitted.sample(4000)
    real = float((people["gain"] == 0).mean())
    assert abs(float((s["gain"] == 0).mean()) - real) < 0.02


def test_exact_dependency_holds_in_every_row(fitted: TabularSynthesizer) -> None:
    deps = {d.column: d.source for d in fitted.table_.dependencies}
    assert deps.get("level_num") == "level"
    s = fitted.sample(3000)
    pairs = s.select("level", "level_num").unique()
    assert pairs.height == 4  # one number per level, in all rows
    assert dict(zip(pairs["level"], pairs["level_num"])) == {"low": 1, "mid": 2, "high": 3, "top": 4}


def test_label_rate_and_null_rate_are_kept(fitted: TabularSynthesizer, people: pl.DataFrame) -> None:
    s = fitted.sample(6000)
    assert abs(float((s["label"] == "yes").mean()) - float((people["label"] == "yes").mean())) < 0.02
    assert abs(s["score"].null_count() / s.height - people["score"].null_count() / people.height) < 0.015


def test_dependence_between_columns_is_learned(fitted: TabularSynthesizer) -> None:
    s = fitted.sample(6000)
    old = s.filter(pl.col("age") > 60)["label"]
    young = s.filter(pl.col("age") < 30)["label"]
    assert float((old == "yes").mean()) > 0.8 and float((young == "yes").mean()) < 0.1


def test_no_sampled_row_copies_an_identifying_training_row() -> None:
    rng = np.random.default_rng(0)  # integer values recur after rounding: copies are likely without rejection
    frame = pl.DataFrame(
        {"a": rng.choice(["x", "y"], 3000), "b": rng.choice(["p", "q", "r"], 3000), "c": rng.integers(0, 400, 3000)}
    )
    on = TabularSynthesizer(seed=2).fit(frame)
    off = TabularSynthesizer(seed=2, reject_copies=False).fit(frame)
    combos = frame.group_by("a", "b", "c").len()
    rare = combos.filter(pl.col("len") < 5).drop("len")
    assert off.sample(3000).join(rare, on=["a", "b", "c"], how="semi").height > 100
    assert on.sample(3000).join(rare, on=["a", "b", "c"], how="semi").height == 0
    assert on.manifest()["privacy"]["copy_rejection"] is True


def test_redrawing_gives_up_loudly_when_no_row_can_be_made() -> None:
    from simulacra._random import root_stream

    synth = TabularSynthesizer(seed=0).fit(pl.DataFrame({"a": ["x"] * 6 + ["y"] * 6}))
    with pytest.raises(ConstraintError, match="10 of 10 sampled rows still copy a training row or break"):
        synth.table_.sample(
            np.arange(10, dtype=np.int64), root_stream(0), attempts=3, accept=lambda f: np.zeros(f.height, dtype=bool)
        )


def test_copy_rejection_on_realistic_data(people: pl.DataFrame) -> None:
    coarse = people.select("level", "label", "member", "city")
    synth = TabularSynthesizer(seed=4).fit(coarse.head(40))  # 40 rows: most combinations unseen
    s = synth.sample(500)
    assert s.join(coarse.head(40).unique(), on=coarse.columns, how="semi").height == 0


def test_encoder_spikes_decode_exactly_and_bins_stay_in_range() -> None:
    x = pl.Series("v", [0] * 900 + list(range(1000, 1100)))
    enc = fit_encoder(x, "numeric")
    assert 0.0 in enc.spikes
    codes = enc.encode(x)
    u = np.linspace(0.01, 0.99, len(x))
    back = enc.decode(codes, u)
    assert (back.to_numpy()[:900] == 0).all()
    assert back.to_numpy()[900:].min() >= 1000 and back.to_numpy()[900:].max() <= 1099


def test_all_null_and_constant_columns(people: pl.DataFrame) -> None:
    frame = people.with_columns(empty=pl.lit(None, dtype=pl.Float64), const=pl.lit("same"))
    s = TabularSynthesizer(seed=0).fit(frame).sample(200)
    assert s["empty"].null_count() == 200
    assert s["const"].unique().to_list() == ["same"]


def test_single_row_table_is_learned_without_copying_it() -> None:
    frame = pl.DataFrame({"a": ["x"], "b": [1.5]})
    synth = TabularSynthesizer(seed=0).fit(frame)
    s = synth.sample(5)
    assert s.height == 5 and s.schema == frame.schema
    assert "x" not in s["a"].to_list()  # a value seen once is rare: never written verbatim


def test_where_and_rebalance(fitted: TabularSynthesizer) -> None:
    yes = fitted.sample(500, where="label = 'yes'")
    assert yes.height == 500 and set(yes["label"]) == {"yes"}
    assert float(yes["age"].mean()) > 50  # the other columns follow the condition
    old = fitted.sample(300, where="age >= 70 AND level = 'low'")
    assert old.height == 300 and old["age"].min() >= 70 and set(old["level"]) == {"low"}
    half = fitted.sample(4000, rebalance={"label": {"yes": 0.5}})
    assert abs(float((half["label"] == "yes").mean()) - 0.5) < 0.03


def test_rebalancing_the_second_first_column_keeps_its_other_classes(people: pl.DataFrame) -> None:
    """The classes not named keep their overall shares (not those of one tree leaf of the second column)."""
    synth = TabularSynthesizer(seed=0, first=["label", "level"]).fit(people)
    s = synth.sample(4000, rebalance={"label": {"yes": 0.5}, "level": {"low": 0.5}})
    assert abs(float((s["level"] == "low").mean()) - 0.5) < 0.03
    real = people["level"].value_counts(normalize=True)
    share = dict(zip(real["level"], real["proportion"]))
    for other in ("mid", "high", "top"):
        expected = share[other] / (1 - share["low"]) * 0.5
        assert abs(float((s["level"] == other).mean()) - expected) < 0.03, other


def test_bad_conditions_are_named(fitted: TabularSynthesizer) -> None:
    with pytest.raises(SpecError, match="not a learned category of 'label'"):
        fitted.sample(10, where="label = 'maybe'")
    with pytest.raises(SpecError, match="cannot evaluate|cannot parse"):
        fitted.sample(10, where="nonsense_column > 3")
    with pytest.raises(ConstraintError, match="matches 0.000% of sampled rows"):
        fitted.sample(10, where="age > 200")
    with pytest.raises(SpecError, match="fit with first=\\['level'\\]"):
        fitted.sample(10, rebalance={"level": {"top": 0.5}})
    with pytest.raises(SpecError, match="cannot rebalance 'age': it is a number"):
        fitted.sample(10, rebalance={"age": {50: 0.5}})


def test_partial_synthesis_keeps_listed_columns(people: pl.DataFrame) -> None:
    synth = TabularSynthesizer(seed=0, keep=["age", "city"]).fit(people)
    rows = people.head(300)
    out = synth.sample(rows=rows)
    assert out["age"].equals(rows["age"]) and out["city"].equals(rows["city"])
    assert not out["level"].equals(rows["level"])
    assert float(out.filter(pl.col("age") > 60)["label"].eq("yes").mean()) > 0.7  # drawn given the kept age


def test_compiled_and_numpy_tree_walks_agree(fitted: TabularSynthesizer, people: pl.DataFrame) -> None:
    table = fitted.table_
    codes = table.encode(people)
    assert table.trees is not None
    compared = 0
    for j, tree in enumerate(table.trees.trees):
        X = codes[:, :j]
        if X.shape[1] and len(tree.left) > 1:
            assert tree._compiled() is not None  # the fast path is in use on this scikit-learn
            assert (tree.leaves(X) == tree.walk(X)).all()
            compared += 1
    assert compared >= 3  # real splits were compared, not a table of single-leaf trees
