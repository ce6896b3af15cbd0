"""Group commit (issue 16): writes that reach the server together share one COMMIT, each answered only once
it is committed; a write that fails in a group is rolled back alone (whatever it wrote before failing) and
answered with its own error; keys follow the order the writes arrived in. A real uvicorn server over a
database file, real HTTP clients, and a second SQLite connection that sees only what was committed."""

from __future__ import annotations

import http.client
import json
import random
import sqlite3
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx
import pytest
from tests.helpers import plan_of
from tests.serve_live import SHOP_MINI, live_server

from simulacra.serve import build_state

WINDOW_S = 1.0  # long enough that every write a test sends in a burst lands in one group, on a busy machine


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Any, str, Path]]:
    db = tmp_path_factory.mktemp("commits") / "served.db"
    state = build_state(plan_of(SHOP_MINI), database=db)
    with live_server(state) as url:
        yield state, url, db


@pytest.fixture
def window(served: tuple[Any, str, Path]) -> Iterator[None]:
    state = served[0]
    state.commits.window_s = WINDOW_S
    try:
        yield
    finally:
        state.commits.window_s = 0.0


def _customer(marker: str, **more: Any) -> dict[str, Any]:
    return {
        "first_name": marker,
        "email": f"{marker.lower()}@example.org",
        "segment": "regular",
        "signup_at": "2022-05-01T00:00:00Z",
        "birth_date": "1990-01-01",
        "active": True,
        **more,
    }


def _burst(url: str, requests: list[tuple[str, str, Any]], gap_s: float = 0.01) -> list[tuple[int, Any]]:
    """Send ``requests`` in this order, each on its own connection and without waiting for any answer (so
    they arrive in this order and wait together), then read every answer: (status, JSON body or None)."""
    parts = urlsplit(url)
    conns = []
    for method, path, body in requests:
        conn = http.client.HTTPConnection(parts.hostname or "127.0.0.1", parts.port, timeout=30)
        data = None if body is None else json.dumps(body).encode()
        conn.request(method, path, data, {"Content-Type": "application/json"} if data is not None else {})
        conns.append(conn)
        time.sleep(gap_s)
    out = []
    for conn in conns:
        answer = conn.getresponse()
        raw = answer.read()
        out.append((answer.status, json.loads(raw) if raw else None))
        conn.close()
    return out


def _committed(db: Path, sql: str, params: list[Any]) -> list[tuple[Any, ...]]:
    """What another connection to the served file sees: committed rows only."""
    conn = sqlite3.connect(db)
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()


def _commits(c: httpx.Client) -> dict[str, int]:
    commits: dict[str, int] = c.get("/_stats").json()["commits"]
    return commits


def test_concurrent_writes_share_commits_and_are_visible_once_answered(
    served: tuple[Any, str, Path], window: None
) -> None:
    state, url, db = served
    with httpx.Client(base_url=url, timeout=30) as c:
        c.post("/_reset")
        before = _commits(c)
        n = 24
        seen: list[str] = []

        def write(i: int) -> None:
            with httpx.Client(base_url=url, timeout=30) as own:
                if i % 3 == 2:  # a change to a generated row
                    r = own.patch(f"/customers/{i}", json={"segment": "vip"})
                    assert r.status_code == 200, r.text
                    # answered: committed, so another connection to the file sees it
                    assert _committed(db, "SELECT segment FROM customers WHERE customer_id = ?", [i]) == [("vip",)]
                else:
                    r = own.post("/customers", json=_customer(f"Conc{i}"))
                    assert r.status_code == 201, r.text
                    row = r.json()
                    got = _committed(db, "SELECT first_name FROM customers WHERE customer_id = ?", [row["customer_id"]])
                    assert got == [(f"Conc{i}",)]
                    assert own.get(f"/customers/{row['customer_id']}").json() == row
                seen.append(r.text)

        threads = [threading.Thread(target=write, args=(i,)) for i in range(n)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(60)
        assert len(seen) == n  # every thread's assertions held
        after = _commits(c)
        assert after["writes"] - before["writes"] == n
        assert after["groups"] - before["groups"] < n  # some writes shared a COMMIT
        assert after["largest"] >= 2
        made = c.get("/customers", params={"first_name.in": ",".join(f"Conc{i}" for i in range(n)), "limit": 100})
        assert int(made.headers["x-total-count"]) == len([i for i in range(n) if i % 3 != 2])


def _kinds(rng: random.Random, n: int) -> list[str]:
    kinds = ["post", "post", "patch", "batch", "invalid", "duplicate", "crash", "restrict"]
    out = [rng.choice(kinds) for _ in range(n)]
    return out + ["post", "crash", "duplicate"]  # each failing kind between good writes at least once


def test_a_failing_write_in_a_group_is_rolled_back_alone(
    served: tuple[Any, str, Path], window: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    state, url, db = served
    insert = state.writer._insert

    def insert_then_crash(table: Any, row: dict[str, Any]) -> None:  # a write that fails after writing
        insert(table, row)
        if str(row.get("first_name", "")).startswith("Boom"):
            raise RuntimeError("planted")

    monkeypatch.setattr(state.writer, "_insert", insert_then_crash)
    rng = random.Random(5)
    with httpx.Client(base_url=url, timeout=30) as c:
        c.post("/_reset")
        taken = c.get("/customers/1").json()["email"]
        parents = sorted({o["customer_id"] for o in c.get("/orders", params={"limit": 1000}).json()})
        for round_ in range(3):
            kinds = _kinds(rng, 10)
            requests: list[tuple[str, str, Any]] = []
            for i, kind in enumerate(kinds):
                m = f"R{round_}x{i}"
                if kind == "post":
                    requests.append(("POST", "/customers", _customer(m)))
                elif kind == "patch":
                    requests.append(("PATCH", f"/customers/{rng.randint(1, 40)}", {"segment": "premium"}))
                elif kind == "batch":
                    requests.append(("POST", "/customers", [_customer(m + "a"), _customer(m + "b")]))
                elif kind == "invalid":
                    requests.append(("POST", "/customers", _customer(m, segment="gold")))
                elif kind == "duplicate":  # two rows written, then the third refused: all three undone
                    bad = _customer(m + "c", email=taken)
                    requests.append(("POST", "/customers", [_customer(m + "a"), _customer(m + "b"), bad]))
                elif kind == "crash":
                    requests.append(("POST", "/customers", _customer("Boom" + m)))
                else:
                    requests.append(("DELETE", f"/customers/{rng.choice(parents)}", None))
            count0 = int(c.get("/customers", params={"limit": 1}).headers["x-total-count"])
            commits0 = _commits(c)
            answers = _burst(url, requests)
            commits1 = _commits(c)
            assert commits1["writes"] - commits0["writes"] == len(requests)
            assert commits1["groups"] - commits0["groups"] < len(requests)  # they were grouped
            made: list[int] = []
            for i, (kind, (status, body)) in enumerate(zip(kinds, answers, strict=True)):
                m = f"R{round_}x{i}"
                if kind == "post":
                    assert status == 201 and body["first_name"] == m
                    made.append(body["customer_id"])
                elif kind == "batch":
                    assert status == 201 and [r["first_name"] for r in body] == [m + "a", m + "b"]
                    made += [r["customer_id"] for r in body]
                elif kind == "patch":
                    assert status == 200 and body["segment"] == "premium"
                    assert c.get(f"/customers/{body['customer_id']}").json()["segment"] == "premium"
                elif kind == "invalid":
                    assert status == 422 and body["field"] == "segment" and body["value"] == "gold"
                elif kind == "duplicate":
                    assert status == 409 and body["field"] == "row 3: email" and body["value"] == taken
                elif kind == "crash":
                    assert status == 500 and body["detail"] == "internal error: RuntimeError"
                else:
                    assert status == 409 and "orders" in body["detail"]
                if kind in ("invalid", "duplicate", "crash"):  # nothing of a refused write was committed
                    names = [m, m + "a", m + "b", m + "c", "Boom" + m]
                    marks = ", ".join("?" * len(names))
                    assert _committed(db, f"SELECT 1 FROM customers WHERE first_name IN ({marks})", names) == []
            # keys made in arrival order, one after another, as the writes would have made them one by one
            assert made == list(range(made[0], made[0] + len(made))) if made else True
            count1 = int(c.get("/customers", params={"limit": 1}).headers["x-total-count"])
            assert count1 == count0 + len(made)
            for parent in parents:  # the refused deletes deleted nothing
                assert _committed(db, "SELECT 1 FROM customers WHERE customer_id = ?", [parent]) == [(1,)]


def _sequence() -> list[tuple[str, str, Any]]:
    """Creates of two tables whose keys the server makes (a sequence and a pattern), interleaved."""
    out: list[tuple[str, str, Any]] = []
    for i in range(6):
        out.append(("POST", "/customers", _customer(f"Seq{i}")))
        order = {
            "customer_id": 1 + i,
            "order_date": "2023-02-01T10:00:00Z",
            "ship_date": "2023-02-03T10:00:00Z",
            "total": 10.5 + i,
            "status": "placed",
        }
        out.append(("POST", "/orders", order))
    return out


def test_keys_follow_the_arrival_order_and_do_not_depend_on_grouping(
    served: tuple[Any, str, Path], window: None
) -> None:
    state, url, _ = served
    requests = _sequence()
    with httpx.Client(base_url=url, timeout=30) as c:
        runs = []
        for grouped in (True, False, True):
            c.post("/_reset")
            commits0 = _commits(c)
            if grouped:
                answers = _burst(url, requests)
            else:  # one at a time: each its own group
                state.commits.window_s = 0.0
                answers = []
                for method, path, body in requests:
                    r = c.request(method, path, json=body)
                    answers.append((r.status_code, r.json()))
                state.commits.window_s = WINDOW_S
            commits1 = _commits(c)
            if grouped:
                assert commits1["groups"] - commits0["groups"] < len(requests)
            else:
                assert commits1["groups"] - commits0["groups"] == len(requests)
            assert [s for s, _ in answers] == [201] * len(requests)
            runs.append(answers)
        assert runs[0] == runs[1] == runs[2]
        customers = [b["customer_id"] for _, b in runs[0][0::2]]
        orders = [b["order_id"] for _, b in runs[0][1::2]]
        assert customers == sorted(customers) and len(set(customers)) == len(customers)
        assert orders == sorted(orders) and len(set(orders)) == len(orders)


def test_in_memory_each_write_is_its_own_transaction() -> None:
    state = build_state(plan_of(SHOP_MINI))  # no file: a COMMIT costs less than grouping
    assert not state.commits.grouped
    with live_server(state) as url:
        answers = _burst(url, [("POST", "/customers", _customer(f"Mem{i}")) for i in range(6)])
        assert [s for s, _ in answers] == [201] * 6
        ids = [b["customer_id"] for _, b in answers]
        assert ids == list(range(ids[0], ids[0] + 6))
        with httpx.Client(base_url=url, timeout=30) as c:
            assert _commits(c) == {"writes": 6, "groups": 6, "largest": 1}
            assert [c.get(f"/customers/{i}").json()["first_name"] for i in ids] == [f"Mem{i}" for i in range(6)]
