"""Sparse fieldsets (``?fields=a,b``) and full-text search (``?q=text``) over real HTTP (issue 16):
the answers match the rows filtered by hand, combine with filters and paging, hostile text matches
itself (LIKE metacharacters, quotes, backslashes, NUL, very long text), and the served document
describes both parameters so that a fuzzer stays within it."""

from __future__ import annotations

import csv
import io
import random
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error, response_schema_conformance
from tests.helpers import plan_of
from tests.serve_live import SHOP_MINI, live_server

from simulacra.serve import build_state

# letters in both cases (ASCII and not), LIKE's metacharacters, quotes and a backslash; no character whose
# case folding gives ASCII letters (ß → ss), so that ASCII and non-ASCII searches agree on one rule
_ALPHABET = "abcXYZ%_\\'\" éÉüÜøØ-"
_TEXT = ("first_name", "email", "segment", "phone")  # the customers' text columns (not dates)


@pytest.fixture(scope="module")
def state() -> Any:
    return build_state(plan_of(SHOP_MINI))


@pytest.fixture(scope="module")
def c(state: Any) -> Iterator[httpx.Client]:
    with live_server(state) as url, httpx.Client(base_url=url, timeout=20) as client:
        yield client


@pytest.fixture(scope="module")
def planted(c: httpx.Client) -> list[str]:
    """Customers whose first names are random text over :data:`_ALPHABET` (seeded), created over HTTP."""
    rng = random.Random(16)
    names = ["".join(rng.choice(_ALPHABET) for _ in range(rng.randint(3, 12))) for _ in range(60)]
    names += ["100%", "a_b", "O'Brien", 'say "hi"', "back\\slash", "ÉLODIE", "élodie"]
    for i, name in enumerate(names):
        row = {"first_name": name, "email": f"planted{i}@example.com", "segment": "vip", "active": i % 2 == 0}
        row |= {"signup_at": "2022-06-01T10:00:00Z", "birth_date": "1980-02-03"}
        r = c.post("/customers", json=row)
        assert r.status_code == 201, r.text
    return names


def _every(c: httpx.Client, table: str) -> list[dict[str, Any]]:
    r = c.get(f"/{table}", params={"limit": 1000})
    assert r.status_code == 200
    return list(r.json())


def _holds(row: dict[str, Any], text: str, columns: tuple[str, ...] = _TEXT) -> bool:
    return any(isinstance(row[k], str) and text.casefold() in row[k].casefold() for k in columns)


def _probes(names: list[str]) -> list[str]:
    rng = random.Random(7)
    out = ["%", "_", "\\", "'", '"', "%_", "_%", "' OR '1'='1", "%' --", "0%", "A_B", "o'b", "élo", "ÉLO", "Ü"]
    for name in rng.sample(names, 25):  # slices of planted names, their case flipped at random
        i = rng.randrange(len(name))
        part = name[i : i + rng.randint(1, 4)]
        out.append("".join(ch.upper() if rng.random() < 0.5 else ch.lower() for ch in part))
    return out


def test_q_finds_exactly_the_rows_holding_the_text_without_case(c: httpx.Client, planted: list[str]) -> None:
    every = _every(c, "customers")
    for probe in _probes(planted):
        want = [row for row in every if _holds(row, probe)]
        r = c.get("/customers", params={"q": probe, "limit": 1000})
        assert r.status_code == 200, (probe, r.text)
        assert r.json() == want, probe
        assert int(r.headers["x-total-count"]) == len(want)
    assert len(_every(c, "customers")) == len(every)  # nothing written


def test_q_combines_with_filters_and_paging(c: httpx.Client, planted: list[str]) -> None:
    every = _every(c, "customers")
    for probe in ("%", "_", "a", "É", "x"):
        for segment in ("vip", "regular"):
            want = [row for row in every if _holds(row, probe) and row["segment"] == segment]
            got: list[dict[str, Any]] = []
            for offset in range(0, len(want) + 4, 4):
                r = c.get("/customers", params={"q": probe, "segment": segment, "limit": 4, "offset": offset})
                assert r.status_code == 200 and int(r.headers["x-total-count"]) == len(want)
                got += r.json()
            assert got == want, (probe, segment)
        params: dict[str, Any] = {"q": probe, "limit": 5, "sort": "-customer_id"}
        seen: list[int] = []
        while True:  # cursor paging keeps the search
            r = c.get("/customers", params=params)
            seen += [row["customer_id"] for row in r.json()]
            if "x-next-cursor" not in r.headers:
                break
            params = {"q": probe, "limit": 5, "sort": "-customer_id", "cursor": r.headers["x-next-cursor"]}
        assert seen == sorted((row["customer_id"] for row in every if _holds(row, probe)), reverse=True)


def test_q_searches_every_text_column_of_a_nested_route(c: httpx.Client) -> None:
    orders = _every(c, "orders")
    customer = orders[0]["customer_id"]
    mine = [o for o in orders if o["customer_id"] == customer]
    probe = mine[0]["order_id"][-3:].lower()  # the key is text too
    r = c.get(f"/customers/{customer}/orders", params={"q": probe})
    assert r.status_code == 200
    assert r.json() == [o for o in mine if _holds(o, probe, ("order_id", "status"))]
    for status in ("placed", "shipped", "delivered"):  # a filter beside the route's own key
        want = [o for o in mine if o["status"] == status]
        assert c.get(f"/customers/{customer}/orders", params={"q": status.upper()}).json() == want
        assert c.get(f"/customers/{customer}/orders", params={"status": status}).json() == want


def test_hostile_q_is_refused_or_matches_itself_and_nothing_is_written(c: httpx.Client, planted: list[str]) -> None:
    before = _every(c, "customers")
    refused = {
        "": "must not be empty",
        "x" * 201: "at most 200 characters",
        "a\x00b": "must not hold a NUL character",
        "é" * 201: "at most 200 characters",
    }
    for text, rule in refused.items():
        r = c.get("/customers", params={"q": text})
        assert r.status_code == 400 and r.headers["content-type"].startswith("application/problem+json")
        problem = r.json()
        assert problem["field"] == "q" and problem["rule"] == rule, problem
    r = c.get("/customers", params=[("q", "a"), ("q", "b")])
    assert r.status_code == 400 and r.json()["field"] == "q"
    for text in ("x" * 200, "'; DROP TABLE customers; --", "%%%%", "\\%", "_" * 200, "é" * 200):
        r = c.get("/customers", params={"q": text})
        assert r.status_code == 200, (text, r.text)
        assert r.json() == [row for row in before if _holds(row, text)]
    assert _every(c, "customers") == before
    assert c.get("/orders", params={"limit": 1}).status_code == 200


def test_fields_gives_only_those_columns_in_lists_rows_and_nested_routes(c: httpx.Client) -> None:
    every = _every(c, "orders")
    r = c.get("/orders", params={"fields": "total,order_id", "limit": 1000})
    assert r.status_code == 200
    assert [list(row) for row in r.json()] == [["total", "order_id"]] * len(every)
    assert r.json() == [{"total": o["total"], "order_id": o["order_id"]} for o in every]
    one = every[3]
    r = c.get(f"/orders/{one['order_id']}", params={"fields": "status,status,customer_id"})
    assert r.status_code == 200 and r.json() == {"status": one["status"], "customer_id": one["customer_id"]}
    r = c.get(f"/customers/{one['customer_id']}/orders", params={"fields": "order_id"})
    assert r.json() == [{"order_id": o["order_id"]} for o in every if o["customer_id"] == one["customer_id"]]
    r = c.get("/orders", params={"fields": "order_id", "expand": "customer", "limit": 2})
    assert [sorted(row) for row in r.json()] == [["customer", "order_id"]] * 2
    assert r.json()[0]["customer"]["customer_id"] == every[0]["customer_id"]
    r = c.get("/orders", params={"fields": "total,status", "limit": 5}, headers={"Accept": "text/csv"})
    lines = list(csv.reader(io.StringIO(r.text)))
    assert lines[0] == ["total", "status"] and len(lines) == 6
    # the key left out of the fields: cursor paging still walks every row once
    seen: list[float] = []
    params: dict[str, Any] = {"fields": "total", "limit": 7}
    while True:
        r = c.get("/orders", params=params)
        seen += [row["total"] for row in r.json()]
        if "x-next-cursor" not in r.headers:
            break
        params = {"fields": "total", "limit": 7, "cursor": r.headers["x-next-cursor"]}
    assert seen == [o["total"] for o in every]


def test_unknown_fields_are_refused_naming_each(c: httpx.Client) -> None:
    for path in ("/orders", "/orders/ORD-00001", "/customers/1/orders"):
        for text, bad in (
            ("order_id,totl", ["totl"]),
            ("", [""]),
            ("order_id,,status", [""]),
            ("x';DROP TABLE orders;--,\"y", ["x';DROP TABLE orders;--", '"y']),
        ):
            r = c.get(path, params={"fields": text})
            assert r.status_code == 400 and r.headers["content-type"].startswith("application/problem+json")
            errors = r.json()["errors"]
            assert [(e["field"], e["value"]) for e in errors] == [("fields", b) for b in bad], (path, text)
        r = c.get(path, params=[("fields", "order_id"), ("fields", "status")])
        assert r.status_code == 400 and r.json()["field"] == "fields"
    r = c.get("/orders", params={"fields": "totl"})
    assert "did you mean 'total'" in r.json()["detail"]
    assert c.get("/orders", params={"limit": 1}).status_code == 200


def test_the_document_describes_fields_and_q(c: httpx.Client) -> None:
    doc = c.get("/openapi.json").json()
    for path, method in (("/orders", "get"), ("/customers/{id}/orders", "get")):
        params = {p["name"]: p for p in doc["paths"][path][method]["parameters"]}
        assert params["fields"]["schema"]["items"]["enum"] == list(doc["components"]["schemas"]["orders"]["properties"])
        assert params["fields"]["explode"] is False and params["fields"]["style"] == "form"
        assert params["q"]["schema"] == {"type": "string", "minLength": 1, "maxLength": 200}
    params = {p["name"]: p for p in doc["paths"]["/orders/{id}"]["get"]["parameters"]}
    assert "fields" in params and "q" not in params
    assert "required" not in doc["components"]["schemas"]["orders_fields"]


def _drawn_from_the_document(param: dict[str, Any]) -> st.SearchStrategy[Any]:
    """Values of a ``q`` or ``fields`` parameter drawn from the schema the served document gives it."""
    schema = param["schema"]
    if schema["type"] == "array":
        return st.lists(st.sampled_from(schema["items"]["enum"]), min_size=schema.get("minItems", 0), unique=True)
    return st.text(min_size=schema.get("minLength", 0), max_size=min(schema.get("maxLength", 64), 64))


def test_a_fuzzer_sending_fields_and_q_stays_within_the_document(c: httpx.Client) -> None:
    """The fuzzer's cases, with ``fields`` and ``q`` as it drew them; where it drew neither (optional parameters
    among many: 25 derandomised cases may hold no ``q`` at all, and which ones do moves with every change to the
    document), values drawn from the document's own schemas for them, so that both are always sent."""
    url = str(c.base_url).rstrip("/")
    doc = c.get("/openapi.json").json()
    schema = schemathesis.openapi.from_url(f"{url}/openapi.json")
    sent: list[str] = []
    for op in (r.ok() for r in schema.get_all_operations()):
        if op.method.upper() != "GET" or not op.path.startswith(("/orders", "/customers")):
            continue
        params = {
            p["name"]: _drawn_from_the_document(p)
            for p in doc["paths"][op.path]["get"].get("parameters", [])
            if p["name"] in ("fields", "q")
        }

        @given(case=op.as_strategy(), data=st.data())
        @settings(
            max_examples=25, deadline=None, derandomize=True, database=None, suppress_health_check=list(HealthCheck)
        )
        def check(case, data) -> None:  # type: ignore[no-untyped-def]
            # the generated fields and q alone: other fuzzed filters would refuse most requests before them
            query = {k: v for k, v in (case.query or {}).items() if k in ("fields", "q")}
            for name, values in params.items():  # noqa: B023 - check() runs at once, in this iteration
                if name not in query and data.draw(st.booleans(), label=f"send {name}"):
                    query[name] = data.draw(values, label=name)
            case.query = query
            response = case.call_and_validate(base_url=url, checks=[not_a_server_error, response_schema_conformance])
            if "fields" in query and response.status_code == 200:
                sent.append("fields")
            if "q" in query and response.status_code == 200:
                sent.append("q")

        check()
    assert "fields" in sent and "q" in sent  # both were sent, and answered within the document


def test_filters_on_a_nested_route_bind_beside_the_parents_key(c: httpx.Client) -> None:
    """A nested route's own key and the query's filters are both parameters: each must reach its own '?'."""
    orders = _every(c, "orders")
    for customer in sorted({o["customer_id"] for o in orders})[:8]:
        mine = [o for o in orders if o["customer_id"] == customer]
        for status in ("placed", "shipped", "delivered"):
            for floor in (0, 40):
                want = [o for o in mine if o["status"] == status and o["total"] >= floor]
                r = c.get(f"/customers/{customer}/orders", params={"status": status, "total.gte": floor})
                assert r.status_code == 200 and r.json() == want, (customer, status, floor)
                assert int(r.headers["x-total-count"]) == len(want)
