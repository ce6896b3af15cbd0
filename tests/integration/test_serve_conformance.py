"""Schemathesis reads the served /openapi.json and fuzzes every operation: no 5xx, no response
that violates the document's schemas (the server is real: uvicorn on a loopback port)."""

from __future__ import annotations

import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error, response_schema_conformance
from tests.helpers import plan_of
from tests.serve_live import SHOP_MINI, live_server

from simulacra.serve import build_state


def test_no_server_error_and_responses_match_the_document() -> None:
    with live_server(build_state(plan_of(SHOP_MINI))) as url:
        schema = schemathesis.openapi.from_url(f"{url}/openapi.json")
        operations = [r.ok() for r in schema.get_all_operations()]
        assert len(operations) >= 20
        for op in operations:

            @given(case=op.as_strategy())
            @settings(
                max_examples=3, deadline=None, derandomize=True, database=None, suppress_health_check=list(HealthCheck)
            )
            def check(case) -> None:  # type: ignore[no-untyped-def]
                case.call_and_validate(base_url=url, checks=[not_a_server_error, response_schema_conformance])

            check()
