"""UCI Adult under differential privacy: simulacra's DPSynthesizer beside smartnoise-synth's MST and AIM.

Train on adult.data (32,561 rows, the train split); TSTR is scored on adult.test (16,281
rows, the holdout), never used for any choice. Per method and ε: quality (SDMetrics
QualityReport, as in synth_adult.py), detection AUC (real vs synthetic, 5-fold; 0.5 ideal),
TSTR ROC AUC on adult.test, DCR share (synthetic rows closer to a training row than to a
holdout row; 0.5 ideal), wall and CPU seconds of the fit + sample.

Every DP method sees the same declared domain: the numeric bounds and bin edges below
(taken from adult.names' documented ranges, not from the rows). simulacra releases the
category lists under DP (its budget pays for it); smartnoise-synth reads them from the data
without charge (its default), which favours it. smartnoise-synth runs in its own venv
(/work/venvs/dp; `python3 -m venv /work/venvs/dp && /work/venvs/dp/bin/pip install
smartnoise-synth`) through benchmarks/_smartnoise_run.py, with a CSV hand-off of bin codes;
its output bins decode to values uniformly within the bin, as simulacra's do.

    .venv/bin/python benchmarks/dp_adult.py [--eps 0.5,1,3,10] [--peer-eps 1] [--peers mst,aim] [--aim-rounds 30]
        [--eval-rows 8000]

Quality, detection and DCR are measured on seeded subsamples of --eval-rows real and
synthetic rows (the machine is shared; say so beside the figures); TSTR trains on every
synthetic row and tests on all of adult.test.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import polars as pl

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import synth_adult as sa  # noqa: E402  (the shared Adult metrics)

DELTA = 1e-6  # below 1/n = 3.1e-5
DOMAIN = {  # declared from adult.names' documented ranges
    "age": {"bounds": [17, 90], "bins": 20},
    "fnlwgt": {"bounds": [10000, 1500000], "bins": 20},
    "education-num": {"bounds": [1, 17], "bins": 16},
    "capital-gain": {"bounds": [0, 100000], "edges": [0, 1, 2000, 4000, 6000, 8000, 10000, 20000, 100000]},
    "capital-loss": {"bounds": [0, 5000], "edges": [0, 1, 1000, 1500, 2000, 2500, 5000]},
    "hours-per-week": {"bounds": [1, 100], "bins": 20},
}
PEER_VENV = Path("/work/venvs/dp/bin/python")


def data_dir(arg: str | None) -> Path:
    for d in ([Path(arg)] if arg else []) + [
        HERE.parents[1] / "shared" / "data" / "adult",
        Path("/work/shared/data/adult"),
    ]:
        if (d / "adult.data").is_file():
            return d
    raise SystemExit("adult.data not found: pass --data /path/to/adult")


def metrics(train: pl.DataFrame, test: pl.DataFrame, synth: pl.DataFrame, rows: int) -> dict[str, float]:
    """TSTR on all synthetic rows against all of adult.test; the rest on seeded subsamples of ``rows``."""
    real_s = train.sample(min(rows, train.height), seed=1)
    synth_s = synth.sample(min(rows, synth.height), seed=1)
    q, _, _ = sa.quality(real_s, synth_s)
    det, _ = sa.detection_auc(real_s, synth_s)
    labelled = synth.filter(pl.col(sa.TARGET).is_not_null())
    return {
        "quality": q,
        "detection_auc": det,
        "tstr_auc": sa.tstr_auc(labelled, test),
        "dcr_share": sa.dcr_share(real_s, test, synth_s),
    }


def run_ours(train: pl.DataFrame, eps: float, seed: int) -> tuple[pl.DataFrame, float, float]:
    from simulacra.dp import DPSynthesizer

    w, c = time.perf_counter(), time.process_time()
    model = DPSynthesizer(epsilon=eps, delta=DELTA, domain=DOMAIN, seed=seed).fit(train)
    out = model.sample(train.height)
    return out, time.perf_counter() - w, time.process_time() - c


def run_trees(train: pl.DataFrame, seed: int) -> tuple[pl.DataFrame, float, float]:
    from simulacra.synth import TabularSynthesizer

    w, c = time.perf_counter(), time.process_time()
    out = TabularSynthesizer(seed=seed, first=[sa.TARGET]).fit(train).sample(train.height)
    return out, time.perf_counter() - w, time.process_time() - c


def _codes(train: pl.DataFrame) -> tuple[pl.DataFrame, dict[str, list]]:
    cols, cats = {}, {}
    for c in train.columns:
        s = train.get_column(c)
        if c in DOMAIN:
            e = _edges(c)
            cols[c] = np.searchsorted(e[1:-1], s.cast(pl.Float64).to_numpy(), side="right")
        else:
            cats[c] = sorted(s.fill_null("<null>").unique().to_list())
            lookup = {v: i for i, v in enumerate(cats[c])}
            cols[c] = np.array([lookup[v] for v in s.fill_null("<null>").to_list()])
    return pl.DataFrame(cols), cats


def _edges(c: str) -> np.ndarray:
    d = DOMAIN[c]
    if "edges" in d:
        return np.asarray(d["edges"], dtype=float)
    lo, hi = d["bounds"]
    return np.linspace(lo, hi, d["bins"] + 1)


def _decode(codes: pl.DataFrame, train: pl.DataFrame, cats: dict[str, list], seed: int) -> pl.DataFrame:
    rng = np.random.default_rng(seed)
    out = []
    for c in train.columns:
        k = codes.get_column(c).to_numpy().astype(int)
        if c in DOMAIN:
            e = _edges(c)
            k = np.clip(k, 0, len(e) - 2)
            x = np.floor(e[k] + rng.random(len(k)) * (e[k + 1] - e[k]))
            out.append(pl.Series(c, np.clip(x, e[0], e[-1])).cast(train.schema[c]))
        else:
            v = [cats[c][min(max(i, 0), len(cats[c]) - 1)] for i in k]
            out.append(pl.Series(c, [None if x == "<null>" else x for x in v], dtype=pl.String))
    return pl.DataFrame(out)


def run_peer(train: pl.DataFrame, synth: str, eps: float, seed: int, rounds: int | None, timeout: float):
    codes, cats = _codes(train)
    with tempfile.TemporaryDirectory() as tmp:
        src, dst = Path(tmp) / "in.csv", Path(tmp) / "out.csv"
        codes.write_csv(src)
        cfg = {"synth": synth, "epsilon": eps, "delta": DELTA, "rounds": rounds if synth == "aim" else None}
        w = time.perf_counter()
        r = subprocess.run(
            [str(PEER_VENV), str(HERE / "_smartnoise_run.py"), str(src), str(dst), json.dumps(cfg)],
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        wall = time.perf_counter() - w
        if r.returncode != 0:
            raise RuntimeError(r.stderr[-2000:])
        info = json.loads(r.stdout.strip().splitlines()[-1])
        return _decode(pl.read_csv(dst), train, cats, seed), wall, float(info["cpu_s"])


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--eps", default="0.5,1,3,10")
    ap.add_argument(
        "--peer-eps", default="1", help="ε values the peers run at ('' for none; each AIM run takes minutes)"
    )
    ap.add_argument("--peers", default="mst,aim")
    ap.add_argument("--aim-rounds", type=int, default=30, help="AIM rounds (its default 16·d is hours here)")
    ap.add_argument("--peer-timeout", type=float, default=1800)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--data")
    ap.add_argument("--no-baseline", action="store_true", help="skip the non-DP trees row")
    ap.add_argument("--eval-rows", type=int, default=8000, help="rows of real and synthetic each metric but TSTR sees")
    args = ap.parse_args()
    sa.DATA = data_dir(args.data)
    train, test = sa.load()
    print(f"train adult.data {train.height:,} rows; holdout adult.test {test.height:,} rows; delta {DELTA:g}")
    rows: list[tuple[str, str, dict[str, float], float, float]] = []

    def report(name: str, eps: str, synth: pl.DataFrame, wall: float, cpu: float) -> None:
        m = metrics(train, test, synth, args.eval_rows)
        rows.append((name, eps, m, wall, cpu))
        print(
            f"{name:<14} eps={eps:<5} quality {m['quality']:.3f}  detection {m['detection_auc']:.3f}  "
            f"TSTR {m['tstr_auc']:.3f}  DCR {m['dcr_share']:.3f}  wall {wall:.1f}s cpu {cpu:.1f}s",
            flush=True,
        )

    if not args.no_baseline:
        report("trees (no DP)", "inf", *run_trees(train, args.seed))
    for e in [float(x) for x in args.eps.split(",") if x]:
        report("simulacra-dp", f"{e:g}", *run_ours(train, e, args.seed))
    peers = [p for p in args.peers.split(",") if p]
    if peers and not PEER_VENV.is_file():
        print(f"smartnoise-synth not installed in {PEER_VENV.parent.parent}: peers skipped")
        peers = []
    for e in [float(x) for x in args.peer_eps.split(",") if x]:
        for p in peers:
            try:
                report(p, f"{e:g}", *run_peer(train, p, e, args.seed, args.aim_rounds, args.peer_timeout))
            except (RuntimeError, subprocess.TimeoutExpired) as exc:
                print(f"{p:<14} eps={e:g} failed: {str(exc)[-300:]}")
    for e in {r[1] for r in rows if r[0] in ("mst", "aim")}:
        ours = next((r for r in rows if r[0] == "simulacra-dp" and r[1] == e), None)
        if ours is None:
            continue
        best = {k: max(r[2][k] for r in rows if r[0] in ("mst", "aim") and r[1] == e) for k in ("quality", "tstr_auc")}
        print(
            f"eps={e}: simulacra-dp / best peer: quality {ours[2]['quality'] / best['quality']:.3f}x, "
            f"TSTR {ours[2]['tstr_auc'] / best['tstr_auc']:.3f}x"
        )


if __name__ == "__main__":
    main()
