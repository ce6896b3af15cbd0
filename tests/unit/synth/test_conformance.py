"""The synthesizer contract, run over every synthesizer (scikit-learn's check_estimator idea)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl
import pytest

from simulacra.errors import ModelError, NotFittedError, SinkError
from simulacra.spec import load_spec
from simulacra.synth import DatasetSynthesizer, TabularSynthesizer

SPEC = """
name: people
tables:
  people:
    rows: 2000
    primary_key: id
    columns:
      id: {generator: sequence}
      name: {generator: full_name}
      age: {generator: integer, low: 18, high: 90}
      level: {generator: categorical, values: [low, mid, high, top]}
      level_num: {generator: integer, low: 1, high: 4}
      gain: {generator: integer, low: 0, high: 100000}
      label: {generator: categorical, values: ["yes", "no"]}
      city: {generator: categorical, values: [Berlin, Paris, Rome, Lyon, Tiny]}
      joined: {generator: date, start: "2020-01-01", end: "2022-12-31"}
      score: {generator: normal, mean: 0, std: 1}
      member: {generator: boolean}
constraints:
  - {table: people, column: age, min: 18, max: 90}
"""


class _Dataset:
    """DatasetSynthesizer seen through the single-frame interface of the suite."""

    def __init__(self, **kw: Any) -> None:
        self.inner = DatasetSynthesizer(**kw)

    def fit(self, frame: pl.DataFrame, tmp: Path) -> Any:
        spec_file = tmp / "spec.yaml"
        spec_file.write_text(SPEC)
        frame = frame.with_row_index("id", offset=1).with_columns(pl.col("id").cast(pl.Int64), name=pl.lit("x"))
        return self.inner.fit({"people": frame}, load_spec(spec_file))

    def sample(self, n: int, seed: int) -> pl.DataFrame:
        return self.inner.sample(n_rows=n, seed=seed)["people"]


FACTORIES: dict[str, Callable[[], Any]] = {
    "trees": lambda: TabularSynthesizer(seed=3),
    "copula": lambda: TabularSynthesizer(method="copula", seed=3),
    "dataset": lambda: _Dataset(seed=3),
}


def _fit(synth: Any, frame: pl.DataFrame, tmp: Path) -> Any:
    return synth.fit(frame, tmp) if isinstance(synth, _Dataset) else synth.fit(frame)


def _sample(synth: Any, n: int, seed: int) -> pl.DataFrame:
    return synth.sample(n, seed) if isinstance(synth, _Dataset) else synth.sample(n, seed=seed)


def _inner(synth: Any) -> Any:
    """The synthesizer itself (the one that saves and loads)."""
    return synth.inner if isinstance(synth, _Dataset) else synth


def _saved(make: Callable[[], Any], people: pl.DataFrame, tmp_path: Path) -> tuple[Any, Any]:
    """A fitted synthesizer (as the suite sees it) and its inner one, saved to tmp_path / "model"."""
    synth = make()
    _fit(synth, people, tmp_path)
    inner = _inner(synth)
    inner.save(tmp_path / "model")
    return synth, inner


@pytest.fixture(params=sorted(FACTORIES))
def make(request: pytest.FixtureRequest) -> Callable[[], Any]:
    return FACTORIES[request.param]


def test_fit_returns_self(make: Callable[[], Any], people: pl.DataFrame, tmp_path: Path) -> None:
    synth = make()
    fitted = _fit(synth, people, tmp_path)
    assert fitted is _inner(synth)


def test_sample_before_fit_raises(make: Callable[[], Any]) -> None:
    synth = make()
    with pytest.raises(NotFittedError, match="not fitted"):
        _sample(synth, 10, 0)
    with pytest.raises(AttributeError):  # NotFittedError is also an AttributeError
        _sample(synth, 10, 0)


def test_equal_seeds_equal_samples_other_seeds_differ(
    make: Callable[[], Any], people: pl.DataFrame, tmp_path: Path
) -> None:
    synth = make()
    _fit(synth, people, tmp_path)
    a, b, c = _sample(synth, 500, 1), _sample(synth, 500, 1), _sample(synth, 500, 2)
    assert a.equals(b)
    assert not a.equals(c)
    assert a.height == 500


def test_fit_is_deterministic(make: Callable[[], Any], people: pl.DataFrame, tmp_path: Path) -> None:
    one, two = make(), make()
    _fit(one, people, tmp_path)
    _fit(two, people, tmp_path)
    assert _sample(one, 300, 5).equals(_sample(two, 300, 5))


def test_save_load_gives_equal_samples(make: Callable[[], Any], people: pl.DataFrame, tmp_path: Path) -> None:
    synth, inner = _saved(make, people, tmp_path)
    files = sorted(p.name for p in (tmp_path / "model").iterdir())
    # the copy guard (hashes of identifying training rows) is its own private file, when there is one
    assert files in (["arrays.npz", "manifest.json"], ["arrays.npz", "copy_guard.npz", "manifest.json"])
    for name in files[:-1]:
        with np.load(tmp_path / "model" / name, allow_pickle=False) as npz:  # no object arrays anywhere
            assert all(npz[k].dtype != object for k in npz.files)
    if "copy_guard.npz" in files:
        assert (tmp_path / "model" / "copy_guard.npz").stat().st_mode & 0o077 == 0
    loaded = type(inner).load(tmp_path / "model")
    if isinstance(synth, _Dataset):
        wrapped = _Dataset()
        wrapped.inner = loaded
        loaded = wrapped
    assert _sample(loaded, 400, 9).equals(_sample(synth, 400, 9))


def test_load_refuses_unknown_versions(make: Callable[[], Any], people: pl.DataFrame, tmp_path: Path) -> None:
    _, inner = _saved(make, people, tmp_path)
    manifest = tmp_path / "model" / "manifest.json"
    data = json.loads(manifest.read_text())
    data["version"] = 99
    manifest.write_text(json.dumps(data))
    with pytest.raises(ModelError, match="version 99 is not supported"):
        type(inner).load(tmp_path / "model")
    data["format"] = "something-else"
    manifest.write_text(json.dumps(data))
    with pytest.raises(ModelError, match="not a simulacra model"):
        type(inner).load(tmp_path / "model")


def test_save_refuses_to_overwrite(make: Callable[[], Any], people: pl.DataFrame, tmp_path: Path) -> None:
    _, inner = _saved(make, people, tmp_path)
    with pytest.raises(SinkError, match="already exists"):
        inner.save(tmp_path / "model")
    inner.save(tmp_path / "model", overwrite=True)
    assert not [p.name for p in tmp_path.iterdir() if p.name.startswith(".")]  # no temp or old folder left
    assert type(inner).load(tmp_path / "model").manifest() == inner.manifest()


def test_samples_conform(make: Callable[[], Any], people: pl.DataFrame, tmp_path: Path) -> None:
    """Types, ranges and categories of the samples stay those of the data."""
    synth = make()
    _fit(synth, people, tmp_path)
    s = _sample(synth, 2000, 4)
    for c in people.columns:
        assert s.schema[c] == people.schema[c], c
    assert s["age"].min() >= 18 and s["age"].max() <= 90
    assert set(s["level"].unique()) <= set(people["level"].unique())
    assert s["joined"].min() >= people["joined"].min() and s["joined"].max() <= people["joined"].max()
    counts = people["city"].value_counts()
    rare = set(counts.filter(pl.col("count") < 5)["city"])
    assert rare and not rare & set(s["city"])  # seen fewer than 5 times: never written verbatim
