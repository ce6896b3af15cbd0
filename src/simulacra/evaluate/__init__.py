"""Removed: the evaluation package is :mod:`simulacra.evaluation`; ``simulacra.evaluate`` is the function.

The package used to live here, under the same name as the ``simulacra.evaluate`` function, then stayed one
release as a deprecated alias that swapped its own module class to stay callable (an import of the old path
rebound the root's ``evaluate`` to the module). It is gone: this file only makes every old import
(``import simulacra.evaluate.fidelity``, ``from simulacra.evaluate import privacy``) fail with a message
that says where things went, and a failed import leaves ``simulacra.evaluate`` the function.
"""

raise ImportError(
    "the package simulacra.evaluate was removed: import from simulacra.evaluation instead "
    "(`from simulacra.evaluation import fidelity, privacy, Report`); simulacra.evaluate is the evaluate "
    "function (`from simulacra import evaluate`)",
    name=__name__,
)
