"""Operators: what happens to one entity's text, registered by name with their own typed parameters.

A policy maps entity types to operators (``policy.OperatorSpec``); operators see spans, never
recognizers. Each operator is an ``OperatorKind``: a name, a function
``apply(value, span, params, ctx) -> str`` and a pydantic model of its parameters (presidio's
operator factory is the model). The shipped ones:

* ``synthesize`` asks the scope's ``SurrogateMapper`` for a consistent realistic fake;
* ``redact`` writes a placeholder (``placeholder``, default ``[{label}]``);
* ``mask`` hides letters and digits (``char``; separators kept, ``keep_last`` characters shown);
* ``hash`` writes a keyed HMAC-SHA256 (``length`` hex characters; the same value gives the same hash
  under the same key, so joins survive; without the key it cannot be reversed or brute-forced from a
  list of names);
* ``keep`` leaves the text.

A new operator is one ``register_operator`` call (docs/extending.md); policies name it like a
shipped one and its parameters are checked, with file:line, when the policy is loaded.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ConfigDict, Field

from simulacra.errors import SpecError, did_you_mean
from simulacra.text._secret import env_secret
from simulacra.text.spans import Span
from simulacra.text.surrogates import SurrogateMapper

if TYPE_CHECKING:
    from simulacra.text.policy import OperatorSpec, Policy

__all__ = [
    "OPERATORS",
    "HashParams",
    "MaskParams",
    "NoParams",
    "OperatorContext",
    "OperatorKind",
    "OperatorParams",
    "RedactParams",
    "apply_operator",
    "hash_key",
    "operator_kind",
    "operator_kinds",
    "register_operator",
    "registry_version",
]


@dataclass(frozen=True)
class OperatorContext:
    """What an operator may use: the scope's surrogate mapper and the hash key."""

    mapper: SurrogateMapper
    key: bytes | None = None


class OperatorParams(BaseModel):
    """The base of every operator's parameters: frozen, unknown fields refused."""

    model_config = ConfigDict(frozen=True, extra="forbid")


class NoParams(OperatorParams):
    """An operator without parameters."""


class RedactParams(OperatorParams):
    placeholder: str = "[{label}]"


class MaskParams(OperatorParams):
    char: str = Field("*", min_length=1, max_length=1)
    keep_last: int = Field(0, ge=0)


class HashParams(OperatorParams):
    length: int = Field(16, ge=4, le=64)


Apply = Callable[[str, Span, Any, OperatorContext], str]


@dataclass(frozen=True)
class OperatorKind:
    """One operator: its name (the policy's ``operator:``), function, parameter model, whether it needs
    the hash key, and one line on what it does."""

    name: str
    apply: Apply
    params: type[OperatorParams] = NoParams
    needs_key: bool = False
    description: str = ""


_KINDS: dict[str, OperatorKind] = {}
_VERSION = [0]  # bumped by every registration: what callers cache from the registry is then stale


def register_operator(
    name: str,
    apply: Apply,
    *,
    params: type[OperatorParams] = NoParams,
    needs_key: bool = False,
    description: str = "",
    replace: bool = False,
) -> OperatorKind:
    """Register an operator; a name already taken is an error unless ``replace=True``.

    ``apply(value, span, params, ctx)`` returns the replacement for ``value`` (the entity's text);
    ``params`` is an instance of the ``params`` model, built from the policy's fields for it.
    """
    if not name.isidentifier():
        raise ValueError(f"operator names are identifiers ('redact', 'initials'), got {name!r}")
    if name in _KINDS and not replace:
        raise ValueError(f"operator '{name}' is already registered (pass replace=True to replace it)")
    if not (isinstance(params, type) and issubclass(params, OperatorParams)):
        raise ValueError(f"operator '{name}': params must be an OperatorParams subclass, got {params!r}")
    kind = OperatorKind(name, apply, params, needs_key, description)
    _KINDS[name] = kind
    _VERSION[0] += 1
    return kind


def registry_version() -> int:
    """A number that changes whenever an operator is registered (callers that cache look-ups compare it)."""
    return _VERSION[0]


def operator_kinds() -> dict[str, OperatorKind]:
    """The registered operators, by name, in registration order."""
    return dict(_KINDS)


def operator_kind(name: str) -> OperatorKind:
    """The operator called ``name``; ValueError naming the known ones (with 'did you mean') otherwise."""
    kind = _KINDS.get(name)
    if kind is None:
        raise ValueError(
            f"unknown operator '{name}'{did_you_mean(name, list(_KINDS))}; expected one of {', '.join(_KINDS)}"
        )
    return kind


def apply_operator(spec: OperatorSpec, value: str, span: Span, ctx: OperatorContext) -> str:
    """The replacement of ``value`` by the operator ``spec`` names, with its typed parameters."""
    kind = operator_kind(spec.operator)
    return kind.apply(value, span, spec.params, ctx)


def _synthesize(value: str, span: Span, params: NoParams, ctx: OperatorContext) -> str:
    return ctx.mapper.surrogate(span.label, value)


def _redact(value: str, span: Span, params: RedactParams, ctx: OperatorContext) -> str:
    return params.placeholder.replace("{label}", span.label)


def _mask(value: str, span: Span, params: MaskParams, ctx: OperatorContext) -> str:
    alnum = [i for i, c in enumerate(value) if c.isalnum()]
    keep = set(alnum[len(alnum) - params.keep_last :]) if params.keep_last else set()
    return "".join(c if (not c.isalnum() or i in keep) else params.char for i, c in enumerate(value))


def _hash(value: str, span: Span, params: HashParams, ctx: OperatorContext) -> str:
    if ctx.key is None:
        raise SpecError("the 'hash' operator needs a key (set the policy's hash_key_env variable)")
    digest = hmac.new(ctx.key, f"{span.label}\x1f{value}".encode(), hashlib.sha256).hexdigest()
    return digest[: params.length]


def _keep(value: str, span: Span, params: NoParams, ctx: OperatorContext) -> str:
    return value


# the shipped operators; a new one is one more register_operator call (docs/extending.md)
register_operator("synthesize", _synthesize, description="a realistic fake, consistent within the scope")
register_operator("redact", _redact, params=RedactParams, description="a placeholder such as [PERSON]")
register_operator("mask", _mask, params=MaskParams, description="letters and digits hidden, separators kept")
register_operator("hash", _hash, params=HashParams, needs_key=True, description="a keyed HMAC-SHA256 hex digest")
register_operator("keep", _keep, description="the text as it is")


def _by_spec(name: str) -> Callable[[str, Span, OperatorSpec, OperatorContext], str]:
    def run(value: str, span: Span, spec: OperatorSpec, ctx: OperatorContext) -> str:
        kind = operator_kind(name)
        return kind.apply(value, span, spec.params_for(kind), ctx)

    return run


#: the shipped operators called with an ``OperatorSpec`` (the form before the registry; kept for callers)
OPERATORS: dict[str, Callable[[str, Span, OperatorSpec, OperatorContext], str]] = {
    name: _by_spec(name) for name in ("synthesize", "redact", "mask", "hash", "keep")
}


def hash_key(policy: Policy) -> bytes | None:
    """The HMAC key from the environment when the policy uses an operator that needs it (``hash``);
    SpecError when it is missing."""
    specs = [policy.default, *policy.entities.values()]
    if not any(operator_kind(s.operator).needs_key for s in specs):
        return None
    return env_secret(policy.hash_key_env, "the policy's 'hash' operator")
