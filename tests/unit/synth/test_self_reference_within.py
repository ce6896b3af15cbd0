"""A self-reference to a row of the same group (an employee's manager in their department; issue 13, the HR
example: learned, 26% of managers were in the employee's department, 42% in their office). ``inspect`` (and
``fit``'s draft) says ``within: <column>``; samples keep it. Planted with the group as a key to a parent
table and as a text category, two seeds each; a manager drawn from anywhere gets no ``within``."""

from __future__ import annotations

import numpy as np
import polars as pl
import pytest

from simulacra.learning import fit


def staff(seed: int, *, group: str = "key", anywhere: bool = False) -> dict[str, pl.DataFrame]:
    rng = np.random.default_rng(seed)
    n, n_units = 400, 12
    unit = rng.integers(1, n_units + 1, n)
    boss: list[int | None] = []
    for i in range(n):
        if anywhere:
            boss.append(int(rng.integers(1, i + 1)) if i and rng.random() < 0.9 else None)
            continue
        earlier = [j + 1 for j in range(i) if unit[j] == unit[i]]
        boss.append(int(rng.choice(earlier)) if earlier and rng.random() < 0.9 else None)
    people = pl.DataFrame(
        {
            "person_id": np.arange(1, n + 1),
            "unit_id" if group == "key" else "unit": unit if group == "key" else [f"u{u:02d}" for u in unit],
            "boss_id": pl.Series(boss, dtype=pl.Int64),
            "pay": rng.lognormal(10, 0.3, n).round(0),
        }
    )
    frames = {"people": people}
    if group == "key":
        frames["units"] = pl.DataFrame({"unit_id": np.arange(1, n_units + 1), "site": rng.choice(["a", "b"], n_units)})
    return frames


@pytest.mark.parametrize("group", ["key", "text"])
@pytest.mark.parametrize("seed", [1, 2])
def test_a_reference_within_a_group_is_kept(group: str, seed: int) -> None:
    result = fit(staff(seed, group=group), seed=seed)
    w = "unit_id" if group == "key" else "unit"
    col = result.spec.tables["people"].columns["boss_id"]
    assert col.within == w, col  # type: ignore[union-attr]
    out = result.model.sample(seed=seed)["people"]
    joined = out.join(out.select(pl.col("person_id").alias("boss_id"), pl.col(w).alias("theirs")), on="boss_id")
    assert joined.height > 200
    assert (joined[w] == joined["theirs"]).mean() >= 0.99  # type: ignore[operator]


@pytest.mark.parametrize("seed", [1, 2])
def test_a_reference_from_anywhere_is_not_within(seed: int) -> None:
    col = fit(staff(seed, anywhere=True), seed=seed).spec.tables["people"].columns["boss_id"]
    assert not col.within  # type: ignore[union-attr]
