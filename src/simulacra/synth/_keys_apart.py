"""Two keys of a row into one table kept apart (a match's home and away teams; a drafted ``check: a <> b``).

The second key's parents are drawn by their learned numbers of references, shuffled; a row that drew the same
parent for both keys swaps its second key with another row's, chosen so that neither row then names one parent
twice. Swapping keeps every parent's number of references exactly (redrawing would not), and the swaps are
found in row order, so the rows are the same for the same draw.
"""

from __future__ import annotations

import re

import numpy as np
from numpy.typing import NDArray

__all__ = ["differing_keys", "keep_apart"]

_DIFFER = re.compile(r"^\s*([A-Za-z_][A-Za-z0-9_]*)\s*(?:<>|!=)\s*([A-Za-z_][A-Za-z0-9_]*)\s*$")


def differing_keys(checks: list[str]) -> list[tuple[str, str]]:
    """The ``(a, b)`` of each check that is exactly ``a <> b`` (or ``a != b``)."""
    return [(m.group(1), m.group(2)) for c in checks if (m := _DIFFER.match(c))]


def keep_apart(a: NDArray[np.int64], b: NDArray[np.int64], group: NDArray[np.int64] | None = None) -> NDArray[np.int64]:
    """``b`` with its values moved between rows so that no row holding both (values ≥ 0) has ``a == b``,
    where a partner row exists; the multiset of ``b`` is unchanged. ``group``: rows swap only within their
    group (the other columns of a uniqueness that holds ``b``: a team once per day swaps with a match of
    the same day, so the day's teams stay the same set)."""
    b = b.copy()
    same = np.flatnonzero((a == b) & (a >= 0))
    if not len(same):
        return b
    if group is None:
        group = np.zeros(len(b), dtype=np.int64)
    order = np.argsort(group, kind="stable")
    starts = np.searchsorted(group[order], group, side="left")
    ends = np.searchsorted(group[order], group, side="right")
    for i in same.tolist():
        if a[i] != b[i]:
            continue  # an earlier swap fixed it
        members = order[starts[i] : ends[i]]
        k = int(np.searchsorted(members, i))  # members are in row order: start after row i, wrap around
        for j in np.r_[members[k + 1 :], members[:k]].tolist():
            if b[j] != a[i] and (a[j] < 0 or b[i] != a[j]):
                b[i], b[j] = b[j], b[i]
                break
    left = np.flatnonzero((a == b) & (a >= 0))
    if len(left) and len(np.unique(group)) > 1:
        # no partner in its own group: a row of another group, where each value is new to the group it joins
        held: dict[int, set[int]] = {}
        for g, v in zip(group.tolist(), b.tolist(), strict=True):
            held.setdefault(g, set()).add(v)
        for i in left.tolist():
            for j in range(len(b)):
                gi, gj = int(group[i]), int(group[j])
                if gi == gj or b[j] == a[i] or (a[j] >= 0 and b[i] == a[j]):
                    continue
                if b[j] in held[gi] or b[i] in held[gj]:
                    continue
                held[gi].discard(int(b[i]))
                held[gj].discard(int(b[j]))
                b[i], b[j] = b[j], b[i]
                held[gi].add(int(b[i]))
                held[gj].add(int(b[j]))
                break
    return b
