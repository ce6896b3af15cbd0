"""simulacra serve over real HTTP: uvicorn on a loopback port, httpx as the client.

Every route, filters, paging, expansion, writes accepted and refused (with nothing
written), reset to the generated state, faults, auth, and hostile input.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from tests.helpers import plan_of
from tests.serve_live import SHOP_MINI, live_server

from simulacra.serve import build_state
from simulacra.serve.faults import Faults

PROBLEM = "application/problem+json"


@pytest.fixture(scope="module")
def state():  # type: ignore[no-untyped-def]
    return build_state(plan_of(SHOP_MINI))


@pytest.fixture(scope="module")
def base(state) -> Iterator[str]:  # type: ignore[no-untyped-def]
    with live_server(state) as url:
        yield url


@pytest.fixture
def client(base: str) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=base, timeout=10) as c:
        yield c
        assert c.post("/_reset").status_code == 200


def snapshot(c: httpx.Client) -> dict[str, list[dict]]:
    return {t: c.get(f"/{t}", params={"limit": 1000}).json() for t in ("customers", "orders", "items")}


def assert_problem(r: httpx.Response, status: int, field: str | None, rule_part: str) -> dict:
    assert r.status_code == status, r.text
    assert r.headers["content-type"] == PROBLEM
    body = r.json()
    assert body["status"] == status
    fields = [e["field"] for e in body.get("errors", [])]
    assert field in fields, body
    rules = " | ".join(e["rule"] for e in body["errors"])
    assert rule_part in rules, body
    return body


# ---------------------------------------------------------------- reads


def test_index_lists_tables_and_list_has_total_and_links(client: httpx.Client) -> None:
    assert set(client.get("/").json()["tables"]) == {"customers", "orders", "items"}
    r = client.get("/customers", params={"limit": 10, "offset": 10})
    assert r.status_code == 200 and len(r.json()) == 10
    assert r.headers["x-total-count"] == "40"
    assert [row["customer_id"] for row in r.json()] == list(range(11, 21))
    links = r.headers["link"]
    for rel in ("first", "prev", "next", "last"):
        assert f'rel="{rel}"' in links
    assert "offset=30" in links.split('rel="last"')[0].rsplit("<", 1)[1]


def test_filters_equality_in_ranges_null_and_sort(client: httpx.Client) -> None:
    everyone = client.get("/customers", params={"limit": 1000}).json()
    vip_or_premium = [c for c in everyone if c["segment"] in ("vip", "premium")]
    r = client.get("/customers", params={"segment.in": "vip,premium"})
    assert sorted(c["customer_id"] for c in r.json()) == sorted(c["customer_id"] for c in vip_or_premium)
    assert client.get("/customers", params={"segment": "regular"}).headers["x-total-count"] == str(
        sum(c["segment"] == "regular" for c in everyone)
    )
    no_phone = client.get("/customers", params={"phone.null": "true"}).json()
    assert no_phone and all(c["phone"] is None for c in no_phone)
    assert all(c["phone"] is not None for c in client.get("/customers", params={"phone.null": "false"}).json())
    orders = client.get("/orders", params={"total.gte": 30, "total.lt": 60, "sort": "-total"}).json()
    assert orders and all(30 <= o["total"] < 60 for o in orders)
    assert [o["total"] for o in orders] == sorted((o["total"] for o in orders), reverse=True)
    late = client.get("/orders", params={"order_date.gte": "2022-07-01", "sort": "order_date"}).json()
    assert late and all(o["order_date"] >= "2022-07-01" for o in late)
    assert [o["order_date"] for o in late] == sorted(o["order_date"] for o in late)
    assert all(c["active"] is True for c in client.get("/customers", params={"active": "true"}).json())
    assert all(c["segment"] != "regular" for c in client.get("/customers", params={"segment.ne": "regular"}).json())


def test_cursor_paging_walks_every_row_once(client: httpx.Client) -> None:
    seen: list[int] = []
    r = client.get("/customers", params={"limit": 7})
    while True:
        seen += [c["customer_id"] for c in r.json()]
        cursor = r.headers.get("x-next-cursor")
        if cursor is None:
            break
        r = client.get("/customers", params={"limit": 7, "cursor": cursor})
        assert r.status_code == 200
    assert seen == list(range(1, 41))
    sorted_pages: list[str] = []
    r = client.get("/orders", params={"limit": 25, "sort": "-total"})
    while True:
        sorted_pages += [o["order_id"] for o in r.json()]
        if "x-next-cursor" not in r.headers:
            break
        r = client.get("/orders", params={"limit": 25, "sort": "-total", "cursor": r.headers["x-next-cursor"]})
    assert len(sorted_pages) == len(set(sorted_pages)) == int(r.headers["x-total-count"])


def test_get_by_id_nested_children_and_expand(client: httpx.Client) -> None:
    order = client.get("/orders", params={"limit": 1}).json()[0]
    assert client.get(f"/orders/{order['order_id']}").json() == order
    children = client.get(f"/customers/{order['customer_id']}/orders").json()
    assert order["order_id"] in [o["order_id"] for o in children]
    assert all(o["customer_id"] == order["customer_id"] for o in children)
    expanded = client.get(f"/orders/{order['order_id']}", params={"expand": "customer"}).json()
    assert expanded["customer"] == client.get(f"/customers/{order['customer_id']}").json()
    listed = client.get("/items", params={"expand": "order", "limit": 5}).json()
    assert all(i["order"]["order_id"] == i["order_id"] for i in listed)
    assert_problem(client.get("/orders/ORD-99999"), 404, "id", "no row")
    assert_problem(client.get("/customers/99999/orders"), 404, "id", "no row")


# ---------------------------------------------------------------- writes

NEW_CUSTOMER = {
    "first_name": "Ada",
    "email": "ada@example.com",
    "segment": "vip",
    "signup_at": "2024-02-01T10:00:00Z",
    "birth_date": "1990-05-04",
    "active": True,
}


def test_create_makes_keys_as_the_generator_does_and_reset_restores(client: httpx.Client) -> None:
    before = snapshot(client)
    r = client.post("/customers", json=NEW_CUSTOMER)
    assert r.status_code == 201, r.text
    made = r.json()
    assert made["customer_id"] == 41 and r.headers["location"] == "/customers/41"
    assert made["phone"] is None and made["active"] is True
    assert client.get("/customers/41").json() == made
    o = client.post(
        "/orders",
        json={
            "customer_id": 41,
            "order_date": "2024-03-01T09:00:00Z",
            "ship_date": "2024-03-02T09:00:00+02:00",
            "total": 12.5,
            "status": "placed",
        },
    )
    assert o.status_code == 201, o.text
    assert o.json()["order_id"] == f"ORD-{len(before['orders']) + 1:05d}"
    assert o.json()["ship_date"] == "2024-03-02T07:00:00Z"
    i = client.post("/items", json={"order_id": o.json()["order_id"], "quantity": 2})
    assert i.status_code == 201 and len(i.json()["item_id"]) == 36
    assert client.get("/customers").headers["x-total-count"] == "41"
    reset = client.post("/_reset")
    assert reset.json()["rows"]["customers"] == 40
    assert snapshot(client) == before
    # the same requests after a reset make the same keys (seeded)
    client.post("/customers", json=NEW_CUSTOMER)
    o2 = client.post(
        "/orders",
        json={
            "customer_id": 41,
            "order_date": "2024-03-01T09:00:00Z",
            "ship_date": "2024-03-02T09:00:00Z",
            "total": 12.5,
            "status": "placed",
        },
    )
    i2 = client.post("/items", json={"order_id": o2.json()["order_id"], "quantity": 2})
    assert i2.json()["item_id"] == i.json()["item_id"]


def test_expression_columns_are_computed_on_writes(client: httpx.Client) -> None:
    order = client.get("/orders", params={"limit": 1}).json()[0]
    item = client.post("/items", json={"order_id": order["order_id"], "quantity": 4})
    assert item.status_code == 201, item.text
    assert item.json()["doubled"] == 8 and item.json()["order_total"] == order["total"]
    changed = client.patch(f"/items/{item.json()['item_id']}", json={"quantity": 5}).json()
    assert changed["doubled"] == 10
    given = client.post("/items", json={"order_id": order["order_id"], "quantity": 1, "doubled": 7}).json()
    assert given["doubled"] == 7  # a value given is kept


def test_put_patch_and_delete(client: httpx.Client) -> None:
    c = client.get("/customers/5").json()
    r = client.patch("/customers/5", json={"segment": "vip", "phone": None})
    assert r.status_code == 200 and r.json() == {**c, "segment": "vip", "phone": None}
    full = {k: v for k, v in c.items() if k != "customer_id"} | {"first_name": "Zed"}
    r = client.put("/customers/5", json=full)
    assert r.status_code == 200 and r.json()["first_name"] == "Zed" and r.json()["segment"] == c["segment"]
    # a customer with no orders can go
    lonely = client.post("/customers", json=NEW_CUSTOMER).json()["customer_id"]
    assert client.delete(f"/customers/{lonely}").status_code == 204
    assert client.get(f"/customers/{lonely}").status_code == 404


def test_delete_refused_while_children_exist_and_cascade_where_declared(client: httpx.Client) -> None:
    order = client.get("/orders", params={"limit": 1}).json()[0]
    before = snapshot(client)
    body = assert_problem(
        client.delete(f"/customers/{order['customer_id']}"), 409, "customer_id", "rows of 'orders' refer"
    )
    assert "cascade" in body["detail"]
    assert snapshot(client) == before
    items = client.get(f"/orders/{order['order_id']}/items").json()
    assert items
    r = client.delete(f"/orders/{order['order_id']}")
    assert r.status_code == 204 and int(r.headers["x-deleted-rows"]) == 1 + len(items)
    assert all(client.get(f"/items/{i['item_id']}").status_code == 404 for i in items)


def test_refused_writes_name_field_rule_and_value_and_write_nothing(client: httpx.Client) -> None:
    before = snapshot(client)
    body = assert_problem(client.post("/customers", json={**NEW_CUSTOMER, "segment": "gold"}), 422, "segment", "one of")
    assert body["value"] == "gold"
    assert_problem(client.post("/customers", json={**NEW_CUSTOMER, "active": "yes"}), 422, "active", "true or false")
    assert_problem(
        client.post("/customers", json={**NEW_CUSTOMER, "birth_date": "1990-02-30"}), 422, "birth_date", "date"
    )
    assert_problem(client.post("/customers", json={**NEW_CUSTOMER, "email": "NOT AN EMAIL"}), 422, "email", "pattern")
    taken = before["customers"][0]["email"]
    assert_problem(client.post("/customers", json={**NEW_CUSTOMER, "email": taken}), 409, "email", "unique")
    missing = {k: v for k, v in NEW_CUSTOMER.items() if k != "first_name"}
    assert_problem(client.post("/customers", json=missing), 422, "first_name", "required")
    assert_problem(client.post("/customers", json={**NEW_CUSTOMER, "nickname": "x"}), 422, "nickname", "unknown column")
    assert_problem(client.post("/customers", json={**NEW_CUSTOMER, "customer_id": 1}), 409, "customer_id", "unique")
    good_order = {
        "customer_id": 1,
        "order_date": "2024-03-01T09:00:00Z",
        "ship_date": "2024-03-02T09:00:00Z",
        "total": 3.0,
        "status": "placed",
    }
    assert_problem(client.post("/orders", json={**good_order, "customer_id": 999}), 422, "customer_id", "foreign key")
    assert_problem(
        client.post("/orders", json={**good_order, "ship_date": "2024-02-01T00:00:00Z"}),
        422,
        "ship_date",
        "ship_after_order",
    )
    assert_problem(client.post("/orders", json={**good_order, "total": -1}), 422, "total", "at least")
    assert_problem(client.post("/orders", json={**good_order, "total": "12"}), 422, "total", "number")
    assert_problem(
        client.post("/items", json={"order_id": before["orders"][0]["order_id"], "quantity": 10}),
        422,
        "quantity",
        "at most",
    )
    assert_problem(client.patch("/customers/1", json={"customer_id": 2}), 422, "customer_id", "cannot change")
    assert_problem(client.patch("/customers/1", json={"first_name": None}), 422, "first_name", "not be null")
    assert_problem(client.put("/customers/1", json={"first_name": "A"}), 422, "email", "required")
    assert_problem(client.patch("/customers/999", json={"first_name": "A"}), 404, "customer_id", "no row")
    assert snapshot(client) == before


def test_hostile_input_is_refused_with_4xx_and_nothing_written(client: httpx.Client) -> None:
    before = snapshot(client)
    json_ct = {"content-type": "application/json"}
    assert_problem(
        client.post("/customers", content=b'{"first_name": ', headers=json_ct), 400, "body", "well-formed JSON"
    )
    assert_problem(client.post("/customers", content=b'{"x": NaN}', headers=json_ct), 400, "body", "well-formed JSON")
    assert_problem(client.post("/customers", content=b"\xff\xfe", headers=json_ct), 400, "body", "UTF-8")
    assert_problem(client.post("/customers", content=b"[" * 100_000, headers=json_ct), 400, "body", "")
    assert_problem(client.post("/customers", json=[1, 2]), 422, "row 1", "JSON object")  # an array: rows
    assert_problem(
        client.post("/customers", content=b"first_name=A", headers={"content-type": "text/plain"}),
        415,
        "content-type",
        "application/json",
    )
    huge = json.dumps({**NEW_CUSTOMER, "first_name": "A" * 2_000_000}).encode()
    assert_problem(client.post("/customers", content=huge, headers=json_ct), 413, "body", "at most")
    assert_problem(client.get("/customers/..%2F..%2Fetc%2Fpasswd"), 400, "id", "integer")  # one key part
    assert_problem(client.get("/customers/1%20OR%201=1"), 400, "id", "integer")
    assert_problem(client.get("/orders", params={"total.gte": "1; DROP TABLE orders"}), 400, "total.gte", "number")
    assert_problem(
        client.get("/orders", params={"status; DROP TABLE orders": "x"}),
        400,
        "status; DROP TABLE orders",
        "unknown parameter",
    )
    assert_problem(client.get("/orders", params={"sort": "total; DROP TABLE orders"}), 400, "sort", "columns")
    assert_problem(client.get("/orders", params={"total.like": "1"}), 400, "total.like", "unknown operator")
    assert_problem(client.get("/orders", params={"limit": "0"}), 400, "limit", "from 1")
    assert_problem(client.get("/orders", params={"cursor": "!!!"}), 400, "cursor", "cursor")
    assert_problem(client.get("/orders", params={"expand": "customers; --"}), 400, "expand", "parent")
    quoted = client.get("/orders", params={"status": "x' OR '1'='1"})
    assert quoted.status_code == 200 and quoted.json() == []
    weird = client.post("/customers", json={**NEW_CUSTOMER, "first_name": "Robert'); DROP TABLE customers;--"})
    assert weird.status_code == 201 and weird.json()["first_name"].startswith("Robert')")
    client.post("/_reset")
    assert snapshot(client) == before
    assert_problem(client.request("DELETE", "/customers"), 405, "method", "not allowed")


def test_openapi_and_docs_are_served_from_the_package(client: httpx.Client) -> None:
    doc = client.get("/openapi.json").json()
    assert doc["openapi"] == "3.1.0"
    customers = doc["components"]["schemas"]["customers"]
    assert customers["properties"]["segment"]["enum"] == ["regular", "premium", "vip"]
    assert customers["properties"]["signup_at"]["format"] == "date-time"
    assert customers["properties"]["phone"]["type"] == ["string", "null"]
    assert "examples" in customers["properties"]["email"]
    assert doc["components"]["schemas"]["items"]["properties"]["quantity"]["maximum"] == 9
    assert "first_name" in doc["components"]["schemas"]["customers_input"]["required"]
    for path in ("/customers", "/customers/{id}", "/customers/{id}/orders", "/orders/{id}/items", "/_reset", "/_stats"):
        assert path in doc["paths"], path
    page = client.get("/docs")
    assert page.status_code == 200 and "/openapi.json" in page.text
    assert "http://" not in page.text and "https://" not in page.text  # nothing fetched from elsewhere
    stats = client.get("/_stats").json()
    assert stats["requests"] > 0 and stats["rows"]["customers"] == 40


# ---------------------------------------------------------------- auth, faults, log


def test_token_is_required_when_set(tmp_path: Path) -> None:
    log = tmp_path / "requests.jsonl"
    state = build_state(plan_of(SHOP_MINI), token="s3cret", log=log)
    with live_server(state) as url, httpx.Client(base_url=url) as c:
        r = c.get("/customers")
        assert_problem(r, 401, "Authorization", "Bearer")
        assert r.headers["www-authenticate"].startswith("Bearer")
        assert c.get("/customers", headers={"Authorization": "Bearer wrong"}).status_code == 401
        assert c.get("/customers", headers={"Authorization": "Bearer s3cret"}).status_code == 200
        assert c.get("/docs").status_code == 200
        assert c.get("/openapi.json", headers={"Authorization": "Bearer s3cret"}).json()["security"] == [{"bearer": []}]
    lines = [json.loads(x) for x in log.read_text().splitlines()]
    assert [x["status"] for x in lines[:3]] == [401, 401, 200]
    assert lines[0]["path"] == "/customers"


def test_faults_are_seeded_per_route_and_off_elsewhere(state) -> None:  # type: ignore[no-untyped-def]
    rules = {
        "seed": 3,
        "rules": [
            {
                "route": "GET /orders*",
                "errors": {429: 0.3, 503: 0.2},
                "retry_after": 2,
                "latency": {"distribution": "uniform", "low": 1, "high": 3},
            },
            {"route": "GET /items", "rate_limit": 5},
        ],
    }

    def run() -> list[int]:
        state.faults = Faults.from_config(rules)
        with live_server(state) as url, httpx.Client(base_url=url) as c:
            out = []
            for _ in range(40):
                r = c.get("/orders", params={"limit": 1})
                out.append(r.status_code)
                if r.status_code == 429:
                    assert r.headers["retry-after"] == "2" and r.headers["content-type"] == PROBLEM
            assert all(c.get("/customers").status_code == 200 for _ in range(10))
            limited = [c.get("/items").status_code for _ in range(20)]
            assert limited.count(429) >= 10 and limited[:5] == [200] * 5
            stats = c.get("/_stats").json()
            assert sum(v for k, v in stats["faults"].items()) >= out.count(429) + out.count(503)
        return out

    first = run()
    assert set(first) == {200, 429, 503}
    assert run() == first  # same seed, same requests: same faults
    state.faults = Faults([])


def test_docs_page_works_in_headless_chromium(base: str) -> None:
    import os

    chromium = "/usr/bin/chromium"
    if not os.path.exists(chromium):
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"{chromium} is missing: install Debian's chromium package (make chromium)")
        pytest.skip(f"{chromium} not installed (Debian package 'chromium'); /docs is not rendered")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium)
        try:
            page = browser.new_page()
            problems: list[str] = []
            requests: list[str] = []
            page.on("console", lambda m: problems.append(m.text) if m.type in ("error", "warning") else None)
            page.on("pageerror", lambda e: problems.append(str(e)))
            page.on("request", lambda r: requests.append(r.url))
            page.goto(f"{base}/docs")
            page.wait_for_selector("text=GET")
            assert page.locator(".tag", has_text="customers").count() == 1
            op = (
                page.locator("details", has=page.locator(".path", has_text="/customers/{id}"))
                .filter(has=page.locator(".m.get"))
                .first
            )
            op.locator("summary").click()
            op.locator("input").first.fill("3")
            op.locator("button", has_text="Send").click()
            page.wait_for_function(
                "() => [...document.querySelectorAll('pre')].some(p => p.textContent.includes('200'))"
            )
            shown = op.locator("pre").inner_text()
            assert shown.startswith("200") and '"customer_id": 3' in shown
            assert problems == []
            assert requests and all(u.startswith(base) for u in requests), requests
        finally:
            browser.close()


def test_dropped_requests_close_the_connection_without_an_answer(state) -> None:  # type: ignore[no-untyped-def]
    state.faults = Faults.from_config({"seed": 1, "rules": [{"route": "GET /customers/1", "errors": {"drop": 1.0}}]})
    try:
        with live_server(state) as url, httpx.Client(base_url=url) as c:
            for _ in range(3):
                with pytest.raises(httpx.RemoteProtocolError):
                    c.get("/customers/1")
            assert c.get("/customers/2").status_code == 200  # the server goes on serving
            assert c.get("/_stats").json()["faults"]["0 dropped"] == 3
    finally:
        state.faults = Faults([])
