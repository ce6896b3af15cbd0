"""Multi-table learned samples reach their sink table by table, in chunks (issue 15): the same bytes as whole
frames written at once, at every chunk size, in CSV, Parquet and SQLite; what later tables read of a table
made (keys, parent references, the dates their windows count from) is all that is kept of it; a child table
is drawn in runs of whole parents, so the rows drawn at a time follow the chunk size, not the table."""

from __future__ import annotations

import datetime as dt
import hashlib
import sqlite3
from pathlib import Path

import numpy as np
import polars as pl
import pytest
from tests.structure_data import motorsport
from tests.unit.synth.test_child_conditions import bank

from simulacra.errors import DataValidationError
from simulacra.inspection import inspect
from simulacra.io import open_sink
from simulacra.learning import _schemas, sample
from simulacra.sources import Source, apply_forms
from simulacra.spec import model as m
from simulacra.synth import DatasetSynthesizer
from simulacra.synth._table import LearnedTable

SINKS = [("csv", "out", "csv"), ("parquet", "out", "parquet"), ("sqlite", "out.db", None)]


def _fit(frames: dict[str, pl.DataFrame], name: str) -> DatasetSynthesizer:
    spec = inspect(Source(location=name, kind="folder", frames=frames, fingerprint=name)).spec
    return DatasetSynthesizer(seed=0).fit(frames, spec)


def ledger(n_accounts: int = 120, seed: int = 0, long_share: float = 0.0) -> dict[str, pl.DataFrame]:
    """Accounts (an opening date, a kind) and their transactions in time after it (Berka's largest table, in
    miniature): how many per account varies widely (none for some, one account with far more than the rest),
    amounts follow the kind, a second child table (standing orders) per account beside it. ``long_share``:
    that share of the accounts (at random) has 40 to 120 transactions, Berka's heavy tail."""
    rng = np.random.default_rng(seed)
    opened = [dt.date(2015, 1, 1) + dt.timedelta(days=int(d)) for d in rng.integers(0, 1500, n_accounts)]
    kind = rng.choice(["personal", "business"], n_accounts, p=[0.75, 0.25])
    accounts = pl.DataFrame({"account_id": np.arange(1, n_accounts + 1), "kind": kind, "opened": opened})
    per = np.where(rng.random(n_accounts) < 0.15, 0, rng.integers(2, 25, n_accounts))
    if long_share:
        per = np.where(rng.random(n_accounts) < long_share, rng.integers(40, 121, n_accounts), per)
    per[3] = 140  # one account with many more transactions than a small chunk holds
    rows = []
    for a in range(n_accounts):
        day = opened[a]
        for _ in range(int(per[a])):
            day = day + dt.timedelta(days=int(rng.integers(0, 40)))
            scale = 9.0 if kind[a] == "business" else 6.5
            rows.append((a + 1, day, rng.choice(["credit", "debit"]), round(float(rng.lognormal(scale, 0.5)), 2)))
    trans = pl.DataFrame(rows, schema=["account_id", "date", "type", "amount"], orient="row")
    trans = trans.select(pl.int_range(1, trans.height + 1).alias("trans_id"), pl.all())
    n_orders = rng.integers(0, 4, n_accounts)
    owner = np.repeat(np.arange(1, n_accounts + 1), n_orders)
    orders = pl.DataFrame(
        {
            "order_id": np.arange(1, len(owner) + 1),
            "account_id": owner,
            "amount": np.round(rng.lognormal(7, 0.6, len(owner)), 2),
        }
    )
    return {"accounts": accounts, "trans": trans, "orders": orders}


STRUCTURES = {
    "motorsport": lambda: motorsport(n_races=50, seed=3),
    "bank": lambda: bank(n_customers=150, seed=2),
    "ledger": lambda: ledger(seed=5),
}


@pytest.fixture(scope="module", params=list(STRUCTURES))
def model(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Three structures: a lookup parent, a sequence (races in time per circuit), a second parent with a span
    (drivers' birth dates) and uniqueness within a parent; a plain parent with children; and accounts with a
    long, uneven sequence of transactions in time after their opening (a window) beside a second child table."""
    frames = STRUCTURES[request.param]()
    path = tmp_path_factory.mktemp(request.param) / "model"
    _fit(frames, request.param).save(path)
    return path


def _whole(model: Path, out: Path, fmt: str | None, **kw) -> None:
    """The reference: every table sampled whole, then written whole (what `sample` did before)."""
    synth = DatasetSynthesizer.load(model)
    frames = synth.sample(seed=7, **kw)
    out.parent.mkdir(parents=True, exist_ok=True)
    sink = open_sink(str(out), format=fmt)
    text = fmt == "csv"
    frames = {t: apply_forms(f, synth.tables_[t].learned.forms, text=text) for t, f in frames.items()}
    sink.open(_schemas(synth, {t: f.schema for t, f in frames.items()}))
    for t, f in frames.items():
        sink.write(t, f)
    sink.write_manifest({})
    sink.close()


def _content(out: Path, tables: list[str]) -> dict[str, str]:
    """Each table's bytes (files) or rows (SQLite: the file also holds the run manifest, with its times)."""
    if out.suffix == ".db":
        with sqlite3.connect(out) as con:
            return {t: repr(con.execute(f'SELECT * FROM "{t}" ORDER BY rowid').fetchall()) for t in tables}
    return {f.name: hashlib.sha256(f.read_bytes()).hexdigest() for f in sorted(out.iterdir()) if f.suffix != ".json"}


@pytest.mark.parametrize(("kind", "name", "fmt"), SINKS)
def test_same_bytes_as_whole_frames_at_every_chunk_size(model: Path, tmp_path: Path, kind, name, fmt) -> None:
    tables = list(DatasetSynthesizer.load(model).tables_)
    _whole(model, tmp_path / "whole" / name, fmt)
    want = _content(tmp_path / "whole" / name, tables)
    assert len(want) == len(tables)
    for chunk_rows in (1, 37, 100_000):
        out = tmp_path / f"c{chunk_rows}" / name
        out.parent.mkdir()
        result = sample(model, out, seed=7, format=fmt, chunk_rows=chunk_rows)
        assert _content(out, tables) == want, chunk_rows
        chunks = result.manifest["chunks"]
        assert chunks["rows"] == chunk_rows and chunks["count"] >= len(tables)
        if chunk_rows == 1:
            assert chunks["count"] == sum(result.manifest["rows"].values())  # one file per row: really chunked
            synth = DatasetSynthesizer.load(model)
            for t, how in chunks["tables"].items():  # every child that can be is drawn in runs of its parents
                tm = synth.tables_[t]
                split = tm.parent is not None and synth.piece_blocker(t) is None and result.manifest["rows"][t] > 1
                assert how.startswith("whole: ") != split, (t, how)
                assert not split or int(how.split()[0]) > 1, (t, how)


def test_a_conditioned_sample_streams_the_same_bytes_too(tmp_path: Path) -> None:
    path = tmp_path / "model"
    _fit(bank(n_customers=150, seed=2), "bank").save(path)
    where = ["tier = 'gold'", "loans: amount > 2000"]
    _whole(path, tmp_path / "whole", "csv", where=where)
    sample(path, tmp_path / "chunks", seed=7, format="csv", chunk_rows=11, where=where)
    assert _content(tmp_path / "chunks", []) == _content(tmp_path / "whole", [])


def test_only_what_later_tables_read_is_kept_of_a_table(model: Path) -> None:
    synth = DatasetSynthesizer.load(model)
    kept = synth.kept_columns()
    whole = synth.sample(seed=7)
    streamed: dict[str, pl.DataFrame] = {}
    for t, frame in synth.sample_tables(seed=7, trim=True):
        streamed[t] = frame
    assert all(streamed[t].equals(whole[t]) for t in whole)
    for t, tp in synth.plan_.tables.items():
        children = [c for c in synth.plan_.tables.values() if any(lk.table == t for lk in c.links.values())]
        if not children:
            assert not kept[t] or all(c == t for c in [lk.table for lk in tp.links.values()])
        else:
            assert kept[t] and kept[t] < set(whole[t].columns)  # some, never every column


@pytest.mark.parametrize("chunk_rows", [1, 7, 60])
def test_a_child_is_drawn_in_runs_of_whole_parents_with_the_rows_drawn_whole(model: Path, chunk_rows: int) -> None:
    """Every child table that can be (no rows tied across parents) comes in pieces of whole parents, each at most
    ``chunk_rows`` rows unless one parent has more; put together, the pieces are the rows drawn whole."""
    synth = DatasetSynthesizer.load(model)
    whole = synth.sample(seed=7)
    pieces: dict[str, list[pl.DataFrame]] = {}
    for t, frame in synth.sample_tables(seed=7, chunk_rows=chunk_rows):
        assert t not in pieces or list(pieces)[-1] == t, "a table's pieces come one after another"
        pieces.setdefault(t, []).append(frame)
    assert list(pieces) == list(whole)
    chunked = [t for t, tm in synth.tables_.items() if tm.parent is not None and synth.piece_blocker(t) is None]
    assert chunked, "the structure has a child table drawn in runs of its parents"
    for t, parts in pieces.items():
        assert pl.concat(parts).equals(whole[t]), t
        if t not in chunked:
            assert len(parts) == 1, (t, synth.piece_blocker(t))
            continue
        fk = synth.tables_[t].context_fk
        assert fk is not None
        family = whole[t].group_by(fk).len().get_column("len").max() or 0
        assert len(parts) >= min(whole[t].height, -(-whole[t].height // max(chunk_rows, family))), t
        seen: set[object] = set()
        for part in parts:
            assert part.height <= max(chunk_rows, family), (t, part.height)
            mine = set(part.get_column(fk).to_list())
            assert not mine & seen, f"{t}: a parent's children split across pieces"
            seen |= mine


def test_the_rows_drawn_at_a_time_follow_the_chunk_size_not_the_table(
    model: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Written to a sink, a child table drawn in runs never asks its model for more rows at once than a run
    holds: the memory of the draw follows ``chunk_rows`` (the largest table is no longer made whole)."""
    synth = DatasetSynthesizer.load(model)
    whole = synth.sample(seed=7)
    chunked = [t for t, tm in synth.tables_.items() if tm.parent is not None and synth.piece_blocker(t) is None]
    asked: dict[str, int] = {}
    real = LearnedTable.draw_codes  # every draw and redraw (a sequence with nothing to redraw draws codes only)

    def spy(self: LearnedTable, rows, *args, **kw):  # type: ignore[no-untyped-def]
        asked[self.name] = max(asked.get(self.name, 0), len(rows))
        return real(self, rows, *args, **kw)

    monkeypatch.setattr(LearnedTable, "draw_codes", spy)
    sample(model, tmp_path / "out", seed=7, format="csv", chunk_rows=20)
    for t in chunked:
        fk = synth.tables_[t].context_fk
        family = whole[t].group_by(fk).len().get_column("len").max() or 0
        assert whole[t].height > 2 * max(20, family), "the table is larger than a run"
        assert 0 < asked[t] <= max(20, family), (t, asked[t], whole[t].height)


def _bank_with_unique_code(pattern: str) -> DatasetSynthesizer:
    frames = bank(n_customers=150, seed=2)
    spec = inspect(Source(location="bank", kind="folder", frames=frames, fingerprint="bank")).spec
    data = spec.model_dump(mode="json", by_alias=True, exclude_defaults=True)
    data["tables"]["loans"]["columns"]["code"] = {"generator": "pattern", "pattern": pattern}  # rule-made
    data.setdefault("constraints", []).append({"table": "loans", "unique": ["code", "status"]})
    return DatasetSynthesizer(seed=0).fit(frames, m.DatasetSpec.model_validate(data))


def test_a_child_with_a_unique_set_across_parents_stays_whole(tmp_path: Path) -> None:
    """A unique column set the sampler cannot keep, not within one parent and unique by no key, is
    checked over the whole table: the child is made whole, so the sink's check sees every row and refuses
    the repeats, as it does for a whole sample (a run of a few rows would see none and write them). The code's
    pattern makes 10 values, so (code, status) has 20 for the ~470 loans: no source of values is left (since
    learn88 a pattern with room, ``?##``, is made unique by the sampler: the test below)."""
    synth = _bank_with_unique_code("#")
    assert "['code', 'status']" in (synth.piece_blocker("loans") or "")
    assert [t for t, _ in synth.sample_tables(seed=7, chunk_rows=5)].count("loans") == 1
    for chunk_rows in (1, 100_000):
        with pytest.raises(DataValidationError, match="code, status"):
            sample(synth, tmp_path / f"out{chunk_rows}", seed=7, format="csv", chunk_rows=chunk_rows)
        assert not (tmp_path / f"out{chunk_rows}").exists()


def test_a_unique_set_across_parents_with_room_is_written_whole(tmp_path: Path) -> None:
    """The same set with a code of 2,600 values: the code's repeats are made again by its pattern over the whole
    table (learn88), so every chunk size writes the same loans, none repeating (code, status)."""
    synth = _bank_with_unique_code("?##")
    assert "['code', 'status']" in (synth.piece_blocker("loans") or "")
    for chunk_rows in (1, 100_000):
        sample(synth, tmp_path / f"out{chunk_rows}", seed=7, format="csv", chunk_rows=chunk_rows)
    written = (tmp_path / "out1" / "loans.csv").read_bytes()
    assert written == (tmp_path / "out100000" / "loans.csv").read_bytes()
    loans = pl.read_csv(tmp_path / "out1" / "loans.csv", infer_schema_length=0)
    assert loans.height > 300 and loans.select("code", "status").is_duplicated().sum() == 0


def test_a_parts_folder_gets_the_tables_chunks_whatever_the_runs(model: Path, tmp_path: Path) -> None:
    """``parquet-parts``: each table's parts are its rows in ``chunk_rows`` slices (the last one shorter), as when
    every table was made whole, not one short part per run of parents."""
    synth = DatasetSynthesizer.load(model)
    whole = synth.sample(seed=7)
    sample(model, tmp_path / "parts", seed=7, format="parquet-parts", chunk_rows=37)
    for t, frame in whole.items():
        files = sorted((tmp_path / "parts" / t).glob("*.parquet"))
        heights = [pl.read_parquet(f).height for f in files]
        assert sum(heights) == frame.height, t
        assert all(h == 37 for h in heights[:-1]) and 0 < heights[-1] <= 37 if heights else frame.height == 0, (
            t,
            heights,
        )


@pytest.mark.parametrize("chunk_rows", [150, 400])
def test_a_sequence_in_runs_takes_fewer_draws_than_its_runs_one_by_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, chunk_rows: int
) -> None:
    """A sequence child (each row drawn given the codes of the sibling before it) takes one draw per position
    of a run's longest family when its runs are drawn one after another, most of them a few rows. Its runs are
    drawn together instead (staggered, aligned on their families' ends), so the model is asked fewer times
    than the runs' longest families summed, with no more rows at a time than a run holds, and the rows are
    those drawn whole. Planted: accounts whose transactions run long (a share with 40 to 120) among short ones."""
    path = tmp_path / "model"
    _fit(ledger(n_accounts=300, seed=11, long_share=0.12), "ledger").save(path)
    synth = DatasetSynthesizer.load(path)
    assert synth.tables_["trans"].sequence_column is not None
    whole = synth.sample(seed=7)
    draws: dict[str, int] = {}
    asked: dict[str, int] = {}
    inside = [0]
    real_sample, real_codes = LearnedTable.sample, LearnedTable.draw_codes

    def sample_spy(self: LearnedTable, rows, *args, **kw):  # type: ignore[no-untyped-def]
        draws[self.name] = draws.get(self.name, 0) + 1
        inside[0] += 1
        try:
            return real_sample(self, rows, *args, **kw)
        finally:
            inside[0] -= 1

    def codes_spy(self: LearnedTable, rows, *args, **kw):  # type: ignore[no-untyped-def]
        if not inside[0]:  # a draw of codes alone (nothing to redraw); inside sample it is that draw's
            draws[self.name] = draws.get(self.name, 0) + 1
        asked[self.name] = max(asked.get(self.name, 0), len(rows))
        return real_codes(self, rows, *args, **kw)

    monkeypatch.setattr(LearnedTable, "sample", sample_spy)
    monkeypatch.setattr(LearnedTable, "draw_codes", codes_spy)
    parts = [f for t, f in synth.sample_tables(seed=7, chunk_rows=chunk_rows) if t == "trans"]
    assert pl.concat(parts).equals(whole["trans"])
    assert len(parts) >= 5, "several runs"
    one_by_one = sum(int(p.group_by("account_id").len().get_column("len").max() or 0) for p in parts)
    family = int(whole["trans"].group_by("account_id").len().get_column("len").max() or 0)
    assert draws["trans"] < one_by_one, (draws["trans"], one_by_one)
    assert draws["trans"] <= 0.75 * one_by_one, (draws["trans"], one_by_one)
    assert 0 < asked["trans"] <= max(chunk_rows, family)
