"""Hostile and huge inputs (issue 22): time and peak memory of every case against a bound.

Each case runs the real CLI in its own child process under an address-space limit
(RLIMIT_AS, default 4 GiB: a runaway case fails instead of taking the machine down) and
reports wall time, peak resident memory (from wait4's rusage of that child) and the exit
code. A case passes when it finishes (or is refused with the expected exit code) within
the bound: 10 s and 500 MB.

    PYTHONPATH=src .venv/bin/python benchmarks/hostile_inputs.py [--only NAME] [--limit-gb 4]

Inputs are made in a temp folder; the multi-GB ones are sparse files (no disk used).
"""

from __future__ import annotations

import argparse
import io
import os
import resource
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
GB = 1024**3
BOUND_S, BOUND_MB = 10.0, 500.0


def billion_laughs(levels: int = 9, width: int = 9, prefix: str = "") -> str:
    names = [f"l{i}" for i in range(levels + 1)]
    lines = [prefix + f"{names[0]}: &{names[0]} [" + ", ".join(['"lol"'] * width) + "]"]
    for prev, name in zip(names, names[1:]):
        lines.append(f"{name}: &{name} [" + ", ".join([f"*{prev}"] * width) + "]")
    return "\n".join(lines) + "\n"


def big_spec(n_tables: int) -> str:
    parts = ["name: big\ntables:\n"]
    for i in range(n_tables):
        parts.append(
            f"  t{i}:\n    rows: 10\n    primary_key: id\n    columns:\n      id: sequence\n"
            f"      c: {{generator: categorical, values: [a, b, c]}}\n      u: {{generator: uuid}}\n"
        )
    return "".join(parts)


SMALL_SPEC = """name: t
tables:
  a:
    rows: {rows}
    primary_key: id
    columns:
      id: sequence
      x: {{generator: categorical, values: [p, q]}}
"""


def sparse(path: Path, size: int, head: bytes = b"") -> Path:
    with path.open("wb") as f:
        f.write(head)
        f.truncate(size)
    return path


def make_cases(d: Path) -> list[tuple[str, list[str], int]]:
    """(name, CLI arguments, expected exit code)."""

    def w(name: str, text: str) -> str:
        (d / name).write_text(text, encoding="utf-8")
        return str(d / name)

    cases: list[tuple[str, list[str], int]] = []
    bomb = w("bomb.yaml", "name: x\n" + billion_laughs(9, 9))
    cases.append((f"alias bomb spec ({os.path.getsize(bomb)} B, 9^10 values)", ["spec", "validate", bomb], 2))
    bomb2 = w("bomb_deep.yaml", "name: x\n" + billion_laughs(30, 2))
    cases.append((f"30-level alias chain ({os.path.getsize(bomb2)} B)", ["spec", "validate", bomb2], 2))
    policy = w("policy.yaml", billion_laughs(9, 9))
    txt = w("note.txt", "Call John Smith at 555-0100.\n")
    cases.append(("alias bomb --policy", ["deid", txt, "-o", str(d / "note.out.txt"), "--policy", policy], 2))
    cases.append(("recursive alias", ["spec", "validate", w("rec.yaml", "name: x\ntables: &t {a: *t}\n")], 2))
    cases.append(
        (
            "nesting 100,000 deep",
            ["spec", "validate", w("deep.yaml", "name: x\ntables: " + "[" * 100_000 + "]" * 100_000)],
            2,
        )
    )
    cases.append(("NUL byte in a spec", ["spec", "validate", w("nul.yaml", "name: x\ntables:\n  a: \x00\n")], 2))
    huge = d / "huge.yaml"
    with huge.open("w", encoding="utf-8") as f:
        f.write(big_spec(380_000))
    cases.append((f"{huge.stat().st_size / 1e6:.0f} MB spec", ["spec", "validate", str(huge)], 2))
    near = w("near.yaml", big_spec(6_500))
    cases.append(
        (f"{os.path.getsize(near) / 1e6:.1f} MB spec (6,500 tables, under the limit)", ["spec", "validate", near], 0)
    )
    cases.append(("rows: 10**30", ["spec", "validate", w("rows.yaml", SMALL_SPEC.format(rows=10**30))], 2))
    counts = SMALL_SPEC.format(rows=10) + (
        "  b:\n    rows: {per: a, count: {distribution: poisson, lam: 1000000000000}}\n"
        "    columns:\n      a_id: {generator: foreign_key, references: a.id}\n"
    )
    cases.append(("count: poisson lam 1e12", ["generate", w("counts.yaml", counts), "-o", str(d / "o0.db"), "-q"], 2))
    small = w("small.yaml", SMALL_SPEC.format(rows=1000))
    cases.append(("--scale 1e12", ["generate", small, "-o", str(d / "o1.db"), "--scale", "1e12", "-q"], 2))
    cases.append(("--scale inf", ["generate", small, "-o", str(d / "o2.db"), "--scale", "inf", "-q"], 2))
    import shutil

    rows = 2 * shutil.disk_usage(d).free / 24  # twice the free disk at ~24 bytes a row: must be refused
    if rows <= 1e10:  # (beyond 1e10 rows the row bound refuses it instead, exit 2: shown above)
        scale = f"{rows / 1000:.3g}"
        cases.append(
            (
                f"--scale {scale} (2x the free disk)",
                ["generate", small, "-o", str(d / "o3.db"), "--scale", scale, "-q"],
                5,
            )
        )
    csv = str(sparse(d / "big.csv", 2 * GB, b"a,b\n1,2\n"))
    cases.append(("inspect 2 GB CSV", ["inspect", csv, "-o", str(d / "s.yaml")], 6))
    cases.append(("fit 2 GB CSV", ["fit", csv, "-o", str(d / "m")], 6))
    cases.append(("evaluate 2 GB CSV", ["evaluate", "--real", csv, "--synthetic", csv, "-o", str(d / "r")], 6))
    binary = str(sparse(d / "big.txt", 2 * GB))
    cases.append(("deid 2 GB binary file", ["deid", binary, "-o", str(d / "big.out.txt")], 6))
    cases.append(
        ("sniff 2 GB unknown file", ["inspect", str(sparse(d / "big.bin", 2 * GB)), "-o", str(d / "s2.yaml")], 6)
    )
    model = make_model(d)
    for name, damage in MODEL_DAMAGE.items():
        m = d / f"model-{name}"
        subprocess.run(["cp", "-r", str(model), str(m)], check=True)
        damage(m)
        cases.append((f"sample: {name} npz", ["sample", str(m), "-o", str(d / f"s-{name}.db")], 7))
    (d / "bad.docx").write_bytes(os.urandom(3000))
    (d / "bad.pdf").write_bytes(b"%PDF-1.4\n" + os.urandom(3000))
    cases.append(("deid corrupt DOCX", ["deid", str(d / "bad.docx"), "-o", str(d / "bad.out")], 6))
    cases.append(("deid corrupt PDF", ["deid", str(d / "bad.pdf"), "-o", str(d / "bad2.out")], 6))
    w("empty.csv", "a,b\n")
    w("syn.csv", "a,b\n1,2\n3,4\n")
    cases.append(
        (
            "evaluate empty real table",
            ["evaluate", "--real", str(d / "empty.csv"), "--synthetic", str(d / "syn.csv"), "-o", str(d / "rep")],
            2,
        )
    )
    return cases


def make_model(d: Path) -> Path:
    import polars as pl

    from simulacra.synth.tabular import TabularSynthesizer

    rng = np.random.default_rng(0)
    frame = pl.DataFrame({"x": rng.normal(0, 1, 500), "c": rng.choice(["u", "v", "w"], 500)})
    path = d / "model"
    TabularSynthesizer(seed=0).fit(frame).save(path)
    return path


def _bomb(m: Path) -> None:
    import json

    with np.load(m / "arrays.npz") as npz:
        arrays = {k: npz[k] for k in npz.files}
    name = sorted(arrays)[0]
    n = 150_000_000  # 1.2 GB of float64 declared and present; about 1 MB compressed
    manifest = json.loads((m / "manifest.json").read_text())
    manifest["arrays"][name] = {"dtype": "<f8", "shape": [n]}
    (m / "manifest.json").write_text(json.dumps(manifest))
    with zipfile.ZipFile(m / "arrays.npz", "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for k, v in arrays.items():
            if k != name:
                with zf.open(k + ".npy", "w") as f:
                    np.lib.format.write_array(f, v)
        with zf.open(name + ".npy", "w", force_zip64=True) as f:
            buf = io.BytesIO()
            np.lib.format.write_array_header_1_0(buf, {"descr": "<f8", "fortran_order": False, "shape": (n,)})
            f.write(buf.getvalue())
            zeros = b"\0" * (1 << 24)
            for _ in range(n * 8 // len(zeros)):
                f.write(zeros)


def _missing(m: Path) -> None:
    with np.load(m / "arrays.npz") as npz:
        arrays = {k: npz[k] for k in npz.files}
    del arrays[sorted(arrays)[0]]
    np.savez_compressed(m / "arrays.npz", **arrays)


def _shape(m: Path) -> None:
    with np.load(m / "arrays.npz") as npz:
        arrays = {k: npz[k] for k in npz.files}
    k = max(arrays, key=lambda k: arrays[k].size)
    arrays[k] = np.concatenate([arrays[k].ravel()] * 2)
    np.savez_compressed(m / "arrays.npz", **arrays)


MODEL_DAMAGE: dict[str, Callable[[Path], None]] = {
    "corrupt": lambda m: (m / "arrays.npz").write_bytes((m / "arrays.npz").read_bytes()[:100] + os.urandom(500)),
    "0-byte": lambda m: (m / "arrays.npz").write_bytes(b""),
    "missing-array": _missing,
    "wrong-shape": _shape,
    "1.2 GB zip-bomb": _bomb,
}


def run_case(args: list[str], limit: int) -> tuple[float, float, int, str]:
    def preexec() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))

    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    start = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-m", "simulacra.cli.main", *args],
        env=env,
        preexec_fn=preexec,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    assert proc.stderr is not None
    err = proc.stderr.read().decode("utf-8", "replace")
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    seconds = time.perf_counter() - start
    return seconds, usage.ru_maxrss / 1024, proc.returncode, err.strip().splitlines()[-1] if err.strip() else ""


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--only", default=None, help="run the cases whose name contains this")
    ap.add_argument("--limit-gb", type=float, default=4.0, help="address-space limit of each case (GiB)")
    a = ap.parse_args()
    limit = int(a.limit_gb * GB)
    failed = 0
    with tempfile.TemporaryDirectory(prefix="hostile-") as tmp:
        d = Path(tmp)
        cases = [c for c in make_cases(d) if a.only is None or a.only in c[0]]
        print(f"| case | exit (expected) | seconds | peak MB | within {BOUND_S:.0f} s / {BOUND_MB:.0f} MB | message |")
        print("|---|---|---:|---:|---|---|")
        for name, args, expected in cases:
            seconds, mb, code, last = run_case(args, limit)
            ok_code = code == expected
            ok = ok_code and seconds <= BOUND_S and mb <= BOUND_MB
            failed += not ok
            msg = last.replace("|", "/")[:90]
            print(
                f"| {name} | {code} ({expected}) | {seconds:.2f} | {mb:.0f} | {'yes' if ok else '**no**'} | {msg} |",
                flush=True,
            )
    print(f"\n{len(cases) - failed} of {len(cases)} cases within the bound")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
