"""A saved model edited to look as an older version saved it: fields that version did not write taken out."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any


def drop_fields(folder: Path, fields: Sequence[str], where: Callable[[dict[str, Any]], bool]) -> int:
    """Remove ``fields`` from every JSON object of the model's JSON files that holds the first of them and for
    which ``where(obj)`` holds; the number of objects edited (so a test can fail when there is nothing to edit)."""
    edited = 0

    def walk(node: object) -> None:
        nonlocal edited
        if isinstance(node, dict):
            if fields[0] in node and where(node):
                for f in fields:
                    node.pop(f, None)
                edited += 1
            for v in node.values():
                walk(v)
        elif isinstance(node, list):
            for v in node:
                walk(v)

    for f in folder.rglob("*.json"):
        data = json.loads(f.read_text())
        before = edited
        walk(data)
        if edited != before:
            f.write_text(json.dumps(data))
    return edited
