"""Children per second parent (issue 13), planted in generated data: a job is drawn per its depot (the spec's
``rows.per``), and its agent key is a non-context foreign key whose references per agent are skewed (most agents
with 0-2 jobs, a few with 20+). The sampled jobs per agent keep the source's distribution (zeros counted) at
scale 0.5, 1 and 2: the total variation distance stays below a bound the old draw (extras by shares, rich get
richer; truncation thinning every parent) exceeded.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import polars as pl
import pytest
from tests.unit.synth.ref_count_helpers import assert_same_draws, children_shares, tvd

from simulacra import DatasetSynthesizer
from simulacra.inspection import inspect
from simulacra.sources import ForeignKey, Source
from simulacra.spec import model as m

BOUND = 0.1


def plant(seed: int, n_agents: int, heavy: float) -> dict[str, pl.DataFrame]:
    """Depots, agents, and jobs per depot whose agent is drawn so that agents' counts are skewed: most agents
    hold 0-2 jobs, a ``heavy`` share 20-40."""
    rng = np.random.default_rng(seed)
    n_depots = 40
    depots = pl.DataFrame({"depot_id": np.arange(1, n_depots + 1), "zone": rng.choice(["n", "s", "e"], n_depots)})
    agents = pl.DataFrame({"agent_id": np.arange(1, n_agents + 1), "grade": rng.choice(["a", "b"], n_agents)})
    big = rng.random(n_agents) < heavy
    per_agent = np.where(big, rng.integers(20, 41, n_agents), rng.integers(0, 3, n_agents))
    agent = rng.permutation(np.repeat(np.arange(1, n_agents + 1), per_agent))
    jobs = pl.DataFrame(
        {
            "job_id": np.arange(1, len(agent) + 1),
            "depot_id": rng.integers(1, n_depots + 1, len(agent)),
            "agent_id": agent,
            "hours": np.round(rng.gamma(2.0, 2.0, len(agent)), 1),
        }
    )
    return {"depots": depots, "agents": agents, "jobs": jobs}


def spec_per_depot(frames: dict[str, pl.DataFrame]) -> m.DatasetSpec:
    keys = [ForeignKey("jobs", "depot_id", "depots", "depot_id"), ForeignKey("jobs", "agent_id", "agents", "agent_id")]
    pks = {t: [f.columns[0]] for t, f in frames.items()}
    src = Source(location="jobs", kind="folder", frames=frames, primary_keys=pks, foreign_keys=keys, fingerprint="j")
    spec = inspect(src).spec
    t = spec.tables["jobs"]
    rows = t.rows.model_copy(update={"per": "depots"})  # type: ignore[union-attr]
    return spec.model_copy(update={"tables": {**spec.tables, "jobs": t.model_copy(update={"rows": rows})}})


def per_agent(f: dict[str, pl.DataFrame]) -> dict[int, float]:
    return children_shares(f["agents"], f["jobs"], "agent_id")


SHAPES = [(11, 300, 0.08), (23, 500, 0.05), (37, 200, 0.12)]


class TestChildrenPerSecondParentFollowTheSource:
    @pytest.mark.parametrize(("seed", "n_agents", "heavy"), SHAPES)
    @pytest.mark.parametrize("scale", [0.5, 1.0, 2.0])
    def test_jobs_per_agent_keep_the_skewed_distribution(
        self, seed: int, n_agents: int, heavy: float, scale: float
    ) -> None:
        frames = plant(seed, n_agents, heavy)
        spec = spec_per_depot(frames)
        assert spec.tables["jobs"].rows.per == "depots"  # type: ignore[union-attr]
        out = DatasetSynthesizer(seed=0).fit(frames, spec).sample(seed=seed, scale=scale)
        assert tvd(per_agent(out), per_agent(frames)) < BOUND


class TestTheShapeIsKeptAndDeterministic:
    @pytest.mark.parametrize(("seed", "n_agents", "heavy"), SHAPES[:2])
    def test_same_seed_same_rows_and_a_saved_model_draws_the_same(
        self, seed: int, n_agents: int, heavy: float, tmp_path: object
    ) -> None:
        frames = plant(seed, n_agents, heavy)
        model = DatasetSynthesizer(seed=0).fit(frames, spec_per_depot(frames))
        assert_same_draws(model, "jobs", seed, Path(str(tmp_path)))
