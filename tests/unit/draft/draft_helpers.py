"""Helpers the draft's tests share."""

from __future__ import annotations

from typing import Any


def refs(table: dict[str, Any]) -> set[str]:
    """The tables a drafted table's foreign keys point at."""
    return {
        c["references"].split(".")[0]
        for c in table["columns"].values()
        if isinstance(c, dict) and c.get("generator") == "foreign_key"
    }
