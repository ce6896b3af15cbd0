"""Frames shared by the evaluate tests: a 2,000-row sample of UCI Adult and synthetic stand-ins."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import polars as pl

DATA = Path(__file__).resolve().parents[2] / "data" / "evaluate"


def load(name: str) -> pl.DataFrame:
    return pl.read_csv(DATA / name)


def shuffle_columns(frame: pl.DataFrame, seed: int = 0) -> pl.DataFrame:
    """Every column permuted independently: the same marginals, no joint structure."""
    rng = np.random.default_rng(seed)
    return pl.DataFrame([frame[c].gather(rng.permutation(len(frame))) for c in frame.columns])


def independent_marginals(frame: pl.DataFrame, n: int, seed: int = 0) -> pl.DataFrame:
    """A 'synthesizer' that samples each column on its own from the real marginal."""
    rng = np.random.default_rng(seed)
    return pl.DataFrame([frame[c].gather(rng.integers(0, len(frame), n)) for c in frame.columns])
