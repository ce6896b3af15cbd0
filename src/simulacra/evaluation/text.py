"""Text: lengths, vocabulary, diversity, near duplicates and memorized phrases.

For free-text columns and whole corpora (a table with one text column). Near
duplicates come from MinHash signatures with banded locality-sensitive hashing,
memorized phrases from hashed token n-grams; both are checked against the real
corpus and, as a baseline, the holdout's own rate against the real corpus.
Memorized text itself never goes into the report, only its length.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np
from numpy.typing import NDArray

from simulacra._random import stable_hash
from simulacra.evaluation._types import Goal, MetricResult, failed, result
from simulacra.evaluation.fidelity import ks_complement

__all__ = ["distinct_n", "longest_shared_ngram", "minhash", "near_duplicate_rate", "text_metrics", "tokenize"]

_TOKEN = re.compile(r"\w+", re.UNICODE)
_MEMORIZED_N = 8  # a shared run of this many tokens counts as a memorized phrase


def tokenize(text: str | None) -> list[str]:
    return _TOKEN.findall(text.lower()) if text else []


def distinct_n(docs: Sequence[Sequence[str]], n: int) -> float:
    """Distinct n-grams / all n-grams over the corpus (higher = more diverse)."""
    grams = [tuple(d[i : i + n]) for d in docs for i in range(len(d) - n + 1)]
    return len(set(grams)) / len(grams) if grams else 0.0


def _shingles(tokens: Sequence[str], k: int = 3) -> NDArray[np.uint64]:
    if len(tokens) < k:
        grams = [" ".join(tokens)] if tokens else []
    else:
        grams = [" ".join(tokens[i : i + k]) for i in range(len(tokens) - k + 1)]
    return np.array(sorted({stable_hash(g) & ((1 << 61) - 1) for g in grams}), dtype=np.uint64)


def minhash(docs: Sequence[Sequence[str]], *, num_perm: int = 64, seed: int = 0) -> NDArray[np.uint64]:
    """MinHash signatures (docs × num_perm) of word-3-shingle sets.

    Each "permutation" is the SplitMix64 finalizer applied to the shingle hash XOR a
    per-permutation salt: a well-mixed 64-bit hash, so the minimum is a fair sample.
    """
    from simulacra._random import mix

    salts = (
        np.random.default_rng(seed).integers(0, np.iinfo(np.int64).max, size=num_perm, dtype=np.int64).astype(np.uint64)
    )
    sig = np.full((len(docs), num_perm), np.iinfo(np.uint64).max, dtype=np.uint64)
    for i, d in enumerate(docs):
        sh = _shingles(d)
        if sh.size:
            h = mix((sh[:, None] ^ salts[None, :]).copy())
            sig[i] = h.min(axis=0)
    return sig


def near_duplicate_rate(
    query: Sequence[Sequence[str]],
    reference: Sequence[Sequence[str]],
    *,
    threshold: float = 0.8,
    num_perm: int = 64,
    bands: int = 16,
    seed: int = 0,
) -> float:
    """Share of query docs with a reference doc whose estimated Jaccard similarity is ≥ threshold."""
    if not query or not reference:
        return 0.0
    sq, sr = minhash(query, num_perm=num_perm, seed=seed), minhash(reference, num_perm=num_perm, seed=seed)
    rows = num_perm // bands
    buckets: dict[tuple[int, bytes], list[int]] = {}
    for j in range(len(reference)):
        for bnd in range(bands):
            buckets.setdefault((bnd, sr[j, bnd * rows : (bnd + 1) * rows].tobytes()), []).append(j)
    hits = 0
    for i in range(len(query)):
        cands: set[int] = set()
        for bnd in range(bands):
            cands.update(buckets.get((bnd, sq[i, bnd * rows : (bnd + 1) * rows].tobytes()), ()))
        if cands:
            c = np.fromiter(cands, dtype=np.int64)
            sim = (sr[c] == sq[i]).mean(axis=1)
            hits += bool((sim >= threshold).any())
    return hits / len(query)


def _ngram_set(docs: Sequence[Sequence[str]], n: int) -> set[int]:
    return {hash(tuple(d[i : i + n])) for d in docs for i in range(len(d) - n + 1)}


def _shares(query: Sequence[Sequence[str]], ref: set[int], n: int) -> NDArray[np.bool_]:
    return np.array([any(hash(tuple(d[i : i + n])) in ref for i in range(len(d) - n + 1)) for d in query], dtype=bool)


def longest_shared_ngram(query: Sequence[Sequence[str]], reference: Sequence[Sequence[str]]) -> int:
    """The longest run of tokens that some query doc shares with some reference doc (binary search on n)."""
    lo, hi = 0, max((len(d) for d in query), default=0)
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if _shares(query, _ngram_set(reference, mid), mid).any():
            lo = mid
        else:
            hi = mid - 1
    return lo


def _excess_score(rate: float, base: float | None) -> float:
    if base is None:
        return 1 - rate
    if base >= 1:
        return 1.0
    return 1 - min(max((rate - base) / (1 - base), 0.0), 1.0)


def text_metrics(
    real: Sequence[str | None],
    synthetic: Sequence[str | None],
    holdout: Sequence[str | None] | None = None,
    *,
    column: str | None = None,
    table: str | None = None,
    seed: int = 0,
    max_docs: int = 5000,
) -> list[MetricResult]:
    """Length, vocabulary, diversity, near-duplicate and memorization results for one text column or corpus."""
    cols = (column,) if column else ()
    rng = np.random.default_rng(seed)

    def prep(xs: Sequence[str | None]) -> list[list[str]]:
        docs = [x for x in xs if x]
        if len(docs) > max_docs:
            docs = [docs[i] for i in np.sort(rng.choice(len(docs), max_docs, replace=False))]
        return [tokenize(x) for x in docs]

    r, s = prep(real), prep(synthetic)
    h = prep(holdout) if holdout is not None else None
    if not r or not s:
        return [failed("text_length", "no non-empty texts on one side", columns=cols, table=table)]
    out: list[MetricResult] = []
    chars_r = np.array([len(x) for x in real if x], dtype=float)
    chars_s = np.array([len(x) for x in synthetic if x], dtype=float)
    toks_r = np.array([len(d) for d in r], dtype=float)
    toks_s = np.array([len(d) for d in s], dtype=float)
    ks_c, ks_t = ks_complement(chars_r, chars_s), ks_complement(toks_r, toks_s)
    out.append(
        result(
            "text_length",
            1 - (ks_c + ks_t) / 2,
            (ks_c + ks_t) / 2,
            columns=cols,
            table=table,
            details={
                "chars_ks_complement": ks_c,
                "tokens_ks_complement": ks_t,
                "mean_tokens_real": float(toks_r.mean()),
                "mean_tokens_synthetic": float(toks_s.mean()),
            },
        )
    )
    # vocabulary: total variation between unigram distributions over the real top 5,000 tokens (+ everything else)
    from collections import Counter

    cr, cs = Counter(t for d in r for t in d), Counter(t for d in s for t in d)
    top = [t for t, _ in cr.most_common(5000)]
    nr, ns = max(sum(cr.values()), 1), max(sum(cs.values()), 1)
    pr = np.array([cr[t] / nr for t in top] + [1 - sum(cr[t] for t in top) / nr])
    ps = np.array([cs[t] / ns for t in top] + [1 - sum(cs[t] for t in top) / ns])
    tvc = float(1 - 0.5 * np.abs(pr - ps).sum())
    oov = sum(c for t, c in cs.items() if t not in cr) / ns
    out.append(
        result(
            "text_vocabulary",
            1 - tvc,
            tvc,
            columns=cols,
            table=table,
            details={
                "vocabulary_real": len(cr),
                "vocabulary_synthetic": len(cs),
                "oov_share": oov,
                "jaccard": len(set(cr) & set(cs)) / max(len(set(cr) | set(cs)), 1),
            },
        )
    )
    d1r, d1s, d2r, d2s = distinct_n(r, 1), distinct_n(s, 1), distinct_n(r, 2), distinct_n(s, 2)
    ratio = d2s / d2r if d2r > 0 else 1.0
    out.append(
        result(
            "text_diversity",
            ratio,
            min(ratio, 1 / ratio) if ratio > 0 else 0.0,
            columns=cols,
            table=table,
            details={
                "distinct_1_real": d1r,
                "distinct_1_synthetic": d1s,
                "distinct_2_real": d2r,
                "distinct_2_synthetic": d2s,
            },
        )
    )
    nd = near_duplicate_rate(s, r, seed=seed)
    nd_base = near_duplicate_rate(h, r, seed=seed) if h else None
    out.append(
        result(
            "text_near_duplicates",
            nd,
            _excess_score(nd, nd_base),
            columns=cols,
            table=table,
            goal=Goal.MINIMIZE,
            details={"holdout_rate": nd_base, "jaccard_threshold": 0.8, "shingles": "word 3-grams", "num_perm": 64},
        )
    )
    ref = _ngram_set(r, _MEMORIZED_N)
    mem = float(_shares(s, ref, _MEMORIZED_N).mean())
    mem_base = float(_shares(h, ref, _MEMORIZED_N).mean()) if h else None
    out.append(
        result(
            "text_memorization",
            mem,
            _excess_score(mem, mem_base),
            columns=cols,
            table=table,
            goal=Goal.MINIMIZE,
            details={
                "n": _MEMORIZED_N,
                "holdout_rate": mem_base,
                "longest_shared_ngram": longest_shared_ngram(s, r),
                "longest_shared_ngram_holdout": longest_shared_ngram(h, r) if h else None,
            },
        )
    )
    return out
