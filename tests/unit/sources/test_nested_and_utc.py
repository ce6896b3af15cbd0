"""JSON lines and Parquet with nested values, and ISO 8601 UTC timestamps (``…T14:22:00Z``).

An API dump read as a new user would: `inspect events.jsonl` stopped with an internal error
("CSV format does not support nested data") on an object column, and a `2024-05-03T14:22:00Z`
timestamp was drafted as a code pattern. Objects are now one column per field, lists JSON text
(each said in a note), and the UTC form is a date/time written back as read.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import polars as pl
import pytest

import simulacra
from simulacra.inspection import inspect
from simulacra.sources import read_source


def _records(n: int, seed: int) -> list[dict[str, object]]:
    rng = np.random.default_rng(seed)
    out = []
    for i in range(n):
        ms = f".{int(rng.integers(0, 1000)):03d}" if seed % 2 else ""
        out.append(
            {
                "id": i + 1,
                "who": {"user": int(rng.integers(1, 50)), "geo": {"country": str(rng.choice(["DE", "FR", "US"]))}},
                "kind": str(rng.choice(["a", "b"])),
                "at": f"2024-0{int(rng.integers(1, 9))}-1{int(rng.integers(0, 9))}T0{int(rng.integers(0, 9))}:1{int(rng.integers(0, 9))}:2{int(rng.integers(0, 9))}{ms}Z",
                "tags": [str(t) for t in rng.choice(["x", "y", "z"], int(rng.integers(0, 3)), replace=False)],
            }
        )
    return out


@pytest.mark.parametrize(("suffix", "seed"), [(".jsonl", 1), (".jsonl", 2), (".parquet", 3)])
def test_nested_columns_are_flattened_with_notes(tmp_path: Path, suffix: str, seed: int) -> None:
    rows = _records(300, seed)
    path = tmp_path / f"events{suffix}"
    if suffix == ".jsonl":
        path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    else:
        pl.DataFrame(rows).write_parquet(path)
    src = read_source(path)
    frame = src.frames["events"]
    assert frame.columns == ["id", "who_user", "who_geo_country", "kind", "at", "tags"]
    assert frame["who_user"].to_list() == [r["who"]["user"] for r in rows]  # type: ignore[index]
    assert json.loads(frame["tags"][0]) == rows[0]["tags"]
    assert any("'who' holds objects" in n for n in src.notes) and any("'tags' holds lists" in n for n in src.notes)

    spec = inspect(src).spec_data["tables"]["events"]["columns"]
    assert spec["at"]["generator"] == "datetime", spec["at"]
    assert spec["who_geo_country"]["generator"] == "categorical"


def test_utc_timestamps_are_written_back_as_read(tmp_path: Path) -> None:
    path = tmp_path / "events.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in _records(300, 2)))
    simulacra.fit(path, output=tmp_path / "m")
    out = tmp_path / "s.jsonl"
    simulacra.sample(tmp_path / "m", output=out, seed=1)
    at = pl.read_ndjson(out)["at"]
    assert bool(at.str.contains(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$").all()), at.head(3).to_list()
