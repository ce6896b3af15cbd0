"""A learned name column keeps the source's concentration (issue 13: data a domain expert would believe).

Found on the football-league dev probe: 384 players with 314 distinct invented surnames (the most common 5
rows, 1.3%) were sampled from Faker's en_US list as its weights say: 'Williams' 12 rows (3.1%), 265
distinct. Now the value engine's pools are a population's (``values._names``) and a name column that
repeats its names more than as many people would is drafted ``distinct: K, top_share: s``.

Planted here, per locale and seed: very diverse invented names, a few names many rows share (a family
business, a village), and real common names drawn by their national weights (more repetition than a
population's pools give). The sample's distinct count and top share stay near the source's.
"""

from __future__ import annotations

import importlib
from pathlib import Path

import numpy as np
import polars as pl
import pytest

import simulacra
from simulacra.inspection import inspect

_SYL = ("ka", "ro", "ven", "til", "mar", "shu", "pel", "dor", "qui", "zan", "bre", "lo", "mik", "sa", "tor", "ne")


def _invented(rng: np.random.Generator, k: int) -> list[str]:
    out: dict[str, None] = {}
    while len(out) < k:
        word = "".join(_SYL[i] for i in rng.integers(0, len(_SYL), int(rng.integers(2, 4))))
        out[word.capitalize()] = None
    return list(out)


def _players(path: Path, column: str, names: list[str]) -> pl.DataFrame:
    rng = np.random.default_rng(len(names))
    frame = pl.DataFrame(
        {
            "player_id": list(range(1, len(names) + 1)),
            column: names,
            "position": rng.choice(["GK", "DF", "MF", "FW"], len(names)).tolist(),
            "shirt_number": rng.integers(1, 41, len(names)).tolist(),
        }
    )
    frame.write_csv(path)
    return frame


def _source(shape: str, locale: str, seed: int, n: int) -> list[str]:
    rng = np.random.default_rng(seed)
    if shape == "invented":  # very diverse made-up names: most rows hold their name alone
        pool = _invented(rng, 4 * n)
        return [pool[i] for i in rng.integers(0, len(pool), n)]
    if shape == "few":  # a few names many rows share, by a steep rank law (the top ~15% of rows)
        pool = _invented(rng, 60)
        w = 1.0 / np.arange(1, 61) ** 1.1
        return [pool[i] for i in rng.choice(60, n, p=w / w.sum())]
    # real common names at their weights in the national list (Faker's data, read as such)
    data = importlib.import_module(f"faker.providers.person.{locale}").Provider.last_names
    items = [str(x) for x in data]
    p = np.asarray([float(v) for v in data.values()]) if isinstance(data, dict) else np.ones(len(items))
    return [items[i] for i in rng.choice(len(items), n, p=p / p.sum())]


def _profile(values: pl.Series) -> tuple[float, int]:
    counts = values.value_counts().get_column("count")
    return float(counts.max()) / values.len(), counts.len()  # type: ignore[arg-type]


class TestLearnedNamesKeepTheirConcentration:
    @pytest.mark.parametrize(
        ("shape", "locale", "seed", "n"),
        [
            ("invented", "en_US", 1, 384),
            ("invented", "en_US", 2, 900),
            ("few", "en_US", 3, 400),
            pytest.param(
                "few",
                "en_US",
                4,
                1200,
                marks=pytest.mark.xfail(
                    strict=True,
                    reason="drafted `pool: 60` (95% of rows in names seen 5+ times): the learned slot shares "
                    "lose the rarest slots (44 of 60 in the sample); not this branch's change",
                ),
            ),
            ("real", "en_US", 5, 1000),
            ("real", "en_GB", 6, 800),
        ],
    )
    def test_sample_distinct_and_top_share_near_the_source(
        self, tmp_path: Path, shape: str, locale: str, seed: int, n: int
    ) -> None:
        src = tmp_path / "players.csv"
        source = _players(src, "last_name", _source(shape, locale, seed, n))
        drafted = inspect(src).spec_data["tables"]["players"]["columns"]["last_name"]
        assert drafted["generator"] == "last_name", drafted
        src_top, src_distinct = _profile(source["last_name"])
        if shape == "invented":
            assert "distinct" not in drafted  # as diverse as people: drawn from the pools as they are
        elif drafted.get("pool") != src_distinct:  # few names most rows share: a pool of them, or distinct
            assert drafted.get("distinct", 0) >= src_distinct and drafted.get("top_share") == pytest.approx(
                src_top, abs=1e-4
            ), drafted
        simulacra.fit(src, output=tmp_path / "model", seed=seed)
        simulacra.sample(tmp_path / "model", output=tmp_path / "s.csv", seed=seed + 11)
        got = pl.read_csv(tmp_path / "s.csv")["last_name"]
        top, distinct = _profile(got)
        assert got.len() == n
        assert 0.75 * src_distinct <= distinct <= 1.33 * src_distinct, (shape, src_distinct, distinct)
        assert top <= max(0.02, 1.5 * src_top), (shape, src_top, top)
        assert top >= 0.6 * src_top or top * n <= 5, (shape, src_top, top)

    @pytest.mark.parametrize(("shape", "seed"), [("few", 7), ("invented", 8)])
    def test_same_seed_same_bytes(self, tmp_path: Path, shape: str, seed: int) -> None:
        src = tmp_path / "players.csv"
        _players(src, "last_name", _source(shape, "en_US", seed, 500))
        simulacra.fit(src, output=tmp_path / "model", seed=seed)
        out = []
        for i, chunk in enumerate((53, 100_000, 53)):
            target = tmp_path / f"s{i}.csv"
            simulacra.sample(tmp_path / "model", output=target, seed=seed, chunk_rows=chunk)
            out.append(target.read_bytes())
        assert out[0] == out[1] == out[2]


class TestDistinctSpec:
    """``distinct`` / ``top_share`` in a written spec, for first and last names in several locales."""

    @pytest.mark.parametrize(
        ("kind", "locale", "k", "top"),
        [("last_name", "de_DE", 40, 0.2), ("first_name", "fr_FR", 25, None), ("last_name", "en_GB", 200, 0.05)],
    )
    def test_rows_drawn_from_k_values_at_the_top_share(
        self, tmp_path: Path, kind: str, locale: str, k: int, top: float | None
    ) -> None:
        rows = 20 * k
        col: dict[str, object] = {"generator": kind, "distinct": k}
        if top is not None:
            col["top_share"] = top
        spec = {"name": "d", "seed": 3, "locale": locale, "tables": {"t": {"rows": rows, "columns": {"who": col}}}}
        frames = []
        for chunk in (17, 100_000):
            simulacra.generate(spec, tmp_path / f"g{chunk}", chunk_size=chunk, format="csv")
            frames.append(pl.read_csv(tmp_path / f"g{chunk}" / "t.csv"))
        assert frames[0].equals(frames[1])
        share, distinct = _profile(frames[0]["who"])
        assert distinct == k
        if top is not None:
            assert share == pytest.approx(top, abs=0.03)

    def test_top_share_needs_distinct(self, tmp_path: Path) -> None:
        spec = {
            "name": "d",
            "seed": 1,
            "tables": {"t": {"rows": 5, "columns": {"who": {"generator": "last_name", "top_share": 0.3}}}},
        }
        with pytest.raises(Exception, match="top_share needs distinct"):
            simulacra.generate(spec, tmp_path / "g", format="csv")
