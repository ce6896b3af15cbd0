"""A ``distinct`` key whose ``match`` reads two hops up through the ``per`` parent, a hop named by its table
(``exam_id.classes.school_id``, the class's school) rather than its key column (issue 13, learn59).

Planted sources where a group takes most of its candidates (an exam graded for 60-100% of its school's pupils; a
shift staffed by 60-100% of its region's staff), no key null, no repeat. Per shape and seed: inspect, the draft's
``match`` rewritten with the table's name for the middle hop (the spec means the same), fit (seed 0), sample (the
data's seed); printed: the key's null share (the source's is 0), (group, key) repeats, keys outside their group's
candidates. The drafted spelling (``exam_id.class_id.school_id``) is printed beside as the reference.

Splits (written and committed before the fix, run once before and once after it):

* dev: ``schools`` at seeds 1, 2, 3;
* test (held out): ``shifts`` at seeds 1, 2, 3, and both shapes at seeds 7, 8.

    PYTHONPATH=<src>:. python benchmarks/distinct_match_alias.py --split dev
"""

from __future__ import annotations

import argparse
import copy
import time
from collections.abc import Callable

import numpy as np
import polars as pl

from simulacra import DatasetSynthesizer
from simulacra.inspection import inspect
from simulacra.sources import ForeignKey, Source
from simulacra.spec.model import DatasetSpec

Planted = tuple[dict[str, pl.DataFrame], list[tuple[str, str, str, str]], dict[str, str]]


def _groups(
    rng: np.random.Generator, n_top: int, members: tuple[int, int], mids: tuple[int, int], groups: tuple[int, int]
) -> tuple[np.ndarray, np.ndarray, np.ndarray, list[tuple[int, int]]]:
    """Top rows; members of a top; middle rows of a top; groups per middle row; each group's rows taking 60-100%
    of its top's members, distinct."""
    mem_top = np.repeat(np.arange(1, n_top + 1), rng.integers(members[0], members[1] + 1, n_top))
    mid_top = np.repeat(np.arange(1, n_top + 1), rng.integers(mids[0], mids[1] + 1, n_top))
    grp_mid = np.repeat(np.arange(1, len(mid_top) + 1), rng.integers(groups[0], groups[1] + 1, len(mid_top)))
    ids = np.arange(1, len(mem_top) + 1)
    rows = []
    for g, mid in enumerate(grp_mid, 1):
        pool = ids[mem_top == mid_top[mid - 1]]
        for p in rng.choice(pool, int(np.ceil(len(pool) * rng.uniform(0.6, 1.0))), replace=False):
            rows.append((g, int(p)))
    return mem_top, mid_top, grp_mid, rows


def schools(seed: int) -> Planted:
    rng = np.random.default_rng(seed)
    pup, cls, exm, rows = _groups(rng, 10, (6, 15), (2, 3), (3, 6))
    g = np.array(rows)
    frames = {
        "schools": pl.DataFrame({"school_id": np.arange(1, 11), "size": rng.integers(1, 4, 10)}),
        "pupils": pl.DataFrame(
            {"pupil_id": np.arange(1, len(pup) + 1), "school_id": pup, "age": rng.integers(6, 12, len(pup))}
        ),
        "classes": pl.DataFrame(
            {"class_id": np.arange(1, len(cls) + 1), "school_id": cls, "grade": rng.integers(1, 7, len(cls))}
        ),
        "exams": pl.DataFrame(
            {"exam_id": np.arange(1, len(exm) + 1), "class_id": exm, "weight": rng.integers(1, 4, len(exm))}
        ),
        "grades": pl.DataFrame(
            {
                "grade_id": np.arange(1, len(g) + 1),
                "exam_id": g[:, 0],
                "pupil_id": g[:, 1],
                "score": rng.integers(0, 101, len(g)),
            }
        ),
    }
    keys = [
        ("pupils", "school_id", "schools", "school_id"),
        ("classes", "school_id", "schools", "school_id"),
        ("exams", "class_id", "classes", "class_id"),
        ("grades", "exam_id", "exams", "exam_id"),
        ("grades", "pupil_id", "pupils", "pupil_id"),
    ]
    return frames, keys, {"child": "grades", "per": "exam_id", "key": "pupil_id", "hop": "class_id", "alias": "classes"}


def shifts(seed: int) -> Planted:  # held out
    rng = np.random.default_rng(seed)
    staff, stores, shf, rows = _groups(rng, 8, (5, 12), (2, 4), (2, 5))
    g = np.array(rows)
    frames = {
        "regions": pl.DataFrame({"region_id": np.arange(1, 9), "zone": rng.integers(1, 3, 8)}),
        "staff": pl.DataFrame(
            {"staff_id": np.arange(1, len(staff) + 1), "region_id": staff, "hours": rng.integers(10, 40, len(staff))}
        ),
        "stores": pl.DataFrame(
            {
                "store_id": np.arange(1, len(stores) + 1),
                "region_id": stores,
                "area": rng.integers(100, 900, len(stores)),
            }
        ),
        "shifts": pl.DataFrame(
            {"shift_id": np.arange(1, len(shf) + 1), "store_id": shf, "length": rng.integers(4, 10, len(shf))}
        ),
        "assignments": pl.DataFrame(
            {
                "assignment_id": np.arange(1, len(g) + 1),
                "shift_id": g[:, 0],
                "staff_id": g[:, 1],
                "pay": rng.integers(50, 200, len(g)),
            }
        ),
    }
    keys = [
        ("staff", "region_id", "regions", "region_id"),
        ("stores", "region_id", "regions", "region_id"),
        ("shifts", "store_id", "stores", "store_id"),
        ("assignments", "shift_id", "shifts", "shift_id"),
        ("assignments", "staff_id", "staff", "staff_id"),
    ]
    return (
        frames,
        keys,
        {"child": "assignments", "per": "shift_id", "key": "staff_id", "hop": "store_id", "alias": "stores"},
    )


SHAPES: dict[str, Callable[[int], Planted]] = {"schools": schools, "shifts": shifts}
SPLITS = {
    "dev": [("schools", s) for s in (1, 2, 3)],
    "test": [("shifts", s) for s in (1, 2, 3)] + [(n, s) for n in SHAPES for s in (7, 8)],
}


def _source(name: str, frames: dict[str, pl.DataFrame], keys: list[tuple[str, str, str, str]]) -> Source:
    return Source(
        location=name,
        kind="folder",
        frames=frames,
        primary_keys={t: [f.columns[0]] for t, f in frames.items()},
        foreign_keys=[ForeignKey(*k) for k in keys],
        fingerprint=name,
    )


def _checks(
    out: dict[str, pl.DataFrame], keys: list[tuple[str, str, str, str]], w: dict[str, str]
) -> tuple[float, int, int]:
    """(null share of the key, (group, key) repeats, keys whose top row is not their group's)."""
    child = out[w["child"]]
    key_tbl = next(k for k in keys if k[0] == w["child"] and k[1] == w["key"])[2]
    per_tbl = next(k for k in keys if k[0] == w["child"] and k[1] == w["per"])[2]
    mid_tbl = next(k for k in keys if k[0] == per_tbl)[2]
    top = next(k for k in keys if k[0] == key_tbl)[1]
    mine = out[key_tbl].select(w["key"], pl.col(top).alias("_a"))
    theirs = (
        out[per_tbl].join(out[mid_tbl].select(w["hop"], pl.col(top).alias("_b")), on=w["hop"]).select(w["per"], "_b")
    )
    j = child.join(mine, on=w["key"], how="left").join(theirs, on=w["per"], how="left")
    off = j.filter(pl.col(w["key"]).is_not_null() & (pl.col("_a") != pl.col("_b"))).height
    rep = child.drop_nulls(w["key"]).group_by(w["per"], w["key"]).len().filter(pl.col("len") > 1).height
    return child[w["key"]].null_count() / max(child.height, 1), rep, off


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--split", choices=list(SPLITS), default="dev")
    args = ap.parse_args()
    print("| shape | seed | spelling | rows | key null share (source 0) | repeats | off candidates |")
    print("|---|---:|---|---:|---:|---:|---:|")
    cpu, wall = time.process_time(), time.perf_counter()
    for name, seed in SPLITS[args.split]:
        frames, keys, w = SHAPES[name](seed)
        data = copy.deepcopy(inspect(_source(f"{name}{seed}", frames, keys)).spec_data)
        col = data["tables"][w["child"]]["columns"][w["key"]]
        drafted = col.get("match")
        for spelling in ("drafted", "table hop"):
            d = copy.deepcopy(data)
            c = d["tables"][w["child"]]["columns"][w["key"]]
            if spelling == "table hop":
                if not drafted:
                    print(f"| {name} | {seed} | {spelling} | no match drafted ({col}) | | | |")
                    continue
                c["match"] = {k: v.replace(f".{w['hop']}.", f".{w['alias']}.") for k, v in drafted.items()}
            try:
                out = DatasetSynthesizer(seed=0).fit(frames, DatasetSpec.model_validate(d)).sample(seed=seed)
            except Exception as exc:  # noqa: BLE001 - a refusal is a result here
                print(f"| {name} | {seed} | {spelling} | refused: {type(exc).__name__}: {str(exc)[:160]} | | | |")
                continue
            null, rep, off = _checks(out, keys, w)
            print(
                f"| {name} | {seed} | `{next(iter(c['match'].values()))}` | {out[w['child']].height} | {null:.4f} | {rep} | {off} |"
            )
    print(f"\n{time.perf_counter() - wall:.1f} s wall, {time.process_time() - cpu:.1f} s CPU")


if __name__ == "__main__":
    main()
