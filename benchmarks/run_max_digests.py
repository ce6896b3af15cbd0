"""Digests of ``sample``'s rows where a parent's dates are moved by a running maximum (house, issue 13: the polars
``cum_max().over`` of ``synth._periods`` (whole steps in order) and ``synth._month_apart`` (a month apart) folded
into ``synth._following.run_max``). Fits and samples the planted worlds of tests/unit/synth:
test_one_event_per_month (meters, statements: months apart), test_event_days_in_window (attendance days in a
window: whole days), test_datetime_steps (visits at a step: steps in order) and test_event_clock (meetings), several
seeds each, plus the direct windows of test_datetime_steps (six steps, three seeds). Prints each world's sha256 of
every sampled table (CSV text) and how often each running maximum was reached; run with the base's src and a
branch's src on PYTHONPATH and compare the last line.

    PYTHONPATH=src .venv/bin/python benchmarks/run_max_digests.py
"""

from __future__ import annotations

import hashlib
import sys
import tempfile
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402
import polars as pl  # noqa: E402
from tests.unit.synth import test_datetime_steps as steps  # noqa: E402
from tests.unit.synth import test_event_clock as clock  # noqa: E402
from tests.unit.synth import test_event_days_in_window as days  # noqa: E402
from tests.unit.synth.test_keys_two_parents import _source  # noqa: E402
from tests.unit.synth.test_one_event_per_month import meters, statements  # noqa: E402

import simulacra  # noqa: E402
import simulacra.synth._periods as periods  # noqa: E402
import simulacra.synth.dataset as dataset  # noqa: E402
from simulacra import DatasetSynthesizer  # noqa: E402
from simulacra._random import root_stream  # noqa: E402
from simulacra.inspection import inspect  # noqa: E402

REACHED: Counter[str] = Counter()


def _counted(name: str, fn: Callable[..., Any], when: Callable[..., bool] = lambda *a, **k: True) -> Callable[..., Any]:
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        if when(*args, **kwargs):
            REACHED[name] += 1
        return fn(*args, **kwargs)

    return wrapped


def _instrument() -> None:
    """Count the running maxima reached, on the base (``_periods._group_cummax``) and on a branch (``run_max``)."""
    name = "_group_cummax" if hasattr(periods, "_group_cummax") else "run_max"
    setattr(periods, name, _counted("periods", getattr(periods, name)))
    # spread_months takes its running maximum wherever a call holds two dates or more
    dataset.spread_months = _counted(  # type: ignore[attr-defined]
        "month_apart", dataset.spread_months, lambda d, *a: int((~np.isnan(d)).sum()) >= 2
    )


def _digest(tables: dict[str, pl.DataFrame]) -> str:
    h = hashlib.sha256()
    for name in sorted(tables):
        h.update(name.encode())
        h.update(tables[name].write_csv().encode())
    return h.hexdigest()


def _on_disk(plant: Callable[[Path], Any], fit_seed: int | None, sample_seed: int) -> dict[str, pl.DataFrame]:
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "src"
        src.mkdir()
        plant(src)
        kw = {} if fit_seed is None else {"seed": fit_seed}
        simulacra.fit(src, output=Path(tmp) / "model", **kw)
        simulacra.sample(Path(tmp) / "model", output=Path(tmp) / "out", format="parquet", seed=sample_seed)
        return {p.stem: pl.read_parquet(p) for p in sorted((Path(tmp) / "out").glob("*.parquet"))}


def _worlds() -> list[tuple[str, Callable[[], dict[str, pl.DataFrame]]]]:
    worlds: list[tuple[str, Callable[[], dict[str, pl.DataFrame]]]] = []
    for make in (meters, statements):
        for seed in (1, 2, 3):

            def run(make: Any = make, seed: int = seed) -> dict[str, pl.DataFrame]:
                frames, keys, *_ = make(seed)
                ins = inspect(_source(f"{make.__name__}-{seed}", frames, keys))
                return dict(DatasetSynthesizer(seed=0).fit(frames, ins.spec).sample(seed=seed))

            worlds.append((f"{make.__name__}-{seed}", run))
    for seed, window, low, high in ((1, 90, 3, 8), (2, 25, 4, 12), (3, 40, 5, 20)):
        worlds.append(
            (
                f"attendance-{seed}-{window}",
                lambda s=seed, w=window, lo=low, hi=high: _on_disk(lambda f: days._plant(f, s, w, lo, hi), None, s),
            )
        )
    for seed in (0, 1, 2):
        worlds.append((f"visits-{seed}", lambda s=seed: _on_disk(lambda f: steps._plant(f, s), s, s + 10)))
    for seed, name in ((1, "office"), (2, "night")):
        worlds.append(
            (
                f"meetings-{seed}-{name}",
                lambda s=seed, c=name: _on_disk(lambda f: clock._plant(f, s, clock.CLOCKS[c]), s, s + 3),
            )
        )
    worlds.append(("windows", _windows))
    return worlds


def _windows() -> dict[str, pl.DataFrame]:
    """The direct windows of test_datetime_steps' test_dates_placed_in_windows_land_on_the_step_inside_in_order."""
    out = {}
    second = steps.SECOND
    for seed in (0, 1, 2):
        rng = np.random.default_rng(seed)
        for step in (1_000, second, 60 * second, 15 * 60 * second, 3600 * second, 86_400 * second):
            n_parents = 60
            opened = rng.integers(0, 300 * 86_400 * second, n_parents).astype(np.float64) + 0.25 * step
            counts = rng.integers(2, 7, n_parents)
            pidx = np.repeat(np.arange(n_parents), counts)
            gaps = rng.exponential(2 * step, len(pidx)) * rng.integers(0, 2, len(pidx))
            x = opened[pidx] + np.concatenate([np.cumsum(gaps[pidx == p]) for p in range(n_parents)]) - 3.0 * step
            lo, hi = float(x.min()) - step, float(x.max()) + 50 * step
            win = periods.Window("at", "datetime", 0.0, 40.5 * step, lo, hi, "opened", "same", step)
            frame = pl.DataFrame({"at": pl.Series(np.round(x).astype(np.int64)).cast(pl.Datetime("us"))})
            parent = pl.DataFrame({"opened": pl.Series(np.round(opened).astype(np.int64)).cast(pl.Datetime("us"))})
            got, _ = periods.apply_windows(
                frame, [win], pidx, parent, root_stream(seed).child("w"), clip=frozenset({"at"})
            )
            out[f"{seed}-{step}"] = got
    return out


def main() -> None:
    _instrument()
    total = hashlib.sha256()
    for name, run in _worlds():
        before = Counter(REACHED)
        digest = _digest(run())
        total.update(digest.encode())
        reached = {k: REACHED[k] - before[k] for k in ("periods", "month_apart")}
        print(f"{name}: {digest[:16]}  running maxima reached {reached}")
    print(f"reached in all: {dict(REACHED)}")
    print(f"all: {total.hexdigest()}")


if __name__ == "__main__":
    main()
