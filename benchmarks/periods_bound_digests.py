"""Digests of ``generate``'s CSV output for specs whose laid periods are bounded by the bare form (``period_end <=
subscription_id.ended``, either side, strict or not): the worlds of tests/unit/generation/test_periods_inside_ancestor.py
and test_periods_bound_forms.py; and whose starts are bounded too (test_periods_start_bounds.py's worlds, and those
worlds bounding the end by the same ref as the start: one ref among the ceilings and the start ceilings). Run with
main's src and a branch's src on PYTHONPATH: the same digests say the outputs did not change (issue 13)."""

from __future__ import annotations

import hashlib
import sys
import tempfile
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.unit.generation import test_periods_bound_forms as forms  # noqa: E402
from tests.unit.generation import test_periods_inside_ancestor as inside  # noqa: E402
from tests.unit.generation import test_periods_start_bounds as starts  # noqa: E402
from tests.unit.generation.period_worlds import ancestor_refs, bounded_world  # noqa: E402

from simulacra.pipeline import generate  # noqa: E402


def _starts(form: str, per: str, seed: int, *, end_too: bool = False) -> dict[str, Any]:
    """test_periods_start_bounds.py's world (its seed for the case); ``end_too``: its check bounds the end below
    the same ancestor's end as well, so the ref is among the ceilings and the start ceilings."""
    spec = bounded_world(
        per, "week", seed + 10 * starts.CASES.index((form, per)), check=starts.FORMS[form][0], customers=12
    )
    if end_too:
        spec["constraints"][0]["check"] += f" and period_end <= {ancestor_refs(per)[1]}"
    return spec


SPECS = {
    **{
        f"inside-{per}-{grain}-{seed}-{'strict' if strict else 'le'}{'-flipped' if flipped else ''}": inside._world(
            per, seed, grain=grain, customers=60, strict=strict, flipped=flipped
        )
        for per in ("parent", "grandparent")
        for grain in ("month", "week")
        for seed in (1, 2)
        for strict, flipped in ((False, False), (True, False), (False, True))
    },
    **{
        f"forms-{form}-{per}-{grain}-{seed}": bounded_world(
            per, grain, seed, check=forms.FORMS[form][0], laid_ancestor=form == "laid_ancestor"
        )
        for form in ("bare", "reversed", "strict", "reversed_strict", "laid_ancestor")
        for per in ("parent", "grandparent")
        for grain in ("month", "week")
        for seed in (1, 2)
    },
    **{f"starts-{form}-{per}-{seed}": _starts(form, per, seed) for form, per in starts.CASES for seed in (3, 4)},
    **{
        f"starts-and-end-{form}-{per}-{seed}": _starts(form, per, seed, end_too=True)
        for form, per in starts.CASES
        for seed in (5, 6)
    },
}

if __name__ == "__main__":
    total = hashlib.sha256()
    with tempfile.TemporaryDirectory() as tmp:
        for name, spec in SPECS.items():
            out = Path(tmp) / name
            try:
                generate(spec, out, format="csv")
                got = "".join(hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(out.glob("*.csv")))
            except Exception as e:  # a refused world is an output too: its message
                got = f"{type(e).__name__}: {e}"
            digest = hashlib.sha256(got.encode()).hexdigest()
            total.update(digest.encode())
            print(name, digest[:16])
    print(f"{len(SPECS)} specs, all: {total.hexdigest()}")
