"""Fixtures the text tests share."""

from __future__ import annotations

import pytest

from simulacra.text.engine import Deidentifier


@pytest.fixture(scope="module")
def patterns_only() -> Deidentifier:
    """The pattern recognizers without a name tagger: what the patterns alone find."""
    return Deidentifier(ner=None)
