"""Rate limits shared by the worker processes of one server: token buckets in one SQLite file."""

from __future__ import annotations

import multiprocessing
import time
from pathlib import Path

from simulacra.serve.faults import Faults, SharedBuckets


def _take_in_another_process(path: str, name: str, rate: float, now: float, out: multiprocessing.Queue) -> None:
    out.put(SharedBuckets(path).take(name, rate, now))


def test_a_bucket_is_one_for_every_connection_to_the_file(tmp_path: Path) -> None:
    db = tmp_path / "limits.sqlite"
    a, b = SharedBuckets(db), SharedBuckets(db)
    now = 1000.0
    assert [a.take("r", 3, now), b.take("r", 3, now), a.take("r", 3, now)] == [True, True, True]
    assert not b.take("r", 3, now) and not a.take("r", 3, now)  # three per second, whoever asks
    assert b.take("other", 3, now)  # each name its own bucket
    assert a.take("r", 3, now + 0.34) and not b.take("r", 3, now + 0.34)  # refills at 3 per second
    assert [a.take("r", 3, now + 5) for _ in range(4)] == [True, True, True, False]  # never above 3 tokens
    b.clear()
    assert a.take("r", 3, now + 5)


def test_another_process_sees_the_tokens_taken(tmp_path: Path) -> None:
    db = tmp_path / "limits.sqlite"
    here = SharedBuckets(db)
    now = time.monotonic()
    assert here.take("r", 2, now) and here.take("r", 2, now)
    ctx = multiprocessing.get_context("spawn")
    out: multiprocessing.Queue = ctx.Queue()
    proc = ctx.Process(target=_take_in_another_process, args=(str(db), "r", 2.0, now, out))
    proc.start()
    proc.join(60)
    assert proc.exitcode == 0 and out.get(timeout=5) is False


def test_faults_of_two_workers_share_one_rate_limit(tmp_path: Path) -> None:
    rules = {"rules": [{"route": "GET /orders*", "rate_limit": 2, "retry_after": 3}]}
    db = tmp_path / "limits.sqlite"
    one = Faults.from_config(rules, 7)
    two = Faults.from_config(rules, 7)
    one.shared, two.shared = SharedBuckets(db), SharedBuckets(db)
    one.reset()
    decisions = [one.decide("GET", "/orders"), two.decide("GET", "/orders"), two.decide("GET", "/orders")]
    assert [d.status for d in decisions] == [None, None, 429]
    assert decisions[2].retry_after == 3 and decisions[2].reason == "rate limit"
    assert one.decide("GET", "/customers").status is None  # no rule matches: no limit
    two.reset()  # POST /_reset on one worker fills the buckets of all
    assert one.decide("GET", "/orders").status is None


def test_client_buckets_are_shared_and_kept_apart_by_client(tmp_path: Path) -> None:
    rules = [{"route": "*", "client_rate_limit": 1, "client_key": "header:X-Api-Key"}]
    db = tmp_path / "limits.sqlite"
    one, two = Faults.from_config(rules), Faults.from_config(rules)
    one.shared, two.shared = SharedBuckets(db), SharedBuckets(db)
    one.reset()
    assert one.decide("GET", "/x", lambda key: "h:alice").status is None
    assert two.decide("GET", "/x", lambda key: "h:alice").reason == "client rate limit"
    assert two.decide("GET", "/x", lambda key: "h:bob").status is None
