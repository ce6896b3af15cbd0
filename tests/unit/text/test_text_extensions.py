"""De-identification extension points: operators by name with typed parameters, custom recognizers
(their labels become entity types; NER stays on), and the shipped check_recognizer suite."""

from __future__ import annotations

import re
from typing import Any

import pytest

from simulacra.errors import SpecValidationError
from simulacra.testing import check_recognizer
from simulacra.text import Deidentifier, Span, deidentify, load_policy, operators
from simulacra.text.operators import (
    MaskParams,
    OperatorContext,
    OperatorParams,
    apply_operator,
    operator_kinds,
    register_operator,
)
from simulacra.text.policy import OperatorSpec
from simulacra.text.recognizers import default_recognizers
from simulacra.text.surrogates import SurrogateMapper


class EmployeeIds:
    """A third-party recognizer: employee numbers such as EMP-004211."""

    name = "employee_id"
    labels = frozenset({"EMPLOYEE_ID"})

    def find(self, text: str) -> list[Span]:
        return [Span(m.start(), m.end(), "EMPLOYEE_ID", 0.9, self.name) for m in re.finditer(r"\bEMP-\d{6}\b", text)]


class Sloppy(EmployeeIds):
    def find(self, text: str) -> list[Span]:
        return [Span(0, len(text) + 1, "EMPLOYEE_ID")] if text else []  # runs past the end of the text


TEXT = "Maria Gonzalez (EMP-004211) called from 415-555-0132 about her badge."


def test_shipped_operators_are_registered_with_their_parameter_models() -> None:
    kinds = operator_kinds()
    assert list(kinds)[:5] == ["synthesize", "redact", "mask", "hash", "keep"]
    assert kinds["mask"].params is MaskParams and kinds["hash"].needs_key
    assert OperatorSpec(operator="mask", keep_last=2).params == MaskParams(keep_last=2)


def test_policy_parameters_are_checked_by_the_operators_own_model(tmp_path: Any) -> None:
    p = tmp_path / "policy.yaml"
    p.write_text("default: {operator: redact, keep_last: 3}\nentities:\n  EMAIL: {operator: masc}\n")
    with pytest.raises(SpecValidationError) as e:
        load_policy(p)
    msg = str(e.value)
    assert f"{p}:1: operator 'redact' takes no keep_last (it takes placeholder)" in msg
    assert f"{p}:3: unknown operator 'masc' (did you mean 'mask'?)" in msg


class InitialsParams(OperatorParams):
    sep: str = "."


def _initials(value: str, span: Span, params: InitialsParams, ctx: OperatorContext) -> str:
    return "".join(w[0] + params.sep for w in value.split())


def test_a_registered_operator_is_named_in_policies_with_its_own_parameters(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(operators, "_KINDS", dict(operators._KINDS))  # leave the process's registry as it was
    register_operator("initials", _initials, params=InitialsParams, description="first letters")
    with pytest.raises(ValueError, match="already registered"):
        register_operator("initials", _initials)
    policy = {"entities": {"PERSON": {"operator": "initials", "sep": ""}, "PHONE": "keep"}}
    out = deidentify(TEXT, policy=policy)
    assert out.startswith("MG (EMP-004211)") and "415-555-0132" in out
    with pytest.raises(SpecValidationError, match="operator 'initials' takes no char"):
        load_policy({"entities": {"PERSON": {"operator": "initials", "char": "#"}}})
    ctx = OperatorContext(SurrogateMapper(seed=0, scope="t"))
    assert (
        apply_operator(
            OperatorSpec.model_validate({"operator": "initials"}), "Ada Lovelace", Span(0, 12, "PERSON"), ctx
        )
        == "A.L."
    )


def test_custom_recognizers_add_entity_types_and_keep_ner_on() -> None:
    engine = Deidentifier(extra_recognizers=[EmployeeIds()], policy={"entities": {"EMPLOYEE_ID": "redact"}})
    assert "EMPLOYEE_ID" in engine.entity_types and engine.ner is not None
    out = engine.deidentify(TEXT).text
    assert "[EMPLOYEE_ID]" in out and "Maria" not in out and "Gonzalez" not in out  # the name: found by NER
    # replacing the shipped patterns no longer switches the model off without a word
    only = Deidentifier(recognizers=[EmployeeIds()])
    assert only.ner is not None
    assert {s.label for s in only.analyze(TEXT)} >= {"EMPLOYEE_ID", "PERSON"}
    patterns_only = Deidentifier(recognizers=default_recognizers(), ner=None)  # off when asked
    assert patterns_only.ner is None and "PERSON" not in {s.label for s in patterns_only.analyze(TEXT)}
    with pytest.raises(SpecValidationError, match="unknown entity type 'EMPLOYEE_ID'"):
        Deidentifier(policy={"entities": {"EMPLOYEE_ID": "redact"}})  # without the recognizer, not a type


def test_check_recognizer_passes_good_ones_and_catches_broken_ones() -> None:
    check_recognizer(EmployeeIds(), [(TEXT, "EMP-004211", "EMPLOYEE_ID")])
    email = next(r for r in default_recognizers() if r.label == "EMAIL")
    check_recognizer(email, [("write to ada@example.org today", "ada@example.org", "EMAIL")])
    with pytest.raises(AssertionError, match="outside a text"):
        check_recognizer(Sloppy())
    with pytest.raises(AssertionError, match="did not find 'EMP-999999'"):
        check_recognizer(EmployeeIds(), [("id EMP-99999 short", "EMP-999999", "EMPLOYEE_ID")])


def test_module_functions_keep_no_engine_between_calls() -> None:
    policy = {"consistency": "corpus"}
    a = deidentify("Maria Gonzalez wrote.", policy=policy, seed=3)
    b = deidentify("Maria Gonzalez wrote.", policy=policy, seed=3)
    assert a == b and "Maria" not in a
    from simulacra import text

    assert not [n for n, v in vars(text).items() if hasattr(v, "cache_info")]  # no lru_cache of engines


def test_policies_round_trip_through_json(monkeypatch: pytest.MonkeyPatch) -> None:
    """Workers get the policy as JSON: every operator spec, shipped or registered, must load back equal."""
    from simulacra.text.policy import Policy

    monkeypatch.setattr(operators, "_KINDS", dict(operators._KINDS))
    register_operator("initials", _initials, params=InitialsParams)
    policy = load_policy(
        {
            "default": "redact",
            "entities": {"EMAIL": {"operator": "mask", "keep_last": 4}, "PERSON": {"operator": "initials", "sep": "-"}},
        }
    )
    again = Policy.model_validate_json(policy.model_dump_json())
    assert again == policy and again.operator_for("PERSON").params == InitialsParams(sep="-")
