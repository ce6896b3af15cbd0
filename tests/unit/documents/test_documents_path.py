"""Documents belong to one output (issue 12: `-o a.db` then `-o a.duckdb` shared and replaced `a.documents/`)."""

from __future__ import annotations

from pathlib import Path

from simulacra.documents import default_documents_path


def test_documents_are_named_from_the_full_output_name(tmp_path: Path) -> None:
    paths = {o: default_documents_path(str(tmp_path / o)) for o in ("a.db", "a.duckdb", "a.sqlite", "a", "a.parquet")}
    assert paths["a.db"] == tmp_path / "a.db.documents"
    assert paths["a.duckdb"] == tmp_path / "a.duckdb.documents"
    assert len(set(paths.values())) == len(paths)  # no two outputs share a documents folder
    assert default_documents_path("postgresql://u@h/db") is None
