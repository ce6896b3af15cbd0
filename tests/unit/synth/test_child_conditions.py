"""Conditions on child tables (issue 13, defect 7): ``where="TABLE: SQL"`` holds for every sampled row of that
table; a failing child row is redrawn from its model given the same parent, so the parents and the children
per parent stay as the unconditioned sample drew them; a condition too rare or impossible, or naming a column
the table does not have or does not learn, is an error naming the table (and its columns)."""

from __future__ import annotations

import numpy as np
import polars as pl
import pytest

from simulacra.errors import ConstraintError, SpecError
from simulacra.inspection import inspect
from simulacra.sources import Source
from simulacra.synth import DatasetSynthesizer


def bank(n_customers: int = 300, seed: int = 0) -> dict[str, pl.DataFrame]:
    """Customers (a tier) with loans whose amount and status depend on the customer's tier."""
    rng = np.random.default_rng(seed)
    tier = rng.choice(["basic", "gold"], n_customers, p=[0.7, 0.3])
    customers = pl.DataFrame(
        {"customer_id": np.arange(1, n_customers + 1), "tier": tier, "age": rng.integers(20, 80, n_customers)}
    )
    per = rng.integers(1, 7, n_customers)
    owner = np.repeat(np.arange(1, n_customers + 1), per)
    gold = np.repeat(tier == "gold", per)
    amount = np.round(np.where(gold, rng.lognormal(9, 0.4, len(owner)), rng.lognormal(7.5, 0.4, len(owner))), 2)
    status = np.where(rng.random(len(owner)) < np.where(gold, 0.05, 0.25), "late", "paid")
    loans = pl.DataFrame(
        {"loan_id": np.arange(1, len(owner) + 1), "customer_id": owner, "amount": amount, "status": status}
    )
    return {"customers": customers, "loans": loans}


@pytest.fixture(scope="module")
def model() -> DatasetSynthesizer:
    frames = bank()
    spec = inspect(Source(location="bank", kind="folder", frames=frames, fingerprint="bank")).spec
    return DatasetSynthesizer(seed=0).fit(frames, spec)


def _per_parent(loans: pl.DataFrame) -> pl.DataFrame:
    return loans.group_by("customer_id").len().sort("customer_id")


@pytest.mark.parametrize(
    "where",
    [
        "loans: amount > 3000",
        "loans: status = 'late'",
        ["loans: amount BETWEEN 1000 AND 5000", "loans: status = 'paid'"],
        {"loans": "amount < 1500 OR status = 'late'"},
    ],
)
def test_a_child_condition_holds_for_every_row_and_keeps_parents_and_counts(model: DatasetSynthesizer, where) -> None:
    for seed in (1, 2):
        plain = model.sample(seed=seed)
        got = model.sample(seed=seed, where=where)
        again = model.sample(seed=seed, where=where)
        assert all(got[t].equals(again[t]) for t in got)  # deterministic per seed
        loans = got["loans"]
        preds = [where] if isinstance(where, str) else list(where.values() if isinstance(where, dict) else where)
        for p in preds:
            sql = p.split(":", 1)[1] if p.startswith("loans:") else p
            assert loans.select(pl.sql_expr(sql).all()).item(), p
        assert got["customers"].equals(plain["customers"])  # the parents are the unconditioned ones
        assert _per_parent(loans).equals(_per_parent(plain["loans"]))  # and so are their children per parent
        assert loans["customer_id"].is_in(got["customers"]["customer_id"].implode()).all()
        assert loans["loan_id"].is_unique().all()


def test_redrawn_child_rows_are_drawn_given_their_parent(model: DatasetSynthesizer) -> None:
    """Under the same condition, gold customers' loans stay larger than basic customers' (not drawn alone)."""
    got = model.sample(seed=3, where="loans: status = 'paid'")
    joined = got["loans"].join(got["customers"], on="customer_id")
    means = dict(joined.group_by("tier").agg(pl.col("amount").mean()).iter_rows())
    assert means["gold"] > 2 * means["basic"]


def test_a_root_and_a_child_condition_together(model: DatasetSynthesizer) -> None:
    got = model.sample(seed=4, where=["tier = 'gold'", "loans: amount > 5000"])
    assert (got["customers"]["tier"] == "gold").all() and (got["loans"]["amount"] > 5000).all()
    assert got["loans"]["customer_id"].is_in(got["customers"]["customer_id"].implode()).all()
    child_only = model.sample(seed=4, table="loans", where="amount > 5000")  # --table names the child
    assert (child_only["loans"]["amount"] > 5000).all()


@pytest.mark.parametrize(
    ("where", "error", "words"),
    [
        (
            "loans: amont > 3",
            SpecError,
            ["table 'loans' has no column 'amont'", "'amount'", "'status'", "did you mean"],
        ),
        ("loan: amount > 3", SpecError, ["no table 'loan'", "'customers'", "did you mean 'loans'"]),
        ("tierr = 'gold'", SpecError, ["table 'customers' has no column 'tierr'", "'tier'"]),
        ("loans: loan_id > 3", SpecError, ["'loan_id' is made by rules", "'amount'"]),
        ("loans: amount < 0", ConstraintError, ["table 'loans'", "condition 'amount < 0'", "still fail it"]),
        ("loans: status = 'never'", ConstraintError, ["table 'loans'", "condition \"status = 'never'\""]),
    ],
)
def test_conditions_that_cannot_hold_name_the_table(model: DatasetSynthesizer, where, error, words) -> None:
    with pytest.raises(error) as info:
        model.sample(seed=1, where=where)
    for w in words:
        assert w in str(info.value), (w, str(info.value))


def test_dask_placement_names_a_conditioned_child(model: DatasetSynthesizer) -> None:
    """Under --engine dask a conditioned child is drawn on the client; the manifest says why (not 'no rows')."""
    from simulacra.learning import _whole_why

    assert _whole_why(model, "loans", None, "loans: amount > 3", None).startswith("conditioned (where)")
    assert _whole_why(model, "customers", None, "tier = 'gold'", None).startswith("conditioned")
    assert _whole_why(model, "loans", None, "tier = 'gold'", None) == "no rows"
