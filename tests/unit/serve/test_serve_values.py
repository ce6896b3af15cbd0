"""Values between the wire and the store, and strings sampled from OpenAPI patterns."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from simulacra.serve.openapi_spec import regex_samples, snake
from simulacra.serve.values import from_json, from_query, to_store, to_wire


@given(
    st.datetimes(
        min_value=dt.datetime(1900, 1, 1),
        max_value=dt.datetime(2200, 1, 1),
        timezones=st.sampled_from([None, dt.UTC, dt.timezone(dt.timedelta(hours=-5, minutes=-30))]),
    )
)
@settings(max_examples=200, deadline=None)
def test_date_times_are_stored_in_utc_to_the_second_and_sort_as_text(value: dt.datetime) -> None:
    text = to_store(value, "datetime")
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z", text)
    assert from_json(text, "datetime") == text == from_query(text, "datetime")
    utc = value if value.tzinfo is None else value.astimezone(dt.UTC).replace(tzinfo=None)
    assert dt.datetime.fromisoformat(text[:-1]) == utc.replace(microsecond=0)


@given(st.integers(min_value=-(2**63), max_value=2**63 - 1))
def test_integers_round_trip_through_query_and_json(n: int) -> None:
    assert from_query(str(n), "integer") == n == from_json(n, "integer")


@pytest.mark.parametrize(
    "kind, value, rule",
    [
        ("integer", True, "must be an integer"),
        ("integer", 1.5, "must be an integer"),
        ("integer", 2**63, "64 bits"),
        ("number", "1", "must be a number"),
        ("number", False, "must be a number"),
        ("boolean", 1, "true or false"),
        ("date", "2024-02-30", "valid calendar date"),
        ("date", "2024-2-3", "YYYY-MM-DD"),
        ("datetime", "yesterday", "RFC 3339"),
        ("string", 5, "must be a string"),
    ],
)
def test_json_values_of_the_wrong_kind_name_the_rule(kind: str, value: object, rule: str) -> None:
    with pytest.raises(ValueError, match=re.escape(rule)):
        from_json(value, kind)


@pytest.mark.parametrize(
    "kind, text",
    [
        ("integer", "1 OR 1=1"),
        ("integer", "0x10"),
        ("number", "nan"),
        ("number", "1e999"),
        ("boolean", "yes"),
        ("date", "2024-01-01'--"),
    ],
)
def test_query_values_are_parsed_strictly(kind: str, text: str) -> None:
    with pytest.raises(ValueError):
        from_query(text, kind)


def test_booleans_are_stored_as_integers_and_answered_as_booleans() -> None:
    assert to_store(True, "boolean") == 1 and to_wire(0, "boolean") is False and from_query("true", "boolean") == 1


@pytest.mark.parametrize(
    "pattern",
    [
        r"^([01]\d|2[0-3]):?([0-5]\d)$",
        r"^[A-Z]{2}\d{2}[A-Z0-9]{1,30}$",
        r"^\+?[1-9]\d{1,14}$",
        r"[a-z]+(-[a-z]+)*",
        r"^(ACTIVE|CLOSED)$",
        r"^[^@\s]+@[^@\s]+$",
    ],
)
def test_pattern_samples_match_their_pattern(pattern: str) -> None:
    samples = regex_samples(pattern)
    assert samples and len(set(samples)) == len(samples)
    assert all(re.search(pattern, s) for s in samples)


def test_table_names_are_snake_case_identifiers() -> None:
    assert snake("ApiResponse") == "api_response" and snake("petId") == "pet_id" and snake("3DSecure") == "t_3_dsecure"
