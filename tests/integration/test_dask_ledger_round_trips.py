"""The client's share per chunk of a table checked in ledger shards and written by the workers (``parquet-parts``):
the tasks it submits and the round trips it waits on, on a real LocalCluster (worker processes), with the bytes of
one process (``--engine local``) for every seed, chunk size and worker count.

Per chunk the client sends the chunk task, one task cutting its buckets for every shard, the shards' steps, one view of the chunk (``chunk_view``: what the
client keeps of it, the shards' flags and the flagged rows, in one result), the lookups of the redraw candidates
and the write; it waits on the view of the first chunk, the lookups, and the write of each chunk together with the
next chunk's view. With one worker the shards' steps read the chunk and the view reads the shards' states (no task
in between). A view whose inputs were lost with a worker (planted: it raises the error Dask gives) falls back to the
three results apart, as before, with the same bytes.

The unique ``code`` is drawn from a small space (3 values per row), so it repeats inside a chunk and across chunks,
and candidates collide with held values; per seed and chunk size, so the class is tested, not one file."""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from simulacra.pipeline import generate

distributed = pytest.importorskip("distributed")  # the dask extra is in dev: CI has it

from simulacra.distributed import DaskExecutor  # noqa: E402
from simulacra.distributed._cluster import connect  # noqa: E402

ROWS = 600


def spec(seed: int) -> str:
    return f"""\
name: trips
seed: {seed}
tables:
  people:
    rows: {ROWS}
    primary_key: id
    columns:
      id: sequence
      first: first_name
      code: {{generator: integer, low: 1, high: {ROWS * 3}, unique: true, null_rate: 0.05}}
      tag: {{generator: categorical, values: {{x: 0.5, y: 0.5}}}}
"""


def parts(folder: Path) -> dict[str, str]:
    return {
        str(f.relative_to(folder)): hashlib.sha256(f.read_bytes()).hexdigest()
        for f in sorted(folder.rglob("*.parquet"))
    }


@pytest.fixture(scope="module", params=[1, 2], ids=["1-worker", "2-workers"])
def client(request: pytest.FixtureRequest) -> Iterator[Any]:
    with connect(workers=request.param) as c:  # the cluster `--engine dask --workers N` starts
        yield c


class Counted:
    """The client's submits (by function) and waits (``Future.result`` and ``Client.gather`` calls) while it runs;
    ``plant(fn)`` replaces the first ``n`` submits of ``fn`` by a task raising what Dask raises for lost inputs."""

    def __init__(self, client: Any, monkeypatch: pytest.MonkeyPatch) -> None:
        self.submitted: Counter[str] = Counter()
        self.waits = 0
        self.planted: dict[str, int] = {}
        self.patches: list[tuple[str, ...]] = []  # per write of a chunk with redraws: the columns sent to its worker
        submit, gather, result = client.submit, client.gather, distributed.Future.result

        def counted_submit(fn: Any, *a: Any, **kw: Any) -> Any:
            name = getattr(fn, "__name__", str(fn))
            self.submitted[name] += 1
            if name == "write_settled" and len(a[1]):  # (the chunk, the redrawn positions, their values, ...)
                self.patches.append(tuple(a[2].columns))
            if self.planted.get(name, 0) > 0:
                self.planted[name] -= 1
                lost = type("CancelledError", (Exception,), {})

                def planted(*_: Any, **__: Any) -> Any:
                    raise lost("the task's inputs are gone: lost dependencies (planted)")

                return submit(planted, *a, **kw)
            return submit(fn, *a, **kw)

        def counted_gather(*a: Any, **kw: Any) -> Any:
            self.waits += 1
            return gather(*a, **kw)

        def counted_result(fut: Any, *a: Any, **kw: Any) -> Any:
            self.waits += 1
            return result(fut, *a, **kw)

        monkeypatch.setattr(client, "submit", counted_submit)
        monkeypatch.setattr(client, "gather", counted_gather)
        monkeypatch.setattr(distributed.Future, "result", counted_result)


@pytest.mark.parametrize(("seed", "chunk"), [(3, 97), (11, 250)])
def test_tasks_and_round_trips_per_chunk(
    client: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, seed: int, chunk: int
) -> None:
    src = tmp_path / "s.yaml"
    src.write_text(spec(seed))
    generate(src, tmp_path / "one", format="parquet-parts", chunk_size=chunk, documents=False)
    want = parts(tmp_path / "one")
    n = -(-ROWS // chunk)
    workers = len(client.scheduler_info()["workers"])
    ex = DaskExecutor(client, fuse=False)  # the shards, the client decides
    seen = Counted(client, monkeypatch)
    generate(src, tmp_path / "dask", format="parquet-parts", chunk_size=chunk, documents=False, distribute=ex)
    assert parts(tmp_path / "dask") == want
    assert ex.written_by == {"people": "workers"} and ex.sharded == {"people": workers}
    assert ex.engine is not None and ex.engine.stats.redraws["people"]["rows"] >= 5  # the planted repeats
    got = seen.submitted
    # one chunk task, one view and one write per chunk; a step per shard; no thin chunk, no flags gathered apart
    assert (got["make_chunk"], got["chunk_view"], got["write_settled"]) == (n, n, n), got
    assert got["shard_step"] == n * workers and got["thin_chunk"] == 0, got
    assert got["pick_bucket"] == 0, got  # (one task cuts the chunk's buckets for every shard)
    if workers == 1:  # every task on one worker: the steps read the chunk, the view the states
        assert got["cut_buckets"] == 0 and got["shard_flags"] == 0, got
    else:
        assert got["cut_buckets"] == n and got["shard_flags"] == n * workers, got
    lookups = got["shard_lookup"] // workers
    # waits: the first view, then per chunk its lookups, its further fetches (the walk), its write with the next view
    assert seen.waits <= 1 + n + lookups + got["chunk_rows"], (seen.waits, got)
    assert ex.tasks == sum(got.values())


@pytest.mark.parametrize("seed", [4, 9])
def test_a_view_whose_inputs_were_lost_falls_back(
    client: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, seed: int
) -> None:
    src = tmp_path / "s.yaml"
    src.write_text(spec(seed))
    generate(src, tmp_path / "one", format="parquet-parts", chunk_size=150, documents=False)
    ex = DaskExecutor(client, fuse=False)  # the shards, the client decides
    seen = Counted(client, monkeypatch)
    seen.planted["chunk_view"] = 2  # the first two views: had apart (the chunk's thin result, flags, rows)
    generate(src, tmp_path / "dask", format="parquet-parts", chunk_size=150, documents=False, distribute=ex)
    assert parts(tmp_path / "dask") == parts(tmp_path / "one")
    assert seen.planted["chunk_view"] == 0
    assert seen.submitted["thin_chunk"] == 2 and seen.submitted["shard_flags"] >= 2, seen.submitted


@pytest.mark.parametrize("seed", [2, 6])
def test_whole_chunks_to_the_client_step_the_shards_without_rebuilding(
    client: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, seed: int
) -> None:
    """A Parquet output (a file per table): the client receives the chunks whole (no view), and the shards step on each chunk
    after its rows came back; with one worker the step reads the chunk itself, which the client must still hold
    then. No chain is rebuilt (a rebuild picks the buckets with ``pick_bucket``), the bytes are one process's."""
    src = tmp_path / "s.yaml"
    src.write_text(spec(seed))
    generate(src, tmp_path / "one", format="parquet", chunk_size=120, documents=False)
    ex = DaskExecutor(client)
    seen = Counted(client, monkeypatch)
    generate(src, tmp_path / "dask", format="parquet", chunk_size=120, documents=False, distribute=ex)
    assert parts(tmp_path / "dask") == parts(tmp_path / "one") and len(parts(tmp_path / "one")) == 1
    assert ex.sharded == {"people": len(client.scheduler_info()["workers"])}
    assert seen.submitted["chunk_view"] == 0 and seen.submitted["pick_bucket"] == 0, seen.submitted
    assert seen.submitted["shard_step"] == 5 * ex.sharded["people"], seen.submitted


# the unique code alone; an expression reading it (made again with it); a composite unique set with a row check and
# a column reading one of its columns: the columns a redraw makes again, and so the only ones sent back
VARIANTS = {
    "alone": ("", "", ("code",)),
    "derived": ('      twice: {generator: expression, expr: "code * 2"}\n', "", ("code", "twice")),
    "composite": (
        "      a: {generator: integer, low: 1, high: 700}\n"
        "      b: {generator: categorical, values: {x: 0.5, y: 0.3, z: 0.2}}\n"
        '      a_next: {generator: expression, expr: "a + 1"}\n',
        "constraints:\n  - {table: people, unique: [a, b]}\n  - {table: people, column: a, min: 3}\n",
        ("code", "a", "b", "a_next"),
    ),
}


@pytest.mark.parametrize(
    ("variant", "seed", "chunk"),
    [("alone", 3, 97), ("derived", 5, 250), ("derived", 12, 131), ("composite", 7, 170), ("composite", 10, 333)],
)
def test_a_settled_chunk_gets_back_only_the_columns_a_redraw_changed(
    client: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, variant: str, seed: int, chunk: int
) -> None:
    """The redrawn rows' final values go back to the worker holding the chunk for its write (``write_settled``):
    only the columns the redraws make again (the unique columns and those reading them; the others are the chunk's
    own), not every column (on the person table 1 of 11: the client's largest argument per chunk). The parts are one
    process's."""
    columns, constraints, changed = VARIANTS[variant]
    src = tmp_path / "s.yaml"
    src.write_text(spec(seed).replace("      tag:", columns + "      tag:") + constraints)
    generate(src, tmp_path / "one", format="parquet-parts", chunk_size=chunk, documents=False)
    ex = DaskExecutor(client, fuse=False)  # the shards, the client decides
    seen = Counted(client, monkeypatch)
    generate(src, tmp_path / "dask", format="parquet-parts", chunk_size=chunk, documents=False, distribute=ex)
    assert parts(tmp_path / "dask") == parts(tmp_path / "one")
    assert ex.written_by == {"people": "workers"}
    assert seen.patches, "no chunk had a redraw: the planted repeats are gone"
    assert {tuple(sorted(p)) for p in seen.patches} == {tuple(sorted(changed))}, seen.patches


FUSED_RUNS = [("alone", 3, 97), ("alone", 11, 250), ("derived", 5, 131), ("composite", 7, 170), ("composite", 10, 61)]


@pytest.mark.parametrize(("variant", "seed", "chunk"), FUSED_RUNS)
def test_each_chunk_is_settled_on_the_worker_that_made_it(
    client: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, variant: str, seed: int, chunk: int
) -> None:
    """The ledger whole on every worker (one shard, a replica each; the default where the workers write the parts):
    per chunk the chunk task, one task on the worker that made it that steps that worker's replica on the chunk and
    decides the chunk's redraws (``settle_link``: one link of the chain), a step per other replica (reading one cut of
    the chunk's values), the fix for their next steps (``settled_fix``; with one worker the next link reads it off the
    link before) and the part's write there (``write_settlement``). The client waits once per chunk, decides
    nothing and receives no row beyond the columns later tables read. The parts
    are one process's, and the redraw statistics and the way each chunk was decided are those of the client's
    decisions over the shards (``fuse=False``): the same decisions, made elsewhere."""
    columns, constraints, _ = VARIANTS[variant]
    src = tmp_path / "s.yaml"
    src.write_text(spec(seed).replace("      tag:", columns + "      tag:") + constraints)
    generate(src, tmp_path / "one", format="parquet-parts", chunk_size=chunk, documents=False)
    want = parts(tmp_path / "one")
    ref = DaskExecutor(client, fuse=False)
    generate(src, tmp_path / "shards", format="parquet-parts", chunk_size=chunk, documents=False, distribute=ref)
    assert parts(tmp_path / "shards") == want
    n = -(-ROWS // chunk)
    workers = len(client.scheduler_info()["workers"])
    ex = DaskExecutor(client)
    seen = Counted(client, monkeypatch)
    generate(src, tmp_path / "dask", format="parquet-parts", chunk_size=chunk, documents=False, distribute=ex)
    assert parts(tmp_path / "dask") == want
    assert ex.sharded == {"people": 1} and ex.written_by == {"people": "workers"}
    got = seen.submitted
    assert (got["make_chunk"], got["settle_link"], got["shard_step"]) == (n, n, n * (workers - 1)), got
    assert (got["settle_chunk"], got["settled_fix"], got["write_settlement"]) == (0, n * (workers > 1), n), got
    assert got["cut_buckets"] == (n if workers > 1 else 0), got
    for name in (
        "chunk_view",
        "shard_lookup",
        "write_settled",
        "chunk_rows",
        "shard_flags",
        "thin_chunk",
        "pick_bucket",
    ):
        assert got[name] == 0, got
    assert ex.tasks == sum(got.values()) == n * (2 + workers + 2 * (workers > 1))
    assert seen.waits <= n, (seen.waits, n)
    assert ex.engine is not None and ref.engine is not None
    assert ex.engine.stats.redraws["people"]["rows"] >= 5  # the planted repeats were redrawn
    assert ex.engine.stats.redraws == ref.engine.stats.redraws and ex.decided == ref.decided
    assert "people" not in ex.whole_rows and "people" not in ex.fetched_rows


@pytest.mark.parametrize("seed", [4, 9])
def test_a_settlement_whose_inputs_were_lost_rebuilds_the_replica(
    client: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, seed: int
) -> None:
    """The first two chunks' links (step and settlement, sent with their chunks) planted to fail as Dask fails a task
    whose inputs were lost: every replica's chain is made again from the chunks through the first (``pick_bucket`` on
    chunks made again), the first chunk made again and settled on its rebuilt replica (``settle_chunk``), the links
    sent ahead sent again, and the parts are one process's."""
    src = tmp_path / "s.yaml"
    src.write_text(spec(seed))
    generate(src, tmp_path / "one", format="parquet-parts", chunk_size=150, documents=False)
    ex = DaskExecutor(client)
    seen = Counted(client, monkeypatch)
    seen.planted["settle_link"] = 2
    generate(src, tmp_path / "dask", format="parquet-parts", chunk_size=150, documents=False, distribute=ex)
    assert parts(tmp_path / "dask") == parts(tmp_path / "one")
    assert seen.planted["settle_link"] == 0
    workers = len(client.scheduler_info()["workers"])
    ahead = min(4, max(2, 2 * workers)) - 1  # (the chunks sent, and settled, ahead of the first: the window)
    # one rebuild of every replica through the first chunk (its chunk made again for each chain and once for the
    # settlement); the first chunk's settlement and those sent ahead sent again
    assert seen.submitted["pick_bucket"] == workers, seen.submitted
    assert seen.submitted["make_chunk"] == 4 + workers + 1, seen.submitted
    assert (seen.submitted["settle_link"], seen.submitted["settle_chunk"]) == (4 + ahead, 1), seen.submitted


def test_a_table_above_fuse_rows_keeps_the_shards(client: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The whole ledger on every worker only up to ``fuse_rows`` rows (each worker holds all of it): a larger table is
    checked in a shard per worker and decided on the client, with the same parts."""
    src = tmp_path / "s.yaml"
    src.write_text(spec(13))
    generate(src, tmp_path / "one", format="parquet-parts", chunk_size=200, documents=False)
    workers = len(client.scheduler_info()["workers"])
    ex = DaskExecutor(client, fuse_rows=ROWS - 1)
    seen = Counted(client, monkeypatch)
    generate(src, tmp_path / "dask", format="parquet-parts", chunk_size=200, documents=False, distribute=ex)
    assert parts(tmp_path / "dask") == parts(tmp_path / "one")
    assert ex.sharded == {"people": workers} and seen.submitted["settle_link"] == 0, seen.submitted
    assert seen.submitted["chunk_view"] == 3, seen.submitted
