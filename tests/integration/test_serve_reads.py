"""The read path answered from precompiled plans (issue 16's load goals): the same answers as before,
plans that keep parsing and never data, and indexes that give a filtered page in key order."""

from __future__ import annotations

import random
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from tests.helpers import plan_of
from tests.serve_live import SHOP_MINI, live_server

from simulacra.serve import build_state


@pytest.fixture(scope="module")
def state() -> Any:
    return build_state(plan_of(SHOP_MINI))


@pytest.fixture(scope="module")
def c(state: Any) -> Iterator[httpx.Client]:
    with live_server(state) as url, httpx.Client(base_url=url, timeout=10) as client:
        yield client


def test_a_filtered_page_comes_in_key_order_from_the_index(state: Any) -> None:
    conn = state.store.conn
    (ddl,) = conn.execute("SELECT sql FROM sqlite_master WHERE name = 'ix_orders_status'").fetchone()
    assert ddl.endswith('("status", "order_id")')  # a text key: the index ends with it
    plan = conn.execute(
        f"EXPLAIN QUERY PLAN {state.store.select('orders')} WHERE status = ? ORDER BY order_id LIMIT 5", ["shipped"]
    ).fetchall()
    assert not any("TEMP B-TREE" in row[-1] for row in plan), plan  # no sort of every match
    (ddl,) = conn.execute("SELECT sql FROM sqlite_master WHERE name = 'ix_orders_customer_id'").fetchone()
    assert ddl.endswith('("customer_id", "order_id")')
    (ddl,) = conn.execute("SELECT sql FROM sqlite_master WHERE name = 'ix_customers_segment'").fetchone()
    assert ddl.endswith('("segment")')  # an INTEGER key is the rowid, which every index ends with


def test_filtered_pages_match_the_rows_filtered_by_hand(c: httpx.Client) -> None:
    every = c.get("/orders", params={"limit": 1000}).json()
    for status in ("placed", "shipped", "delivered"):
        want = sorted((o for o in every if o["status"] == status), key=lambda o: o["order_id"])
        got: list[dict[str, Any]] = []
        for offset in range(0, len(want) + 7, 7):
            r = c.get("/orders", params={"status": status, "limit": 7, "offset": offset})
            assert r.status_code == 200 and int(r.headers["x-total-count"]) == len(want)
            got += r.json()
        assert got == want and want


def test_links_and_cursor_paging(c: httpx.Client) -> None:
    total = int(c.get("/orders", params={"limit": 1}).headers["x-total-count"])
    r = c.get("/orders", params={"sort": "-total", "limit": 3, "offset": 3})
    last = ((total - 1) // 3) * 3
    assert r.headers["link"] == (
        f'</orders?sort=-total&offset=0&limit=3>; rel="first", </orders?sort=-total&offset=0&limit=3>; rel="prev", '
        f'</orders?sort=-total&offset={last}&limit=3>; rel="last", </orders?sort=-total&offset=6&limit=3>; rel="next"'
    )
    seen: list[str] = []
    params: dict[str, Any] = {"limit": 4}
    while True:  # keyset cursors: each query string is a new plan, each page its own rows
        r = c.get("/orders", params=params)
        seen += [o["order_id"] for o in r.json()]
        if "x-next-cursor" not in r.headers:
            break
        if "cursor" in params:  # in cursor mode the next link carries the cursor (else an offset)
            assert f"cursor={r.headers['x-next-cursor']}" in r.headers["link"]
        params = {"limit": 4, "cursor": r.headers["x-next-cursor"]}
    assert seen == sorted(seen) and len(seen) == len(set(seen)) == total


def test_one_query_string_under_each_parent_lists_that_parents_children(c: httpx.Client) -> None:
    every = c.get("/orders", params={"limit": 1000}).json()
    for cid in sorted({o["customer_id"] for o in every})[:6]:
        r = c.get(f"/customers/{cid}/orders", params={"limit": 50})
        want = sorted((o for o in every if o["customer_id"] == cid), key=lambda o: o["order_id"])
        assert r.json() == want and int(r.headers["x-total-count"]) == len(want)
        assert r.headers["link"].startswith(f'</customers/{cid}/orders?offset=0&limit=50>; rel="first"')
    r = c.get("/customers/999999/orders", params={"limit": 50})
    assert r.status_code == 404 and r.json()["field"] == "id"


def test_plans_keep_no_data_a_write_shows_at_once(c: httpx.Client) -> None:
    try:
        params = {"status": "shipped", "limit": 1000}
        before = c.get("/orders", params=params)
        order = before.json()[0]
        assert c.patch(f"/orders/{order['order_id']}", json={"status": "placed"}).status_code == 200
        after = c.get("/orders", params=params)
        assert int(after.headers["x-total-count"]) == int(before.headers["x-total-count"]) - 1
        assert order["order_id"] not in [o["order_id"] for o in after.json()]
        assert c.get(f"/orders/{order['order_id']}").json()["status"] == "placed"
    finally:
        assert c.post("/_reset").status_code == 200


def test_the_gate_and_the_router_give_the_same_headers(c: httpx.Client) -> None:
    for path, params in (("/orders", {"status": "shipped", "limit": 2}), ("/customers/1/orders", {"limit": 1})):
        got = c.get(path, params=params)  # the gate's own read path
        head = c.head(path, params=params)  # HEAD: Starlette's router and the same answer builder
        assert got.status_code == head.status_code == 200
        for name in ("content-type", "content-length", "x-total-count", "link"):
            assert got.headers[name] == head.headers[name], name
        assert int(got.headers["content-length"]) == len(got.content)
    csv = c.get("/orders", params={"limit": 2}, headers={"Accept": "text/csv"})
    assert csv.headers["content-type"] == "text/csv; charset=utf-8" and csv.headers["vary"] == "Accept"
    assert csv.text.splitlines()[0].startswith("order_id,") and len(csv.text.splitlines()) == 3
    one = c.get("/orders", params={"limit": 1}).json()[0]
    r = c.get(f"/orders/{one['order_id']}", params={"expand": "customer"})
    assert r.json()["customer"]["customer_id"] == one["customer_id"]
    r = c.get(f"/orders/{one['order_id']}", params={"nope": "1"})
    assert r.status_code == 400 and r.json()["field"] == "nope"


def _statements(state: Any) -> list[str]:
    """Every SQL statement the served connection runs from now on (trace callback)."""
    seen: list[str] = []
    state.store.conn.set_trace_callback(seen.append)
    return seen


def test_a_read_asked_again_is_answered_without_sql_until_the_data_changes(state: Any, c: httpx.Client) -> None:
    rng = random.Random(5)
    every = c.get("/orders", params={"limit": 1000}).json()
    reads = [("/orders", {"status": s, "limit": 3}) for s in ("placed", "shipped", "delivered")]
    reads += [(f"/orders/{o['order_id']}", {}) for o in rng.sample(every, 5)]
    reads += [(f"/customers/{o['customer_id']}/orders", {"limit": 2}) for o in rng.sample(every, 5)]
    try:
        first = [c.get(path, params=params) for path, params in reads]
        seen = _statements(state)
        again = [c.get(path, params=params) for path, params in reads]
        assert seen == []  # kept answers: no statement at all (an in-memory database has no other writer)
        for a, b in zip(first, again, strict=True):
            assert (a.status_code, a.content, a.headers.get("link")) == (
                b.status_code,
                b.content,
                b.headers.get("link"),
            )
        csv = c.get("/orders", params={"status": "placed", "limit": 3}, headers={"Accept": "text/csv"})
        assert csv.text.startswith("order_id,")  # the Accept header is part of what is kept
        for o in rng.sample(every, 4):  # each write shows in the next read of every route
            new = "placed" if o["status"] != "placed" else "shipped"
            assert c.patch(f"/orders/{o['order_id']}", json={"status": new}).status_code == 200
            assert c.get(f"/orders/{o['order_id']}").json()["status"] == new
            page = c.get("/orders", params={"status": new, "limit": 1000}).json()
            assert o["order_id"] in [p["order_id"] for p in page]
            kids = c.get(f"/customers/{o['customer_id']}/orders", params={"limit": 1000, "status": new}).json()
            assert o["order_id"] in [k["order_id"] for k in kids]
        refused = c.patch(f"/orders/{every[0]['order_id']}", json={"status": "nope"})
        assert refused.status_code == 422
    finally:
        state.store.conn.set_trace_callback(None)
        assert c.post("/_reset").status_code == 200
    assert [c.get(path, params=params).content for path, params in reads] == [r.content for r in first]


def test_another_connections_commit_shows_in_the_next_read(tmp_path: Any) -> None:
    """Two workers serve one database file: a commit of the other's is seen (SQLite's data_version)."""
    db = tmp_path / "served.db"
    mine = build_state(plan_of(SHOP_MINI), database=db)
    other = build_state(plan_of(SHOP_MINI), database=db, fresh=False)
    with live_server(mine) as url, httpx.Client(base_url=url, timeout=10) as client:
        order = client.get("/orders", params={"limit": 1}).json()[0]
        total = int(client.get("/orders", params={"status": "placed"}).headers["x-total-count"])
        assert client.get(f"/orders/{order['order_id']}").json() == order  # asked twice: kept
        new = "placed" if order["status"] != "placed" else "shipped"
        other.writer.update(other.model.tables["orders"], order["order_id"], {"status": new}, partial=True)
        assert client.get(f"/orders/{order['order_id']}").json()["status"] == new
        moved = int(client.get("/orders", params={"status": "placed"}).headers["x-total-count"])
        assert moved == total + (1 if new == "placed" else -1)


def test_a_write_forgets_the_answers_of_the_tables_it_changed_and_keeps_the_others(state: Any, c: httpx.Client) -> None:
    orders = c.get("/orders", params={"limit": 1000}).json()
    items = c.get("/items", params={"limit": 1000}).json()
    order = next(o for o in orders if any(i["order_id"] == o["order_id"] for i in items))
    customer = order["customer_id"]
    pages = [("/orders", {"status": s, "limit": 5}) for s in ("placed", "shipped", "delivered")]
    try:
        for path, params in pages:
            c.get(path, params=params)
        encoded = f"/orders/{order['order_id']}?%65xpand=customer"  # ?expand= with its name percent-encoded
        assert c.get(encoded).json()["customer"]["customer_id"] == customer
        seen = _statements(state)
        renamed = c.patch(f"/customers/{customer}", json={"first_name": "Renamed"})
        assert renamed.status_code == 200
        del seen[:]
        for path, params in pages:  # no order changed: the orders' pages are kept
            c.get(path, params=params)
        assert seen == []
        # what reads the customer sees the change: the row, and an order that embeds it
        assert c.get(f"/customers/{customer}").json()["first_name"] == "Renamed"
        embedded = c.get(f"/orders/{order['order_id']}", params={"expand": "customer"}).json()["customer"]
        assert embedded["first_name"] == "Renamed"
        assert c.get(encoded).json()["customer"] == embedded
        assert seen  # those ran SQL
        # a delete that cascades: the children's list is read again
        kept_items = c.get("/items", params={"limit": 1000}).json()
        assert c.delete(f"/orders/{order['order_id']}").status_code == 204
        after = c.get("/items", params={"limit": 1000}).json()
        assert after == [i for i in kept_items if i["order_id"] != order["order_id"]] and len(after) < len(kept_items)
        assert c.get(f"/customers/{customer}/orders", params={"limit": 1000}).json() == [
            o for o in orders if o["customer_id"] == customer and o["order_id"] != order["order_id"]
        ]
    finally:
        state.store.conn.set_trace_callback(None)
        assert c.post("/_reset").status_code == 200
    assert c.get("/items", params={"limit": 1000}).json() == items
