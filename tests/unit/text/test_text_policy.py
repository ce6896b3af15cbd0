"""Policy loading (file:line errors), operators, spans and overlap resolution."""

from __future__ import annotations

from pathlib import Path

import pytest

from simulacra.errors import SpecError, SpecValidationError
from simulacra.text.operators import OPERATORS, OperatorContext, hash_key
from simulacra.text.policy import OperatorSpec, Policy, load_policy
from simulacra.text.spans import Span, resolve
from simulacra.text.surrogates import SurrogateMapper

# --- policy ----------------------------------------------------------------------------


def test_policy_yaml_with_shorthands(tmp_path: Path) -> None:
    p = tmp_path / "policy.yaml"
    p.write_text(
        "default: redact\nentities:\n  EMAIL: {operator: mask, keep_last: 4}\n  PERSON: synthesize\n"
        "detect: [MONEY]\nskip: [TIME]\nconsistency: corpus\n"
    )
    pol = load_policy(p)
    assert pol.operator_for("EMAIL") == OperatorSpec(operator="mask", keep_last=4)
    assert pol.operator_for("PHONE").operator == "redact"
    assert "MONEY" in pol.labels() and "TIME" not in pol.labels() and pol.consistency == "corpus"
    assert "MONEY" not in Policy().labels()


def test_policy_errors_name_file_and_line(tmp_path: Path) -> None:
    p = tmp_path / "bad.yaml"
    p.write_text("default: synthesize\nentities:\n  PERSN: redact\n  EMAIL: {operator: scramble}\nmin_scor: 0.3\n")
    with pytest.raises(SpecValidationError) as exc:
        load_policy(p)
    msg = str(exc.value)
    assert f"{p}:4" in msg and "scramble" in msg
    assert f"{p}:5" in msg and "did you mean 'min_score'" in msg


def test_unknown_entity_type_gets_did_you_mean(tmp_path: Path) -> None:
    p = tmp_path / "bad.yaml"
    p.write_text("entities:\n  PERSN: redact\n")
    with pytest.raises(SpecValidationError, match=r"bad.yaml:2.*did you mean 'PERSON'"):
        load_policy(p)


def test_missing_policy_file() -> None:
    with pytest.raises(SpecError, match="policy file not found"):
        load_policy("/nonexistent/policy.yaml")


# --- operators --------------------------------------------------------------------------

CTX = OperatorContext(SurrogateMapper(seed=1, scope="t"), key=b"k" * 16)
SPAN = Span(0, 11, "PHONE")


def test_redact_mask_keep() -> None:
    assert OPERATORS["redact"]("555-0132", SPAN, OperatorSpec(operator="redact"), CTX) == "[PHONE]"
    assert OPERATORS["mask"]("415-555-0132", SPAN, OperatorSpec(operator="mask", keep_last=4), CTX) == "***-***-0132"
    assert OPERATORS["keep"]("x", SPAN, OperatorSpec(operator="keep"), CTX) == "x"


def test_keyed_hash_is_stable_and_keyed() -> None:
    spec = OperatorSpec(operator="hash", length=12)
    a = OPERATORS["hash"]("Alice", Span(0, 5, "PERSON"), spec, CTX)
    b = OPERATORS["hash"]("Alice", Span(0, 5, "PERSON"), spec, CTX)
    other = OperatorContext(CTX.mapper, key=b"z" * 16)
    assert a == b and len(a) == 12 and a != OPERATORS["hash"]("Alice", Span(0, 5, "PERSON"), spec, other)


def test_hash_needs_a_key_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    pol = Policy.model_validate({"entities": {"PERSON": "hash"}})
    monkeypatch.delenv("SIMULACRA_HASH_KEY", raising=False)
    with pytest.raises(SpecError, match="SIMULACRA_HASH_KEY"):
        hash_key(pol)
    monkeypatch.setenv("SIMULACRA_HASH_KEY", "a-long-enough-secret")
    assert hash_key(pol) == b"a-long-enough-secret"


# --- spans ---------------------------------------------------------------------------------


def test_span_validation() -> None:
    with pytest.raises(ValueError):
        Span(5, 5, "X")
    with pytest.raises(ValueError):
        Span(0, 1, "X", score=1.5)


def test_resolve_prefers_score_then_length() -> None:
    a = Span(0, 10, "PERSON", 0.6)
    b = Span(4, 8, "EMAIL", 0.9)
    c = Span(12, 20, "X", 0.5)
    d = Span(12, 15, "Y", 0.5)
    assert resolve([a, b, c, d]) == [b, c]
