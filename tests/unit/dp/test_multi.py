"""Several tables under DP: the budget by hand, the child-count bound, foreign keys, an audit."""

from __future__ import annotations

import math
import sqlite3
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl
import pytest

import simulacra
from simulacra.dp import MultiTableDPSynthesizer, rho_for
from simulacra.dp.accountant import epsilon_for
from simulacra.errors import SpecError

LINKS = [("orders", "customer_id", "customers", "customer_id"), ("items", "order_id", "orders", "order_id")]
KEYS = {"customers": "customer_id", "orders": "order_id", "items": "item_id"}
DOMAIN: dict[str, Any] = {
    "tables": {
        "customers": {"columns": {"age": {"bounds": [18, 80], "bins": 6}, "segment": {"categories": ["a", "b"]}}},
        "orders": {"max_children": 4, "columns": {"amount": {"bounds": [0, 100], "bins": 10}}},
        "items": {"max_children": 3, "columns": {"qty": {"bounds": [1, 5], "bins": 4}}},
    }
}


def _dataset(n: int = 300, *, greedy: int = 0) -> dict[str, pl.DataFrame]:
    """Customers -> orders -> items with keys unlike 1..n; customer 0 has ``greedy`` orders when set."""
    rng = np.random.default_rng(3)
    cid = 10_000 + 7 * np.arange(n)
    per = rng.integers(0, 4, n)
    if greedy:
        per[0] = greedy
    oc = np.repeat(cid, per)
    oid = 500_000 + 3 * np.arange(len(oc))
    per2 = rng.integers(0, 3, len(oc))
    return {
        "customers": pl.DataFrame(
            {"customer_id": cid, "age": rng.integers(18, 80, n), "segment": rng.choice(["a", "b"], n)}
        ),
        "orders": pl.DataFrame({"order_id": oid, "customer_id": oc, "amount": rng.uniform(0, 100, len(oc))}),
        "items": pl.DataFrame(
            {
                "item_id": [f"I{i:06d}" for i in range(int(per2.sum()))],
                "order_id": np.repeat(oid, per2),
                "qty": rng.integers(1, 5, int(per2.sum())),
            }
        ),
    }


def _fit(frames: dict[str, pl.DataFrame], epsilon: float = 1.0, seed: int = 0, **kw: object) -> MultiTableDPSynthesizer:
    domain = kw.pop("domain", DOMAIN)
    return MultiTableDPSynthesizer(epsilon=epsilon, delta=1e-5, domain=domain, seed=seed).fit(  # type: ignore[arg-type]
        frames, links=LINKS, keys=KEYS
    )


def test_the_budget_adds_up_by_hand() -> None:
    model = _fit(_dataset())
    spent = model.spent()
    rho = rho_for(1.0, 1e-5)  # every category declared: no pure δ, the whole δ goes to the conversion
    assert spent["rho"] == pytest.approx(rho)
    assert spent["pure_delta"] == 0.0
    assert spent["epsilon_spent"] == pytest.approx(epsilon_for(rho, 1e-5)) and spent["epsilon_spent"] <= 1.0 + 1e-9
    comp = spent["components"]
    # 10 % of ρ to the two child-count histograms, the other 90 % split over the three tables
    assert comp["orders: children per customers"]["rho"] == pytest.approx(0.05 * rho)
    assert comp["items: children per orders"]["rho"] == pytest.approx(0.05 * rho)
    per_table = 0.9 * rho / 3
    # customers has 2 columns: one-way 20 %, selection 10 %, two-way 70 % of its share
    assert comp["customers: one-way marginals"]["rho"] == pytest.approx(0.2 * per_table)
    assert comp["customers: selection"]["rho"] == pytest.approx(0.1 * per_table)
    assert comp["customers: two-way marginals"]["rho"] == pytest.approx(0.7 * per_table)
    assert comp["orders: one-way marginals"]["rho"] == pytest.approx(per_table)  # one column: all one-way
    assert math.fsum(c["rho"] for c in comp.values()) == pytest.approx(rho)
    # one individual: a customer, at most 4 orders, at most 4·3 items
    assert spent["contribution"] == {"customers": 1, "orders": 4, "items": 12}
    assert spent["unit"] == "customers"


def test_released_categories_take_half_of_delta_split_over_the_tables_that_release() -> None:
    domain = {"tables": {t: dict(v) for t, v in DOMAIN["tables"].items()}}
    domain["tables"]["customers"] = {"columns": {"age": {"bounds": [18, 80], "bins": 6}}}  # segment released
    spent = _fit(_dataset(), domain=domain).spent()
    assert spent["pure_delta"] == pytest.approx(0.5e-5)
    assert spent["components"]["customers: category domains"]["delta"] == pytest.approx(0.5e-5)
    assert spent["rho"] == pytest.approx(rho_for(1.0, 0.5e-5))


def test_a_child_tables_noise_scales_with_the_rows_one_individual_holds() -> None:
    """The same ρ on a table where one individual holds 12 rows buys 12× the noise σ (L2 sensitivity 12)."""
    from simulacra.dp import DPSynthesizer

    frame = pl.DataFrame({"qty": np.arange(400) % 4 + 1})
    domain = {"qty": {"bounds": [1, 5], "bins": 4}}

    def spread(m: int) -> float:
        totals = [
            DPSynthesizer(epsilon=1.0, domain=domain, seed=s).fit_budget(frame, 0.01, 0.0, contribution=m).n_rows_
            for s in range(150)
        ]
        return float(np.std(totals))

    # the noisy row count sums 5 cells (4 bins + null), each N(0, σ²) with σ = m / sqrt(2ρ)
    sigma_1 = math.sqrt(5) / math.sqrt(2 * 0.01)
    assert spread(1) == pytest.approx(sigma_1, rel=0.2)
    assert spread(12) == pytest.approx(12 * sigma_1, rel=0.2)
    assert _fit(_dataset()).contribution_ == {"customers": 1, "orders": 4, "items": 12}


def test_a_rare_child_count_never_shows_beyond_the_bound() -> None:
    frames = _dataset(greedy=40)  # one customer with 40 orders; the declared bound is 4
    model = _fit(frames, epsilon=50.0)
    assert len(model.count_probs_["orders"]) == 5  # 0..4 children: nothing above the cap can be drawn
    sample = model.sample(3000, seed=1)
    per_customer = sample["orders"].group_by("customer_id").len().get_column("len").to_numpy()
    assert per_customer.max() <= 4
    per_order = sample["items"].group_by("order_id").len().get_column("len").to_numpy()
    assert per_order.max() <= 3


def test_samples_keep_foreign_keys_and_never_copy_keys(tmp_path: Path) -> None:
    frames = _dataset()
    result = simulacra.fit(frames, output=tmp_path / "m", dp_epsilon=2.0, dp_domain=DOMAIN, seed=4)
    assert isinstance(result.model, MultiTableDPSynthesizer)
    assert result.model.root_ == "customers"
    out = tmp_path / "out.db"
    written = simulacra.sample(str(tmp_path / "m"), f"sqlite:///{out}", seed=9)
    assert written.manifest["privacy"]["differential_privacy"]["epsilon_spent"] == pytest.approx(2.0)
    with sqlite3.connect(out) as db:
        for child, fk, parent, key in LINKS:
            orphans = db.execute(
                f"SELECT count(*) FROM {child} c LEFT JOIN {parent} p ON c.{fk} = p.{key} WHERE p.{key} IS NULL"
            ).fetchone()[0]
            assert orphans == 0
        for t, k in KEYS.items():
            n, distinct = db.execute(f"SELECT count(*), count(DISTINCT {k}) FROM {t}").fetchone()
            assert n == distinct > 0
        real_ids = set(frames["customers"].get_column("customer_id").to_list())
        drawn = {r[0] for r in db.execute("SELECT customer_id FROM customers")}
        assert not drawn & real_ids  # regenerated 1..n, never the source's keys
        items = {r[0] for r in db.execute("SELECT item_id FROM items")}
        assert not items & set(frames["items"].get_column("item_id").to_list())
    # the same seed gives the same dataset, saved model or in memory
    again = simulacra.sample(str(tmp_path / "m"), seed=9).frames
    assert again is not None
    mem = result.model.sample(seed=9)
    for t in KEYS:
        assert again[t].equals(mem[t])


def test_wrong_configurations_name_the_table() -> None:
    frames = _dataset()
    no_cap = {"tables": {**DOMAIN["tables"], "items": {"columns": {"qty": {"bounds": [1, 5]}}}}}
    with pytest.raises(SpecError, match="max_children") as err:
        _fit(frames, domain=no_cap)
    assert err.value.location is not None and err.value.location.table == "items"
    with pytest.raises(SpecError, match="declaration per table"):
        _fit(frames, domain={"columns": {"age": {"bounds": [18, 80]}}})
    with pytest.raises(SpecError, match="single root"):
        MultiTableDPSynthesizer(epsilon=1.0, delta=1e-5, domain=DOMAIN).fit(frames, links=LINKS[:1], keys=KEYS)
    keyed = {"tables": {**DOMAIN["tables"], "orders": {"max_children": 4, "columns": {"order_id": {"bounds": [0, 9]}}}}}
    with pytest.raises(SpecError, match="regenerated") as err:
        _fit(frames, domain=keyed)
    assert err.value.location is not None and err.value.location.column == "order_id"
    with pytest.raises(SpecError, match="below 1/n"):
        MultiTableDPSynthesizer(epsilon=1.0, delta=0.01, domain=DOMAIN).fit(frames, links=LINKS, keys=KEYS)


# ---------------------------------------------------------------- audit: a parent-level outlier
AUDIT_DOMAIN: dict[str, Any] = {
    "tables": {
        "customers": {"columns": {"g": {"categories": ["a", "b"]}}},
        "orders": {"max_children": 5, "columns": {"x": {"bounds": [0, 100], "edges": [0, 2, 4, 6, 8, 10, 100]}}},
    }
}
AUDIT_LINKS = [("orders", "customer_id", "customers", "customer_id")]


def _audit_neighbours() -> tuple[dict[str, pl.DataFrame], dict[str, pl.DataFrame]]:
    """D' without the outlier customer; D with it: one customer whose 5 orders all have x = 95 (others < 10)."""
    rng = np.random.default_rng(0)
    n = 120
    per = rng.integers(0, 3, n)
    without = {
        "customers": pl.DataFrame({"customer_id": np.arange(n), "g": rng.choice(["a", "b"], n)}),
        "orders": pl.DataFrame({"customer_id": np.repeat(np.arange(n), per), "x": rng.integers(0, 10, int(per.sum()))}),
    }
    with_one = {
        "customers": pl.concat([without["customers"], pl.DataFrame({"customer_id": [n], "g": ["a"]})]),
        "orders": pl.concat([without["orders"], pl.DataFrame({"customer_id": [n] * 5, "x": [95] * 5})]),
    }
    return with_one, without


def _rates(epsilon: float, runs: int) -> tuple[int, int]:
    with_one, without = _audit_neighbours()

    def says_in(frames: dict[str, pl.DataFrame], seed: int) -> bool:
        model = MultiTableDPSynthesizer(epsilon=epsilon, delta=1e-4, domain=AUDIT_DOMAIN, seed=seed)
        sample = model.fit(frames, links=AUDIT_LINKS).sample(121, seed=seed)
        return bool((sample["orders"].get_column("x").drop_nulls() > 10).any())

    tp = sum(says_in(with_one, s) for s in range(runs))
    fp = sum(says_in(without, s) for s in range(runs))
    return tp, fp


def test_a_parent_level_outlier_stays_within_epsilon() -> None:
    from tests.unit.dp.test_audit import _epsilon_lower_bound

    runs = 120
    tp, fp = _rates(1.0, runs)
    assert _epsilon_lower_bound(tp, fp, runs) <= 1.0, (tp, fp)


def test_the_same_attack_has_power_when_the_budget_is_loose() -> None:
    """The attack is not blind: at ε = 200 it tells the neighbours apart far beyond ε = 1."""
    from tests.unit.dp.test_audit import _epsilon_lower_bound

    runs = 30
    tp, fp = _rates(200.0, runs)
    assert _epsilon_lower_bound(tp, fp, runs) > 1.0, (tp, fp)


def test_a_self_reference_is_left_out_not_learned() -> None:
    frames = _dataset()
    frames["customers"] = frames["customers"].with_columns(referrer=pl.col("customer_id").shift(1))
    links = [*LINKS, ("customers", "referrer", "customers", "customer_id")]
    model = MultiTableDPSynthesizer(epsilon=1.0, delta=1e-5, domain=DOMAIN).fit(frames, links=links, keys=KEYS)
    assert "referrer" not in model.sample(50, seed=0)["customers"].columns


# ---------------------------------------------------------------- max_children chosen under DP
def test_cap_candidates_are_every_small_integer_then_geometric() -> None:
    from simulacra.dp.multi import cap_candidates

    assert cap_candidates(5).tolist() == [1, 2, 3, 4, 5]
    assert cap_candidates(60).tolist() == [*range(1, 17), 20, 25, 32, 40, 50, 60]


def test_choose_cap_draws_with_the_exponential_mechanisms_probabilities() -> None:
    """Frequencies of each bound against exp(ε·score / (2Δ)) computed by hand, ε = sqrt(8ρ)."""
    from simulacra.dp.multi import CapRule, choose_cap

    children = np.array([0, 1, 1, 2, 5])
    rule = CapRule(quantile=0.5, upper=5)
    # rows with ≤ k children, k = 1..5: A = 3, 4, 4, 4, 5; q·n = 2.5; score −max(0, 2.5 − A(k), A(k−1) − 2.5)
    scores = -np.array([0.0, 0.5, 1.5, 1.5, 1.5])
    for rho, sens in ((0.5, 1.0), (2.0, 4.0)):
        eps = math.sqrt(8 * rho)
        want = np.exp(eps * scores / (2 * sens))
        want /= want.sum()
        rng = np.random.default_rng(7)
        draws = np.array([choose_cap(children, rule, rho, rng, sens) for _ in range(6000)])
        got = np.bincount(draws, minlength=6)[1:] / len(draws)
        assert np.abs(got - want).max() < 0.02, (got, want)


def _auto_domain(quantile: float = 0.9, **extra: Any) -> dict[str, Any]:
    tables = {t: dict(v) for t, v in DOMAIN["tables"].items()}
    tables["orders"] = {**tables["orders"], "max_children": {"quantile": quantile, "upper": 60, **extra}}
    return {"tables": tables}


def test_max_children_chosen_under_dp_lands_on_the_quantile_and_is_accounted(tmp_path: Path) -> None:
    frames = _dataset(greedy=40)  # 0..3 orders per customer, and one customer with 40
    model = _fit(frames, epsilon=20.0, domain=_auto_domain(0.9))
    orders = next(lk for lk in model.links_ if lk.child == "orders")
    assert orders.cap == 3  # the 0.9 quantile of children per customer, not the outlier's 40
    assert model.contribution_ == {"customers": 1, "orders": 3, "items": 9}
    spent = model.spent()
    rho = rho_for(20.0, 1e-5)
    comp = spent["components"]
    assert comp["orders: max_children"]["rho"] == pytest.approx(0.02 * rho)  # the default share
    assert [s["mechanism"] for s in spent["measurements"] if s["component"] == "orders: max_children"] == [
        "exponential"
    ]
    # the rest as before, over what is left: 10 % to the counts, (1 − 0.1 − 0.02)·ρ over the three tables
    assert comp["customers: selection"]["rho"] == pytest.approx(0.1 * 0.88 * rho / 3)
    assert math.fsum(c["rho"] for c in comp.values()) == pytest.approx(rho)
    assert spent["epsilon_spent"] <= 20.0 + 1e-9
    sample = model.sample(2000, seed=1)
    assert sample["orders"].group_by("customer_id").len().get_column("len").max() <= 3
    model.save(tmp_path / "m")
    again = MultiTableDPSynthesizer.load(tmp_path / "m")
    assert [lk.cap for lk in again.links_] == [lk.cap for lk in model.links_]
    assert again.manifest()["max_children_under_dp"] == {"orders": {"quantile": 0.9, "upper": 60, "share": 0.02}}
    assert again.sample(300, seed=2)["orders"].equals(model.sample(300, seed=2)["orders"])


def test_a_lower_quantile_gives_a_lower_bound_and_a_declared_share_is_spent() -> None:
    model = _fit(_dataset(), epsilon=20.0, domain=_auto_domain(0.3, share=0.05))
    assert next(lk.cap for lk in model.links_ if lk.child == "orders") == 1
    assert model.spent()["components"]["orders: max_children"]["rho"] == pytest.approx(0.05 * rho_for(20.0, 1e-5))


@pytest.mark.parametrize(
    ("rule", "message"),
    [
        ({"quantile": 1.5, "upper": 10}, "quantile must be in"),
        ({"quantile": 0.9, "upper": 0}, "upper must be an integer"),
        ({"quantile": 0.9}, "max_children is a positive integer or"),
        ({"quantile": 0.9, "upper": 10, "share": 0.5}, "share must be in"),
    ],
)
def test_a_bad_max_children_rule_names_the_table(rule: dict[str, Any], message: str) -> None:
    domain = {"tables": {**DOMAIN["tables"], "orders": {**DOMAIN["tables"]["orders"], "max_children": rule}}}
    with pytest.raises(SpecError, match=message) as err:
        MultiTableDPSynthesizer(epsilon=1.0, domain=domain)
    assert err.value.location is not None and err.value.location.table == "orders"


def test_a_table_with_two_parents_is_refused_naming_it() -> None:
    """Not a tree (items under orders and under customers): one individual's rows could not be bounded
    along one path, so DP refuses, naming the table and the second foreign key."""
    frames = _dataset()
    items = frames["items"].join(frames["orders"].select("order_id", "customer_id"), on="order_id", how="left")
    frames["items"] = items
    links = [*LINKS, ("items", "customer_id", "customers", "customer_id")]
    with pytest.raises(SpecError, match="at most one parent; items references both orders and customers") as err:
        MultiTableDPSynthesizer(epsilon=1.0, delta=1e-5, domain=DOMAIN).fit(frames, links=links, keys=KEYS)
    assert err.value.location is not None
    assert (err.value.location.table, err.value.location.column) == ("items", "customer_id")


def test_bounds_chosen_under_dp_may_not_take_most_of_the_budget() -> None:
    def domain(share: float) -> dict[str, Any]:
        tables = {t: dict(v) for t, v in DOMAIN["tables"].items()}
        for t in ("orders", "items"):
            tables[t] = {**tables[t], "max_children": {"quantile": 0.9, "upper": 10, "share": share}}
        return {"tables": tables}

    spent = _fit(_dataset(), domain=domain(0.15)).spent()  # 30 % together: allowed, and spent
    assert spent["components"]["items: max_children"]["rho"] == pytest.approx(0.15 * spent["rho"])
    with pytest.raises(SpecError, match="more than 30%") as err:
        _fit(_dataset(), domain=domain(0.2))
    assert err.value.location is not None and err.value.location.table == "orders"
