"""simulacra serve, more of issue 16, over real HTTP (uvicorn on loopback, httpx): parent aggregates
kept true on child writes, composite-key routes, form/multipart bodies, CSV/NDJSON answers,
per-client rate limits and per-worker stats."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest
from tests.helpers import plan_of
from tests.serve_live import live_server

from simulacra.serve import build_state

AGG_SPEC = """
name: agg_shop
seed: 5
tables:
  customers:
    rows: 12
    primary_key: customer_id
    columns:
      customer_id: sequence
      name: first_name
      n_orders: {generator: aggregate, function: count, of: orders}
      spent: {generator: aggregate, function: sum, of: orders.total, round: 2}
  orders:
    rows: {per: customers, count: {distribution: poisson, lam: 2}}
    primary_key: order_id
    columns:
      order_id: sequence
      customer_id: {generator: foreign_key, references: customers.customer_id, on_delete: cascade}
      n_items: {generator: aggregate, function: count, of: items}
      total: {generator: aggregate, function: sum, of: items.line_total, round: 2}
      biggest: {generator: aggregate, function: max, of: items.quantity}
      with_tax: {generator: expression, expr: "round(total * 1.2, 2)"}
  items:
    rows: {per: orders, count: {distribution: poisson, lam: 1, min: 1, max: 3}}
    primary_key: item_id
    columns:
      item_id: sequence
      order_id: {generator: foreign_key, references: orders.order_id, on_delete: cascade}
      quantity: {generator: poisson, lam: 1, min: 1, max: 9}
      price: {generator: uniform, low: 1, high: 20, round: 2}
      line_total: {generator: expression, expr: "round(price * quantity, 2)"}
"""


@pytest.fixture(scope="module")
def agg() -> Iterator[httpx.Client]:
    state = build_state(plan_of(AGG_SPEC))
    with live_server(state) as url, httpx.Client(base_url=url, timeout=10) as c:
        yield c


def _expected(c: httpx.Client) -> None:
    """Every aggregate equals what the children hold now (and what derives from it follows)."""
    customers = c.get("/customers", params={"limit": 1000}).json()
    orders = c.get("/orders", params={"limit": 1000}).json()
    items = c.get("/items", params={"limit": 1000}).json()
    for o in orders:
        mine = [i for i in items if i["order_id"] == o["order_id"]]
        assert o["n_items"] == len(mine), o
        assert o["total"] == pytest.approx(round(sum(i["line_total"] for i in mine), 2)), o
        assert o["biggest"] == (max(i["quantity"] for i in mine) if mine else None), o
        assert o["with_tax"] == pytest.approx(round(o["total"] * 1.2, 2)), o
    for cu in customers:
        mine_o = [o for o in orders if o["customer_id"] == cu["customer_id"]]
        assert cu["n_orders"] == len(mine_o), cu
        assert cu["spent"] == pytest.approx(round(sum(o["total"] for o in mine_o), 2), abs=0.011), cu


def test_child_writes_recompute_parent_aggregates_up_the_chain(agg: httpx.Client) -> None:
    c = agg
    try:
        _expected(c)  # the generated state
        order = c.get("/orders", params={"limit": 1}).json()[0]
        oid, cid = order["order_id"], order["customer_id"]
        r = c.post("/items", json={"order_id": oid, "quantity": 9, "price": 10.5})
        assert r.status_code == 201, r.text
        new = r.json()
        after = c.get(f"/orders/{oid}").json()
        assert after["n_items"] == order["n_items"] + 1
        assert after["total"] == pytest.approx(order["total"] + 94.5)
        assert after["biggest"] == 9
        _expected(c)
        assert c.patch(f"/items/{new['item_id']}", json={"quantity": 2}).status_code == 200
        _expected(c)
        # moving an item to another order changes both orders (and both customers)
        other = c.get("/orders", params={"customer_id.ne": cid, "limit": 1}).json()[0]
        assert c.patch(f"/items/{new['item_id']}", json={"order_id": other["order_id"]}).status_code == 200
        _expected(c)
        assert c.get(f"/orders/{oid}").json()["n_items"] == order["n_items"]
        assert c.delete(f"/items/{new['item_id']}").status_code == 204
        _expected(c)
        # a new order starts at the defaults; a client's value for an aggregate is not taken
        r = c.post("/orders", json={"customer_id": cid, "n_items": 99, "total": 1e6})
        assert r.status_code == 201, r.text
        assert (r.json()["n_items"], r.json()["total"], r.json()["biggest"]) == (0, 0, None)
        _expected(c)
        # cascade: deleting an order deletes its items, and the customer's aggregates follow
        assert c.delete(f"/orders/{oid}").status_code == 204
        _expected(c)
        # a refused child write changes no aggregate
        before = c.get(f"/orders/{other['order_id']}").json()
        assert c.post("/items", json={"order_id": other["order_id"], "quantity": 99, "price": 1}).status_code == 422
        assert c.get(f"/orders/{other['order_id']}").json() == before
    finally:
        assert c.post("/_reset").status_code == 200


def test_client_rate_limit_is_per_client_by_address_or_header() -> None:
    from simulacra.serve.faults import Faults

    state = build_state(plan_of(AGG_SPEC))
    state.faults = Faults.from_config(
        {
            "rules": [
                {"route": "GET /customers", "client_rate_limit": 3, "client_key": "header:X-Api-Key", "retry_after": 4},
                {"route": "GET /orders", "client_rate_limit": 2},
            ]
        }
    )
    with live_server(state) as url, httpx.Client(base_url=url, timeout=10) as c:
        a = [c.get("/customers", headers={"X-Api-Key": "alice"}).status_code for _ in range(8)]
        b = [c.get("/customers", headers={"X-Api-Key": "bob"}).status_code for _ in range(8)]
        assert a[:3] == [200] * 3 and a.count(429) >= 4, a  # (a token comes back every 1/3 s)
        assert b[:3] == [200] * 3 and b.count(429) >= 4, b  # bob has his own bucket
        r = c.get("/customers", headers={"X-Api-Key": "alice"})
        assert r.status_code == 429 and r.headers["retry-after"] == "4"
        assert r.json()["rule"] == "fault injected (client rate limit)"
        assert c.get("/items").status_code == 200  # other routes are not limited
        by_ip = [c.get("/orders").status_code for _ in range(6)]
        assert by_ip[:2] == [200, 200] and by_ip.count(429) >= 3, by_ip
        stats = c.get("/_stats").json()
        assert stats["faults"]["429 client rate limit"] == a.count(429) + b.count(429) + 1 + by_ip.count(429)
        assert stats["total"]["workers"] == 1 and stats["workers"][0]["pid"] == stats["pid"]
    with pytest.raises(Exception, match="client_key must be 'ip' or 'header:NAME'"):
        Faults.from_config([{"client_rate_limit": 1, "client_key": "cookie"}])
    with pytest.raises(Exception, match="client_rate_limit must be requests per second"):
        Faults.from_config([{"client_rate_limit": 0}])


COMPOSITE = """
name: payroll
seed: 3
tables:
  employees:
    rows: 6
    primary_key: employee_id
    columns:
      employee_id: sequence
      name: first_name
  salaries:
    rows: {per: employees, count: {distribution: fixed, value: 3}}
    primary_key: [employee_id, month]
    columns:
      employee_id: {generator: foreign_key, references: employees.employee_id}
      month: {generator: expression, expr: "sibling.position"}
      amount: {generator: uniform, low: 1000, high: 5000, round: 2}
"""


def test_composite_keys_have_by_key_routes() -> None:
    state = build_state(plan_of(COMPOSITE))
    with live_server(state) as url, httpx.Client(base_url=url, timeout=10) as c:
        rows = c.get("/salaries", params={"limit": 1000}).json()
        assert len(rows) == 18
        first = rows[0]
        k = f"/salaries/{first['employee_id']}/{first['month']}"
        assert c.get(k).json() == first
        assert c.get(f"/salaries/{first['employee_id']}/99").status_code == 404
        r = c.get(f"/salaries/{first['employee_id']}/may")
        assert r.status_code == 400 and r.json()["field"] == "month"
        assert c.get(k, params={"expand": "employee"}).json()["employee"]["employee_id"] == first["employee_id"]
        # writes by the composite key
        assert c.patch(k, json={"amount": 1234.5}).json()["amount"] == 1234.5
        r = c.patch(k, json={"month": first["month"] + 1})
        assert r.status_code == 422 and "cannot change" in r.json()["rule"]
        full = {"employee_id": first["employee_id"], "month": first["month"], "amount": 2000.0}
        assert c.put(k, json=full).json() == full
        dup = c.post("/salaries", json=full)
        assert dup.status_code == 409 and dup.json()["field"] == "employee_id,month"
        r = c.post("/salaries", json={**full, "month": 4})
        assert r.status_code == 201 and r.headers["location"] == f"/salaries/{first['employee_id']}/4"
        assert c.get(r.headers["location"]).json()["month"] == 4
        assert c.post("/salaries", json={"employee_id": first["employee_id"], "amount": 1.0}).status_code == 422
        assert c.delete(k).status_code == 204
        assert c.get(k).status_code == 404
        assert c.get("/salaries", params={"limit": 1000}).headers["x-total-count"] == "18"  # 18 + 1 - 1
        # the parent cannot go while its salaries exist (restrict)
        assert c.delete(f"/employees/{first['employee_id']}").status_code == 409
        doc = c.get("/openapi.json").json()
        op = doc["paths"]["/salaries/{employee_id}/{month}"]
        assert {p["name"] for p in op["parameters"]} == {"employee_id", "month"}
        assert set(op) >= {"get", "put", "patch", "delete"}
        assert "GET /salaries/{employee_id}/{month}" in c.get("/_stats").json()["routes"]
        assert c.post("/_reset").status_code == 200
        assert c.get(k).json() == first


BODIES = """
name: forms
seed: 4
tables:
  customers:
    rows: 5
    primary_key: customer_id
    columns:
      customer_id: sequence
      name: first_name
      vip: {generator: boolean, p: 0.2}
      born: {generator: date, start: 1950-01-01, end: 2000-12-31}
      credit: {generator: uniform, low: 0, high: 100, round: 2}
      note: {generator: categorical, values: [a, b], null_rate: 0.5}
constraints:
  - {table: customers, column: credit, min: 0}
"""


@pytest.fixture(scope="module")
def forms() -> Iterator[httpx.Client]:
    state = build_state(plan_of(BODIES))
    with live_server(state) as url, httpx.Client(base_url=url, timeout=10) as c:
        yield c


def test_form_and_multipart_bodies_write_one_row(forms: httpx.Client) -> None:
    c = forms
    try:
        r = c.post("/customers", data={"name": "Ana", "vip": "true", "born": "1990-02-03", "credit": "12.5"})
        assert r.status_code == 201, r.text
        row = r.json()
        assert (row["name"], row["vip"], row["born"], row["credit"], row["note"]) == (
            "Ana",
            True,
            "1990-02-03",
            12.5,
            None,
        )
        key = row["customer_id"]
        r = c.patch(f"/customers/{key}", files={"credit": (None, "40"), "note": (None, "b")})  # multipart fields
        assert r.status_code == 200, r.text
        assert r.headers["content-type"] == "application/json"
        assert (r.json()["credit"], r.json()["note"]) == (40.0, "b")
        assert c.get(f"/customers/{key}").json()["credit"] == 40.0
        # refusals name the field; nothing is written
        before = c.get("/customers", params={"limit": 1000}).json()
        r = c.post("/customers", data={"name": "Bo", "vip": "maybe", "born": "1990-02-30", "credit": "-1"})
        assert r.status_code == 422
        assert {e["field"] for e in r.json()["errors"]} == {"vip", "born", "credit"}
        r = c.post("/customers", data={"name": "Bo", "born": "1990-01-01", "credit": "1", "vip": "true", "age": "3"})
        assert r.status_code == 422 and r.json()["field"] == "age"
        r = c.post("/customers", files={"name": ("n.txt", b"Bo", "text/plain")})  # a file is not a column value
        assert r.status_code == 400 and r.headers["content-type"] == "application/problem+json"
        r = c.patch(f"/customers/{key}", content=b"name,credit\r\nX,1\r\n", headers={"content-type": "text/csv"})
        assert r.status_code == 415 and r.json()["field"] == "content-type"
        assert c.get("/customers", params={"limit": 1000}).json() == before
    finally:
        assert c.post("/_reset").status_code == 200


def test_csv_and_ndjson_bodies_create_all_rows_or_none(forms: httpx.Client) -> None:
    c = forms
    try:
        csv_body = 'name,vip,born,credit,note\r\n"Smith, Jo",false,1980-01-01,3.25,\r\nLi,true,1970-12-31,0,a\r\n'
        r = c.post("/customers", content=csv_body.encode(), headers={"content-type": "text/csv"})
        assert r.status_code == 201, r.text
        made = r.json()
        assert [m["name"] for m in made] == ["Smith, Jo", "Li"] and made[0]["note"] is None and made[1]["vip"] is True
        nd = b'{"name": "Kai", "vip": false, "born": "1999-09-09", "credit": 7}\n\n{"name": "Mo", "vip": true, "born": "1960-06-06", "credit": 8}\n'
        r = c.post("/customers", content=nd, headers={"content-type": "application/x-ndjson"})
        assert r.status_code == 201 and [m["name"] for m in r.json()] == ["Kai", "Mo"]
        assert c.get("/customers").headers["x-total-count"] == "9"
        # one bad row: nothing of the body is written, and the refusal names its line
        bad = "name,vip,born,credit\r\nA,true,1990-01-01,1\r\nB,true,1990-01-01,-5\r\n"
        r = c.post("/customers", content=bad.encode(), headers={"content-type": "text/csv"})
        assert r.status_code == 422 and r.json()["field"] == "line 3: credit", r.text
        bad_nd = b'{"name": "A", "vip": true, "born": "1990-01-01", "credit": 1}\n{"name": "B", "vip": 1}\n'
        r = c.post("/customers", content=bad_nd, headers={"content-type": "application/x-ndjson"})
        assert r.status_code == 422 and r.json()["field"].startswith("line 2: "), r.text
        r = c.post("/customers", content=b'{"name": "A"}\n{oops\n', headers={"content-type": "application/x-ndjson"})
        assert r.status_code == 400 and r.json()["field"] == "line 2"
        r = c.post("/customers", content=b"name,vip\r\nA\r\n", headers={"content-type": "text/csv"})
        assert r.status_code == 400 and r.json()["field"] == "line 2"
        r = c.post("/customers", json=[{"name": "A", "vip": True, "born": "1990-01-01", "credit": 1}, {"name": 5}])
        assert r.status_code == 422 and r.json()["field"].startswith("row 2")
        assert c.get("/customers").headers["x-total-count"] == "9"
    finally:
        assert c.post("/_reset").status_code == 200


def test_lists_answer_csv_or_ndjson_on_accept(forms: httpx.Client) -> None:
    import csv
    import io
    import json

    c = forms
    rows = c.get("/customers", params={"sort": "-credit"}).json()
    r = c.get("/customers", params={"sort": "-credit"}, headers={"accept": "text/csv"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    assert r.headers["x-total-count"] == "5" and "Link" in r.headers
    table = list(csv.DictReader(io.StringIO(r.text)))
    assert [int(t["customer_id"]) for t in table] == [x["customer_id"] for x in rows]
    assert [t["vip"] for t in table] == [str(x["vip"]).lower() for x in rows]
    assert [t["note"] for t in table] == [x["note"] or "" for x in rows]
    r = c.get("/customers", headers={"accept": "application/x-ndjson"})
    assert r.headers["content-type"].startswith("application/x-ndjson")
    assert [json.loads(line) for line in r.text.splitlines()] == c.get("/customers").json()
    assert c.get("/customers", headers={"accept": "application/json, text/csv"}).headers["content-type"] == (
        "application/json"
    )


def test_reads_found_without_the_router_answer_as_the_router_would(agg: httpx.Client) -> None:
    c = agg
    order = c.get("/orders", params={"limit": 1}).json()[0]
    assert c.get(f"/orders/{order['order_id']}").json() == order
    assert c.get(f"/customers/{order['customer_id']}/orders").json()[0]["customer_id"] == order["customer_id"]
    for path in ("/orders//items", "/orders/1/nothing", "/nothing", "/orders/1/items/2"):
        r = c.get(path)
        assert r.status_code == 404 and r.json()["rule"] == "no such route (see /openapi.json)", path
    assert c.get("/orders/").status_code in (307, 404)  # (Starlette redirects a trailing slash)
    r = c.get("/orders/x")
    assert r.status_code == 400 and r.json()["field"] == "id"
    assert c.head(f"/orders/{order['order_id']}").status_code == 200  # HEAD goes through the router
    assert c.get("/orders/999999").status_code == 404
    stats = c.get("/_stats").json()["routes"]
    assert stats["GET /orders/{id}"]["count"] >= 3 and "GET /customers/{id}/orders" in stats
