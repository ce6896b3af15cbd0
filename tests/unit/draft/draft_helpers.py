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


def key_to(spec: dict[str, Any], table: str, parent: str) -> str:
    """The column of drafted ``table`` that refers to ``parent``."""
    return next(
        c
        for c, col in spec["tables"][table]["columns"].items()
        if isinstance(col, dict) and str(col.get("references", "")).startswith(f"{parent}.")
    )


def assert_capped_joining_table(
    spec: dict[str, Any], link: str, owner: str, other: str, bound: int, total: int, seed: int
) -> None:
    """``link`` joins ``owner`` and ``other``, is made per owner with ``total`` rows in all, and the rows it
    generates give every owner at most ``bound`` of them, spread (more than two counts), ``total`` in all."""
    import simulacra

    rows = spec["tables"][link]["rows"]
    assert isinstance(rows, dict) and rows["per"] == owner and rows["total"] == total
    assert {owner, other} <= refs(spec["tables"][link])
    frames = simulacra.generate(spec, seed=seed).frames
    per = frames[link].group_by(key_to(spec, link, owner)).len()["len"].to_list()
    per += [0] * (frames[owner].height - len(per))
    assert frames[link].height == total
    assert max(per) <= bound and len(set(per)) > 2


def assert_record_refers_to(tables: dict[str, Any], records: str, doers: str, partners: str | None) -> None:
    """The doer (and the partner, where one is said) are drafted tables that the act's record refers to."""
    assert {doers, records} <= set(tables)
    assert doers in refs(tables[records])
    if partners is not None:
        assert partners in tables and partners in refs(tables[records])


def assert_keys_point_at_rows(spec: dict[str, Any], frames: dict[str, Any], records: str, parents: list[str]) -> None:
    """Rows of ``records`` were generated and each one's key to every table of ``parents`` is a real row's key."""
    assert frames[records].height > 0
    for parent in parents:
        col = key_to(spec, records, parent)
        pk = spec["tables"][parent]["primary_key"]
        assert set(frames[records][col].drop_nulls().to_list()) <= set(frames[parent][pk].to_list())


#: a sequence key column of a spec written by hand (a model's replayed answer)
SEQUENCE_COLUMN: dict[str, str] = {"generator": "sequence"}


def spec_table(rows: Any, columns: dict[str, Any], **extra: Any) -> dict[str, Any]:
    """A table of a spec written by hand: its rows, any other fields, the first column its key."""
    return {"rows": rows, **extra, "primary_key": next(iter(columns)), "columns": columns}


def fk_column(ref: str) -> dict[str, str]:
    """A foreign-key column of a spec written by hand, referencing ``ref`` (``table.column``)."""
    return {"generator": "foreign_key", "references": ref}
