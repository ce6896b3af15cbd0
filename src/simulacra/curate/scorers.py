"""Quality scorers: each gives a score per row (a float column), which a ``filter`` or ``keep_best`` step then uses.

* ``text_scores``: length in characters, repetition (share of repeated word trigrams), template leftovers
  (``{{``, ``{%``, ``}}``, ``None``, ``nan``, ``lorem ipsum``, ``TODO``), optionally the share of function
  words in the expected language, and a combined quality in [0, 1].
* ``Detectability``: a classifier trained to tell real rows from synthetic ones (gradient-boosted trees on
  the shared columns); a row's score is its probability of being synthetic, out of fold for the rows it was
  trained on, so the most detectable rows can be rejected.
* custom scorers: any ``module:callable`` taking a chunk (a polars DataFrame) and returning one number per row.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
import polars as pl
from numpy.typing import NDArray

from simulacra._random import mix
from simulacra.curate._hash import word_ngram_hashes

__all__ = ["Detectability", "load_callable", "text_scores"]

#: the commonest function words of each language: a text's language is the one most of its function words belong to
STOPWORDS = {
    "en": [
        "the",
        "and",
        "to",
        "of",
        "a",
        "in",
        "is",
        "it",
        "you",
        "that",
        "for",
        "on",
        "with",
        "this",
        "be",
        "are",
        "was",
        "have",
        "not",
        "at",
        "as",
        "your",
        "we",
        "i",
        "our",
        "will",
        "can",
        "please",
    ],
    "de": [
        "der",
        "die",
        "das",
        "und",
        "ist",
        "nicht",
        "ich",
        "sie",
        "es",
        "zu",
        "den",
        "mit",
        "ein",
        "eine",
        "auf",
        "für",
        "von",
        "wir",
        "ihr",
        "bitte",
        "sind",
        "haben",
        "wird",
        "auch",
    ],
    "fr": [
        "le",
        "la",
        "les",
        "et",
        "est",
        "un",
        "une",
        "des",
        "du",
        "de",
        "pas",
        "je",
        "vous",
        "nous",
        "pour",
        "que",
        "qui",
        "dans",
        "sur",
        "avec",
        "ce",
        "merci",
        "votre",
        "sont",
    ],
    "es": [
        "el",
        "la",
        "los",
        "las",
        "y",
        "es",
        "un",
        "una",
        "de",
        "del",
        "que",
        "en",
        "por",
        "para",
        "con",
        "no",
        "se",
        "su",
        "gracias",
        "usted",
        "nosotros",
        "esta",
    ],
}
_LEFTOVERS = r"(\{\{|\}\}|\{%|%\}|\bNone\b|\bnan\b|\bnull\b|(?i:lorem ipsum)|\bTODO\b|\bundefined\b)"


def text_scores(texts: pl.Series, language: str | None = None) -> dict[str, NDArray[np.float64]]:
    """Per text: ``length``, ``repetition`` (0: every word trigram distinct; near 1: one repeated),
    ``leftovers`` (1 when template syntax or a missing-value word is left in) and ``quality``
    (``(1 - repetition) * (1 - leftovers)``, 0 for an empty text). With ``language`` (en, de, fr, es):
    ``language``, the share of the text's function words that are that language's, and ``quality`` is 0
    where it is below one half."""
    s = texts.cast(pl.String).fill_null("")
    length = s.str.len_chars().to_numpy().astype(np.float64)
    leftovers = s.str.contains(_LEFTOVERS).to_numpy().astype(np.float64)
    h, off = word_ngram_hashes(s, 3)
    counts = np.diff(off)
    doc = np.repeat(np.arange(len(counts), dtype=np.uint64), counts)
    with np.errstate(over="ignore"):
        keyed = h ^ mix(doc * np.uint64(0x9E3779B97F4A7C15) + np.uint64(1))
    _, first = np.unique(keyed, return_index=True)
    distinct = np.bincount(doc[first].astype(np.int64), minlength=len(counts))
    repetition = np.where(counts > 0, 1.0 - distinct / np.maximum(counts, 1), 0.0)
    quality = np.where(length > 0, (1.0 - repetition) * (1.0 - leftovers), 0.0)
    out = {"length": length, "repetition": repetition, "leftovers": leftovers, "quality": quality}
    if language is not None:
        out["language"] = language_share(s, language)
        out["quality"] = quality * (out["language"] >= 0.5)
    return out


def language_share(texts: pl.Series, language: str) -> NDArray[np.float64]:
    """Per text: the share of its function words (``STOPWORDS``) that are ``language``'s (0 when it has none)."""
    if language not in STOPWORDS:
        raise ValueError(f"unknown language '{language}'; known: {', '.join(sorted(STOPWORDS))}")
    words = (
        pl.DataFrame({"w": texts.cast(pl.String).fill_null("").str.to_lowercase().str.extract_all(r"\p{L}+")})
        .with_row_index("i")
        .explode("w")
    )
    own = set(STOPWORDS[language])
    every = set().union(*STOPWORDS.values())
    counts = (
        words.group_by("i")
        .agg(pl.col("w").is_in(list(own)).sum().alias("own"), pl.col("w").is_in(list(every)).sum().alias("all"))
        .sort("i")
    )
    own_n = np.zeros(texts.len())
    all_n = np.zeros(texts.len())
    idx = counts["i"].to_numpy()
    own_n[idx] = counts["own"].to_numpy()
    all_n[idx] = counts["all"].to_numpy()
    return np.where(all_n > 0, own_n / np.maximum(all_n, 1), 0.0)


def load_callable(target: str) -> Callable[..., Any]:
    """``package.module:name`` -> the object (ImportError / AttributeError / TypeError when it is not there)."""
    if ":" not in target:
        raise ValueError(f"'{target}' is not module:callable")
    module, _, name = target.partition(":")
    obj: Any = importlib.import_module(module)
    for part in name.split("."):
        obj = getattr(obj, part)
    if not callable(obj):
        raise TypeError(f"'{target}' is not callable")
    return obj


def _encode(frame: pl.DataFrame, columns: Sequence[str], categories: dict[str, list[str]]) -> NDArray[np.float64]:
    out = np.empty((frame.height, len(columns)), dtype=np.float64)
    for j, c in enumerate(columns):
        s = frame.get_column(c)
        if c in categories:
            codes = {v: float(i) for i, v in enumerate(categories[c])}
            out[:, j] = s.cast(pl.String).replace_strict(codes, default=np.nan, return_dtype=pl.Float64).to_numpy()
        else:
            if s.dtype.is_temporal():
                s = s.cast(pl.Int64)
            out[:, j] = s.cast(pl.Float64).fill_null(np.nan).to_numpy()
    return out


class Detectability:
    """Real vs synthetic classifier. ``fit(synthetic_sample)`` once (the first rows the pipeline sees), then
    ``score(chunk)``: the probability that each row is synthetic (0.5: indistinguishable)."""

    def __init__(
        self, real: pl.DataFrame, *, columns: Sequence[str] | None = None, seed: int = 0, max_rows: int = 5000
    ) -> None:
        self.real = real
        self.columns = list(columns) if columns is not None else None
        self.seed = seed
        self.max_rows = max_rows
        self._models: list[Any] = []
        self._fold_of: dict[int, int] = {}
        self.auc_: float | None = None

    def fit(self, synthetic: pl.DataFrame) -> Detectability:
        from sklearn.ensemble import HistGradientBoostingClassifier
        from sklearn.metrics import roc_auc_score
        from threadpoolctl import threadpool_limits

        # small fits: one OpenMP thread (on a busy machine its spinning threads made a 0.1 s fit take 8 s)
        with threadpool_limits(limits=1, user_api="openmp"):
            return self._fit(synthetic, HistGradientBoostingClassifier, roc_auc_score)

    def _fit(self, synthetic: pl.DataFrame, hgb: Any, roc_auc_score: Any) -> Detectability:

        cols = self.columns or [c for c in synthetic.columns if c in self.real.columns]
        self.columns = cols
        self._categories = {
            c: sorted(set(self.real.get_column(c).cast(pl.String).drop_nulls().unique().to_list()[:1000]))
            for c in cols
            if not (self.real.get_column(c).dtype.is_numeric() or self.real.get_column(c).dtype.is_temporal())
        }
        rng = np.random.default_rng(self.seed)
        real = self.real.select(cols)
        if real.height > self.max_rows:
            real = real[np.sort(rng.choice(real.height, self.max_rows, replace=False)).tolist()]
        syn = synthetic.select(cols).head(self.max_rows)
        x = np.vstack([_encode(real, cols, self._categories), _encode(syn, cols, self._categories)])
        y = np.r_[np.zeros(real.height), np.ones(syn.height)]
        fold = rng.integers(0, 2, len(y))
        cat_mask = [c in self._categories for c in cols]
        oof = np.empty(len(y))
        self._models = []
        for k in (0, 1):
            model = hgb(max_iter=60, random_state=self.seed, categorical_features=cat_mask)
            model.fit(x[fold != k], y[fold != k])
            oof[fold == k] = model.predict_proba(x[fold == k])[:, 1]
            self._models.append(model)
        self._train_rows = syn.height
        self._train_fold = fold[real.height :]
        self.auc_ = float(roc_auc_score(y, oof)) if 0 < y.sum() < len(y) else None
        self._oof_syn = oof[real.height :]
        return self

    def score(self, chunk: pl.DataFrame, offset: int) -> NDArray[np.float64]:
        """Scores of ``chunk``, whose first row is row ``offset`` of the synthetic stream (rows the
        classifier was trained on get their out-of-fold score)."""
        from threadpoolctl import threadpool_limits

        assert self.columns is not None
        x = _encode(chunk, self.columns, self._categories)
        with threadpool_limits(limits=1, user_api="openmp"):
            p = np.mean([m.predict_proba(x)[:, 1] for m in self._models], axis=0)
        lo, hi = offset, min(offset + chunk.height, self._train_rows)
        if lo < hi:
            p[: hi - lo] = self._oof_syn[lo:hi]
        return np.asarray(p, dtype=np.float64)
