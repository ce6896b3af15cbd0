"""Synthesizers under one base: parameters, clone, registration by method name, the shipped check suite."""

from __future__ import annotations

from typing import Any

import polars as pl
import pytest

from simulacra.errors import NotFittedError
from simulacra.synth import (
    BaseSynthesizer,
    DatasetSynthesizer,
    TabularSynthesizer,
    _base,
    make_synthesizer,
    register_synthesizer,
    synthesizer_methods,
)
from simulacra.testing import check_synthesizer


@pytest.mark.parametrize("method", sorted(synthesizer_methods()))
def test_every_registered_method_passes_check_synthesizer(method: str) -> None:
    check_synthesizer(lambda: make_synthesizer(method, seed=7))


def test_the_shipped_methods_are_registered() -> None:
    assert {"trees", "copula"} <= set(synthesizer_methods())
    made = make_synthesizer("copula", n_bins=12)
    assert isinstance(made, TabularSynthesizer) and made.params.method == "copula" and made.params.n_bins == 12
    with pytest.raises(ValueError, match="unknown synthesizer method 'tress'.*did you mean 'trees'"):
        make_synthesizer("tress")


def test_params_round_trip_and_clone_is_unfitted() -> None:
    synth = TabularSynthesizer(method="copula", min_count=3, keep=("a",), seed=5)
    params = synth.get_params()
    assert params["method"] == "copula" and params["min_count"] == 3 and params["keep"] == ("a",)
    assert TabularSynthesizer(**params).get_params() == params
    frame = pl.DataFrame({"a": ["x", "y"] * 50, "b": list(range(100))})
    synth.fit(frame)
    twin = synth.clone()
    assert twin.get_params() == params
    with pytest.raises(NotFittedError):
        twin.sample(3)
    with pytest.raises(ValueError, match="method must be one of"):  # checked as __init__ checks it
        synth.set_params(method="gan")
    dataset = DatasetSynthesizer(first={"t": ["a"]}, seed=2)
    assert dataset.clone().get_params() == dataset.get_params() == {**dataset.get_params(), "first": {"t": ["a"]}}


class _Constant(BaseSynthesizer):
    """A third-party method that repeats shuffled training rows (what an extension might register)."""

    def __init__(self, *, seed: int = 0) -> None:
        self.seed = seed

    def fit(self, data: pl.DataFrame) -> _Constant:
        self.rows_ = data
        return self

    def sample(self, n_rows: int | None = None, *, seed: int | None = None) -> pl.DataFrame:
        rows = getattr(self, "rows_", None)
        if rows is None:
            raise NotFittedError("not fitted")
        n = rows.height if n_rows is None else n_rows
        return rows.sample(n, with_replacement=True, seed=self.seed if seed is None else seed)


class _Forgetful(_Constant):
    def sample(self, n_rows: int | None = None, *, seed: int | None = None) -> pl.DataFrame:
        return super().sample(n_rows, seed=None)  # ignores the seed: a broken contract


def test_a_third_party_method_registers_and_the_suite_catches_a_broken_one(monkeypatch: Any) -> None:
    monkeypatch.setattr(_base, "_METHODS", dict(_base._METHODS))  # leave the process's registry as it was
    register_synthesizer("bootstrap", _Constant, description="resampled rows")
    assert synthesizer_methods()["bootstrap"].description == "resampled rows"
    with pytest.raises(ValueError, match="already registered"):
        register_synthesizer("bootstrap", _Constant)
    check_synthesizer(lambda: make_synthesizer("bootstrap", seed=1))
    with pytest.raises(AssertionError, match="different seeds gave equal samples"):
        check_synthesizer(_Forgetful)


def test_model_manifests_carry_the_run_keys_and_save_to_the_same_bytes(tmp_path: Any) -> None:
    from simulacra._manifest import RUN_KEYS

    frame = pl.DataFrame({"a": ["x", "y", "z"] * 40, "b": list(range(120))})
    for i in (1, 2):
        TabularSynthesizer(method="copula", seed=1, name="t").fit(frame).save(tmp_path / f"m{i}")
    manifest = TabularSynthesizer.load(tmp_path / "m1").manifest()
    assert list(manifest)[: len(RUN_KEYS)] == list(RUN_KEYS)
    assert manifest["method"] == "copula" and manifest["rows"] == {"t": 120} and manifest["started_at"] is None
    for name in ("manifest.json", "arrays.npz"):
        assert (tmp_path / "m1" / name).read_bytes() == (tmp_path / "m2" / name).read_bytes(), name
