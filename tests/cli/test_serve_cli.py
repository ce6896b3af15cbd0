"""`simulacra serve` and `simulacra spec from-openapi` from the command line (real processes, real HTTP)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import httpx
import pytest
from tests.serve_live import free_socket

from simulacra.cli.main import main
from simulacra.errors import SpecError
from simulacra.serve.faults import Faults
from simulacra.serve.runner import is_loopback
from simulacra.spec import load_plan

ROOT = Path(__file__).resolve().parents[2]
PETSTORE = ROOT / "tests" / "data" / "serve" / "petstore-v3.yaml"


def _serve(args: list[str], check: Callable[[str], None]) -> tuple[bytes, bytes]:
    """Run `simulacra serve ARGS` on a free port, call ``check(base_url)`` once it answers, stop it."""
    sock = free_socket()
    port = sock.getsockname()[1]
    sock.close()
    url = f"http://127.0.0.1:{port}"
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src") + os.pathsep + str(ROOT)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "simulacra.cli.main", "serve", *args, "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    )
    try:
        deadline = time.monotonic() + 180
        while True:
            assert proc.poll() is None, proc.stderr.read().decode() if proc.stderr else ""
            try:
                if httpx.get(f"{url}/_stats", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert time.monotonic() < deadline, "the server did not start"
            time.sleep(0.3)
        check(url)
    finally:
        proc.terminate()
        out, err = proc.communicate(timeout=30)
    return out, err


def test_serve_an_example_with_one_command_and_two_workers() -> None:
    pids: set[int] = set()

    def check(url: str) -> None:
        r = httpx.get(f"{url}/tickets", params={"limit": 2, "expand": "customer"})
        assert r.status_code == 200 and len(r.json()) == 2
        assert r.json()[0]["customer"]["customer_id"] == r.json()[0]["customer_id"]
        assert int(r.headers["x-total-count"]) > 2
        message = httpx.get(f"{url}/messages", params={"limit": 1}).json()[0]["message_id"]
        assert httpx.delete(f"{url}/messages/{message}").status_code == 204
        for _ in range(10):  # a new connection each time: either worker may answer, and both see the delete
            assert httpx.get(f"{url}/messages/{message}").status_code == 404
            pids.add(httpx.get(f"{url}/_stats").json()["pid"])
        httpx.post(f"{url}/_reset")
        for _ in range(6):
            assert httpx.get(f"{url}/messages/{message}").status_code == 200

    out, err = _serve(["example:support", "--scale", "0.05", "--seed", "3", "--workers", "2"], check)
    assert b"serving support" in out and b"127.0.0.1:" in out and b"2 workers" in out
    assert b"warning" not in err
    assert pids  # (both workers usually answer; the kernel decides)


def test_serve_an_openapi_document_with_one_command() -> None:
    def check(url: str) -> None:
        r = httpx.get(f"{url}/api/v3/pet/1")
        assert r.status_code == 200 and r.json()["id"] == 1 and isinstance(r.json()["photoUrls"], list)

    out, _ = _serve(["--openapi", str(PETSTORE), "--seed", "2"], check)
    assert b"serving swagger_petstore" in out


def test_serve_needs_one_source(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["serve"]) != 0
    assert "give a spec or dataset to serve, or --openapi" in capsys.readouterr().err
    assert main(["serve", "example:shop", "--openapi", str(PETSTORE)]) != 0


def test_only_loopback_addresses_count_as_local() -> None:
    assert is_loopback("127.0.0.1") and is_loopback("::1") and is_loopback("localhost")
    assert not is_loopback("0.0.0.0") and not is_loopback("192.168.1.4") and not is_loopback("example.com")


def test_fault_rules_are_checked_with_clear_errors() -> None:
    with pytest.raises(SpecError, match="status 418 is not one of"):
        Faults.from_config({"rules": [{"errors": {418: 0.1}}]})
    with pytest.raises(SpecError, match="add up to more than 1"):
        Faults.from_config({"rules": [{"errors": {500: 0.7, 503: 0.7}}]})
    with pytest.raises(SpecError, match="unknown key"):
        Faults.from_config({"rules": [{"latncy": 5}]})
    assert Faults.from_config(None).decide("GET", "/x").status is None


def test_spec_from_openapi_writes_a_spec_that_loads(tmp_path: Path) -> None:
    out = tmp_path / "petstore.yaml"
    assert main(["spec", "from-openapi", str(PETSTORE), "-o", str(out), "--rows", "12"]) == 0
    plan = load_plan(out)
    assert plan.spec.tables["pet"].rows == 12
    assert "pet_tags" in plan.tables


def test_a_missing_extra_says_what_to_install() -> None:
    from simulacra.errors import SimulacraError
    from simulacra.serve.runner import require_extra

    with pytest.raises(SimulacraError, match=r"pip install 'simulacra\[serve\]'") as info:
        require_extra("no_such_module_for_simulacra")
    assert "no_such_module_for_simulacra" in str(info.value) and info.value.exit_code == 1


def test_stats_of_every_worker_from_any_worker() -> None:
    def check(url: str) -> None:
        deadline = time.monotonic() + 60
        while httpx.get(f"{url}/_stats").json()["total"]["workers"] < 2:  # the second may still be starting
            assert time.monotonic() < deadline, "the second worker never published its counters"
            time.sleep(0.3)
        for _ in range(30):  # a new connection each time: either worker may answer
            assert httpx.get(f"{url}/tickets", params={"limit": 1}).status_code == 200
        deadline = time.monotonic() + 30
        while True:  # every worker publishes what changed twice a second
            stats = httpx.get(f"{url}/_stats").json()
            workers = stats["workers"]
            tickets = sum(w["routes"].get("GET /tickets", {}).get("count", 0) for w in workers)
            if tickets == 30 or time.monotonic() > deadline:
                break
            time.sleep(0.2)
        assert tickets == 30
        assert len(workers) == 2 and stats["pid"] in [w["pid"] for w in workers]
        assert stats["total"]["requests"] == sum(w["requests"] for w in workers)
        assert stats["total"]["by_status"]["200"] >= 30

    _serve(["example:support", "--scale", "0.05", "--seed", "3", "--workers", "2"], check)


def test_a_rate_limit_holds_across_workers(tmp_path: Path) -> None:
    rules = tmp_path / "faults.json"
    rules.write_text('{"rules": [{"route": "GET /tickets*", "rate_limit": 2, "retry_after": 1}]}', encoding="utf-8")
    seen: dict[str, object] = {}

    def check(url: str) -> None:
        deadline = time.monotonic() + 60
        while httpx.get(f"{url}/_stats").json()["total"]["workers"] < 2:  # both workers up
            assert time.monotonic() < deadline, "the second worker never started"
            time.sleep(0.3)
        time.sleep(1.1)  # the buckets are full again
        t0 = time.monotonic()
        codes = [httpx.get(f"{url}/tickets", params={"limit": 1}).status_code for _ in range(24)]  # new connections
        elapsed = time.monotonic() - t0
        seen.update(codes=codes, elapsed=elapsed)
        deadline = time.monotonic() + 30
        while True:  # which workers answered (their counters are published twice a second)
            workers = httpx.get(f"{url}/_stats").json()["workers"]
            counts = [w["routes"].get("GET /tickets", {}).get("count", 0) for w in workers]
            if sum(counts) >= 24 or time.monotonic() > deadline:
                break
            time.sleep(0.2)
        seen["counts"] = counts

    _serve(["example:support", "--scale", "0.05", "--seed", "3", "--workers", "2", "--faults", str(rules)], check)
    codes = seen["codes"]
    assert isinstance(codes, list) and set(codes) <= {200, 429} and 429 in codes
    # one bucket of 2 tokens refilled at 2 per second for the whole server (a bucket per worker would
    # let through up to twice as many whenever both workers answer)
    elapsed = seen["elapsed"]
    assert isinstance(elapsed, float) and codes.count(200) <= 2 + 2 * elapsed + 1, seen


@pytest.mark.parametrize(("mode", "grouped"), [("off", False), ("on", True), ("auto", True)])
def test_group_commit_is_chosen_on_the_command_line(tmp_path: Path, mode: str, grouped: bool) -> None:
    """`--group-commit on|off|auto` and `--commit-window-ms`: with a window, concurrent deletes share COMMITs
    (fewer groups than writes); off, each write is its own COMMIT; auto groups on a --db file."""
    import concurrent.futures

    seen: dict[str, int] = {}

    def check(url: str) -> None:
        ids = [m["message_id"] for m in httpx.get(f"{url}/messages", params={"limit": 24}).json()]
        with concurrent.futures.ThreadPoolExecutor(12) as pool:
            codes = list(pool.map(lambda i: httpx.delete(f"{url}/messages/{i}").status_code, ids))
        assert codes == [204] * len(ids)
        for i in ids:
            assert httpx.get(f"{url}/messages/{i}").status_code == 404
        seen.update(httpx.get(f"{url}/_stats").json()["commits"])

    args = ["example:support", "--scale", "0.05", "--seed", "3", "--db", str(tmp_path / "s.db")]
    _serve([*args, "--group-commit", mode, "--commit-window-ms", "40"], check)
    assert seen["writes"] == 24
    assert (seen["groups"] < seen["writes"]) == grouped, seen


def test_a_wrong_group_commit_mode_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["serve", "example:support", "--group-commit", "sometimes"]) == 2
    assert "expected auto, on or off" in capsys.readouterr().err
