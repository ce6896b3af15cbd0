"""``simulacra deid FOLDER --workers 1`` against ``--workers 2`` on a folder of generated e-mail (issue 14, speed).

    PYTHONPATH=src .venv/bin/python benchmarks/deid_workers_cli.py --mb 6 --rounds 2

The folder: JSONL files of ~0.5 MB, each line one generated e-mail (``synthetic_documents(seed=60)``, the kinds
``email_thread``, ``email_casual`` and ``email_lists``, equal shares). Each run is the CLI in a fresh process
(the venv's ``simulacra deid`` with ``PYTHONPATH=src``, ``--seed 1``, its default tagger), 1 and 2 workers interleaved per round: wall seconds,
CPU seconds of the CLI and its workers (``resource.RUSAGE_CHILDREN`` of this process: the CLI and every process it
waited for), the 1-minute load average before the run, MB/s of wall and per CPU second. Then the same two runs of
``deidentify_path`` timed inside (``deid_speed_ab``'s child: the CPU of the batches the main process ran itself,
the rest of its CPU being the serial share: reading, batching, handing out, assembling, writing). The outputs of
every run are compared byte for byte.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

from deid_speed_ab import workers_child  # noqa: E402

KINDS = ("email_thread", "email_casual", "email_lists")


def make_folder(folder: Path, mb: float, seed: int = 60) -> float:
    """JSONL files of generated e-mail, ~0.5 MB each, ``mb`` MB in all; the size written (MB)."""
    from simulacra.text.corpus import synthetic_documents

    docs = synthetic_documents(10**9, seed=seed, kinds=KINDS, weights=dict.fromkeys(KINDS, 1.0))
    size, k = 0.0, 0
    while size < mb:
        lines, part = [], 0
        while part < 500_000:
            line = json.dumps({"text": next(docs).text}) + "\n"
            lines.append(line)
            part += len(line.encode())
        (folder / f"part{k:03d}.jsonl").write_text("".join(lines), encoding="utf-8")
        size += part / 1e6
        k += 1
    return size


def _digest(dst: Path) -> str:
    h = hashlib.sha256()
    for f in sorted(dst.iterdir()):
        h.update(f.name.encode() + f.read_bytes())
    return h.hexdigest()


def cli_run(folder: Path, dst: Path, n: int) -> dict[str, float | str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "OMP_NUM_THREADS": "1"}
    load = os.getloadavg()[0]
    r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    w = time.perf_counter()
    cmd = [
        sys.executable,
        str(Path(sys.executable).parent / "simulacra"),
        "deid",
        str(folder),
        "-o",
        str(dst),
        "--seed",
        "1",
        "--workers",
        str(n),
    ]
    proc = subprocess.run(cmd, env=env, capture_output=True, text=True, check=False)
    wall = time.perf_counter() - w
    r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode != 0:
        raise SystemExit(f"{n} workers: failed\n{proc.stderr[-2000:]}")
    cpu = (r1.ru_utime + r1.ru_stime) - (r0.ru_utime + r0.ru_stime)
    return {"wall": wall, "cpu": cpu, "load": load, "digest": _digest(dst)}


def inside_run(folder: Path, dst: Path, n: int) -> dict[str, float | str]:
    return workers_child(ROOT / "src", folder, dst, n)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--mb", type=float, default=6.0)
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--inside", action="store_true", help="also deidentify_path timed inside (serial share)")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "in"
        folder.mkdir()
        size = make_folder(folder, args.mb)
        files = len(list(folder.iterdir()))
        print(f"folder: {files} JSONL files of generated e-mail, {size:.2f} MB")
        print(f"{'round':>5}{'workers':>8}{'wall s':>9}{'CPU s':>9}{'load':>7}{'MB/s wall':>11}{'MB/s per CPU s':>16}")
        digests = set()
        walls: dict[int, list[float]] = {1: [], 2: []}
        for r in range(args.rounds):
            for n in (1, 2):
                x = cli_run(folder, Path(tmp) / f"out-{n}-{r}", n)
                digests.add(x["digest"])
                walls[n].append(float(x["wall"]))
                print(
                    f"{r + 1:>5}{n:>8}{x['wall']:>9.2f}{x['cpu']:>9.2f}{x['load']:>7.1f}"
                    f"{size / float(x['wall']):>11.3f}{size / float(x['cpu']):>16.3f}",
                    flush=True,
                )
            print(f"round {r + 1}: 2 workers / 1 worker (wall) {walls[1][-1] / walls[2][-1]:.2f}x", flush=True)
        if args.inside:
            for n in (1, 2):
                x = inside_run(folder, Path(tmp) / f"in-{n}", n)
                digests.add(str(x["digest"]))
                print(
                    f"inside, {n} worker(s): wall {x['wall']:.2f} s, CPU main {x['cpu_self']:.2f} s (batches "
                    f"{x['batches']:.2f}, serial {float(x['cpu_self']) - float(x['batches']):.2f}), "
                    f"CPU workers {x['cpu_children']:.2f} s, load {x['load']:.1f}",
                    flush=True,
                )
        print(f"outputs identical (every run): {len(digests) == 1}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
