"""Children per parent of a non-context foreign key kept to the source's shape (issue 13).

A key drawn beside the row's context parent (a route's driver, the route drawn per vehicle) takes each
parent's learned number of references. Those draws are noisy in their total: a few heavy parents more or
fewer move it by hundreds, and the rows the table has were fixed by the context parent. Filling the gap by
the drawn shares made the rich richer and moved parents of 1 to 2; cutting it thinned every parent. So the
draws are read as ranks only (which parent holds more, given its context) and given the source's
distribution of references per parent, at its quantiles for the sample's number of parents: a sample at
any scale holds the source's share of parents with 0, 1, 2, ... children, and its total is the source's
mean times the parents, near the table's rows.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray


def ref_histogram(refs: NDArray[np.int64]) -> list[list[int]]:
    """The source's references per parent row as ``[count, parents]`` pairs, ascending."""
    vals, counts = np.unique(np.asarray(refs, dtype=np.int64), return_counts=True)
    return [[int(v), int(c)] for v, c in zip(vals, counts, strict=True)]


def to_source_shape(
    refs: NDArray[np.int64],
    hist: list[list[int]],
    ties: NDArray[np.uint64],
    meets: NDArray[np.bool_] | None = None,
) -> NDArray[np.int64]:
    """``refs`` (one drawn count per parent) replaced by the source's counts at its quantiles, given in the
    order of the drawn counts (``ties``: the stream's bits breaking equal draws, for determinism). With
    ``meets`` (the parents the key's ``where`` names), those that do not meet it come lowest: they take the
    source's zeros (a nurse is no procedure's surgeon there either), not a count a surgeon should have."""
    if not hist or not len(refs):
        return refs
    source = np.repeat(np.array([v for v, _ in hist], np.int64), np.array([c for _, c in hist], np.int64))
    p = len(refs)
    target = source[np.minimum(((np.arange(p) + 0.5) * len(source) / p).astype(np.int64), len(source) - 1)]
    keys = (ties, refs) if meets is None else (ties, refs, meets)
    order = np.lexsort(keys)  # lowest drawn count first (not meeting 'where' before), ties by the bits
    out = np.empty(p, np.int64)
    out[order] = target
    return out
