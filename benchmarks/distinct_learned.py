"""A key once per ``rows.per`` parent and a nullable date once per parent, learned (issue 13, learn-distinct56).

For each shape of ``tests/unit/synth/test_distinct_key_dealt.py`` (lesson completions matched through the
enrolment's course, ratings matched through the user's country, ratings of any film) and of
``tests/unit/synth/test_nullable_date_once_per_parent.py`` (a visit day null in 20-60% of rows), at each seed:
inspect, fit (seed 0), sample (the data's seed), and print what the draft says and what the sample keeps —

* keys: the draft (``distinct`` with or without ``match``, or a ``unique`` constraint), the share of groups
  repeating no parent, the share of rows whose parent is among the group's candidates, the key's null share,
  rows per ``per`` parent and the share of rows the most referenced tenth of the candidates holds (source vs
  sample), fit + sample seconds;
* dates: whether ``unique: [parent, date]`` is drafted, the share of parents repeating no day, the date's null
  share (source vs sample).

    PYTHONPATH=src:. python benchmarks/distinct_learned.py --seeds 1,2,3
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import polars as pl

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from tests.unit.synth.test_distinct_key_dealt import (  # noqa: E402
    MATCH,
    SHAPES,
    _agreement,
    _once_share,
    _top_share,
)
from tests.unit.synth.test_keys_two_parents import _source  # noqa: E402
from tests.unit.synth.test_nullable_date_once_per_parent import VISIT_KEYS, _repeat_free, visits  # noqa: E402

from simulacra import DatasetSynthesizer  # noqa: E402
from simulacra.inspection import inspect  # noqa: E402


def keys(seed: int) -> None:
    for shape, make in SHAPES.items():
        for sizes in ((1, 5), (4, 10)):
            frames, k, child, per, key, up, target = make(seed, sizes)
            spec = inspect(_source(f"{shape}-{seed}", frames, k)).spec
            col = spec.tables[child].columns[key]
            held = any(c.table == child and c.unique and key in c.unique for c in spec.constraints)
            drafted = "distinct" if col.distinct else "unique" if held else "none"  # type: ignore[union-attr]
            if col.match:  # type: ignore[union-attr]
                drafted += "+match"
            t0 = time.perf_counter()
            out = DatasetSynthesizer(seed=0).fit(frames, spec).sample(seed=seed)
            secs = time.perf_counter() - t0
            t = out[child]
            agree = _agreement(out, child, per, key, up, target, MATCH[shape]) if MATCH[shape] else 1.0
            print(
                f"{shape:12s} seed {seed} groups {sizes[0]}-{sizes[1]:<2d} {drafted:15s} "
                f"once {_once_share(t, per, key):.3f}  agree {agree:.3f}  null {t[key].null_count() / t.height:.3f}  "
                f"rows/parent {frames[child].height / frames[up].height:.2f} -> {t.height / out[up].height:.2f}  "
                f"top tenth {_top_share(frames[child], key, frames[target].height):.3f} -> "
                f"{_top_share(t, key, out[target].height):.3f}  {secs:.1f} s"
            )


def dates(seed: int) -> None:
    for q, sizes in ((0.2, (3, 8)), (0.4, (5, 12)), (0.6, (4, 10))):
        frames = visits(seed, q, sizes)
        spec = inspect(_source(f"visits-{seed}", frames, VISIT_KEYS)).spec
        drafted = any(c.table == "visits" and c.unique and "visit_date" in c.unique for c in spec.constraints)
        out = DatasetSynthesizer(seed=0).fit(frames, spec).sample(seed=seed)
        v, t = frames["visits"], out["visits"]
        print(
            f"visits       seed {seed} null {q:.1f} unique drafted {drafted!s:5s} "
            f"repeat-free {_repeat_free(t, 'patient_id', 'visit_date'):.3f}  "
            f"null share {v['visit_date'].null_count() / v.height:.3f} -> {t['visit_date'].null_count() / t.height:.3f}"
        )


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--seeds", default="1,2,3")
    args = p.parse_args()
    pl.Config.set_tbl_rows(5)
    for s in [int(x) for x in args.seeds.split(",")]:
        keys(s)
        dates(s)


if __name__ == "__main__":
    main()
