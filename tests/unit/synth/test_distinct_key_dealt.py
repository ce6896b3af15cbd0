"""A key once per ``rows.per`` parent, matched through that parent or not (issue 13), planted in generated data:

* lesson completions — each enrolment completes distinct lessons of its own course (the earlier lessons more
  often), ``lesson_id`` matched through ``enrolment_id.course_id``;
* ratings — each user rates distinct films of the user's country (a few films far more rated), ``film_id``
  matched through ``user_id.country_id``;
* ratings of any film — distinct films, no ``match``.

``inspect`` drafts the key as the engine takes it natively: ``distinct: true`` (with its ``match`` through the
``per`` parent), no ``unique: [per key, key]`` constraint. fit → sample keeps it by construction (the parents
drawn for the key are dealt apart within each group, ``synth/_deal_apart.py``): every group holds each parent
once, every key is of its group's candidates, and the source's shape holds — rows per ``per`` parent, no nulls,
the share of references the most referenced tenth of the candidates holds. A saved model samples the same bytes.
Seeds 1–3, two ranges of group sizes.

Before (main ee649620): the key with ``match`` was drafted with a ``unique`` constraint instead of ``distinct``
(the engine refused ``distinct`` with ``match`` until engine-distinct54), so the draft assertions fail.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import polars as pl
import pytest
from tests.unit.synth.test_keys_two_parents import Keys, _source

from simulacra import DatasetSynthesizer
from simulacra.inspection import inspect
from simulacra.spec import load_plan

Frames = dict[str, pl.DataFrame]


def _distinct_of(rng: np.random.Generator, pool: np.ndarray, weights: np.ndarray, k: int) -> np.ndarray:
    k = min(k, len(pool))
    return rng.choice(pool, k, replace=False, p=weights / weights.sum())


def completions(seed: int, sizes: tuple[int, int]) -> tuple[Frames, Keys, str, str, str, str, str]:
    """Courses of 6..14 lessons; students enrolled in 1..3 courses; per enrolment ``sizes`` completions of
    distinct lessons of its course, earlier lessons more often."""
    rng = np.random.default_rng(seed)
    n_co, n_st = 16, 260
    n_les = rng.integers(6, 15, n_co)
    les_co = np.repeat(np.arange(1, n_co + 1), n_les)
    les_pos = np.concatenate([np.arange(1, k + 1) for k in n_les])
    en_st, en_co = [], []
    for s in range(1, n_st + 1):
        for c in rng.choice(np.arange(1, n_co + 1), rng.integers(1, 4), replace=False):
            en_st.append(s)
            en_co.append(int(c))
    en_co_a = np.array(en_co)
    lesson_ids = np.arange(1, len(les_co) + 1)
    per_en = rng.integers(sizes[0], sizes[1] + 1, len(en_co_a))
    picked = [
        _distinct_of(rng, lesson_ids[les_co == c], 1.0 / les_pos[les_co == c], int(k))
        for c, k in zip(en_co_a, per_en, strict=True)
    ]
    frames = {
        "courses": pl.DataFrame({"course_id": np.arange(1, n_co + 1), "level": rng.integers(1, 4, n_co)}),
        "lessons": pl.DataFrame(
            {"lesson_id": lesson_ids, "course_id": les_co, "minutes": rng.integers(20, 90, len(les_co))}
        ),
        "students": pl.DataFrame({"student_id": np.arange(1, n_st + 1), "age": rng.integers(16, 70, n_st)}),
        "enrolments": pl.DataFrame(
            {"enrolment_id": np.arange(1, len(en_co_a) + 1), "student_id": np.array(en_st), "course_id": en_co_a}
        ),
        "completions": pl.DataFrame(
            {
                "completion_id": np.arange(1, sum(len(p) for p in picked) + 1),
                "enrolment_id": np.repeat(np.arange(1, len(en_co_a) + 1), [len(p) for p in picked]),
                "lesson_id": np.concatenate(picked),
                "score": rng.integers(0, 101, sum(len(p) for p in picked)),
            }
        ),
    }
    keys = [
        ("lessons", "course_id", "courses", "course_id"),
        ("enrolments", "student_id", "students", "student_id"),
        ("enrolments", "course_id", "courses", "course_id"),
        ("completions", "enrolment_id", "enrolments", "enrolment_id"),
        ("completions", "lesson_id", "lessons", "lesson_id"),
    ]
    return frames, keys, "completions", "enrolment_id", "lesson_id", "enrolments", "lessons"


def ratings(seed: int, sizes: tuple[int, int], *, matched: bool = True) -> tuple[Frames, Keys, str, str, str, str, str]:
    """Countries; users and films of a country; per user ``sizes`` ratings of distinct films of the user's
    country (``matched``) or of any film, a few films far more rated (Zipf-like weights)."""
    rng = np.random.default_rng(seed)
    n_cn, n_us, n_fi = 4, 220, 160
    us_cn = np.r_[np.arange(1, n_cn + 1), rng.integers(1, n_cn + 1, n_us - n_cn)]
    fi_cn = np.r_[np.arange(1, n_cn + 1), rng.integers(1, n_cn + 1, n_fi - n_cn)]
    pop = 1.0 / rng.permutation(np.arange(1, n_fi + 1)) ** 0.8
    films = np.arange(1, n_fi + 1)
    per_us = rng.integers(sizes[0], sizes[1] + 1, n_us)
    picked = [
        _distinct_of(rng, films[fi_cn == c] if matched else films, pop[fi_cn == c] if matched else pop, int(k))
        for c, k in zip(us_cn, per_us, strict=True)
    ]
    n = sum(len(p) for p in picked)
    frames = {
        "countries": pl.DataFrame({"country_id": np.arange(1, n_cn + 1), "pop": rng.integers(1, 90, n_cn)}),
        "users": pl.DataFrame({"user_id": np.arange(1, n_us + 1), "country_id": us_cn}),
        "films": pl.DataFrame({"film_id": films, "country_id": fi_cn, "year": rng.integers(1950, 2024, n_fi)}),
        "ratings": pl.DataFrame(
            {
                "rating_id": np.arange(1, n + 1),
                "user_id": np.repeat(np.arange(1, n_us + 1), [len(p) for p in picked]),
                "film_id": np.concatenate(picked),
                "stars": rng.integers(1, 6, n),
            }
        ),
    }
    keys = [
        ("users", "country_id", "countries", "country_id"),
        ("films", "country_id", "countries", "country_id"),
        ("ratings", "user_id", "users", "user_id"),
        ("ratings", "film_id", "films", "film_id"),
    ]
    return frames, keys, "ratings", "user_id", "film_id", "users", "films"


def any_film(seed: int, sizes: tuple[int, int]) -> tuple[Frames, Keys, str, str, str, str, str]:
    return ratings(seed, sizes, matched=False)


SHAPES = {"completions": completions, "ratings": ratings, "any film": any_film}
MATCH = {"completions": ("course_id", "course_id"), "ratings": ("country_id", "country_id"), "any film": None}


def _once_share(child: pl.DataFrame, per: str, key: str) -> float:
    """Share of ``per`` parents none of whose rows repeats a (non-null) ``key``."""
    g = child.drop_nulls(key).group_by(per).agg((pl.col(key).n_unique() == pl.len()).alias("u"))
    return float(g.get_column("u").mean())  # type: ignore[arg-type]


def _agreement(frames: Frames, child: str, per: str, key: str, up: str, target: str, cols: tuple[str, str]) -> float:
    """Share of rows (with a key) whose key's parent holds the ``per`` parent's value (``cols``)."""
    mine, theirs = cols
    t = frames[child].drop_nulls(key)
    a = t.join(frames[up].select(per, pl.col(mine).alias("_a")), on=per, how="left")
    b = a.join(frames[target].select(key, pl.col(theirs).alias("_b")), on=key, how="left")
    return float((b["_a"] == b["_b"]).fill_null(False).mean())  # type: ignore[arg-type]


def _top_share(child: pl.DataFrame, key: str, n_parent: int) -> float:
    """Share of the rows the most referenced tenth of the key's parents holds."""
    refs = np.sort(child.drop_nulls(key).group_by(key).len().get_column("len").to_numpy())[::-1]
    top = max(1, n_parent // 10)
    return float(refs[:top].sum() / max(1, refs.sum()))


@pytest.mark.parametrize("sizes", [(1, 5), (4, 10)], ids=["small groups", "large groups"])
@pytest.mark.parametrize("seed", [1, 2, 3])
@pytest.mark.parametrize("shape", list(SHAPES))
def test_a_key_once_per_parent_is_drafted_distinct_and_sampled_apart(
    shape: str, seed: int, sizes: tuple[int, int], tmp_path: Path
) -> None:
    frames, keys, child, per, key, up, target = SHAPES[shape](seed, sizes)
    assert _once_share(frames[child], per, key) == 1.0
    spec = inspect(_source(f"{shape}-{seed}", frames, keys)).spec
    col = spec.tables[child].columns[key]
    assert col.distinct, f"{shape}: {key} not drafted distinct"  # type: ignore[union-attr]
    if MATCH[shape] is not None:
        parent_col, _ = MATCH[shape]
        assert col.match == {parent_col: f"{per}.{parent_col}"}  # type: ignore[union-attr]
    else:
        assert not col.match  # type: ignore[union-attr]
    assert not any(c.table == child and c.unique and key in c.unique for c in spec.constraints)
    load_plan(spec)  # the draft is a valid spec
    model = DatasetSynthesizer(seed=0).fit(frames, spec)
    out = model.sample(seed=seed)
    t = out[child]
    assert t.height > 300
    assert _once_share(t, per, key) >= 0.99
    if MATCH[shape] is not None:
        assert _agreement(out, child, per, key, up, target, MATCH[shape]) >= 0.99
    # the source's shape: no nulls, rows per 'per' parent, how much the most referenced candidates hold
    assert t.get_column(key).null_count() / t.height <= 0.03
    src_rows = frames[child].height / frames[up].height
    assert abs(t.height / out[up].height - src_rows) <= 0.15 * src_rows
    src_top = _top_share(frames[child], key, frames[target].height)
    assert abs(_top_share(t, key, out[target].height) - src_top) <= 0.08, (shape, src_top)
    model.save(tmp_path / "m")
    again = DatasetSynthesizer.load(tmp_path / "m").sample(seed=seed)
    for name in out:
        assert out[name].write_csv() == again[name].write_csv(), name
