"""Learned synthesizers: fit on real data, sample new records that mirror it.

``TabularSynthesizer`` learns one polars frame; ``DatasetSynthesizer`` learns a
whole source (every table, its keys and its cross-table structure) under a spec.
Models save as a folder of JSON + npz, never pickle.
"""

from simulacra.synth.dataset import DatasetSynthesizer
from simulacra.synth.tabular import TabularSynthesizer

__all__ = ["DatasetSynthesizer", "TabularSynthesizer"]
