"""How often sampled numbers and dates equal a training value, beside how often a holdout's do (issue 13).

Per number or date column of a learned table, the *value copy rate*: the share of sampled values equal to a
value of that column in the training rows, beside the same share for the held-out rows
(``simulacra.evaluation.privacy.value_copy_rates``). A model that hands its training values back shows a
sampled share above the holdout's; an honest one about the same (a column of few values: both near 1).

Tables: ``synth_single.py``'s Adult, Bank and California (``--split dev`` or ``test``, trees with
``--params``), and ``spreadsheet_exports.py``'s two exports (``orders``, ``kunden``: generated from
``--export-seed``, learned through its file as a user would; held out: the rows of five exports of other
generator seeds; values read back from the files' text)::

    OMP_NUM_THREADS=1 PYTHONPATH=src python benchmarks/value_copies.py --datasets adult,bank,california,orders,kunden \\
        --split dev --seeds 0,1,2

``SIMULACRA_DATA`` names the data folder when it is not ``../shared/data`` beside the checkout.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import polars as pl

sys.path.insert(0, str(Path(__file__).resolve().parent))
import spreadsheet_exports as X  # noqa: E402
import synth_single as S  # noqa: E402

from simulacra.evaluation.privacy import value_copy_rates  # noqa: E402


def _amount(text: pl.Expr) -> pl.Expr:
    return text.str.replace_all(r"[$,]", "").cast(pl.Float64)


def _german_amount(text: pl.Expr) -> pl.Expr:
    return text.str.replace_all(r"\.", "").str.replace(",", ".").cast(pl.Float64)


#: the exports' number and date columns, each read back from the text its file holds
EXPORTS = {
    "orders": (
        X._orders,
        ",",
        {
            "Order Date": lambda e: e.str.strptime(pl.Date, "%m/%d/%Y"),
            "Ship Date": lambda e: e.str.strptime(pl.Date, "%m/%d/%Y"),
            "Sales": _amount,
            "Profit": lambda e: e.cast(pl.Float64),
        },
    ),
    "kunden": (
        X._german,
        ";",
        {"betrag": _german_amount, "datum": lambda e: e.str.strptime(pl.Date, "%d.%m.%Y")},
    ),
}
HOLDOUT_EXPORTS = 5  # the holdout: this many exports of other generator seeds (3,000 / 2,000 fresh rows)


def table_rates(name: str, split: str, seed: int, params: dict) -> dict[str, tuple[float, float]]:
    t = S.load(name, split, None)
    synth = S.run_simulacra("trees", t, seed, params)[0].select(t.train.columns)
    numbers = [c for c, d in t.train.schema.items() if not S._is_cat(d)]
    return value_copy_rates(t.train, synth, t.holdout, numbers)


def export_rates(name: str, export_seed: int, seed: int) -> dict[str, tuple[float, float]]:
    """The export of ``export_seed`` learned whole (as a user would: ``fit`` then ``sample`` on its file); its
    holdout the rows of ``HOLDOUT_EXPORTS`` exports of other seeds (the same population, never learned)."""
    import simulacra

    make, sep, columns = EXPORTS[name]

    def read(path: Path) -> pl.DataFrame:
        raw = pl.read_csv(path, separator=sep, infer_schema=False)
        return raw.select(parse(pl.col(c).str.strip_chars()).alias(c) for c, parse in columns.items())

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        make(root / "train.csv", export_seed)
        held = []
        for k in range(HOLDOUT_EXPORTS):
            make(root / f"holdout{k}.csv", 10_000 + 100 * export_seed + k)
            held.append(read(root / f"holdout{k}.csv"))
        simulacra.fit(root / "train.csv", output=root / "model", seed=seed)
        simulacra.sample(root / "model", output=root / "out.csv", seed=seed + 1)
        train, out = read(root / "train.csv"), read(root / "out.csv")
    return value_copy_rates(train, out, pl.concat(held), list(columns))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--datasets", default="adult,bank,california,orders,kunden")
    ap.add_argument("--split", choices=("dev", "test"), default="dev")
    ap.add_argument("--seeds", default="0,1,2", help="model seeds (the exports: fit seed; sample seed + 1)")
    ap.add_argument("--export-seed", type=int, default=5, help="spreadsheet_exports' generator seed (5: dev)")
    ap.add_argument("--params", default="{}", help="TabularSynthesizer settings for the three tables (JSON)")
    args = ap.parse_args()
    S.DATA = Path(os.environ.get("SIMULACRA_DATA") or S.DATA)
    seeds = [int(s) for s in args.seeds.split(",")]
    print("| table | column | holdout | sampled (mean) | per seed |")
    print("|---|---|---|---|---|")
    for name in args.datasets.split(","):
        c0, w0 = time.process_time(), time.perf_counter()
        runs = [
            export_rates(name, args.export_seed, s)
            if name in EXPORTS
            else table_rates(name, args.split, s, json.loads(args.params))
            for s in seeds
        ]
        for c in runs[0]:
            got = [r[c][0] for r in runs]
            per = " / ".join(f"{g:.3f}" for g in got)
            print(f"| {name} | {c} | {runs[0][c][1]:.3f} | {np.mean(got):.3f} | {per} |", flush=True)
        cpu, wall = time.process_time() - c0, time.perf_counter() - w0
        print(f"<!-- {name}: {cpu:.0f} s CPU, {wall:.0f} s wall, load {os.getloadavg()[0]:.1f} -->", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
