"""What makes a table reference data, which ``fit`` copies and ``inspect`` drafts with its labels listed (one home for
both: ``synth.dataset.DatasetSynthesizer._is_reference`` and ``inspection._reference``)."""

from __future__ import annotations

__all__ = ["PLACES", "REFERENCE_ROWS"]

REFERENCE_ROWS = 100  # a referenced table this small, without personal data or free text, is copied
PLACES = frozenset({"city", "country", "country_code", "state", "state_abbr"})  # a lookup's places: not personal
