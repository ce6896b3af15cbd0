"""``check_synthesizer``: the single-table synthesizer contract, run against any synthesizer (shipped or third-party).

scikit-learn's ``check_estimator`` idea: what every method registered with ``register_synthesizer``
must do, checked on real frames in a temporary folder.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import polars as pl

from simulacra.errors import NotFittedError
from simulacra.synth import BaseSynthesizer

from ._metrics import sample_frames

__all__ = ["check_synthesizer"]


def check_synthesizer(
    synthesizer: BaseSynthesizer | Callable[[], BaseSynthesizer],
    data: pl.DataFrame | None = None,
    *,
    n_rows: int = 200,
) -> None:
    """Raise AssertionError unless the synthesizer keeps the contract.

    Checked: ``get_params`` names exactly the ``__init__`` parameters and returns copies;
    ``clone`` is unfitted with equal parameters; ``set_params`` returns the synthesizer, changes
    what ``get_params`` reports and refuses unknown names with ValueError; ``sample`` before ``fit``
    raises NotFittedError; ``fit`` returns the synthesizer and sets learned attributes ending in
    ``_``; ``sample(n, seed=s)`` has n rows and the data's columns and dtypes, equal seeds give equal
    frames and other seeds other frames; fitting two clones gives equal samples; and when it has
    ``save``/``load``, a loaded model samples what the saved one does. ``data`` defaults to a frame of
    numbers (with nulls), a category and a boolean.
    """
    make = synthesizer.clone if isinstance(synthesizer, BaseSynthesizer) else synthesizer
    frame = data if data is not None else sample_frames(300)[0]
    synth: Any = make()  # fit/sample are each method's own (their shape is what is checked here)
    name = type(synth).__name__
    assert issubclass(type(synth), BaseSynthesizer), f"{name} does not derive from simulacra.synth.BaseSynthesizer"

    params = synth.get_params()
    assert list(params) == type(synth)._param_names(), f"{name}: get_params names {list(params)}"
    for key, value in params.items():
        if isinstance(value, list | dict):
            if isinstance(value, list):
                value.append(object())
            else:
                value["_changed"] = object()
            assert synth.get_params()[key] != value, (
                f"{name}: get_params()[{key!r}] is the synthesizer's own object, not a copy"
            )
    params = synth.get_params()
    twin = synth.clone()
    assert twin is not synth and type(twin) is type(synth), f"{name}: clone is not a new {name}"
    assert twin.get_params() == synth.get_params(), f"{name}: clone changed the parameters"
    try:
        twin.set_params(_not_a_parameter=1)
    except ValueError:
        pass
    else:
        raise AssertionError(f"{name}: set_params accepted an unknown parameter")
    if "seed" in params:
        assert twin.set_params(seed=params["seed"] + 1) is twin, f"{name}: set_params does not return self"
        assert twin.get_params()["seed"] == params["seed"] + 1, f"{name}: set_params did not change the seed"
        assert synth.get_params()["seed"] == params["seed"], f"{name}: set_params on a clone changed the original"

    try:
        synth.sample(10)
    except NotFittedError:
        pass
    else:
        raise AssertionError(f"{name}: sample before fit did not raise NotFittedError")

    before = set(vars(synth))
    assert synth.fit(frame) is synth, f"{name}: fit does not return self"
    learned = set(vars(synth)) - before
    assert learned and all(a.endswith("_") for a in learned), f"{name}: learned attributes {sorted(learned)}"

    a, b, c = synth.sample(n_rows, seed=1), synth.sample(n_rows, seed=1), synth.sample(n_rows, seed=2)
    assert isinstance(a, pl.DataFrame), f"{name}: sample of a polars frame returned {type(a).__name__}"
    assert a.height == n_rows, f"{name}: sample({n_rows}) gave {a.height} rows"
    assert a.columns == frame.columns, f"{name}: columns {a.columns}, expected {frame.columns}"
    assert a.schema == frame.schema, f"{name}: dtypes {dict(a.schema)}, expected {dict(frame.schema)}"
    assert a.equals(b), f"{name}: equal seeds gave different samples"
    assert not a.equals(c), f"{name}: different seeds gave equal samples"
    assert synth.sample(0, seed=1).height == 0, f"{name}: sample(0) is not empty"

    other = synth.clone().fit(frame)
    assert other.sample(n_rows, seed=1).equals(a), f"{name}: two fits of the same data sample differently"
    assert not learned & set(vars(synth.clone())), f"{name}: clone of a fitted synthesizer is fitted"

    save: Any = getattr(synth, "save", None)
    load: Any = getattr(type(synth), "load", None)
    if callable(save) and callable(load):
        with tempfile.TemporaryDirectory() as tmp:
            save(Path(tmp) / "model")
            loaded = load(Path(tmp) / "model")
            assert loaded.sample(n_rows, seed=1).equals(a), f"{name}: the loaded model samples differently"
