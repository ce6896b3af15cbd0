"""A ``unique`` set over a nullable column (issue 13): ``unique: [pid, x]``, visits per person with ``x`` null at a
given rate, generated to Parquet and DuckDB; prints per target the rows the in-memory check (``check``) and the
streamed check (``check_streaming``, 20-row chunks) fail. With SQL's NULLS DISTINCT both should be 0: the engine
lets rows with a null repeat, as PostgreSQL's and DuckDB's UNIQUE do.

The spec was written for this figure: **dev**.

    PYTHONPATH=src .venv/bin/python benchmarks/unique_nulls.py 0.5
"""

from __future__ import annotations

import pathlib
import sys
import tempfile
from typing import Any

from simulacra.pipeline import check, check_streaming, generate


def spec(rate: float) -> dict[str, Any]:
    return {
        "seed": 1,
        "tables": {
            "people": {"rows": 40, "primary_key": "pid", "columns": {"pid": {"generator": "sequence"}}},
            "visits": {
                "rows": {"per": "people", "count": {"distribution": "uniform", "low": 3, "high": 12}},
                "primary_key": "vid",
                "columns": {
                    "vid": {"generator": "sequence"},
                    "pid": {"generator": "foreign_key", "references": "people.pid"},
                    "x": {"generator": "integer", "low": 1, "high": 30, "null_rate": rate},
                },
            },
        },
        "constraints": [{"table": "visits", "unique": ["pid", "x"]}],
    }


def main() -> None:
    rate = float(sys.argv[1]) if len(sys.argv) > 1 else 0.5
    s = spec(rate)
    with tempfile.TemporaryDirectory() as d:
        for target in ("parquet", "out.duckdb"):
            out = pathlib.Path(d) / target
            generate(s, out, chunk_size=50, documents=False)
            whole = [f for f in check(s, out) if f.check.startswith("unique(")]
            streamed = [f for f in check_streaming(s, out, chunk_size=20) if f.check.startswith("unique(")]
            print(
                f"{target}: null_rate {rate}: rows {whole[0].total}; unique(pid, x) fails "
                f"{whole[0].failed} (in memory), {streamed[0].failed} (streamed)"
            )


if __name__ == "__main__":
    main()
