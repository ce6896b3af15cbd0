"""Embedding-free semantic dedupe: reordered texts that MinHash over shingles lets through are removed."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import polars as pl
import pytest

from simulacra.curate import DuplicateFilter, Pipeline
from simulacra.curate.semantic import SemanticFilter


def _texts(n: int, seed: int = 0) -> tuple[list[str], np.ndarray]:
    """n distinct texts of 8 three-word phrases, then the phrases of a random fifth of them shuffled (should go)."""
    rng = np.random.default_rng(seed)
    vocab = ["".join(rng.choice(list("abcdefghijklmnopqrstuvwxyz"), int(rng.integers(3, 9)))) for _ in range(4000)]
    clauses = [[" ".join(rng.choice(vocab, 3)) for _ in range(8)] for _ in range(n)]
    texts = [" ".join(c) for c in clauses]
    truth = [False] * n
    for i in rng.choice(n, n // 5, replace=False):
        c = [clauses[i][j] for j in (3, 0, 6, 1, 7, 4, 2, 5)]  # the same phrases in another order
        texts.append(" ".join(c))
        truth.append(True)
    return texts, np.array(truth)


def test_reordered_texts_are_removed_and_minhash_misses_them() -> None:
    texts, truth = _texts(500)
    reason, sim, matched = SemanticFilter(threshold=0.8).check(texts)
    removed = reason != 0
    assert (removed & truth).sum() / truth.sum() >= 0.99
    assert (removed & ~truth).sum() == 0
    assert (matched[removed] < 500).all() and (sim[removed] >= 0.8).all()
    minhash = ~DuplicateFilter(text="t", threshold=0.8).check(pl.DataFrame({"t": texts})).keep
    assert (minhash & truth).sum() < 0.5 * truth.sum()  # what this step adds


def test_chunks_and_reference_give_the_same_verdict() -> None:
    texts, truth = _texts(300, seed=1)
    whole = SemanticFilter(threshold=0.8).check(texts)[0]
    f = SemanticFilter(threshold=0.8)
    parts = np.concatenate([f.check(texts[lo : lo + 37])[0] for lo in range(0, len(texts), 37)])
    assert np.array_equal(whole, parts)
    g = SemanticFilter(threshold=0.8, within=False)
    g.add_reference(texts[:300])
    ref = g.check(texts[300:])[0]
    assert (ref == 1).all()
    with pytest.raises(ValueError):
        SemanticFilter(threshold=0.0)


def test_semantic_step_in_a_pipeline(tmp_path: Path) -> None:
    texts, truth = _texts(200, seed=2)
    pl.DataFrame({"text": texts}).write_parquet(tmp_path / "s.parquet")
    (tmp_path / "p.yaml").write_text(
        "name: s\nchunk_size: 64\nsources:\n  s: {path: s.parquet, licence: MIT}\n"
        "steps:\n  - semantic: {text: text, threshold: 0.8}\n"
    )
    result = Pipeline(tmp_path / "p.yaml").run()
    f = result.report["funnel"][0]
    assert f["removed"] == {"semantic_duplicate": int(truth.sum())}
    assert result.rows == 200
