"""learn59's dev probes (issue 13): what the gaps (b) and (c) do, and which samples the branch moves.

    PYTHONPATH=<src>:. python benchmarks/learn59_probes.py once_tally   # (b) generate vs sample, drafted once/tally
    PYTHONPATH=<src>:. python benchmarks/learn59_probes.py round_nulls  # (c) a date in rounds with nulls
    PYTHONPATH=<src>:. python benchmarks/learn59_probes.py bytes        # sample hashes of drafted specs

``bytes`` prints one hash per sample (CSV of every table) and a total: run it on two trees and compare.
"""

from __future__ import annotations

import copy
import datetime as dt
import hashlib
import sys

import numpy as np
import polars as pl
import yaml

import simulacra
from simulacra import DatasetSynthesizer
from simulacra.constraints import check_dataset
from simulacra.inspection import inspect
from simulacra.sources import Source
from simulacra.spec import load_plan
from simulacra.spec.model import DatasetSpec


def once_tally() -> None:
    from tests.helpers import folder_source
    from tests.unit.synth.test_schedule import league as sched_league
    from tests.unit.synth.test_tallies import league as tally_league

    for name, (frames, keys) in [("schedule", sched_league(1)), ("tally", tally_league(1)[:2])]:
        ins = inspect(folder_source(frames, keys, name))
        print(name, "rules:", [c.describe() for c in ins.spec.constraints if c.once or c.tally])
        try:
            simulacra.generate(yaml.safe_load(ins.to_yaml()), seed=1)
            print("  generate: no refusal")
        except Exception as exc:  # noqa: BLE001 - the refusal is the result
            print("  generate:", type(exc).__name__, str(exc)[:300])
        out = DatasetSynthesizer(seed=0).fit(frames, ins.spec).sample(seed=1)
        print("  sample failures:", [f.check for f in check_dataset(load_plan(ins.spec), out) if not f.ok])


def round_nulls(share: float = 0.3) -> None:
    from tests.unit.synth.test_round_dates import _frames, _source

    for seed in (1, 2, 3):
        f = _frames(seed, 16, 20, (6, 8), dt.date(2019, 8, 3), 7, 3)
        null = pl.Series(np.random.default_rng(100 + seed).random(f["rows"].height) < share)
        rows = f["rows"].with_columns(pl.when(null).then(None).otherwise(pl.col("played_on")).alias("played_on"))
        f = {**f, "rows": rows}
        ins = inspect(_source(f, f"c{seed}"))
        got = []
        for rule in ("drafted", False):
            data = copy.deepcopy(ins.spec_data)
            if rule is False:
                data["tables"]["rows"]["columns"]["played_on"]["rounds"] = False
            out = DatasetSynthesizer(seed=0).fit(f, DatasetSpec.model_validate(data)).sample(seed=seed)["rows"]
            got.append(out["played_on"].null_count() / out.height)
        src = rows["played_on"].null_count() / rows.height
        print(
            f"seed {seed}: {rows.height} rows, null share source {src:.3f}, rounds {got[0]:.3f}, no rounds {got[1]:.3f}"
        )


def sample_bytes() -> None:
    from tests.helpers import folder_source
    from tests.unit.synth.test_distinct_key_dealt import SHAPES as DEALT
    from tests.unit.synth.test_distinct_match_table_hop import SHAPES as HOP
    from tests.unit.synth.test_distinct_match_table_hop import planted as hop_planted
    from tests.unit.synth.test_keys_two_parents import _source
    from tests.unit.synth.test_nullable_date_once_per_parent import VISIT_KEYS, visits
    from tests.unit.synth.test_round_dates import _frames
    from tests.unit.synth.test_round_dates import _source as rsrc
    from tests.unit.synth.test_sample_tables_stream import ledger
    from tests.unit.synth.test_schedule import league

    total = hashlib.sha256()

    def run(label: str, frames: dict[str, pl.DataFrame], src: Source, seed: int) -> None:
        out = DatasetSynthesizer(seed=0).fit(frames, inspect(src).spec).sample(seed=seed)
        h = hashlib.sha256(b"".join(out[t].write_csv().encode() for t in sorted(out))).hexdigest()[:12]
        total.update(h.encode())
        print(label, h)

    for name, make in DEALT.items():
        for seed in (1, 2):
            f, keys, *_ = make(seed, (4, 10))
            run(f"dealt {name} {seed}", f, _source(f"{name}{seed}", f, keys), seed)
    for name in HOP:
        for seed in (1, 2):
            f, keys = hop_planted(name, seed)
            run(f"hop {name} {seed}", f, _source(f"{name}{seed}", f, keys), seed)
    f = _frames(1, 4, 20, (6, 8), dt.date(2019, 8, 3), 7, 3)
    run("rounds", f, rsrc(f, "r1"), 1)
    f, keys = league(1)
    run("league", f, folder_source(f, keys, "l1"), 1)
    f = visits(1, 0.4, (5, 12))
    run("visits", f, _source("v1", f, VISIT_KEYS), 1)
    f = ledger(120, 1)
    run("ledger", f, Source(location="led", kind="folder", frames=f, fingerprint="led"), 1)
    print("total", total.hexdigest()[:16])


if __name__ == "__main__":
    {"once_tally": once_tally, "round_nulls": round_nulls, "bytes": sample_bytes}[sys.argv[1]]()
