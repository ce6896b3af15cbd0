"""Load on loopback: `simulacra serve` beside json-server and Prism serving the same rows (issue 16).

Each server runs in its own process on 127.0.0.1; one client process sends the same
mixed workload to each (keep-alive HTTP/1.1 connections, N concurrent clients):
reads (a row by key, a filtered page of orders, a customer's orders) and writes (create a
customer, patch one). Printed per server: requests/s, p50/p99 latency, errors, and the
CPU seconds of the server and of the client, the server's CPU per request (the figure that
depends least on what else the machine runs), then the ratio.

    .venv/bin/python benchmarks/serve_load.py            # 20,000 requests, 50 clients
    .venv/bin/python benchmarks/serve_load.py --quick    # 2,000 requests, 20 clients
    .venv/bin/python benchmarks/serve_load.py --pin      # client on the last CPU, servers on the others
    .venv/bin/python benchmarks/serve_load.py --only-simulacra   # simulacra alone (A/B of two versions)

json-server (npm, MIT) and Prism (npm, Apache-2.0) are looked for in benchmarks/.node (git-ignored;
benchmark-only, never a project dependency); each one missing is reported "not run":
    (cd benchmarks/.node && npm install json-server@0.17.4 @stoplight/prism-cli@5.14.2)
Prism mocks simulacra's own /openapi.json of the same data (its examples are generated rows):
it answers each route with that example, statelessly; json-server serves the rows themselves.
The load average (1 min) is printed beside each server's figures: on a shared machine it says
how much of the wall clock went to waiting for a CPU.
httptools and uvloop (in the serve extra) are used when installed, or from benchmarks/.pydeps:
    .venv/bin/python -m pip install --target benchmarks/.pydeps httptools uvloop
Without it only simulacra runs, and the script says so.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import resource
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parents[1]
JSON_SERVER = ROOT / "benchmarks" / ".node" / "node_modules" / ".bin" / "json-server"
PRISM = ROOT / "benchmarks" / ".node" / "node_modules" / ".bin" / "prism"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


async def _request(
    reader: asyncio.StreamReader, writer: asyncio.StreamWriter, method: str, path: str, body: bytes | None
) -> int:
    head = f"{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: keep-alive\r\n"
    if body is not None:
        head += f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n"
    writer.write(head.encode() + b"\r\n" + (body or b""))
    await writer.drain()
    status_line = await reader.readline()
    status = int(status_line.split()[1])
    length = 0
    chunked = False
    while True:
        line = await reader.readline()
        if line in (b"\r\n", b""):
            break
        name, _, value = line.decode("latin-1").partition(":")
        if name.lower() == "content-length":
            length = int(value.strip())
        elif name.lower() == "transfer-encoding" and "chunked" in value.lower():
            chunked = True
    if chunked:
        while True:
            size = int((await reader.readline()).strip(), 16)
            await reader.readexactly(size + 2)
            if size == 0:
                break
    elif length:
        await reader.readexactly(length)
    return status


def workload(
    n: int, flavour: str, customers: int, statuses: list[str], *, reads_only: bool, seed: int = 1
) -> list[tuple[str, str, bytes | None]]:
    """The same requests for both servers, in each one's URL dialect."""
    rng = random.Random(seed)
    out = []
    for i in range(n):
        u = rng.random() * (0.85 if reads_only else 1.0)
        cid = rng.randint(1, customers)
        status = rng.choice(statuses)
        if u < 0.40:
            out.append(("GET", f"/customers/{cid}", None))
        elif u < 0.65:
            q = f"status={status}&limit=20" if flavour == "simulacra" else f"status={status}&_limit=20"
            out.append(("GET", f"/orders?{q}", None))
        elif u < 0.85:
            q = "limit=20" if flavour == "simulacra" else "_limit=20"
            out.append(("GET", f"/customers/{cid}/orders?{q}", None))
        elif u < 0.93:
            body = {
                "gender": "F",
                "first_name": "Load",
                "last_name": f"Test{i}",
                "email": f"load.{i}@example.com",
                "segment": "regular",
                "signup_at": "2024-01-01T00:00:00Z",
            }
            out.append(("POST", "/customers", json.dumps(body).encode()))
        else:
            out.append(("PATCH", f"/customers/{cid}", json.dumps({"segment": "vip"}).encode()))
    return out


def server_clock(pid: int) -> Callable[[], float] | None:
    """The CPU time (ms) the server's main thread has run, from /proc/PID/schedstat (Linux; None elsewhere)."""
    try:
        fd = os.open(f"/proc/{pid}/schedstat", os.O_RDONLY)
    except OSError:
        return None

    def clock() -> float:
        os.lseek(fd, 0, 0)
        return int(os.read(fd, 128).split()[0]) / 1e6

    return clock


async def drive(
    port: int,
    requests: list[tuple[str, str, bytes | None]],
    concurrency: int,
    clock: Callable[[], float] | None = None,
    on_clock: list[tuple[bool, float]] | None = None,
    window: int = 0,
    loads: list[float] | None = None,
) -> tuple[list[float], dict[int, int], float]:
    """Send ``requests`` from ``concurrency`` clients; each one's wall-clock latency (ms), the statuses, the wall
    time. ``clock`` (:func:`server_clock`): also each request's latency on the server's CPU clock, into
    ``on_clock`` (with whether it was a write): the server's own CPU time spent while the request was outstanding, i.e. the queueing its own
    work causes, without the time it waited for a CPU other processes held (what the wall latency would be
    on a CPU of its own, less the client's and the kernel's part). ``window``: append the load average to
    ``loads`` after every ``window`` answers."""
    if loads is None:
        loads = []
    queue = list(reversed(requests))
    latencies: list[float] = []
    statuses: dict[int, int] = {}

    async def client() -> None:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        try:
            while queue:
                method, path, body = queue.pop()
                t0 = time.perf_counter()
                c0 = clock() if clock is not None else 0.0
                try:
                    status = await _request(reader, writer, method, path, body)
                except (ConnectionError, asyncio.IncompleteReadError, ValueError):
                    status = 599
                    writer.close()
                    reader, writer = await asyncio.open_connection("127.0.0.1", port)
                latencies.append((time.perf_counter() - t0) * 1000)
                if clock is not None and on_clock is not None:
                    on_clock.append((method != "GET", clock() - c0))
                if window and len(latencies) % window == 0:
                    loads.append(os.getloadavg()[0])
                statuses[status] = statuses.get(status, 0) + 1
        finally:
            writer.close()

    t0 = time.perf_counter()
    await asyncio.gather(*(client() for _ in range(concurrency)))
    return latencies, statuses, time.perf_counter() - t0


def wait_ready(port: int, path: str, proc: subprocess.Popen[bytes], timeout: float = 300) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"the server exited with {proc.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1) as s:
                s.sendall(f"GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".encode())
                if s.recv(12).startswith(b"HTTP/1.1 200"):
                    return
        except OSError:
            pass
        time.sleep(0.2)
    raise RuntimeError("the server did not start")


def measure(
    name: str,
    cmd: list[str],
    port: int,
    ready: str,
    phases: dict[str, list[tuple[str, str, bytes | None]]],
    concurrency: int,
    env: dict[str, str] | None = None,
    server_cpus: set[int] | None = None,
    window: int = 0,
) -> list[dict[str, object]]:
    """Start the server, run each phase against it in turn, stop it. ``server_cpus``: pin the server's
    processes to these CPUs (``--pin``; the client is pinned to the others). ``window``: also p50 / p99 per
    ``window`` answers in the order they came (does the tail grow as the run goes on?)."""
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    out = []
    try:
        wait_ready(port, ready, proc)
        ps = psutil.Process(proc.pid)
        procs = [ps, *ps.children(recursive=True)]
        if server_cpus:
            for p in procs:
                p.cpu_affinity(sorted(server_cpus))
        for phase, requests in phases.items():
            cpu0 = sum(p.cpu_times().user + p.cpu_times().system for p in procs)
            switches0 = sum(p.num_ctx_switches().involuntary for p in procs)
            me0 = resource.getrusage(resource.RUSAGE_SELF)
            load0 = os.getloadavg()[0]
            clock = server_clock(proc.pid) if len(procs) == 1 else None  # one process: its main thread serves
            on_clock: list[tuple[bool, float]] = []
            loads: list[float] = []
            lat, statuses, wall = asyncio.run(drive(port, requests, concurrency, clock, on_clock, window, loads))
            windows = (
                [
                    f"{i + window:,}: wall {_quantiles(lat[i : i + window])}; CPU clock "
                    f"{_quantiles([v for _, v in on_clock[i : i + window]])}; load {loads[i // window]:.1f}"
                    for i in range(0, len(lat) - window + 1, window)
                ]
                if window
                else []
            )
            me1 = resource.getrusage(resource.RUSAGE_SELF)
            cpu1 = sum(p.cpu_times().user + p.cpu_times().system for p in procs)
            switches = sum(p.num_ctx_switches().involuntary for p in procs) - switches0
            row = _summary(
                f"{name}, {phase}",
                lat,
                statuses,
                wall,
                cpu1 - cpu0,
                (me1.ru_utime + me1.ru_stime) - (me0.ru_utime + me0.ru_stime),
            )
            row["load"] = f"{load0:.1f}–{os.getloadavg()[0]:.1f}"
            row["windows"] = windows
            # times the server was preempted (another process took its CPU while it had work): the part of
            # the wall-clock tail that is the machine's, not the server's
            row["preempted"] = switches
            row["on_clock"] = "; ".join(
                f"{kind} {_quantiles([v for w, v in on_clock if w in want])}"
                for kind, want in (("all", (False, True)), ("reads", (False,)), ("writes", (True,)))
            )
            if ready == "/_stats":  # simulacra: its writes and the COMMITs they took so far (group commit)
                stats = _get_json(port, "/_stats")
                row["commits"] = stats.get("commits") if isinstance(stats, dict) else None
            out.append(row)
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
    return out


def _quantiles(values: list[float]) -> str:
    """p50 / p95 / p99 of ``values`` (ms), or a dash when there are none."""
    values = sorted(values)
    if not values:
        return "–"
    return " / ".join(f"{values[min(len(values) - 1, int(q * len(values)))]:.1f}" for q in (0.5, 0.95, 0.99))


def _summary(
    name: str, lat: list[float], statuses: dict[int, int], wall: float, server_cpu: float, client_cpu: float
) -> dict[str, object]:
    lat.sort()
    errors = sum(v for k, v in statuses.items() if k >= 500 or k == 599)
    refused = sum(v for k, v in statuses.items() if 400 <= k < 500)
    return {
        "name": name,
        "requests": len(lat),
        "wall_s": wall,
        "rps": len(lat) / wall,
        "p50_ms": lat[len(lat) // 2],
        "p95_ms": lat[min(len(lat) - 1, int(0.95 * len(lat)))],
        "p99_ms": lat[min(len(lat) - 1, int(0.99 * len(lat)))],
        "errors": errors,
        "refused_4xx": refused,
        "server_cpu_s": server_cpu,
        "server_us_per_request": server_cpu / max(len(lat), 1) * 1e6,
        "client_cpu_s": client_cpu,
        "statuses": statuses,
    }


def _get_json(port: int, path: str) -> object:
    with socket.create_connection(("127.0.0.1", port), timeout=10) as s:
        s.sendall(f"GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".encode())
        data = b""
        while chunk := s.recv(65536):
            data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    if b"chunked" in head.lower():  # one chunk or several: keep the data, drop the sizes
        out, rest = b"", body
        while rest:
            size_text, _, rest = rest.partition(b"\r\n")
            size = int(size_text, 16)
            out, rest = out + rest[:size], rest[size + 2 :]
        body = out
    return json.loads(body) if body else None


def same_rows(state, port: int, ids: list[int]) -> str:  # type: ignore[no-untyped-def]
    """Whether a server on ``port`` answers the rows simulacra serves: GET /customers/{id} for ``ids`` and
    /customers/{id}/orders for the first, compared with simulacra's own answers of the same data."""
    from simulacra.serve import create_app

    app = create_app(state)
    want: dict[str, object] = {}

    async def ours(path: str) -> object:
        sent: list[bytes] = []

        async def receive() -> dict[str, object]:
            return {"type": "http.request", "body": b"", "more_body": False}

        async def send(message: dict[str, object]) -> None:
            if message["type"] == "http.response.body":
                sent.append(message.get("body", b""))  # type: ignore[arg-type]

        p, _, qs = path.partition("?")
        scope = {"type": "http", "method": "GET", "path": p, "raw_path": p.encode(), "query_string": qs.encode()}
        await app({**scope, "headers": [], "client": ("127.0.0.1", 1)}, receive, send)
        return json.loads(b"".join(sent))

    paths = [f"/customers/{i}" for i in ids] + [f"/customers/{ids[0]}/orders?limit=20"]
    for path in paths:
        want[path] = asyncio.run(ours(path))
    got = {path: _get_json(port, path) for path in paths}
    by_key = [got[f"/customers/{i}"] for i in ids]
    distinct = len({json.dumps(b, sort_keys=True) for b in by_key})
    asked = sum(1 for i, b in zip(ids, by_key, strict=True) if isinstance(b, dict) and b.get("customer_id") == i)
    equal = sum(1 for i in ids if got[f"/customers/{i}"] == want[f"/customers/{i}"])
    nested = paths[-1]
    key = [o.get("order_id") for o in got[nested] if isinstance(o, dict)] if isinstance(got[nested], list) else None
    return (
        f"GET /customers/1..{len(ids)}: {distinct} distinct bodies, {asked} with the customer_id asked, {equal} equal "
        f"to simulacra's row; {nested}: order_ids {key} (simulacra: {[o['order_id'] for o in want[nested]]})"  # type: ignore[attr-defined]
    )


def json_server_db(state, path: Path) -> None:  # type: ignore[no-untyped-def]
    """The same rows as json-server's db.json (each row gets the 'id' json-server keys on)."""
    keys = {"customers": "customer_id", "orders": "order_id"}
    db = {}
    for table, key in keys.items():
        rows = state.store.rows(table, state.store.select(table), [])
        db[table] = [{"id": r[key], **r} for r in rows]
    for r in db["orders"]:
        r["customerId"] = r["customer_id"]  # json-server's nested routes follow <parent>Id
    path.write_text(json.dumps(db))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--requests", type=int, default=20_000)
    ap.add_argument("--concurrency", type=int, default=50)
    ap.add_argument("--scale", type=float, default=0.25, help="scale of the shop example served")
    ap.add_argument("--quick", action="store_true", help="2,000 requests from 20 clients at scale 0.05")
    ap.add_argument("--workers", type=int, default=1, help="simulacra serve --workers")
    ap.add_argument(
        "--window",
        type=int,
        default=0,
        help="also print p50 / p95 / p99 (wall and server CPU clock) per this many answers, in the order they came",
    )
    ap.add_argument(
        "--db", action="store_true", help="simulacra serve --db: serve a database file (WAL; writes grouped)"
    )
    ap.add_argument(
        "--only-simulacra", action="store_true", help="run simulacra serve alone (no json-server, no Prism)"
    )
    ap.add_argument(
        "--pin",
        action="store_true",
        help="pin the load client to the last CPU and each server to the others (Linux), so that they "
        "do not take each other's CPU (other processes on the machine still can)",
    )
    args = ap.parse_args()
    server_cpus: set[int] | None = None
    if args.pin:
        cpus = sorted(os.sched_getaffinity(0))
        if len(cpus) < 2:
            raise SystemExit("--pin needs at least 2 CPUs")
        server_cpus = set(cpus[:-1])
        os.sched_setaffinity(0, {cpus[-1]})
        print(f"pinned: client on CPU {cpus[-1]}, servers on CPU {', '.join(map(str, cpus[:-1]))}")
    if args.quick:
        args.requests, args.concurrency, args.scale = 2_000, 20, 0.05
    sys.path.insert(0, str(ROOT / "src"))
    from simulacra.serve import build_state

    state = build_state("example:shop", scale=args.scale, seed=42)
    customers = state.store.count("customers")
    statuses = ["delivered", "shipped", "cancelled", "returned"]
    pydeps = ROOT / "benchmarks" / ".pydeps"  # httptools + uvloop (the serve extra), when installed there
    paths = [str(ROOT / "src")] + ([str(pydeps)] if pydeps.is_dir() else []) + [os.environ.get("PYTHONPATH", "")]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in paths if p)}
    probe = subprocess.run(
        [
            sys.executable,
            "-c",
            "import importlib.util as u; print(bool(u.find_spec('httptools')), bool(u.find_spec('uvloop')))",
        ],
        env=env,
        capture_output=True,
        text=True,
    ).stdout.split()
    print(
        f"simulacra's uvicorn: httptools {probe[0] if probe else '?'}, uvloop {probe[1] if len(probe) > 1 else '?'} "
        "(pip install --target benchmarks/.pydeps httptools uvloop, when the venv lacks them)"
    )
    print(
        f"shop example at scale {args.scale} (seed 42): {customers} customers, {state.store.count('orders')} orders; "
        f"{args.requests} requests per phase from {args.concurrency} clients; reads: 47% GET by key, 29% filtered "
        f"page, 24% a customer's orders; mixed: 40% / 25% / 20% and 8% POST, 7% PATCH"
    )

    def phases(flavour: str) -> dict[str, list[tuple[str, str, bytes | None]]]:
        return {
            "reads": workload(args.requests, flavour, customers, statuses, reads_only=True),
            "mixed": workload(args.requests, flavour, customers, statuses, reads_only=False),
        }

    results = []
    port = free_port()
    results += measure(
        "simulacra serve",
        [
            sys.executable,
            "-m",
            "simulacra.cli.main",
            "serve",
            "example:shop",
            "--scale",
            str(args.scale),
            "--seed",
            "42",
            "--port",
            str(port),
            "--workers",
            str(args.workers),
            *(["--db", str(Path(tempfile.mkdtemp(prefix="serve_load_")) / "served.db")] if args.db else []),
        ],
        port,
        "/_stats",
        phases("simulacra"),
        args.concurrency,
        env,
        server_cpus,
        args.window,
    )
    node = shutil.which("node")
    if args.only_simulacra:
        node = None
        print("json-server and Prism: not run (--only-simulacra)")
    elif JSON_SERVER.exists() and node:
        with tempfile.TemporaryDirectory() as tmp:
            db = Path(tmp) / "db.json"
            json_server_db(state, db)
            port = free_port()
            cmd = [node, str(JSON_SERVER.resolve()), str(db), "--port", str(port), "--quiet"]
            results += measure(
                "json-server 0.17.4",
                cmd,
                port,
                "/customers/1",
                phases("json-server"),
                args.concurrency,
                None,
                server_cpus,
            )
    else:
        print(
            "json-server: not run (not found in benchmarks/.node: "
            "cd benchmarks/.node && npm install json-server@0.17.4)"
        )
    if PRISM.exists() and node:
        with tempfile.TemporaryDirectory() as tmp:
            doc = Path(tmp) / "openapi.json"
            doc.write_bytes(state.openapi_bytes())
            port = free_port()
            cmd = [node, str(PRISM.resolve()), "mock", str(doc), "-h", "127.0.0.1", "-p", str(port), "-v", "error"]
            for mode in ([], ["--dynamic"]):  # the same rows? static examples, then generated ones
                check_port = free_port()
                check = [*cmd[:-3], str(check_port), "-v", "error", *mode]
                proc = subprocess.Popen(check, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                try:
                    wait_ready(check_port, "/customers/1", proc)
                    print(
                        f"Prism mock {' '.join(mode) or '(examples)'}: {same_rows(state, check_port, list(range(1, 21)))}"
                    )
                finally:
                    proc.terminate()
                    proc.wait(10)
            results += measure(
                "Prism 5 (mock)", cmd, port, "/customers/1", phases("simulacra"), args.concurrency, None, server_cpus
            )
    elif not args.only_simulacra:
        print(
            "Prism: not run (not found in benchmarks/.node: "
            "cd benchmarks/.node && npm install @stoplight/prism-cli@5.14.2)"
        )
    print()
    print(
        "| server, phase | requests | wall s | requests/s | p50 ms | p95 ms | p99 ms | 5xx | 4xx | server CPU s "
        "| server CPU µs/request | server CPU / wall | server preempted | client CPU s | load avg |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for r in results:
        print(
            f"| {r['name']} | {r['requests']:,} | {r['wall_s']:.2f} | {r['rps']:,.0f} | {r['p50_ms']:.1f} "
            f"| {r['p95_ms']:.1f} | {r['p99_ms']:.1f} | {r['errors']} | {r['refused_4xx']} | {r['server_cpu_s']:.2f} "
            f"| {r['server_us_per_request']:.0f} | {r['server_cpu_s'] / r['wall_s']:.0%} | {r['preempted']:,} "
            f"| {r['client_cpu_s']:.2f} | {r['load']} |"
        )
    print("\np50 / p95 / p99 ms on the server's CPU clock (its own CPU time while a request was outstanding):")
    for r in results:
        print(f"  {r['name']}: {r['on_clock']}")
    for r in results:
        if r.get("windows"):
            print(f"\n{r['name']}, p50 / p95 / p99 ms per {args.window:,} answers:")
            for line in r["windows"]:  # type: ignore[attr-defined]
                print(f"  {line}")
    ours = {str(r["name"]).split(", ")[1]: r for r in results if str(r["name"]).startswith("simulacra")}
    for other in results:
        name, _, phase = str(other["name"]).partition(", ")
        a = ours.get(phase)
        if name.startswith("simulacra") or a is None:
            continue
        print(
            f"\nratio ({phase}) simulacra / {name}: requests/s {a['rps'] / other['rps']:.2f}×, "
            f"p99 {a['p99_ms'] / other['p99_ms']:.2f}×, server CPU per request "
            f"{(a['server_cpu_s'] / a['requests']) / max(other['server_cpu_s'] / other['requests'], 1e-9):.2f}×"
        )
    for r in results:
        print(f"{r['name']} statuses: {dict(sorted(r['statuses'].items()))}")
        if r.get("commits"):
            print(f"{r['name']}: writes committed so far, their COMMITs, the largest group: {r['commits']}")


if __name__ == "__main__":
    main()
