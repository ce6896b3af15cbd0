"""Two keys of a row into one table that never name the same row (issue 13), planted in generated data: a
match's home and away teams (each team once per match day), a transfer's payer and payee accounts, a message's
sender and recipient. ``inspect`` drafts ``check: a <> b``; fit → sample keeps it on every row and keeps each
parent's number of references. Two keys that sometimes meet, or that would rarely meet by chance, get no check.
Before (found on the football league of benchmarks/heldout_league.py, its first run): 5.5% of sampled matches
were a team playing itself; with the check written by hand, ``sample`` refused its own output.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import polars as pl
import pytest
from tests.helpers import folder_source

from simulacra import DatasetSynthesizer
from simulacra.inspection import inspect
from simulacra.sources import ForeignKey
from simulacra.synth._keys_apart import differing_keys, keep_apart


def _two_distinct(rng: np.random.Generator, n_rows: int, n_parents: int) -> tuple[np.ndarray, np.ndarray]:
    a = rng.integers(1, n_parents + 1, n_rows)
    b = (a - 1 + rng.integers(1, n_parents, n_rows)) % n_parents + 1
    return a, b


def matches(seed: int) -> tuple[dict[str, pl.DataFrame], list[ForeignKey], str, str]:
    rng = np.random.default_rng(seed)
    n_teams, rows = 12, []
    for day in range(40):  # a round of six matches a day
        perm = rng.permutation(np.arange(1, n_teams + 1))
        on = dt.date(2023, 8, 5) + dt.timedelta(days=7 * day)
        rows += [
            (int(perm[2 * k]), int(perm[2 * k + 1]), on, int(rng.poisson(1.4)), int(rng.poisson(1.1))) for k in range(6)
        ]
    m = pl.DataFrame(rows, schema=["home_id", "away_id", "played_on", "hg", "ag"], orient="row")
    frames = {
        "teams": pl.DataFrame({"team_id": np.arange(1, n_teams + 1), "seats": rng.integers(5000, 60000, n_teams)}),
        "games": m.with_columns(pl.int_range(1, m.height + 1).alias("game_id")).select(
            "game_id", pl.all().exclude("game_id")
        ),
    }
    keys = [ForeignKey("games", "home_id", "teams", "team_id"), ForeignKey("games", "away_id", "teams", "team_id")]
    return frames, keys, "home_id", "away_id"


def transfers(seed: int) -> tuple[dict[str, pl.DataFrame], list[ForeignKey], str, str]:
    rng = np.random.default_rng(seed)
    a, b = _two_distinct(rng, 700, 40)
    frames = {
        "accounts": pl.DataFrame({"account_id": np.arange(1, 41), "limit": rng.integers(100, 5000, 40)}),
        "transfers": pl.DataFrame(
            {
                "transfer_id": np.arange(1, 701),
                "payer_id": a,
                "payee_id": b,
                "amount": np.round(rng.gamma(2, 50, 700), 2),
            }
        ),
    }
    keys = [
        ForeignKey("transfers", "payer_id", "accounts", "account_id"),
        ForeignKey("transfers", "payee_id", "accounts", "account_id"),
    ]
    return frames, keys, "payer_id", "payee_id"


def messages(seed: int) -> tuple[dict[str, pl.DataFrame], list[ForeignKey], str, str]:
    rng = np.random.default_rng(seed)
    a, b = _two_distinct(rng, 500, 25)
    frames = {
        "users": pl.DataFrame({"user_id": np.arange(1, 26), "age": rng.integers(18, 80, 25)}),
        "messages": pl.DataFrame(
            {"message_id": np.arange(1, 501), "sender_id": a, "recipient_id": b, "words": rng.integers(1, 300, 500)}
        ),
    }
    keys = [
        ForeignKey("messages", "sender_id", "users", "user_id"),
        ForeignKey("messages", "recipient_id", "users", "user_id"),
    ]
    return frames, keys, "sender_id", "recipient_id"


@pytest.mark.parametrize("seed", [1, 2])
@pytest.mark.parametrize("make", [matches, transfers, messages], ids=lambda f: f.__name__)
def test_two_keys_that_never_meet_are_drafted_apart_and_kept(make, seed: int) -> None:  # noqa: ANN001
    frames, keys, a, b = make(seed)
    child = keys[0].table
    spec = inspect(folder_source(frames, keys, f"{make.__name__}{seed}")).spec
    assert any(c.table == child and c.check == f"{a} <> {b}" for c in spec.constraints)
    out = DatasetSynthesizer(seed=0).fit(frames, spec).sample(seed=seed)[child]
    assert (out[a] != out[b]).all()


def test_keys_that_meet_or_would_rarely_meet_get_no_check() -> None:
    rng = np.random.default_rng(5)
    frames, keys, a, b = transfers(5)
    t = frames["transfers"]
    frames["transfers"] = t.with_columns(
        pl.when(pl.int_range(pl.len()) % 50 == 0).then(pl.col(a)).otherwise(pl.col(b)).alias(b)
    )
    spec = inspect(folder_source(frames, keys, "meet")).spec
    assert not any(c.check and "<>" in c.check for c in spec.constraints)
    big = 5000  # 60 rows over 5,000 accounts: equal keys would be rare by chance anyway
    x, y = _two_distinct(rng, 60, big)
    frames = {
        "accounts": pl.DataFrame({"account_id": np.arange(1, big + 1), "limit": rng.integers(1, 9, big)}),
        "transfers": pl.DataFrame(
            {"transfer_id": np.arange(1, 61), "payer_id": x, "payee_id": y, "amount": rng.random(60)}
        ),
    }
    spec = inspect(folder_source(frames, keys, "rare")).spec
    assert not any(c.check and "<>" in c.check for c in spec.constraints)


def test_keep_apart_swaps_within_groups_and_keeps_the_counts() -> None:
    rng = np.random.default_rng(0)
    a = rng.integers(0, 6, 300)
    b = rng.integers(0, 6, 300)
    group = rng.integers(0, 10, 300)
    out = keep_apart(a, b, group)
    assert sorted(out.tolist()) == sorted(b.tolist())
    assert not np.any(out == a)
    assert keep_apart(a, b, group).tolist() == out.tolist()
    assert differing_keys(["home <> away", "x != y", "a < b", "home_id<>away_id"]) == [
        ("home", "away"),
        ("x", "y"),
        ("home_id", "away_id"),
    ]
