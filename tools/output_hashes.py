"""Hash what generation and learned sampling write, to show a refactor leaves the bytes alone.

    PYTHONPATH=src python tools/output_hashes.py > /tmp/before.json      # on the old code
    PYTHONPATH=src python tools/output_hashes.py --compare /tmp/before.json   # on the new code

Covers every shipped example and the spec constants of tests/unit/generation (self-references,
scenarios, processes, aggregates, uniqueness redraws...) at two seeds, three chunk sizes and a memory
budget small enough to spill; and a relational model fitted on a generated example, sampled at two
seeds. The hashes are kept out of the repository (they are a before/after check, not golden files).
"""

from __future__ import annotations

import argparse
import hashlib
import importlib
import io
import json
import sys
from collections.abc import Iterator
from pathlib import Path

import polars as pl

from simulacra.examples import EXAMPLES, example_path
from simulacra.generation.engine import Engine
from simulacra.spec import load_plan
from simulacra.spec.plan import Plan

ROOT = Path(__file__).resolve().parents[1]
SEEDS = (0, 7)
CHUNKS = (100_000, 97, 1000)


def _digest(frames: dict[str, pl.DataFrame]) -> str:
    h = hashlib.sha256()
    for t, f in frames.items():
        buf = io.BytesIO()
        f.write_csv(buf)
        h.update(t.encode() + b"\0" + str(f.schema).encode() + b"\0" + buf.getvalue())
    return h.hexdigest()


def _specs() -> Iterator[tuple[str, Plan]]:
    for name in EXAMPLES:
        yield name, load_plan(example_path(name))
    sys.path.insert(0, str(ROOT))
    for path in sorted((ROOT / "tests" / "unit" / "generation").glob("test_*.py")):
        mod = importlib.import_module(f"tests.unit.generation.{path.stem}")
        for attr, value in sorted(vars(mod).items()):
            if attr.isupper() and isinstance(value, str) and "tables:" in value:
                tmp = Path("/tmp") / f"hash_{path.stem}_{attr}.yaml"
                tmp.write_text(value)
                try:
                    yield f"{path.stem}.{attr}", load_plan(tmp)
                except Exception:  # a spec a test expects to be refused
                    continue


def _frames(plan: Plan, **kw: object) -> dict[str, pl.DataFrame]:
    e = Engine(plan, **kw)  # type: ignore[arg-type]
    return e.frames()


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--compare", type=Path)
    args = ap.parse_args()
    out: dict[str, str] = {}
    for name, plan in _specs():
        for seed in SEEDS:
            for chunk in CHUNKS:
                try:
                    out[f"generate {name} seed={seed} chunk={chunk}"] = _digest(
                        _frames(plan, seed=seed, chunk_size=chunk)
                    )
                except Exception as exc:  # the error itself must stay the same
                    out[f"generate {name} seed={seed} chunk={chunk}"] = f"error {type(exc).__name__}: {exc}"
            out[f"generate {name} seed={seed} spilled"] = _digest(_frames(plan, seed=seed, memory_budget=1))
    from simulacra.synth.dataset import DatasetSynthesizer

    for name in EXAMPLES:  # (shop and hr could not be sampled before this change either: recorded as errors)
        plan = load_plan(example_path(name))
        real = _frames(plan, seed=1, scale=0.25)
        model = DatasetSynthesizer(seed=0).fit(real, plan.spec)
        for seed in SEEDS:
            try:
                out[f"sample {name} seed={seed}"] = _digest(model.sample(seed=seed))
            except Exception as exc:  # the error itself must stay the same
                out[f"sample {name} seed={seed}"] = f"error {type(exc).__name__}: {exc}"
    if args.compare is None:
        json.dump(out, sys.stdout, indent=1, sort_keys=True)
        return 0
    before = json.loads(args.compare.read_text())
    changed = sorted(k for k in before.keys() | out.keys() if before.get(k) != out.get(k))
    for k in changed:
        print(f"CHANGED {k}: {before.get(k)} -> {out.get(k)}")
    print(f"{len(out) - len(changed)} of {len(out)} outputs identical")
    return 1 if changed else 0


if __name__ == "__main__":
    raise SystemExit(main())
