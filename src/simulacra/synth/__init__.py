"""Learned synthesizers: fit on real data, sample new records that mirror it.

``TabularSynthesizer`` learns one polars frame; ``DatasetSynthesizer`` learns a
whole source (every table, its keys and its cross-table structure) under a spec.
Both derive from ``BaseSynthesizer`` (``get_params``, ``set_params``, ``clone``).
Single-table methods are registered by name (``register_synthesizer``; ``trees``
and ``copula`` ship) and made with ``make_synthesizer(method, **params)``.
Models save as a folder of JSON + npz, never pickle.
"""

from simulacra.synth._base import (
    BaseSynthesizer,
    SynthesizerKind,
    make_synthesizer,
    register_synthesizer,
    synthesizer_methods,
)
from simulacra.synth.dataset import DatasetSynthesizer
from simulacra.synth.tabular import TabularSynthesizer

__all__ = [
    "BaseSynthesizer",
    "DatasetSynthesizer",
    "SynthesizerKind",
    "TabularSynthesizer",
    "make_synthesizer",
    "register_synthesizer",
    "synthesizer_methods",
]
