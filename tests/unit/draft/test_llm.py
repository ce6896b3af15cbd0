"""The OpenAI-compatible client and `draft` with a backend, against the scripted local server."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from tests.unit.scripted_llm import ScriptedServer, answer

import simulacra
from simulacra.draft import draft
from simulacra.errors import SpecValidationError
from simulacra.llm import BackendConfig, BackendError, ChatClient
from simulacra.spec import load_plan

MSG = [{"role": "user", "content": "hello"}]
KEY = "sk-test-0123456789abcdef-secret"


def client(server: ScriptedServer, tmp_path: Path | None = None, sleeps: list[float] | None = None, **kw) -> ChatClient:
    cfg = BackendConfig(
        url=server.url,
        model="scripted-1",
        cache_dir=tmp_path,
        timeout_s=kw.pop("timeout_s", 5.0),
        backoff_s=kw.pop("backoff_s", 0.01),
        **kw,
    )
    return ChatClient(cfg, sleep=(sleeps.append if sleeps is not None else (lambda s: None)))


def test_a_reply_is_read_and_the_request_carries_model_seed_and_key(llm_server, tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("SIM_TEST_KEY", KEY)
    llm_server.script.play(answer("hi there", model="served-model"))
    with client(llm_server, tmp_path, api_key_env="SIM_TEST_KEY") as c:
        r = c.complete(MSG, seed=7)
        assert (r.text, r.model, r.cached) == ("hi there", "served-model", False)
        assert KEY not in repr(c)
    body = llm_server.script.requests[0]
    assert body["model"] == "scripted-1" and body["seed"] == 7 and body["messages"] == MSG
    assert llm_server.script.auth == [f"Bearer {KEY}"]
    # the cache holds the answer and the model name, never the key
    files = list(tmp_path.rglob("*.json"))
    assert len(files) == 1 and KEY not in files[0].read_text()
    assert json.loads(files[0].read_text()) == {"model": "served-model", "text": "hi there"}


def test_the_cache_makes_a_rerun_free_and_keys_on_model_prompt_parameters_and_seed(llm_server, tmp_path) -> None:
    llm_server.script.play(answer("one"), answer("two"), answer("three"))
    with client(llm_server, tmp_path) as c:
        assert c.complete(MSG, seed=1).text == "one"
        again = c.complete(MSG, seed=1)
        assert again.text == "one" and again.cached
        assert c.complete(MSG, seed=2).text == "two"  # another seed: asked
        assert c.complete(MSG, seed=1, temperature=0.7).text == "three"  # other parameters: asked
    assert len(llm_server.script.requests) == 3
    with client(llm_server, tmp_path) as c2:  # a new process reading the same cache: no request at all
        assert c2.complete(MSG, seed=2).text == "two" and c2.requests == 0


def test_429_and_5xx_are_retried_with_backoff_honouring_retry_after(llm_server) -> None:
    sleeps: list[float] = []
    llm_server.script.play({"status": 429, "retry_after": 2}, {"status": 503}, {"status": 500}, answer("finally"))
    with client(llm_server, sleeps=sleeps, max_retries=4, backoff_s=0.1) as c:
        assert c.complete(MSG).text == "finally"
        assert c.requests == 4
    assert sleeps == [2.0, 0.2, 0.4]  # Retry-After wins over the first backoff; then 0.1 * 2**attempt


def test_timeouts_are_retried_then_reported(llm_server) -> None:
    llm_server.script.play({"delay": 1.0, "content": "late"}, answer("in time"))
    with client(llm_server, timeout_s=0.25, max_retries=2) as c:
        assert c.complete(MSG).text == "in time"
    llm_server.script.play({"delay": 1.0, "content": "late"}, {"delay": 1.0, "content": "late"})
    with (
        client(llm_server, timeout_s=0.25, max_retries=1) as c,
        pytest.raises(BackendError, match=r"no answer after 2 attempts; last: timed out after 0.25 s"),
    ):
        c.complete([{"role": "user", "content": "other"}])


def test_errors_that_retrying_cannot_fix_fail_at_once_and_never_show_the_key(llm_server, monkeypatch) -> None:
    monkeypatch.setenv("SIM_TEST_KEY", KEY)
    llm_server.script.play({"status": 401, "text": "bad key"})
    with client(llm_server, api_key_env="SIM_TEST_KEY") as c, pytest.raises(BackendError) as err:
        c.complete(MSG)
    assert "HTTP 401 (not retried): bad key" in str(err.value) and KEY not in str(err.value)
    assert len(llm_server.script.requests) == 1
    llm_server.script.play({"raw": "<html>not json</html>"})
    with client(llm_server) as c, pytest.raises(BackendError, match="not JSON"):
        c.complete(MSG)
    monkeypatch.delenv("SIM_TEST_KEY")
    with pytest.raises(BackendError, match="SIM_TEST_KEY .* is not set"):
        client(llm_server, api_key_env="SIM_TEST_KEY")
    with pytest.raises(BackendError, match="must start with http"):
        BackendConfig(url="127.0.0.1:9/v1", model="m")


def test_batches_keep_their_order_under_the_concurrency_limit(llm_server) -> None:
    llm_server.script.play(*[{"echo": True, "delay": 0.15} for _ in range(6)])
    batch = [[{"role": "user", "content": f"q{i}"}] for i in range(6)]
    with client(llm_server, concurrency=2) as c:
        out = c.complete_many(batch)
    assert [o.text for o in out] == [f"echo: q{i}" for i in range(6)]
    assert llm_server.script.max_in_flight == 2


GOOD = """\
name: clinic
locale: en_US
tables:
  patients:
    rows: 50
    primary_key: patient_id
    columns:
      patient_id: sequence
      name: full_name
  appointments:
    rows: {per: patients, count: {distribution: poisson, lam: 2}}
    primary_key: appointment_id
    columns:
      appointment_id: sequence
      patient_id: {generator: foreign_key, references: patients.patient_id}
      status: {generator: categorical, values: {attended: 0.95, cancelled: 0.05}}
scenarios:
  - {name: no_show, table: appointments, rate: 0.05, labels: {no_show: 1}, columns: {status: {generator: constant, value: no_show}}}
"""
INVALID = GOOD.replace("rate: 0.05", "rate: 5")
MALFORMED = "tables:\n  patients: {rows: 50\n    columns: [\n"
PROMPT = "a dental clinic: 50 patients, appointments with a 5% no-show rate"


def test_draft_with_a_model_repairs_from_the_loaders_located_errors(llm_server, tmp_path) -> None:
    llm_server.script.play(
        answer("Here you go:\n```yaml\n" + MALFORMED + "```"),
        answer("```yaml\n" + INVALID + "```"),
        answer("```yaml\n" + GOOD + "```", model="served-model"),
    )
    with client(llm_server, tmp_path) as c:
        d = draft(PROMPT, client=c, repair_rounds=3)
    assert d.method == "model" and d.provenance["model"] == "served-model"
    assert d.provenance["prompt_version"] == "draft-v1" and d.provenance["repair_rounds"] == 2
    got = yaml.safe_load(d.text)
    assert (
        got.pop("description") == f"Drafted by `simulacra draft` (model served-model, prompt draft-v1) from: {PROMPT}"
    )
    assert got == yaml.safe_load(GOOD)
    manifest = simulacra.generate(load_plan("x.yaml", text=d.text), seed=1).manifest
    assert "model served-model, prompt draft-v1" in manifest["spec"]["description"]
    assert load_plan("x.yaml", text=d.text).spec.name == "clinic"
    assert "model: served-model" in d.text.splitlines()[0] and "prompt_version: draft-v1" in d.text.splitlines()[0]
    reqs = llm_server.script.requests
    assert len(reqs) == 3
    first_user = reqs[0]["messages"][1]["content"]
    assert PROMPT in first_user and "name: dental_clinic" in first_user  # the rule-based draft is offered as a start
    # round 2 shows the model the loader's located problems with its own YAML
    feedback = reqs[1]["messages"][-1]["content"]
    assert reqs[1]["messages"][-2] == {"role": "assistant", "content": "Here you go:\n```yaml\n" + MALFORMED + "```"}
    assert "draft.yaml" in feedback
    feedback = reqs[2]["messages"][-1]["content"]
    assert "draft.yaml:18: Input should be less than or equal to 1 (found 5)" in feedback, feedback
    # a rerun is answered from the cache: same bytes, no request
    llm_server.script.play()
    with client(llm_server, tmp_path) as c:
        again = draft(PROMPT, client=c, repair_rounds=3)
    assert again.text.split("\n", 1)[1] == d.text.split("\n", 1)[1] and llm_server.script.requests == []
    assert again.provenance["cached_replies"] == 3


def test_draft_with_a_model_fails_with_the_last_errors_when_still_invalid(llm_server) -> None:
    llm_server.script.play(*[answer("```yaml\n" + INVALID + "```") for _ in range(3)])
    with client(llm_server) as c, pytest.raises(SpecValidationError) as err:
        draft(PROMPT, client=c, repair_rounds=2)
    assert "still invalid after 2 repair rounds" in str(err.value)
    assert "draft.yaml:18: Input should be less than or equal to 1 (found 5)" in str(err.value)
    assert len(llm_server.script.requests) == 3


def test_cli_draft_with_a_backend_and_its_flag_errors(llm_server, tmp_path, monkeypatch) -> None:
    from simulacra.cli.main import main

    llm_server.script.play(answer("```yaml\n" + GOOD + "```"))
    out = tmp_path / "c.yaml"
    assert (
        main(
            [
                "draft",
                PROMPT,
                "-o",
                str(out),
                "--backend",
                llm_server.url,
                "--model",
                "scripted-1",
                "--cache",
                str(tmp_path / "cache"),
            ]
        )
        == 0
    )
    assert "model: scripted-1" in out.read_text().splitlines()[0]
    assert main(["draft", PROMPT, "-o", str(tmp_path / "d.yaml"), "--model", "m"]) == 6
    monkeypatch.delenv("NO_SUCH_KEY_VAR", raising=False)
    assert (
        main(
            [
                "draft",
                PROMPT,
                "-o",
                str(tmp_path / "d.yaml"),
                "--backend",
                llm_server.url,
                "--model",
                "m",
                "--api-key-env",
                "NO_SUCH_KEY_VAR",
            ]
        )
        == 6
    )
    assert not (tmp_path / "d.yaml").exists()
