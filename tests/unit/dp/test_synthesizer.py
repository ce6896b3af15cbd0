"""DPSynthesizer: declared domains, rare values never released, clear errors, determinism, save/load."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import polars as pl
import pytest

from simulacra.dp import DPSynthesizer
from simulacra.errors import SpecError


def _frame(n: int = 1000, seed: int = 0) -> pl.DataFrame:
    rng = np.random.default_rng(seed)
    g = rng.choice(["red", "green", "blue"], size=n, p=[0.5, 0.3, 0.2])
    x = np.where(g == "red", rng.integers(0, 40, n), rng.integers(50, 100, n))
    return pl.DataFrame({"g": g, "x": x, "ok": x > 60})


DOMAIN = {"x": {"bounds": [0, 100], "bins": 10}}


def test_a_rare_category_is_never_released() -> None:
    frame = _frame().with_columns(
        pl.when(pl.int_range(pl.len()) == 7).then(pl.lit("Zebediah")).otherwise(pl.col("g")).alias("g")
    )
    for seed in range(40):
        model = DPSynthesizer(epsilon=1.0, delta=1e-5, domain=DOMAIN, seed=seed).fit(frame)
        assert "Zebediah" not in model.domains_["g"].categories
        assert set(model.domains_["g"].categories) == {"red", "green", "blue"}  # 200+ rows each: released
        out = model.sample(2000)
        assert "Zebediah" not in out.get_column("g").to_list()
        assert "Zebediah" not in json.dumps(model.manifest())


def test_samples_stay_within_declared_bounds_and_follow_the_data() -> None:
    frame = _frame(4000)
    model = DPSynthesizer(epsilon=5.0, delta=1e-6, domain=DOMAIN, seed=1).fit(frame)
    out = model.sample(8000)
    assert out.schema == frame.schema
    x = out.get_column("x").drop_nulls()
    assert x.min() >= 0 and x.max() <= 100
    red = out.filter(pl.col("g") == "red").get_column("x")
    assert red.mean() < 30 < out.filter(pl.col("g") == "blue").get_column("x").mean()
    assert abs(model.n_rows_ - 4000) < 100  # the DP-released row count
    spent = model.spent()
    assert spent["epsilon_spent"] == pytest.approx(5.0, rel=1e-6)
    assert set(spent["components"]) == {
        "category domains",
        "one-way marginals",
        "selection",
        "two-way marginals",
        "three-way marginals",
    }


def test_same_seed_same_model_and_rows(tmp_path: Path) -> None:
    frame = _frame()
    a = DPSynthesizer(epsilon=1.0, delta=1e-5, domain=DOMAIN, seed=3).fit(frame)
    b = DPSynthesizer(epsilon=1.0, delta=1e-5, domain=DOMAIN, seed=3).fit(frame)
    assert a.sample(500).equals(b.sample(500))
    a.save(tmp_path / "m")
    loaded = DPSynthesizer.load(tmp_path / "m")
    assert loaded.sample(500).equals(a.sample(500))
    assert loaded.spent() == json.loads(json.dumps(a.spent()))


def test_declared_categories_are_used_as_given() -> None:
    frame = _frame()
    domain = {**DOMAIN, "g": {"categories": ["red", "green", "purple"]}}
    model = DPSynthesizer(epsilon=2.0, delta=1e-5, domain=domain, seed=0).fit(frame)
    assert "category domains" not in model.spent()["components"]  # nothing released: nothing spent on it
    assert set(model.sample(3000).get_column("g").drop_nulls().unique()) <= {"red", "green", "purple"}


@pytest.mark.parametrize(
    ("kwargs", "column", "message"),
    [
        ({"epsilon": 0.0}, None, "epsilon must be a positive"),
        ({"epsilon": -1.0}, None, "epsilon must be a positive"),
        ({"epsilon": 1.0, "delta": 1e-3}, None, "below 1/n"),
        ({"epsilon": 1.0, "domain": {}}, "x", "needs declared bounds"),
        ({"epsilon": 1.0, "domain": {"x": {"bounds": [5, 5]}}}, "x", "low < high"),
        ({"epsilon": 1.0, "domain": {**DOMAIN, "nope": "released"}}, "nope", "does not have"),
        ({"epsilon": 1.0, "domain": {"x": {"bounds": [0, 1], "colour": 1}}}, "x", "unknown key"),
    ],
)
def test_a_wrong_configuration_is_a_clear_error(kwargs: dict, column: str | None, message: str) -> None:
    with pytest.raises(SpecError, match=message) as err:
        DPSynthesizer(**{"delta": 1e-5, "domain": DOMAIN, **kwargs}).fit(_frame())
    assert err.value.location.column == column
    if column:
        assert f"column '{column}'" in str(err.value)


def test_a_yaml_declaration_is_read(tmp_path: Path) -> None:
    f = tmp_path / "domain.yaml"
    f.write_text("columns:\n  x: {bounds: [0, 100], edges: [0, 50, 100]}\n  ok: skip\n")
    model = DPSynthesizer(epsilon=1.0, delta=1e-5, domain=f).fit(_frame())
    assert model.columns_ == ["g", "x"]
    f.write_text("columns:\n  x: {bounds: [0, 100], edges: [0, 50, 99]}\n")
    with pytest.raises(SpecError, match="domain.yaml.*column 'x'.*edges must start at 0 and end at 100"):
        DPSynthesizer(epsilon=1.0, delta=1e-5, domain=f)


# ---------------------------------------------------------------- fine one-way bins
def _spiked(n: int = 6000, seed: int = 0) -> pl.DataFrame:
    """Hours a week: 60 % exactly 40, the rest spread over 1..100 (a bin of width 10 holds 40 and nine others)."""
    rng = np.random.default_rng(seed)
    return pl.DataFrame({"hours": np.where(rng.random(n) < 0.6, 40, rng.integers(1, 101, n))})


def test_an_integer_column_keeps_its_spike_within_a_bin() -> None:
    frame = _spiked()
    coarse = {"hours": {"bounds": [0, 100], "bins": 10}}
    model = DPSynthesizer(epsilon=2.0, delta=1e-6, domain=coarse, seed=0).fit(frame)
    assert model.domains_["hours"].resolution == 1.0  # 100 values ≤ DEFAULT_FINE_SPAN: measured per value
    share = float((model.sample(6000).get_column("hours") == 40).mean())
    assert share == pytest.approx(0.6 + 0.4 / 100, abs=0.04)
    # a float column has no default: the bin's draws stay uniform, so 40 itself is about a tenth of its bin
    as_float = DPSynthesizer(epsilon=2.0, delta=1e-6, domain=coarse, seed=0).fit(frame.cast(pl.Float64))
    assert as_float.domains_["hours"].resolution is None
    x = as_float.sample(6000).get_column("hours")
    assert float(((x >= 40) & (x < 41)).mean()) < 0.15


def test_a_declared_resolution_is_measured_and_accounted_by_hand(tmp_path: Path) -> None:
    from simulacra.dp.accountant import rho_for
    from simulacra.dp.synthesizer import FINE_SHARE, ONE_WAY_SHARE

    frame = _frame(3000).with_columns(pl.col("x").cast(pl.Float64))
    domain = {
        **DOMAIN,
        "x": {"bounds": [0, 100], "bins": 4, "resolution": 12.5},
        "g": {"categories": ["red", "green", "blue"]},
    }
    model = DPSynthesizer(epsilon=3.0, delta=1e-6, domain=domain, seed=2).fit(frame)
    assert model.domains_["x"].fine_edges == (0.0, 12.5, 25.0, 37.5, 50.0, 62.5, 75.0, 87.5, 100.0)
    rho1 = rho_for(3.0, 1e-6) * ONE_WAY_SHARE / 3  # three columns, no category released
    one = [(s["detail"], s["rho"]) for s in model.spent()["measurements"] if s["component"] == "one-way marginals"]
    assert one == [
        ("g", pytest.approx(rho1)),
        ("x", pytest.approx(rho1 * (1 - FINE_SHARE))),
        ("x (fine bins)", pytest.approx(rho1 * FINE_SHARE)),
        ("ok", pytest.approx(rho1)),
    ]
    # red rows lie in 0..39: at ε = 3 the fine bins put nearly none of them at 40..50 (uniform would put a fifth)
    red = model.sample(6000).filter(pl.col("g") == "red").get_column("x")
    assert float((red >= 37.5).mean()) < 0.1
    model.save(tmp_path / "m")
    loaded = DPSynthesizer.load(tmp_path / "m")
    assert loaded.sample(700, seed=5).equals(model.sample(700, seed=5))


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ({"bounds": [0, 100], "resolution": 0}, "resolution must be a positive width"),
        ({"bounds": [0, 100], "resolution": 0.001}, "more than 4096 fine bins"),
        ({"categories": ["a"], "resolution": 1}, "either categories or bounds"),
    ],
)
def test_a_bad_resolution_names_the_column(entry: dict, message: str) -> None:
    with pytest.raises(SpecError, match=message) as err:
        DPSynthesizer(epsilon=1.0, domain={"x": entry})
    assert err.value.location.column == "x"


@pytest.mark.parametrize("aware", [True, False])
def test_selection_passes_over_a_large_pair_whose_dependence_noise_would_drown(
    aware: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    """c–d (52×52 cells) depends more than a–b (4×4) by raw L1, but at ε = 1 its measurement's expected
    noise, sqrt(2/π)·σ·cells ≈ 28,000, is ten times that signal: the noise-aware score links c and d
    through the small columns instead; without the penalty the tree takes c–d."""
    import simulacra.dp.synthesizer as syn

    monkeypatch.setattr(syn, "NOISE_AWARE", aware)
    rng = np.random.default_rng(0)
    n = 5000
    a = rng.integers(0, 2, n)
    c = rng.integers(0, 50, n)
    frame = pl.DataFrame(
        {
            "a": a,
            "b": np.where(rng.random(n) < 0.6, a, 1 - a),
            "c": c,
            "d": np.where(rng.random(n) < 0.3, c, rng.integers(0, 50, n)),
        }
    )
    domain = {"a": {"categories": [0, 1]}, "b": {"categories": [0, 1]}}
    domain |= {x: {"bounds": [0, 50], "bins": 50} for x in ("c", "d")}
    model = DPSynthesizer(epsilon=1.0, delta=1e-6, domain=domain, seed=0).fit(frame)
    ic, id_ = model.columns_.index("c"), model.columns_.index("d")
    linked = model.parents_[ic] == id_ or model.parents_[id_] == ic
    assert linked is not aware


def test_a_declared_resolution_survives_the_declaration_round_trip() -> None:
    """The CLI path re-parses each declaration from its entry: the resolution must come back equal."""
    from simulacra.dp.domain import parse_domain

    declared = parse_domain({"x": {"bounds": [0, 100], "bins": 4, "resolution": 12.5}})
    again = parse_domain({c: d.to_json_entry() for c, d in declared.items()})
    assert again == declared and again["x"].resolution == 12.5


@pytest.mark.parametrize("rounds", [4, 0])
def test_a_three_way_round_learns_what_no_pair_shows(rounds: int, monkeypatch: pytest.MonkeyPatch) -> None:
    """c = a XOR b with b = 1 for a fifth of the rows: c follows a 80 % of the time (a tree edge), but b is
    independent of a and of c, so a tree of pairs gets c = a XOR b only 0.8² + 0.2² = 68 % of the time; a
    three-way round measures (a, b, c) and gets it back. The spend is counted by hand."""
    import simulacra.dp.synthesizer as syn
    from simulacra.dp.accountant import rho_for

    monkeypatch.setattr(syn, "THREE_WAY_ROUNDS", rounds)
    rng = np.random.default_rng(1)
    a, b = rng.integers(0, 2, 4000), (rng.random(4000) < 0.2).astype(np.int64)
    frame = pl.DataFrame({"a": a, "b": b, "c": a ^ b})
    domain = {col: {"categories": [0, 1]} for col in frame.columns}
    model = DPSynthesizer(epsilon=4.0, delta=1e-6, domain=domain, seed=0).fit(frame)
    out = model.sample(4000)
    agree = float((out.get_column("c") == (out.get_column("a") ^ out.get_column("b"))).mean())
    rho = rho_for(4.0, 1e-6)
    spent = model.spent()["measurements"]
    three = [s for s in spent if s["component"] == "three-way marginals"]
    picks = [s for s in spent if s["detail"] == "one three-way marginal"]
    two = [s for s in spent if s["component"] == "two-way marginals"]
    if rounds:  # three columns: only the last drawn has a second parent to take, so one round
        assert agree > 0.95
        assert len(three) == len(picks) == 1 and sum(k >= 0 for k in model.parents2_) == 1
        # 15 % of ρ (out of the two-way 70 %), a tenth of it to the pick
        assert three[0]["rho"] == pytest.approx(rho * syn.THREE_WAY_SHARE * 0.9)
        assert picks[0]["rho"] == pytest.approx(rho * syn.THREE_WAY_SHARE * 0.1)
        assert two[0]["rho"] == pytest.approx(rho * (syn.TWO_WAY_SHARE - syn.THREE_WAY_SHARE) / 2)
    else:
        assert 0.6 < agree < 0.76
        assert not three and not picks
        assert two[0]["rho"] == pytest.approx(rho * syn.TWO_WAY_SHARE / 2)
    assert model.spent()["rho"] == pytest.approx(rho)
