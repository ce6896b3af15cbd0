"""DatasetSynthesizer.fit's progress moves per learned column, not once per table (issue 12: a 32,000-row
table sat at 0% for 18 s, then jumped to 100%)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import polars as pl
import pytest
from tests.unit.synth.test_conformance import SPEC

import simulacra.synth.dataset as ds
from simulacra.spec import load_spec
from simulacra.synth import DatasetSynthesizer


class _Recorder:
    """Stands in for the progress bar and records every update."""

    events: list[tuple[str, Any]] = []

    def __init__(self, enabled: bool, total: int, label: str) -> None:
        self.events.append(("start", (enabled, total, label)))

    def __enter__(self) -> _Recorder:
        return self

    def __exit__(self, *exc: object) -> None:
        self.events.append(("end", None))

    def advance(self) -> None:
        self.events.append(("advance", None))

    def to(self, completed: int) -> None:
        self.events.append(("to", completed))

    def describe(self, text: str) -> None:
        self.events.append(("describe", text))


def test_fit_progress_moves_per_column(people: pl.DataFrame, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ds, "_Progress", _Recorder)
    _Recorder.events = []
    spec_file = tmp_path / "spec.yaml"
    spec_file.write_text(SPEC)
    frame = people.head(400).with_row_index("id", offset=1).with_columns(pl.col("id").cast(pl.Int64), name=pl.lit("x"))
    DatasetSynthesizer(seed=3).fit({"people": frame}, load_spec(spec_file), progress=True)
    ev = _Recorder.events
    (start,) = [v for k, v in ev if k == "start"]
    _, total, _ = start
    advances = sum(k == "advance" for k, _ in ev)
    assert total > 1 and advances >= total - 1  # one step per learned column of the one table
    assert ("describe", "fitting people") in ev and ev[-2] == ("to", total)
