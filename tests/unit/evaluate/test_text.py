"""Text metrics: a copier is caught by near duplicates and memorized phrases; fresh text is not."""

from __future__ import annotations

import numpy as np

from simulacra.evaluation import text

WORDS = [
    "account",
    "payment",
    "invoice",
    "customer",
    "order",
    "refund",
    "delivery",
    "address",
    "support",
    "ticket",
    "issue",
    "late",
    "item",
    "price",
    "discount",
    "card",
    "bank",
    "transfer",
    "week",
    "month",
    "thanks",
    "please",
    "help",
    "team",
    "update",
    "status",
    "review",
]


def corpus(n: int, seed: int) -> list[str]:
    rng = np.random.default_rng(seed)
    return [" ".join(rng.choice(WORDS, size=int(rng.integers(12, 30)))) for _ in range(n)]


def test_distinct_n() -> None:
    docs = [["a", "b", "a", "b"]]
    assert text.distinct_n(docs, 1) == 0.5
    assert text.distinct_n(docs, 2) == 2 / 3


def test_longest_shared_ngram() -> None:
    q = [text.tokenize("the quick brown fox jumps over")]
    r = [text.tokenize("a quick brown fox jumps high"), text.tokenize("nothing here")]
    assert text.longest_shared_ngram(q, r) == 4


def test_near_duplicates() -> None:
    real = corpus(200, 1)
    assert text.near_duplicate_rate([text.tokenize(x) for x in real[:50]], [text.tokenize(x) for x in real]) == 1.0
    fresh = corpus(50, 2)
    assert text.near_duplicate_rate([text.tokenize(x) for x in fresh], [text.tokenize(x) for x in real]) < 0.05


def test_text_metrics_copier_vs_fresh() -> None:
    real, holdout = corpus(300, 1), corpus(200, 3)
    copier = {r.metric: r for r in text.text_metrics(real, real[:200], holdout, column="body")}
    fresh = {r.metric: r for r in text.text_metrics(real, corpus(200, 2), holdout, column="body")}
    assert copier["text_near_duplicates"].raw == 1.0 and copier["text_near_duplicates"].score == 0.0
    assert copier["text_memorization"].score == 0.0
    assert copier["text_memorization"].details["longest_shared_ngram"] >= 12
    assert fresh["text_near_duplicates"].score == 1.0
    assert (fresh["text_memorization"].score or 0) > 0.9
    assert (fresh["text_length"].score or 0) > 0.8 and (fresh["text_vocabulary"].score or 0) > 0.8
    for r in [*copier.values(), *fresh.values()]:
        assert r.score is not None and 0 <= r.score <= 1, r.metric


def test_empty_side_is_an_error_result() -> None:
    (r,) = text.text_metrics(["some words here"], [None, ""])
    assert r.error and r.score is None
