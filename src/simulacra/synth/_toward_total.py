"""Children per parent moved toward a total by weighted rounds, each parent within its own bounds.

Learned sampling draws each parent's count of children from the model, then brings their sum to the total the
sample keeps: ``dataset._match_total`` within the counts drawn (parents without children keep none),
``_total_reach.within_reach`` within the reach a reviewed spec sets. Both move the counts the same way, here: a
round picks ``|diff|`` parents with room (below their top when short, above their least when over), in
proportion to their counts (so a parent the model gave more children takes more of the rest), moves each pick by
one and clips to the bounds; the rounds are drawn from ``stream.child(round)``, so the same counts, bounds and
stream give the same bytes. The callers differ only in the bounds they pass (a parent's room is where its count
is inside them) and in what they do with what the rounds leave.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from simulacra._random import Stream


def toward_total(
    counts: NDArray[np.int64],
    target: int,
    lo: NDArray[np.int64],
    hi: NDArray[np.int64],
    stream: Stream,
    rounds: int,
    power: int = 1,
) -> NDArray[np.int64]:
    """``counts`` (each within ``lo`` .. ``hi``, per parent) moved toward summing to ``target`` in at most
    ``rounds`` weighted rounds; stops early at the target or when no parent has room the way it must move (the
    sum may then be off: the caller decides). Parents with room but none given children yet are weighted by
    their room (``lo`` above 0 with no count at 0 leaves none such). ``power`` 2 weights a parent by its count
    squared: the rest lands on the largest families (``dataset._match_total`` after a draw's very large families
    were swapped toward the total)."""
    out = counts.copy()
    for attempt in range(1, rounds + 1):
        diff = target - int(out.sum())
        if diff == 0:
            return out
        room = out < hi if diff > 0 else out > lo
        if not room.any():
            return out
        w = np.where(room, out, 0).astype(np.float64) ** power
        if not w.sum():
            w = np.where(room, (hi - out) if diff > 0 else (out - lo), 0).astype(np.float64)
        picks = stream.child(attempt).choice(np.arange(abs(diff), dtype=np.int64), np.cumsum(w / w.sum()))
        # a pick past the weights' rounded end falls on the last parent: the clip keeps it within its bounds
        if diff > 0:
            np.add.at(out, picks, 1)
            out = np.minimum(out, hi)
        else:
            np.subtract.at(out, picks, 1)
            out = np.maximum(out, lo)
    return out
