"""Bounds a ``check`` declares in each form, kept or broken by ``sample`` (issue 13): the planted dataset of
``tests/unit/synth/test_check_forms_kept.py`` (a match's attendance within its stadium's capacity, a sale's price
above its product's cost, a stay's dates in order, a low and a high rate), each form of the four bounds in turn,
two seeds. Prints per seed and form what the sample breaks (broken rows per check, days past the source's
largest distance per ordered pair of dates, pinned columns) and the total.

    PYTHONPATH=src .venv/bin/python benchmarks/check_forms_kept.py            # the forms
    PYTHONPATH=src .venv/bin/python benchmarks/check_forms_kept.py --digest   # the exact forms' sampled bytes

``--digest``: sha256 of the sampled tables (CSV) for the spec ``inspect`` drafts (its exact forms, a bound from
each side on the attendance) and for the ``exact`` form, and for the drafted specs of ``test_parent_bounds.py``'s
planted matches, flights and marks (``col <= fk.col``): equal before and after a change that must leave the
exact forms' outputs alone.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.helpers import folder_source  # noqa: E402 - after sys.path
from tests.unit.synth.test_check_forms_kept import FORMS, SEEDS, _spec_with, planted, problems  # noqa: E402
from tests.unit.synth.test_parent_bounds import flights, marks, matches  # noqa: E402

from simulacra import DatasetSynthesizer  # noqa: E402
from simulacra.inspection import inspect  # noqa: E402


def digest(seed: int) -> dict[str, str]:
    frames, keys = planted(seed)
    specs = {
        "drafted": inspect(folder_source(frames, keys, f"drafted{seed}")).spec,
        "exact": _spec_with(frames, keys, f"forms{seed}exact", "exact"),
    }
    data = dict.fromkeys(specs, frames)
    for make in (matches, flights, marks):
        more, mkeys, *_ = make(seed)
        specs[make.__name__] = inspect(folder_source(more, mkeys, f"{make.__name__}{seed}")).spec
        data[make.__name__] = more
    out = {}
    for name, spec in specs.items():
        sample = DatasetSynthesizer(seed=0).fit(data[name], spec).sample(seed=seed)
        h = hashlib.sha256()
        for t in sorted(sample):
            h.update(t.encode() + sample[t].write_csv().encode())
        out[name] = h.hexdigest()[:16]
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--digest", action="store_true")
    args = ap.parse_args()
    total = 0
    for seed in SEEDS:
        if args.digest:
            print(seed, digest(seed))
            continue
        frames, keys = planted(seed)
        for form in FORMS:
            found = problems(seed, frames, keys, form)
            total += len(found)
            print(f"seed {seed} {form:12} {found or 'kept'}")
    if not args.digest:
        print("broken (check, pair or column) in all:", total)


if __name__ == "__main__":
    main()
