"""Operators: what happens to one entity's text. ``apply(value, span, *, ctx) -> str``.

A policy maps entity types to operators (``policy.OperatorSpec``); operators see
spans, never recognizers. ``synthesize`` asks the scope's ``SurrogateMapper`` for a
consistent realistic fake; ``redact`` writes a placeholder; ``mask`` hides
letters and digits (separators kept, optionally the last few characters);
``hash`` writes a keyed HMAC-SHA256 (the same value gives the same hash under the
same key, so joins survive; without the key it cannot be reversed or
brute-forced from a list of names); ``keep`` leaves the text.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from simulacra.errors import SpecError
from simulacra.text._secret import env_secret
from simulacra.text.policy import OperatorSpec, Policy
from simulacra.text.spans import Span
from simulacra.text.surrogates import SurrogateMapper

__all__ = ["OPERATORS", "Operator", "OperatorContext", "hash_key"]


@dataclass(frozen=True)
class OperatorContext:
    """What an operator may use: the scope's surrogate mapper and the hash key."""

    mapper: SurrogateMapper
    key: bytes | None = None


class Operator(Protocol):
    def __call__(self, value: str, span: Span, spec: OperatorSpec, ctx: OperatorContext) -> str: ...


def _synthesize(value: str, span: Span, spec: OperatorSpec, ctx: OperatorContext) -> str:
    return ctx.mapper.surrogate(span.label, value)


def _redact(value: str, span: Span, spec: OperatorSpec, ctx: OperatorContext) -> str:
    return spec.placeholder.replace("{label}", span.label)


def _mask(value: str, span: Span, spec: OperatorSpec, ctx: OperatorContext) -> str:
    alnum = [i for i, c in enumerate(value) if c.isalnum()]
    keep = set(alnum[len(alnum) - spec.keep_last :]) if spec.keep_last else set()
    return "".join(c if (not c.isalnum() or i in keep) else spec.char for i, c in enumerate(value))


def _hash(value: str, span: Span, spec: OperatorSpec, ctx: OperatorContext) -> str:
    if ctx.key is None:
        raise SpecError("the 'hash' operator needs a key (set the policy's hash_key_env variable)")
    digest = hmac.new(ctx.key, f"{span.label}\x1f{value}".encode(), hashlib.sha256).hexdigest()
    return digest[: spec.length]


def _keep(value: str, span: Span, spec: OperatorSpec, ctx: OperatorContext) -> str:
    return value


OPERATORS: dict[str, Callable[[str, Span, OperatorSpec, OperatorContext], str]] = {
    "synthesize": _synthesize,
    "redact": _redact,
    "mask": _mask,
    "hash": _hash,
    "keep": _keep,
}


def hash_key(policy: Policy) -> bytes | None:
    """The HMAC key from the environment when the policy uses ``hash``; SpecError when it is missing."""
    uses = policy.default.operator == "hash" or any(s.operator == "hash" for s in policy.entities.values())
    if not uses:
        return None
    return env_secret(policy.hash_key_env, "the policy's 'hash' operator")
