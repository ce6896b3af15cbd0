"""A matched key's children per candidate keep the source's shape, group by group (issue 13, the airline probe's
"a booking earning once": 0.270 sampled against 0.397).

A key matched among another key's rows (a payment's invoice among its customer's invoices, a claim's policy among
its holder's policies, a loyalty entry's booking among its passenger's bookings) gives each owner's few candidates
some of the owner's rows. The quantile slots of learn-slots read one global histogram at a group's quantiles: one
fixed answer per group size, so a customer with 3 invoices and 3 payments got the same spread every time, not the
source's mix (mostly one payment each). Planted in generated data (three shapes of children per candidate: mostly
once, mostly twice, a heavy tail; several seeds): the sampled share of candidates with exactly 0, 1, 2, ...
children is within ``BOUND`` of the source's (total variation), every key stays among its owner's rows, the
rows of owners with no candidate stay null, and the same seed draws the same rows (and a saved model too).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import polars as pl
import pytest
from tests.unit.synth.ref_count_helpers import assert_same_draws, children_shares, tvd

from simulacra import DatasetSynthesizer
from simulacra.inspection import inspect
from simulacra.sources import Source
from simulacra.spec import model as m

BOUND = 0.05

#: (owner, candidate, child, children per candidate: values and weights)
SCHEMAS = {
    "once": ("customers", "invoices", "payments", [0, 1, 2], [0.1, 0.8, 0.1]),
    "twice": ("holders", "policies", "claims", [0, 1, 2, 3], [0.05, 0.15, 0.7, 0.1]),
    "tail": ("passengers", "bookings", "ledger", [0, 1, 2, 3, 4, 6, 9], [0.45, 0.25, 0.12, 0.08, 0.05, 0.03, 0.02]),
}


def plant(schema: str, seed: int, n: int = 500) -> dict[str, pl.DataFrame]:
    """Owners with 0-6 candidates each, and child rows per owner: each candidate gets a count drawn from the
    schema's shape, the child naming its owner and the candidate (a few owners without a candidate get rows
    with no candidate: a bonus with no booking)."""
    owner, cand, child, values, weights = SCHEMAS[schema]
    rng = np.random.default_rng(seed)
    oid, cid = f"{owner[:-1]}_id", f"{cand[:-1]}_id"
    owners = pl.DataFrame({oid: np.arange(1, n + 1), "region": rng.choice(["n", "s", "e", "w"], n)})
    k = np.where(rng.uniform(size=n) < 0.1, 0, 1 + rng.poisson(1.6, n))
    whose = np.repeat(owners[oid].to_numpy(), k)
    cands = pl.DataFrame(
        {cid: np.arange(1, len(whose) + 1), oid: whose, "amount": np.round(rng.gamma(3, 40, len(whose)), 2)}
    )
    per = rng.choice(values, len(whose), p=weights)
    ref = np.repeat(cands[cid].to_numpy(), per)
    lone = np.repeat(owners[oid].to_numpy()[k == 0], rng.integers(0, 3, int((k == 0).sum())))
    who = np.r_[np.repeat(whose, per), lone]
    key = pl.Series(np.r_[ref, np.zeros(len(lone), np.int64)], dtype=pl.Int64)
    key = pl.select(pl.when(pl.Series(np.r_[np.ones(len(ref), bool), np.zeros(len(lone), bool)])).then(key)).to_series()
    shuffle = rng.permutation(len(who))
    children = pl.DataFrame(
        {
            "row_id": np.arange(1, len(who) + 1),
            oid: who[shuffle],
            cid: key.gather(shuffle),
            "value": rng.integers(10, 900, len(who)),
        }
    )
    return {owner: owners, cand: cands, child: children}


def spec_of(schema: str, frames: dict[str, pl.DataFrame]) -> m.DatasetSpec:
    """The draft, the child's candidate key matched to the child's owner."""
    owner, cand, child, _, _ = SCHEMAS[schema]
    oid, cid = f"{owner[:-1]}_id", f"{cand[:-1]}_id"
    spec = inspect(Source(location=schema, kind="folder", frames=frames, fingerprint=schema)).spec
    t = spec.tables[child]
    col = t.columns[cid].model_copy(update={"match": {oid: oid}})  # type: ignore[union-attr]
    return spec.model_copy(
        update={"tables": {**spec.tables, child: t.model_copy(update={"columns": {**t.columns, cid: col}})}}
    )


def per_candidate(schema: str, f: dict[str, pl.DataFrame]) -> dict[int, float]:
    _, cand, child, _, _ = SCHEMAS[schema]
    return children_shares(f[cand], f[child], f"{cand[:-1]}_id")


CASES = [(schema, seed) for schema in SCHEMAS for seed in (1, 2, 3)]


class TestMatchedChildrenPerCandidateKeepTheSourcesShape:
    @pytest.mark.parametrize(("schema", "seed"), CASES)
    def test_share_of_candidates_with_k_children(self, schema: str, seed: int) -> None:
        frames = plant(schema, seed)
        owner, cand, child, _, _ = SCHEMAS[schema]
        oid, cid = f"{owner[:-1]}_id", f"{cand[:-1]}_id"
        out = DatasetSynthesizer(seed=0).fit(frames, spec_of(schema, frames)).sample(seed=seed)
        got = out[child].join(out[cand].select(cid, pl.col(oid).alias("__owner")), on=cid, how="left")
        has = got[oid].is_in(out[cand][oid].unique().implode())
        assert (got.filter(pl.col(cid).is_not_null())["__owner"] == got.filter(pl.col(cid).is_not_null())[oid]).all()
        assert got.filter(~has)[cid].null_count() == got.filter(~has).height  # no candidate: no key
        assert tvd(per_candidate(schema, out), per_candidate(schema, frames)) < BOUND


class TestMatchedShapesAreDeterministic:
    @pytest.mark.parametrize("schema", list(SCHEMAS))
    def test_same_seed_same_rows_and_a_saved_model_draws_the_same(self, schema: str, tmp_path: Path) -> None:
        frames = plant(schema, 4)
        model = DatasetSynthesizer(seed=0).fit(frames, spec_of(schema, frames))
        assert_same_draws(model, SCHEMAS[schema][2], 4, tmp_path)

    @pytest.mark.parametrize("chunk_rows", [7, 60])
    def test_drawn_in_runs_the_rows_are_those_drawn_whole(self, chunk_rows: int) -> None:
        """The candidates counted per owner and the shapes dealt read whole tables: the same rows whatever
        ``chunk_rows``."""
        frames = plant("tail", 5)
        model = DatasetSynthesizer(seed=0).fit(frames, spec_of("tail", frames))

        def joined(rows: int | None) -> dict[str, pl.DataFrame]:
            parts: dict[str, list[pl.DataFrame]] = {}
            for name, frame in model.sample_tables(seed=2, scale=0.7, chunk_rows=rows):
                parts.setdefault(name, []).append(frame)
            return {name: pl.concat(p) for name, p in parts.items()}

        whole, runs = joined(None), joined(chunk_rows)
        assert all(whole[t].equals(runs[t]) for t in whole)
