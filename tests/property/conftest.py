"""Hypothesis settings for the property tests: random examples on a developer's machine (each run explores new
requests, specs and texts, and what it finds becomes a regression test), the same derandomized examples in CI
(``CI`` set), so a CI run is reproducible and says the same thing about the same commit."""

from __future__ import annotations

import os

from hypothesis import settings

settings.register_profile("ci", derandomize=True, database=None)
if os.environ.get("CI"):
    settings.load_profile("ci")
