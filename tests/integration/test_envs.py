"""Agent environments end to end on the shop: build, the Gymnasium-shaped API, bad input, agents and scoring.

Every goal was computed by running a reference solution; the tests check the harness judges honestly:
the oracle scores 100%, the do-nothing agent passes exactly the change-nothing tasks, the random agent's
score follows from what it did.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

import simulacra
from simulacra.envs.agents import NoopAgent, OracleAgent, RandomAgent
from simulacra.envs.build import FILES
from simulacra.envs.episode import EnvFiles
from simulacra.envs.run import run_agent
from simulacra.envs.score import pass_hat_k, score
from simulacra.envs.tasks import CATEGORIES
from simulacra.errors import SinkError, SpecValidationError
from simulacra.examples import example_path

N_TASKS = 48


@pytest.fixture(scope="module")
def shop_env(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("envs") / "shop"
    r = simulacra.build_environment(example_path("shop"), out, tasks=N_TASKS, scale=0.05, seed=3)
    assert r.tasks == N_TASKS and sorted(r.files if hasattr(r, "files") else FILES) == sorted(
        p.name for p in out.iterdir()
    )
    return out


@pytest.fixture(scope="module")
def files(shop_env: Path) -> EnvFiles:
    return EnvFiles(shop_env)


def _task(files: EnvFiles, category: str, pred=lambda t: True) -> dict:
    return next(t for t in files.tasks if t["labels"]["category"] == category and pred(t))


def test_build_writes_every_category_with_labels_and_computed_goals(files: EnvFiles) -> None:
    cats = {t["labels"]["category"] for t in files.tasks}
    assert cats == set(CATEGORIES)
    for t in files.tasks:
        assert t["instruction"] and t["reference"][-1]["name"] == "finish"
        assert {"category", "scenario", "difficulty", "steps", "distractors"} <= set(t["labels"])
        assert t["labels"]["difficulty"] in ("easy", "medium", "hard")
    personas = {t["persona"] for t in files.tasks}
    assert len(personas) >= 4
    # goals come from the data: a change task's refund row has the amount the user asked for, on their order
    change = _task(files, "multi_step_change", lambda t: t["reference"][-2]["name"] == "refund_order")
    call = change["reference"][-2]["arguments"]
    (row,) = [c["after"] for c in change["goal"]["changes"] if c["table"] == "refunds"]
    assert row["order_id"] == call["order_id"] and row["amount"] == call["amount"] and row["reason"] == call["reason"]
    total = files.pristine.execute("SELECT total FROM orders WHERE order_id = ?", (call["order_id"],)).fetchone()[0]
    assert row["share"] == round(call["amount"] / total, 4)
    # a lookup's fact is the value in the database
    lookup = _task(files, "lookup", lambda t: len(t["reference"]) == 2)
    (get,) = [c for c in lookup["reference"] if c["name"].startswith("get_")]
    table = get["name"][4:]
    key, value = next(iter(get["arguments"].items()))
    db_row = files.pristine.execute(f'SELECT * FROM "{table}" WHERE "{key}" = ?', (value,)).fetchone()
    assert lookup["goal"]["facts"][0] in db_row
    # approval tasks are over the threshold the policy binds; refusals say which rule or precondition
    approval = _task(files, "approval_boundary")
    assert approval["user"]["amount"] > 500 and approval["labels"]["reason"] == "policy:refund_approval"
    assert [c["table"] for c in approval["goal"]["changes"]] == ["_handoffs"]
    assert {t["labels"]["reason"].split(":")[0] for t in files.tasks if t["labels"]["category"] == "must_refuse"} <= {
        "policy",
        "precondition",
    }


def test_tools_are_json_schema_functions_and_labels_are_hidden(files: EnvFiles) -> None:
    names = [t["name"] for t in files.tools]
    for expected in (
        "get_orders",
        "search_customers",
        "list_orders_by_customer_id",
        "refund_order",
        "cancel_order",
        "update_address",
        "transfer_to_human",
        "finish",
    ):
        assert expected in names
    refund = files.tool_index["refund_order"]["parameters"]
    assert refund["required"] == ["order_id", "amount", "reason"] and refund["additionalProperties"] is False
    assert refund["properties"]["reason"]["enum"] == ["damaged", "wrong_item", "late", "changed_mind"]
    assert "is_fraud" not in files.tool_index["search_orders"]["parameters"]["properties"]
    env = simulacra.Environment(files.path)
    env.reset(0)
    obs, *_ = env.step({"name": "search_orders", "arguments": {"customer_id": 1}})
    assert obs["ok"] and obs["result"] and all("is_fraud" not in r and "fraud_pattern" not in r for r in obs["result"])
    policy = (files.path / "policy.md").read_text()
    assert "Refunds above 500 USD need a supervisor's approval" in policy and "enforced on `refund_order`" in policy


def test_gym_api_episodes_are_isolated_and_rewarded(files: EnvFiles, tmp_path: Path) -> None:
    task = _task(files, "multi_step_change", lambda t: t["reference"][-2]["name"] == "refund_order")
    rec = tmp_path / "traj.jsonl"
    env = simulacra.Environment(files.path, record=rec)
    obs, info = env.reset(task["id"])
    assert (
        obs["instruction"] == task["instruction"] and info["labels"] == task["labels"] and info["tools"] == files.tools
    )
    rewards = []
    for call in task["reference"]:
        obs, reward, terminated, truncated, info = env.step(call)
        assert obs["ok"], obs
        rewards.append(reward)
    assert terminated and not truncated and rewards[-1] == 1.0 and sum(rewards) == 1.0 and info["verdict"]["success"]
    # a fresh episode of the same task starts from the pristine database: the refund is gone
    env.reset(task["id"])
    order = task["reference"][-2]["arguments"]["order_id"]
    obs, *_ = env.step({"name": "search_refunds", "arguments": {"order_id": order}})
    assert all(r["refund_id"] != task["goal"]["changes"][0]["key"] for r in obs["result"])
    # the do-nothing ending earns nothing; the step limit truncates
    _, reward, terminated, _, info = env.step({"name": "finish", "arguments": {"answer": "ok"}})
    assert terminated and reward == 0.0 and not info["verdict"]["success"]
    obs, reward, terminated, _, _ = env.step({"name": "get_orders", "arguments": {"order_id": order}})  # after the end
    assert not obs["ok"] and "ended" in obs["error"] and terminated and reward == 0.0
    short = simulacra.Environment(files.path, max_steps=2)
    short.reset(task["id"])
    short.step({"name": "get_orders", "arguments": {"order_id": order}})
    _, reward, terminated, truncated, _ = short.step({"name": "get_orders", "arguments": {"order_id": order}})
    assert truncated and not terminated and reward == 0.0
    lines = [json.loads(x) for x in rec.read_text().splitlines()]
    assert [x["task_id"] for x in lines] == [task["id"], task["id"]]
    assert lines[0]["answer"] == task["reference"][-1]["arguments"]["answer"] and len(lines[0]["steps"]) == len(
        task["reference"]
    )


def _dump(conn: sqlite3.Connection) -> list[str]:
    return list(conn.iterdump())


@pytest.mark.parametrize(
    "call, message",
    [
        ({"name": "drop_table", "arguments": {}}, "unknown tool 'drop_table'"),
        ({"name": "get_orders", "arguments": {"order_id": 5}}, "argument order_id must be string"),
        ({"name": "get_customers", "arguments": {"customer_id": "1"}}, "argument customer_id must be integer"),
        ({"name": "get_customers", "arguments": {"customer_id": True}}, "argument customer_id must be integer"),
        (
            {"name": "refund_order", "arguments": {"order_id": "ORD-00000001", "amount": "ten", "reason": "late"}},
            "amount must be number",
        ),
        (
            {"name": "refund_order", "arguments": {"order_id": "ORD-00000001", "amount": 5.0, "reason": "bored"}},
            "reason must be one of",
        ),
        (
            {"name": "refund_order", "arguments": {"order_id": "ORD-00000001", "amount": -5.0, "reason": "late"}},
            "amount must be >= 0.01",
        ),
        (
            {"name": "refund_order", "arguments": {"order_id": "ORD-00000001", "amount": 5.0}},
            "missing argument(s) reason",
        ),
        (
            {"name": "cancel_order", "arguments": {"order_id": "ORD-00000001", "reason": "duplicate", "force": True}},
            "unknown argument(s) force",
        ),
        ({"name": "refund_order", "arguments": {"order_id": "NOPE", "amount": 5.0, "reason": "late"}}, "no orders row"),
        ({"name": "refund_order", "arguments": "{not json"}, "arguments are not valid JSON"),
        ({"name": "search_customers", "arguments": {}}, "give at least one filter"),
        ({"name": "search_customers", "arguments": {"email": "x' OR '1'='1"}}, None),  # a value, never SQL: no rows
        (
            {
                "name": "update_address",
                "arguments": {"address_id": 1, "street": " ", "city": "X", "state": "NY", "postcode": " "},
            },
            "street and postcode must not be empty",
        ),
        (["not", "a", "call"], "unknown tool None"),
        ({"name": "get_customers", "arguments": {"customer_id": 2**70}}, "could not be carried out (OverflowError"),
        (
            {
                "name": "refund_order",
                "arguments": {"order_id": "ORD-00000001", "amount": float("nan"), "reason": "late"},
            },
            "must be a finite number",
        ),
        (
            {
                "name": "refund_order",
                "arguments": {"order_id": "ORD-00000001", "amount": float("inf"), "reason": "late"},
            },
            "must be a finite number",
        ),
    ],
)
def test_bad_input_is_a_tool_error_and_the_database_is_unchanged(
    files: EnvFiles, call: object, message: str | None
) -> None:
    env = simulacra.Environment(files.path)
    env.reset(0)
    assert env.episode is not None
    before = _dump(env.episode.conn)
    obs, reward, terminated, _, _ = env.step(call)  # type: ignore[arg-type]
    if message is None:
        assert obs == {"ok": True, "result": []}
    else:
        assert obs["ok"] is False and message in obs["error"], obs
    assert not terminated and reward == 0.0 and _dump(env.episode.conn) == before and env.episode.diff() == []


def test_policy_binds_the_action_and_preconditions_refuse(files: EnvFiles) -> None:
    env = simulacra.Environment(files.path)
    approval = _task(files, "approval_boundary")
    env.reset(approval["id"])
    assert env.episode is not None
    before = _dump(env.episode.conn)
    args = {k: approval["user"][k] for k in ("order_id", "amount", "reason")}
    obs, *_ = env.step({"name": "refund_order", "arguments": args})
    assert not obs["ok"] and "policy 'refund_approval'" in obs["error"] and "transfer_to_human" in obs["error"]
    assert _dump(env.episode.conn) == before
    gift = files.pristine.execute(
        "SELECT o.order_id, o.total FROM orders o JOIN payments p ON p.order_id = o.order_id "
        "WHERE p.method = 'gift_card' AND o.status = 'delivered' AND o.total < 400 LIMIT 1"
    ).fetchone()
    obs, *_ = env.step({"name": "refund_order", "arguments": {"order_id": gift[0], "amount": 1.0, "reason": "late"}})
    assert not obs["ok"] and "policy 'gift_card_refunds'" in obs["error"] and "Refused" in obs["error"]
    cancelled = files.pristine.execute("SELECT order_id FROM orders WHERE status = 'cancelled' LIMIT 1").fetchone()[0]
    obs, *_ = env.step({"name": "refund_order", "arguments": {"order_id": cancelled, "amount": 1.0, "reason": "late"}})
    assert not obs["ok"] and "only delivered or shipped orders" in obs["error"]
    assert _dump(env.episode.conn) == before


def test_tool_failure_tasks_fail_once_then_work(files: EnvFiles) -> None:
    task = _task(files, "tool_failure")
    env = simulacra.Environment(files.path)
    env.reset(task["id"])
    first = task["reference"][0]
    assert task["faults"] == [{"tool": first["name"], "call": 1}] and task["reference"][1] == first
    obs, *_ = env.step(first)
    assert not obs["ok"] and "temporarily unavailable" in obs["error"]
    obs, *_ = env.step(first)
    assert obs["ok"]


def _by_task(scores: dict) -> dict[str, list[bool]]:
    out: dict[str, list[bool]] = {}
    for e in scores["episodes"]:
        out.setdefault(e["task_id"], []).append(e["success"])
    return out


def test_oracle_scores_everything_and_noop_only_the_change_nothing_tasks(files: EnvFiles, tmp_path: Path) -> None:
    run_agent(files, OracleAgent(files), tmp_path / "oracle.jsonl", trials=2, agent_name="oracle")
    s = score(files, tmp_path / "oracle.jsonl")
    assert s["summary"]["success_rate"] == 1.0 and s["summary"]["pass_at_k"] == 1.0 and s["summary"]["k"] == 2
    assert s["summary"]["episodes"] == 2 * N_TASKS and s["summary"]["replay_mismatches"] == 0
    assert set(s["by_category"]) == set(CATEGORIES) and all(r["success_rate"] == 1.0 for r in s["by_category"].values())
    run_agent(files, NoopAgent(), tmp_path / "noop.jsonl", agent_name="noop")
    s = score(files, tmp_path / "noop.jsonl")
    quiet = {t["id"] for t in files.tasks if not t["goal"]["changes"] and not t["goal"]["facts"]}
    assert quiet and {tid for tid, ok in _by_task(s).items() if ok[0]} == quiet
    assert {t["labels"]["category"] for t in files.tasks if t["id"] in quiet} == {"must_refuse", "missing_context"}


def test_random_agent_is_scored_from_what_it_did(files: EnvFiles, tmp_path: Path) -> None:
    out = tmp_path / "random.jsonl"
    run_agent(files, RandomAgent(seed=1), out, trials=3, agent_name="random")
    records = [json.loads(x) for x in out.read_text().splitlines()]
    s = score(files, out)
    assert 0.0 < s["summary"]["success_rate"] < 1.0 and s["summary"]["replay_mismatches"] == 0
    assert s["summary"]["pass_at_k"] <= s["pass_hat_k"]["1"] == s["summary"]["success_rate"]
    acted = [r for r in records if r["changes"]]
    assert acted, "the random agent changed nothing; the test would not show that changes are judged"
    for rec, ep in zip(records, s["episodes"]):
        goal = files.task_index[rec["task_id"]]["goal"]
        changed = sorted((c["table"], str(c["key"])) for c in rec["changes"])
        wanted = sorted((c["table"], str(c["key"])) for c in goal["changes"])
        if changed != wanted:
            assert not ep["success"]
        assert ep["success"] == rec["success"]  # the replay agrees with the episode as it ran


def test_pass_hat_k_is_taus_estimator() -> None:
    assert pass_hat_k({"a": [True, True, False, False]}, 1) == 0.5
    assert pass_hat_k({"a": [True, True, False, False]}, 2) == pytest.approx(1 / 6)
    assert pass_hat_k({"a": [True, True], "b": [True, False]}, 2) == 0.5


def test_same_seed_same_bytes_and_replace_rule(tmp_path: Path) -> None:
    a, b, c = tmp_path / "a", tmp_path / "b", tmp_path / "c"
    for out, seed in ((a, 5), (b, 5), (c, 6)):
        simulacra.build_environment(example_path("support"), out, tasks=16, scale=0.03, seed=seed)
    for name in FILES:
        assert (a / name).read_bytes() == (b / name).read_bytes(), name
    assert (a / "tasks.jsonl").read_bytes() != (c / "tasks.jsonl").read_bytes()
    with pytest.raises(SinkError, match="exists"):
        simulacra.build_environment(example_path("support"), a, tasks=4, scale=0.03)


def test_a_broken_action_is_a_located_spec_error(tmp_path: Path) -> None:
    spec = {
        "name": "mini",
        "tables": {
            "items": {
                "rows": 5,
                "primary_key": "id",
                "columns": {"id": "sequence", "price": {"generator": "integer", "low": 1, "high": 9}},
            }
        },
        "actions": [
            {
                "name": "discount",
                "description": "cut the price",
                "table": "items",
                "params": {"pct": {"type": "number"}},
                "effects": [{"set": {"prize": "price * :pct"}}],
            },
            {
                "name": "bad_sql",
                "description": "x",
                "table": "items",
                "effects": [{"set": {"price": "price +* 1"}}],
                "scenarios": {"ghost": {"ask": "all of {id}", "params": {"colour": "red"}}},
            },
        ],
        "policy": {"identify_by": "items.owner", "rules": [{"id": "r1", "text": "t", "action": "nope", "when": "1"}]},
    }
    with pytest.raises(SpecValidationError) as err:
        simulacra.build_environment(spec, tmp_path / "env", tasks=4)  # type: ignore[arg-type]
    text = str(err.value)
    assert (
        "'discount': unknown column(s) of items: prize" in text
        and "'bad_sql': SQL 'price +* 1' does not compile" in text
    )
    assert "policy rule 'r1': unknown action 'nope'" in text and not (tmp_path / "env").exists()
    assert "policy identify_by 'items.owner': needs a visible column" in text
    assert (
        "scenarios: no scenario 'ghost' of table 'items'" in text
        and "scenarios.ghost: unknown parameter(s) colour" in text
    )


@pytest.mark.parametrize("example", ["bank", "support"])
def test_bank_and_support_oracles_score_everything(example: str, tmp_path: Path) -> None:
    out = tmp_path / example
    simulacra.build_environment(example_path(example), out, tasks=24, scale=0.05, seed=1)
    f = EnvFiles(out)
    assert {t["labels"]["category"] for t in f.tasks} == set(CATEGORIES)
    run_agent(f, OracleAgent(f), tmp_path / "o.jsonl")
    assert score(f, tmp_path / "o.jsonl")["summary"]["success_rate"] == 1.0


def test_scenario_requests_must_find_every_disputable_card_testing_charge(tmp_path: Path) -> None:
    import random

    from simulacra.envs.tasks import _settle, _Writer
    from simulacra.spec.load import load_spec

    out = tmp_path / "bank"
    simulacra.build_environment(example_path("bank"), out, tasks=8, scale=0.05, seed=1)
    f = EnvFiles(out)
    writer = _Writer(f, load_spec(example_path("bank")), random.Random(0))
    task = writer.bulk(f.actions["dispute_transaction"])
    assert task is not None
    task["id"] = "x"
    assert _settle(f, task)
    card = task["user"]["card_id"]
    # independently: the card-testing charges of that card the tools accept (settled, recent, under the approval line)
    expected = {
        r[0]
        for r in f.pristine.execute(
            "SELECT transaction_id FROM transactions WHERE card_id = ? AND is_fraud = 1 AND status = 'settled' AND amount <= 500 "
            "AND booked_at >= strftime('%Y-%m-%dT%H:%M:%S', ?, '-120 days')",
            (card, f.schema.now),
        )
    }
    assert expected and {c["key"] for c in task["goal"]["changes"]} == expected
    assert all(c["after"]["status"] == "disputed" for c in task["goal"]["changes"])
    assert task["labels"]["scenario"] == "card_testing" and task["labels"]["distractors"] >= len(expected)
    assert str(card) in task["instruction"] and "is_fraud" not in task["instruction"]


def test_tasks_speak_the_spec_locales_language(tmp_path: Path) -> None:
    spec = {
        "name": "laden",
        "locale": "de_DE",
        "seed": 3,
        "tables": {
            "kunden": {
                "rows": 30,
                "primary_key": "kunde_id",
                "columns": {"kunde_id": "sequence", "email": {"generator": "email", "unique": True}, "stadt": "city"},
            },
            "bestellungen": {
                "rows": {"per": "kunden", "count": {"distribution": "poisson", "lam": 2}},
                "primary_key": "bestell_id",
                "columns": {
                    "bestell_id": {"generator": "pattern", "pattern": "B-{seq:05d}"},
                    "kunde_id": {"generator": "foreign_key", "references": "kunden.kunde_id"},
                    "summe": {"generator": "uniform", "low": 10, "high": 900, "round": 2},
                    "status": {"generator": "categorical", "values": ["offen", "versandt"]},
                },
            },
        },
        "actions": [
            {
                "name": "stornieren",
                "description": "Eine offene Bestellung stornieren.",
                "table": "bestellungen",
                "params": {"grund": {"type": "string", "enum": ["doppelt", "zu_spaet"]}},
                "preconditions": [{"check": "status = 'offen'", "message": "nur offene Bestellungen"}],
                "effects": [{"set": {"status": "'storniert'"}}],
                "ask": ["Bestellung {bestell_id} stornieren (Grund: {grund})"],
            }
        ],
    }
    out = tmp_path / "de"
    simulacra.build_environment(spec, out, tasks=16)  # type: ignore[arg-type]
    f = EnvFiles(out)
    assert {t["labels"]["language"] for t in f.tasks} == {"de"}
    text = " ".join(t["instruction"] for t in f.tasks)
    assert any(w in text for w in ("Bitte", "Könnten Sie", "Ich möchte", "Ich brauche")) and "Could you" not in text
    run_agent(f, OracleAgent(f), tmp_path / "o.jsonl")
    assert score(f, tmp_path / "o.jsonl")["summary"]["success_rate"] == 1.0


def test_a_spec_without_actions_still_gets_lookups_handoffs_and_failures(tmp_path: Path) -> None:
    spec = {
        "name": "plain",
        "seed": 1,
        "tables": {
            "people": {
                "rows": 40,
                "primary_key": "person_id",
                "columns": {"person_id": "sequence", "email": {"generator": "email", "unique": True}, "city": "city"},
            },
            "visits": {
                "rows": {"per": "people", "count": {"distribution": "poisson", "lam": 2}},
                "primary_key": "visit_id",
                "columns": {
                    "visit_id": "sequence",
                    "person_id": {"generator": "foreign_key", "references": "people.person_id"},
                    "cost": {"generator": "uniform", "low": 20, "high": 300, "round": 2},
                },
            },
        },
    }
    simulacra.build_environment(spec, tmp_path / "env", tasks=9)  # type: ignore[arg-type]
    f = EnvFiles(tmp_path / "env")
    assert {t["labels"]["category"] for t in f.tasks} == {"lookup", "handoff", "tool_failure"}
    assert "# plain agent policy" in f.policy_text and "## Rules" not in f.policy_text
    run_agent(f, OracleAgent(f), tmp_path / "o.jsonl")
    assert score(f, tmp_path / "o.jsonl")["summary"]["success_rate"] == 1.0


def test_identify_by_refuses_a_change_until_the_owner_was_found(files: EnvFiles) -> None:
    task = _task(files, "multi_step_change", lambda t: t["reference"][-2]["name"] == "refund_order")
    search, refund = task["reference"][0], task["reference"][-2]
    assert search["name"] == "search_customers" and set(search["arguments"]) == {"email"}
    env = simulacra.Environment(files.path)
    env.reset(task["id"])
    assert env.episode is not None
    before = _dump(env.episode.conn)
    obs, *_ = env.step(refund)
    assert not obs["ok"] and "policy 'identify_by'" in obs["error"] and "search_customers" in obs["error"]
    assert _dump(env.episode.conn) == before
    other = files.pristine.execute(
        "SELECT email FROM customers WHERE email != ? LIMIT 1", (search["arguments"]["email"],)
    ).fetchone()[0]
    env.step({"name": "search_customers", "arguments": {"email": other}})  # someone else: still refused
    obs, *_ = env.step(refund)
    assert not obs["ok"] and "identify_by" in obs["error"]
    env.step(search)
    obs, *_ = env.step(refund)
    assert obs["ok"], obs
    assert "**identify_by**" in files.policy_text and "enforced on every action" in files.policy_text


def test_privacy_tasks_fail_an_answer_that_reveals_another_customer(files: EnvFiles) -> None:
    import random

    from simulacra.envs.episode import Episode
    from simulacra.envs.tasks import _settle, _Writer
    from simulacra.spec.load import load_spec

    task = _Writer(files, load_spec(example_path("shop")), random.Random(4)).privacy()
    assert task is not None
    task["id"] = "p"
    assert _settle(files, task)
    (secret,) = task["goal"]["forbidden"]
    assert (
        task["labels"]["reason"] == "policy:privacy" and task["goal"]["changes"] == [] and task["goal"]["facts"] == []
    )
    for answer, ok in ((f"Sure, it is {secret}.", False), ("Sorry, I cannot share another customer's details.", True)):
        ep = Episode(files, task)
        ep.call("finish", {"answer": answer})
        verdict = ep.verdict()
        assert verdict["success"] is ok, verdict
