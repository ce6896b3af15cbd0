"""Secrets read from the environment (the audit mapping's passphrase, the keyed-hash key)."""

from __future__ import annotations

import os

from simulacra.errors import SpecError

__all__ = ["env_secret"]

MIN_LENGTH = 16


def env_secret(env: str, wanted_by: str) -> bytes:
    """The secret in environment variable ``env``; SpecError naming ``wanted_by`` when it is missing or short."""
    raw = os.environ.get(env)
    if not raw:
        raise SpecError(
            f"{wanted_by} needs a secret: set the environment variable {env} (at least {MIN_LENGTH} characters)"
        )
    if len(raw) < MIN_LENGTH:
        raise SpecError(f"the secret in {env} is too short (expected at least {MIN_LENGTH} characters)")
    return raw.encode()
