"""serve --openapi over real HTTP: the Swagger Petstore v3 served from one generated dataset.

Responses validate against the document's schemas (Schemathesis), objects agree across
endpoints, writes are validated against the document and persist until reset.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error, response_schema_conformance
from tests.serve_live import live_server

from simulacra.serve.openapi_routes import build_openapi_state
from simulacra.serve.openapi_spec import load_document, openapi_to_spec
from simulacra.spec import load_plan

PETSTORE = Path(__file__).resolve().parents[1] / "data" / "serve" / "petstore-v3.yaml"


@pytest.fixture(scope="module")
def base() -> Iterator[str]:
    with live_server(build_openapi_state(PETSTORE, seed=5)) as url:
        yield url


@pytest.fixture
def api(base: str) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=base + "/api/v3", timeout=10) as c:
        yield c
        assert httpx.post(base + "/_reset").status_code == 200


def test_spec_from_openapi_tables_keys_and_links() -> None:
    spec, shapes = openapi_to_spec(load_document(PETSTORE))
    plan = load_plan(spec)
    assert {"pet", "category", "tag", "order", "user", "pet_tags", "pet_photo_urls"} <= set(plan.tables)
    pet = spec["tables"]["pet"]["columns"]
    assert pet["category_id"] == {"generator": "foreign_key", "references": "category.id"}
    assert pet["status"]["values"] == ["available", "pending", "sold"]
    assert spec["tables"]["order"]["columns"]["pet_id"]["references"] == "pet.id"  # petId: ID-shaped
    assert spec["tables"]["order"]["columns"]["ship_date"]["generator"] == "datetime"
    assert spec["tables"]["user"]["columns"]["email"]["generator"] == "email"
    assert {f.prop: f.kind for f in shapes["pet"].fields}["tags"] == "links"


def test_objects_agree_across_endpoints(api: httpx.Client) -> None:
    order = api.get("/store/order/1").json()
    pet = api.get(f"/pet/{order['petId']}")
    assert pet.status_code == 200 and pet.json()["id"] == order["petId"]
    body = pet.json()
    for tag in body["tags"]:
        assert set(tag) == {"id", "name"}
    listed = api.get("/pet/findByStatus", params={"status": body["status"]}).json()
    assert body in listed and all(p["status"] == body["status"] for p in listed)


def test_writes_follow_the_document_and_reset(api: httpx.Client, base: str) -> None:
    made = api.post(
        "/pet",
        json={
            "name": "rex",
            "photoUrls": ["a.png"],
            "category": {"id": 1, "name": "ignored"},
            "tags": [{"id": 2, "name": "x"}],
            "status": "sold",
        },
    )
    assert made.status_code == 200, made.text
    pet = made.json()
    assert pet["name"] == "rex" and pet["photoUrls"] == ["a.png"] and pet["category"]["id"] == 1
    assert api.get(f"/pet/{pet['id']}").json() == pet
    refused = api.post("/pet", json={"name": 5})
    assert refused.status_code == 422 and refused.headers["content-type"] == "application/problem+json"
    fields = {e["field"] for e in refused.json()["errors"]}
    assert {"photoUrls", "name"} <= fields
    assert api.get("/pet/abc").status_code == 400
    assert api.put("/pet", json={"id": 99999, "name": "x", "photoUrls": []}).status_code == 404
    httpx.post(base + "/_reset")
    assert api.get(f"/pet/{pet['id']}").status_code == 404


def test_schemathesis_finds_no_server_error_and_no_schema_violation(base: str) -> None:
    schema = schemathesis.openapi.from_url(f"{base}/openapi.json")
    operations = [r.ok() for r in schema.get_all_operations()]
    assert len(operations) == 19
    for op in operations:

        @given(case=op.as_strategy())
        @settings(
            max_examples=4, deadline=None, derandomize=True, database=None, suppress_health_check=list(HealthCheck)
        )
        def check(case) -> None:  # type: ignore[no-untyped-def]
            case.call_and_validate(base_url=f"{base}/api/v3", checks=[not_a_server_error, response_schema_conformance])

        check()


@pytest.mark.parametrize("name, operations", [("museum-api.yaml", 8), ("adyen-transfers-v3.json", 10)])
def test_larger_real_documents_serve_without_error_or_schema_violation(name: str, operations: int) -> None:
    from simulacra.serve.openapi_routes import base_path

    state = build_openapi_state(PETSTORE.parent / name, scale=0.2)
    with live_server(state) as url:
        schema = schemathesis.openapi.from_url(f"{url}/openapi.json")
        ops = [r.ok() for r in schema.get_all_operations()]
        assert len(ops) == operations
        prefix = base_path(state.openapi)
        for op in ops:

            @given(case=op.as_strategy())
            @settings(
                max_examples=3, deadline=None, derandomize=True, database=None, suppress_health_check=list(HealthCheck)
            )
            def check(case) -> None:  # type: ignore[no-untyped-def]
                case.call_and_validate(
                    base_url=f"{url}{prefix}", checks=[not_a_server_error, response_schema_conformance]
                )

            check()


SHOP_API = {
    "openapi": "3.1.0",
    "info": {"title": "Tiny shop", "version": "1"},
    "paths": {
        "/customers/{customerId}": {
            "get": {
                "parameters": [{"name": "customerId", "in": "path", "required": True, "schema": {"type": "integer"}}],
                "responses": {
                    "200": {
                        "description": "ok",
                        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Customer"}}},
                    }
                },
            }
        },
        "/customers/{customerId}/orders": {
            "get": {
                "parameters": [{"name": "customerId", "in": "path", "required": True, "schema": {"type": "integer"}}],
                "responses": {
                    "200": {
                        "description": "ok",
                        "content": {
                            "application/json": {
                                "schema": {"type": "array", "items": {"$ref": "#/components/schemas/Order"}}
                            }
                        },
                    }
                },
            }
        },
        "/orders/{orderId}": {
            "get": {
                "parameters": [{"name": "orderId", "in": "path", "required": True, "schema": {"type": "integer"}}],
                "responses": {
                    "200": {
                        "description": "ok",
                        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Order"}}},
                    }
                },
            }
        },
    },
    "components": {
        "schemas": {
            "Customer": {
                "type": "object",
                "required": ["id", "email"],
                "properties": {
                    "id": {"type": "integer"},
                    "email": {"type": "string", "format": "email"},
                    "tier": {"type": "string", "enum": ["basic", "gold"]},
                },
            },
            "Order": {
                "type": "object",
                "required": ["id", "customerId", "total"],
                "properties": {
                    "id": {"type": "integer"},
                    "customerId": {"type": "integer"},
                    "total": {"type": "number", "minimum": 0, "maximum": 500},
                    "placedAt": {"type": "string", "format": "date-time"},
                },
            },
        }
    },
}


def test_one_dataset_behind_every_path(tmp_path: Path) -> None:
    import json

    doc = tmp_path / "shop.json"
    doc.write_text(json.dumps(SHOP_API))
    with live_server(build_openapi_state(doc, seed=3)) as url, httpx.Client(base_url=url) as c:
        for order_id in (1, 7, 19):
            order = c.get(f"/orders/{order_id}").json()
            assert 0 <= order["total"] <= 500
            listed = c.get(f"/customers/{order['customerId']}/orders").json()
            assert order in listed  # the order /orders/{id} returns is one its customer's list holds
            assert all(o["customerId"] == order["customerId"] for o in listed)
            assert c.get(f"/customers/{order['customerId']}").json()["id"] == order["customerId"]
        assert c.get("/customers/999999/orders").json() == []
