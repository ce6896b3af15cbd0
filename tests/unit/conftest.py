"""Fixtures for unit tests: the scripted OpenAI-compatible server (tests of the optional language-model backend)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from tests.unit.scripted_llm import ScriptedServer


@pytest.fixture(scope="session")
def llm_server() -> Iterator[ScriptedServer]:
    """The scripted OpenAI-compatible server, started once for the test session on 127.0.0.1."""
    server = ScriptedServer().start()
    yield server
    server.stop()
