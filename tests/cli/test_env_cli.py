"""`simulacra env build | run | score` on a spec written here (any spec, not only the shipped examples)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from simulacra.cli.main import main

SPEC = """\
name: library
seed: 11
tables:
  members:
    rows: 60
    primary_key: member_id
    columns:
      member_id: sequence
      email: {generator: email, unique: true}
      tier: {generator: categorical, values: {basic: 0.8, gold: 0.2}}
  loans:
    rows: {per: members, count: {distribution: poisson, lam: 2}}
    primary_key: loan_id
    columns:
      loan_id: {generator: pattern, pattern: "LN-{seq:05d}"}
      member_id: {generator: foreign_key, references: members.member_id}
      title: {generator: categorical, values: [Dune, Emma, Ulysses, Beloved, Walden]}
      fine: {generator: uniform, low: 0, high: 40, round: 2}
      status: {generator: categorical, values: {out: 0.6, returned: 0.4}}
actions:
  - name: waive_fine
    description: Waive part of the fine of a loan.
    table: loans
    params:
      amount: {type: number, min: 0.01, example: "round(fine / 2, 2)"}
    preconditions:
      - {check: "fine > 0", message: the loan has no fine}
      - {check: ":amount <= fine", message: cannot waive more than the fine}
    effects:
      - set: {fine: "round(fine - :amount, 2)"}
  - name: renew_loan
    description: Renew a loan that is out.
    table: loans
    preconditions:
      - {check: "status = 'out'", message: only loans that are out can be renewed}
    effects:
      - set: {status: "'renewed'"}
policy:
  rules:
    - {id: big_waivers, text: Waivers above 15 need the head librarian., action: waive_fine, when: ":amount > 15", outcome: needs_approval}
    - {id: gold_only_renewals, text: Only gold members renew by phone., action: renew_loan, outcome: forbid,
       when: "(SELECT m.tier FROM members m WHERE m.member_id = loans.member_id) != 'gold'"}
"""

AGENT = '''
def agent(task, history):
    """Looks the first word that is a loan id up, then finishes."""
    ids = [w.strip(".,?!()") for w in task["instruction"].split() if w.startswith("LN-")]
    if ids and not history:
        return {"name": "get_loans", "arguments": {"loan_id": ids[0]}}
    return {"name": "finish", "arguments": {"answer": str(history[-1]["observation"]) if history else ""}}
'''


def test_build_run_score(tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    spec = tmp_path / "library.yaml"
    spec.write_text(SPEC)
    env = tmp_path / "env"
    assert main(["env", "build", str(spec), "-o", str(env), "--tasks", "24"]) == 0
    out = capsys.readouterr().out
    assert "24 tasks" in out and "approval_boundary" in out and "s CPU" in out
    assert main(["env", "build", str(spec), "-o", str(env), "--tasks", "4"]) == 5
    assert "exists" in capsys.readouterr().err
    tools = {t["name"] for t in json.loads((env / "tools.json").read_text())}
    assert {"get_loans", "search_members", "list_loans_by_member_id", "waive_fine", "renew_loan"} <= tools

    rates = {}
    monkeypatch.syspath_prepend(str(tmp_path))
    (tmp_path / "my_agent.py").write_text(AGENT)
    for agent in ("oracle", "noop", "random", "my_agent:agent"):
        traj = tmp_path / f"{agent.replace(':', '_')}.jsonl"
        assert main(["env", "run", str(env), "--agent", agent, "--trials", "2", "-o", str(traj)]) == 0
        scores = tmp_path / f"{agent.replace(':', '_')}.json"
        assert main(["env", "score", str(env), str(traj), "--json", str(scores)]) == 0
        data = json.loads(scores.read_text())
        assert (
            set(data["summary"]) >= {"success_rate", "pass_at_k", "episodes", "tasks"}
            and data["summary"]["episodes"] == 48
        )
        assert all(not isinstance(v, (dict, list)) for v in data["summary"].values())
        html = scores.with_suffix(".html").read_text()
        assert "<table>" in html and "pass^k" in html and "By category" in html
        rates[agent] = data["summary"]["success_rate"]
    capsys.readouterr()
    assert rates["oracle"] == 1.0 and rates["noop"] < 1.0 and rates["random"] < 1.0
    assert rates["noop"] <= rates["my_agent:agent"] < 1.0  # it changes nothing, so it passes at least what noop passes

    assert main(["env", "run", str(env), "--agent", "nowhere:agent", "-o", str(tmp_path / "x.jsonl")]) == 2
    assert "cannot load agent" in capsys.readouterr().err
