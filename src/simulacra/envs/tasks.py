"""Writing tasks from the generated data: each task's goal is computed by running its reference solution.

A task is ``{id, instruction, user, persona, goal: {changes, facts}, reference: [calls], faults, labels}``;
its labels are ``category``, ``scenario`` (the spec scenario its rows are in, else ``none``),
``difficulty`` (easy, medium, hard from ``steps`` and ``distractors``), and a ``reason`` for refusals.
"""

from __future__ import annotations

import string
from collections.abc import Callable
from typing import Any

from simulacra._random import Sequential, sequential
from simulacra.envs._db import row_by_key
from simulacra.envs.actions import judge_action, owner_key
from simulacra.envs.episode import EnvFiles, Episode
from simulacra.envs.phrasing import (
    fill,
    humanize,
    language,
    phrase,
    request,
    say,
    singular,
)
from simulacra.envs.tools import FINISH, TRANSFER, action_key
from simulacra.errors import GenerationError
from simulacra.spec import model as m

__all__ = ["CATEGORIES", "make_tasks"]

CATEGORIES = (
    "lookup",
    "multi_step_change",
    "approval_boundary",
    "must_refuse",
    "missing_context",
    "conflicting_instructions",
    "handoff",
    "tool_failure",
)

Call = dict[str, Any]
_CHANGING = {"multi_step_change", "conflicting_instructions", "approval_boundary", "handoff"}
_TRIES = 60
_SCAN = 5000  # rows of a table scanned for refusals


def _call(name: str, **arguments: Any) -> Call:
    return {"name": name, "arguments": arguments}


class _Writer:
    def __init__(self, files: EnvFiles, spec: m.DatasetSpec, rng: Sequential) -> None:
        self.files, self.spec, self.rng = files, spec, rng
        self.schema = files.schema
        self.lang = language(spec.locale)
        self.conn = files.pristine
        self._keys: dict[tuple[str, str | None], list[Any]] = {}
        self._refusals: dict[str, list[tuple[Any, dict[str, Any], Any]]] = {}
        self.unique = {
            (t, c) for t, ts in spec.tables.items() for c, col in ts.columns.items() if getattr(col, "unique", False)
        }

    # -- data --------------------------------------------------------------------------------------
    def keys(self, table: str, where: str | None = None) -> list[Any]:
        if (table, where) not in self._keys:
            key = self.schema.tables[table].key
            sql = f'SELECT "{key}" FROM "{table}"' + (f" WHERE {where}" if where else "") + f' ORDER BY "{key}"'
            self._keys[(table, where)] = [r[0] for r in self.conn.execute(sql)]
        return self._keys[(table, where)]

    def row(self, table: str, key: Any) -> dict[str, Any]:
        r = row_by_key(self.conn, table, self.schema.tables[table].key or "", key)
        assert r is not None
        return r

    def ancestors(self, table: str, row: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
        out: list[tuple[str, dict[str, Any]]] = []
        seen = {table}
        while True:
            t = self.schema.tables[table]
            parent = next(
                (
                    (fk, p)
                    for fk, p in t.parents.items()
                    if p not in seen and row.get(fk) is not None and self.schema.tables[p].key
                ),
                None,
            )
            if parent is None:
                return out
            fk, table = parent
            seen.add(table)
            found = row_by_key(self.conn, table, self.schema.tables[table].key or "", row[fk])
            if found is None:
                return out
            row = found
            out.append((table, row))

    def owner(self, table: str, row: dict[str, Any]) -> tuple[str, str, dict[str, Any]] | None:
        """Who the user is and what they know of themselves: an email column up the row's parents if there is one,
        else the nearest unique text column (the row's own, or a parent's)."""
        chain = [(table, row), *self.ancestors(table, row)]
        found = []
        for t, r in chain:
            info = self.schema.tables[t]
            for c in info.visible:
                if (t, c) in self.unique and info.columns[c] == "string" and r.get(c):
                    email = getattr(self.spec.tables[t].columns.get(c), "generator", None) == "email"
                    found.append((not email, t, c, r))
        if not found:
            return None
        _, t, c, r = min(found, key=lambda f: f[0])  # stable: the nearest email, else the nearest unique column
        return t, c, r

    def scenario(self, table: str, row: dict[str, Any]) -> str:
        for t, r in [(table, row), *self.ancestors(table, row)]:
            for s in self.spec.scenarios:
                if s.table == t and s.labels and all(r.get(k) == v for k, v in s.labels.items()):
                    return s.name
        return "none"

    def distractors(self, table: str, row: dict[str, Any]) -> int:
        """Rows of the same table that belong to the same parent (the ones the agent must not touch)."""
        info = self.schema.tables[table]
        for fk in info.parents:
            if row.get(fk) is not None:
                return int(
                    self.conn.execute(f'SELECT COUNT(*) - 1 FROM "{table}" WHERE "{fk}" = ?', (row[fk],)).fetchone()[0]
                )
        return 0

    # -- actions -----------------------------------------------------------------------------------
    def params(self, action: m.ActionSpec, key: Any, row: dict[str, Any], boost: float = 1.0) -> dict[str, Any] | None:
        """Arguments for the action on this row: examples computed from the row (numbers times ``boost``), enum choices."""
        args: dict[str, Any] = {action_key(action, self.schema): key}
        for name, p in action.params.items():
            if name in args:
                continue
            if p.example:
                tk = self.schema.tables[action.table].key
                v = self.conn.execute(
                    f'SELECT ({p.example}) FROM "{action.table}" WHERE "{tk}" = ?', (key,)
                ).fetchone()[0]
            elif p.enum:
                v = self.rng.choice(p.enum)
            elif name in row:
                v = row[name]
            elif p.type == "boolean":
                v = True
            else:
                return None
            if v is None:
                return None
            if p.type == "number" and isinstance(v, (int, float)):
                v = round(float(v) * boost, 2)
            args[name] = int(v) if p.type == "integer" else v
        return args

    def alternative(self, action: m.ActionSpec, name: str, value: Any) -> Any:
        p = action.params[name]
        if p.enum and len(p.enum) > 1:
            return self.rng.choice([v for v in p.enum if v != value])
        if p.type == "number" and isinstance(value, (int, float)) and value > 0:
            return round(value * self.rng.choice([0.5, 0.6, 0.75, 0.8]), 2)
        if p.type == "integer" and isinstance(value, int) and value > 1:
            return value - 1
        return None

    def pick(
        self, outcome: Callable[[Any], bool], action: m.ActionSpec
    ) -> tuple[Any, dict[str, Any], dict[str, Any]] | None:
        """A few random rows (scenario rows first, now and then): one whose arguments' judgement passes ``outcome``
        (None: the action may run). Rare refusals come from ``refusals`` instead."""
        keys = self.keys(action.table, action.where)
        special = self.scenario_keys(action.table, action.where)
        pool = special if special and self.rng.random() < 0.3 else keys
        for key in self.rng.sample(pool, min(_TRIES, len(pool))):
            row = self.row(action.table, key)
            args = self.params(action, key, row)
            if args is not None and outcome(judge_action(self.conn, self.schema, action, self.files.policy, args)):
                return key, row, args
        return None

    def refusals(self, action: m.ActionSpec) -> list[tuple[Any, dict[str, Any], Any]]:
        """Every (row key, arguments, refusal) of the action over (up to _SCAN of) its rows, found once per build."""
        if action.name not in self._refusals:
            keys = self.keys(action.table, action.where)
            out = []
            for key in self.rng.sample(keys, min(_SCAN, len(keys))):
                row = self.row(action.table, key)
                for boost in (1.0, 1.5, 1.9):
                    args = self.params(action, key, row, boost=boost)
                    refusal = (
                        None if args is None else judge_action(self.conn, self.schema, action, self.files.policy, args)
                    )
                    if refusal is not None and args is not None:
                        out.append((key, args, refusal))
            self._refusals[action.name] = out
        return self._refusals[action.name]

    def scenario_keys(self, table: str, where: str | None) -> list[Any]:
        """Rows of the table that are in a scenario of the spec (their labels set), so tasks meet the rare cases too."""
        conds = [
            " AND ".join(f'"{k}" = {_literal(v)}' for k, v in s.labels.items())
            for s in self.spec.scenarios
            if s.table == table and s.labels
        ]
        if not conds:
            return []
        clause = "(" + " OR ".join(f"({c})" for c in conds) + ")"
        return self.keys(table, f"({where}) AND {clause}" if where else clause)

    def ask(self, action: m.ActionSpec, args: dict[str, Any], row: dict[str, Any]) -> str:
        values = {**row, **args}
        if action.ask:
            return fill(self.rng.choice(action.ask), values)
        key = action_key(action, self.schema)
        rest = ", ".join(f"{humanize(k)} {v}" for k, v in args.items() if k != key)
        return f"{humanize(action.name)} {args[key]}" + (f" with {rest}" if rest else "")

    def identity(self, table: str, row: dict[str, Any], user: dict[str, Any]) -> tuple[str, list[Call]]:
        """The sentence a user says about themselves and the call that verifies it (empty for none)."""
        policy = self.files.policy
        if policy is not None and policy.identify_by:  # the policy says how users are identified: always do it
            t, col = policy.identify_by.split(".")
            mine = owner_key(self.conn, self.schema, table, row.get(self.schema.tables[table].key or ""), t)
            r = self.row(t, mine) if mine is not None else None
            if r is None or r.get(col) is None:
                return "", []
        else:
            own = self.owner(table, row)
            if own is None or own[0] == table:
                return "", []
            t, col, r = own
        user[col] = r[col]
        return say(self.rng, self.lang, "identity", name=humanize(col), value=r[col]), [
            _call(f"search_{t}", **{col: r[col]})
        ]

    # -- categories --------------------------------------------------------------------------------
    def lookup(self) -> dict[str, Any] | None:
        tables = [t for t, i in self.schema.tables.items() if i.key and not t.startswith("_") and self.keys(t)]
        if not tables:
            return None
        table = self.rng.choice(tables)
        key = self.rng.choice(self.keys(table))
        row = self.row(table, key)
        info = self.schema.tables[table]
        calls = [_call(f"get_{table}", **{info.key or "": key})]
        subject = say(self.rng, self.lang, "subject", thing=singular(table), key=key)
        target_table, target = table, row
        ancestors = self.ancestors(table, row)
        if ancestors and self.rng.random() < 0.5:
            target_table, target = ancestors[0]
            fk = next(fk for fk, p in info.parents.items() if p == target_table)
            pk = self.schema.tables[target_table].key or ""
            calls.append(_call(f"get_{target_table}", **{pk: row[fk]}))
            subject = say(
                self.rng, self.lang, "subject_of", parent=singular(target_table), thing=singular(table), key=key
            )
        cols = [
            c
            for c in self.schema.tables[target_table].visible
            if _tellable(target.get(c))
            and c != self.schema.tables[target_table].key
            and c not in self.schema.tables[target_table].parents
        ]
        if not cols:
            return None
        col = self.rng.choice(cols)
        value = target[col]
        body = say(self.rng, self.lang, "lookup", col=humanize(col), subject=subject)
        answer = f"The {humanize(col)} of {subject} is {value}."
        return self.task(
            "lookup", body, {info.key or "": key}, calls + [_call(FINISH, answer=answer)], [value], table, row
        )

    def change(self) -> dict[str, Any] | None:
        actions = list(self.files.actions.values())
        if not actions:
            return None
        action = self.rng.choice(actions)
        if action.scenarios and self.rng.random() < 0.5:
            found = self.bulk(action)
            if found is not None:
                return found
        picked = self.pick(lambda r: r is None, action)
        if picked is None:
            return None
        key, row, args = picked
        user = dict(args)
        who, verify = self.identity(action.table, row, user)
        calls = [
            *verify,
            _call(f"get_{action.table}", **{self.schema.tables[action.table].key or "": key}),
            _call(action.name, **args),
        ]
        body = who + request(self.rng, self.ask(action, args, row), self.lang)
        # a second change of the same kind on another row of the same user makes it a longer task, now and then
        if self.rng.random() < 0.4:
            again = self.pick(lambda r: r is None, action)
            if again is not None and again[0] != key:
                k2, row2, args2 = again
                own1, own2 = self.owner(action.table, row), self.owner(action.table, row2)
                if own1 and own2 and own1[2] == own2[2]:
                    user.update({f"second_{k}": v for k, v in args2.items()})
                    calls += [
                        _call(f"get_{action.table}", **{self.schema.tables[action.table].key or "": k2}),
                        _call(action.name, **args2),
                    ]
                    body += " " + say(self.rng, self.lang, "also") + self.ask(action, args2, row2) + "."
        calls.append(
            _call(
                FINISH,
                answer="Done: " + "; ".join(f"{c['name']} {c['arguments']}" for c in calls if c["name"] == action.name),
            )
        )
        return self.task("multi_step_change", body, user, calls, [], action.table, row)

    def bulk(self, action: m.ActionSpec) -> dict[str, Any] | None:
        """The action on every row of a scenario under one parent (the card-testing charges of one card): the agent
        must list the parent's rows and tell the scenario's from the others by what it can see."""
        name = self.rng.choice(sorted(action.scenarios))
        request_spec = action.scenarios[name]
        sc = next((s for s in self.spec.scenarios if s.name == name and s.table == action.table and s.labels), None)
        info = self.schema.tables[action.table]
        fields = {f for _, f, _, _ in string.Formatter().parse(request_spec.ask) if f}
        fk = next((c for c in info.parents if c in fields), None)
        if sc is None or fk is None:
            return None
        cond = " AND ".join(f'"{k}" = {_literal(v)}' for k, v in sc.labels.items())
        keys = self.keys(action.table, f"({action.where}) AND {cond}" if action.where else cond)[:_SCAN]
        by_parent: dict[Any, list[Any]] = {}
        for k in keys:
            by_parent.setdefault(self.row(action.table, k)[fk], []).append(k)
        parents = sorted((p for p in by_parent if p is not None), key=str)
        keyname = action_key(action, self.schema)
        for parent in self.rng.sample(parents, min(_TRIES, len(parents))):
            chosen = []
            for k in by_parent[parent]:
                args = self.params(action, k, self.row(action.table, k))
                if args is None:
                    continue
                args.update(request_spec.params)
                if judge_action(self.conn, self.schema, action, self.files.policy, args) is None:
                    chosen.append(args)
            if not chosen:
                continue
            first = self.row(action.table, chosen[0][keyname])
            shared = {n: v for n, v in chosen[0].items() if n != keyname and all(a.get(n) == v for a in chosen)}
            user: dict[str, Any] = {fk: parent, **shared}
            who, verify = self.identity(action.table, first, user)
            parent_row = (
                row_by_key(self.conn, info.parents[fk], self.schema.tables[info.parents[fk]].key or "", parent) or {}
            )
            body = who + request(self.rng, fill(request_spec.ask, {**parent_row, fk: parent, **shared}), self.lang)
            calls = [
                *verify,
                _call(f"list_{action.table}_by_{fk}", **{fk: parent}),
                *[_call(action.name, **a) for a in chosen],
                _call(FINISH, answer=f"Done: {action.name} on " + ", ".join(str(a[keyname]) for a in chosen)),
            ]
            return self.task("multi_step_change", body, user, calls, [], action.table, first)
        return None

    def _refused(self, outcome: str) -> dict[str, Any] | None:
        """A request the tools refuse: the kind of refusal (each rule, each action's preconditions) chosen evenly."""
        kinds = outcome.split("|")
        groups: dict[tuple[str, str], list[tuple[m.ActionSpec, Any, dict[str, Any]]]] = {}
        for action in self.files.actions.values():
            for key, args, refusal in self.refusals(action):
                if refusal.kind in kinds:
                    groups.setdefault((action.name, refusal.rule or ""), []).append((action, key, args))
        if not groups:
            return None
        action, key, args = self.rng.choice(groups[self.rng.choice(sorted(groups))])
        args = dict(args)
        row = self.row(action.table, key)
        refusal = judge_action(self.conn, self.schema, action, self.files.policy, args)
        if refusal is None:
            return None
        user = dict(args)
        who, verify = self.identity(action.table, row, user)
        calls = [*verify, _call(f"get_{action.table}", **{self.schema.tables[action.table].key or "": key})]
        body = who + request(self.rng, self.ask(action, args, row), self.lang)
        reason = f"policy:{refusal.rule}" if refusal.rule else "precondition"
        if refusal.kind == "needs_approval":
            calls += [
                _call(TRANSFER, summary=f"{action.name} {args} needs approval ({refusal.rule})"),
                _call(FINISH, answer="This needs a supervisor's approval; I have handed your case to a colleague."),
            ]
            return self.task("approval_boundary", body, user, calls, [], action.table, row, reason=reason)
        calls.append(_call(FINISH, answer=f"I cannot do that: {refusal.message}"))
        return self.task("must_refuse", body, user, calls, [], action.table, row, reason=reason)

    def approval(self) -> dict[str, Any] | None:
        return self._refused("needs_approval")

    def refuse(self) -> dict[str, Any] | None:
        if self.files.policy is not None and self.files.policy.identify_by and self.rng.random() < 0.25:
            found = self.privacy()
            if found is not None:
                return found
        return self._refused("forbid|precondition")

    def privacy(self) -> dict[str, Any] | None:
        """A user (identified) asks for another user's data: the answer must not hold it (goal ``forbidden``)."""
        assert self.files.policy is not None and self.files.policy.identify_by
        table, column = self.files.policy.identify_by.split(".")
        info = self.schema.tables[table]
        keys = self.keys(table)
        if len(keys) < 2 or not info.key:
            return None
        me, other = (self.row(table, k) for k in self.rng.sample(keys, 2))
        cols = [
            c
            for c in info.visible
            if c not in (info.key, column) and _tellable(other.get(c)) and other.get(c) != me.get(c)
        ]
        if not me.get(column) or not cols:
            return None
        col = self.rng.choice(cols)
        user: dict[str, Any] = {column: me[column]}
        who = say(self.rng, self.lang, "identity", name=humanize(column), value=me[column])
        subject = say(self.rng, self.lang, "subject", thing=singular(table), key=other[info.key])
        body = who + say(self.rng, self.lang, "lookup", col=humanize(col), subject=subject)
        calls = [
            _call(f"search_{table}", **{column: me[column]}),
            _call(FINISH, answer="I'm sorry, I cannot share another customer's details."),
        ]
        task = self.task("must_refuse", body, user, calls, [], table, other, reason="policy:privacy")
        task["goal"]["forbidden"] = [other[col]]
        return task

    def missing(self) -> dict[str, Any] | None:
        actions = [a for a in self.files.actions.values() if a.params]
        if not actions:
            return None
        action = self.rng.choice(actions)
        picked = self.pick(lambda r: r is None, action)
        if picked is None:
            return None
        key, row, args = picked
        omit = self.rng.choice([p for p in action.params if p != action_key(action, self.schema)] or [None])
        if omit is None:
            return None
        user = {k: v for k, v in args.items() if k != omit}
        keyname = action_key(action, self.schema)
        verb = humanize(action.name)
        body = say(self.rng, self.lang, "missing", verb=verb, key=key)
        calls = [
            _call(f"get_{action.table}", **{self.schema.tables[action.table].key or keyname: key}),
            _call(FINISH, answer=f"Before I can do this, could you tell me the {humanize(omit)}?"),
        ]
        return self.task("missing_context", body, user, calls, [], action.table, row, reason=f"missing:{omit}")

    def conflict(self) -> dict[str, Any] | None:
        actions = [a for a in self.files.actions.values() if a.params]
        self.rng.shuffle(actions)
        for action in actions:
            picked = self.pick(lambda r: r is None, action)
            if picked is None:
                continue
            key, row, final = picked
            names = [p for p in action.params if p != action_key(action, self.schema)]
            self.rng.shuffle(names)
            for name in names:
                first_value = self.alternative(action, name, final[name])
                if first_value is None:
                    continue
                first = {**final, name: first_value}
                user = dict(final)
                who, verify = self.identity(action.table, row, user)
                body = (
                    who
                    + request(self.rng, self.ask(action, first, row), self.lang)
                    + " "
                    + say(self.rng, self.lang, "conflict", col=humanize(name), value=final[name])
                )
                calls = [
                    *verify,
                    _call(f"get_{action.table}", **{self.schema.tables[action.table].key or "": key}),
                    _call(action.name, **final),
                    _call(FINISH, answer=f"Done, with {humanize(name)} {final[name]}."),
                ]
                return self.task("conflicting_instructions", body, user, calls, [], action.table, row)
        return None

    def handoff(self) -> dict[str, Any] | None:
        tables = sorted({a.table for a in self.files.actions.values()}) or [
            t for t, i in self.schema.tables.items() if i.key and not t.startswith("_")
        ]
        if not tables:
            return None
        table = self.rng.choice(tables)
        key = self.rng.choice(self.keys(table))
        row = self.row(table, key)
        user: dict[str, Any] = {self.schema.tables[table].key or "": key}
        who, verify = self.identity(table, row, user)
        body = who + say(self.rng, self.lang, "handoff", thing=singular(table), key=key)
        calls = [
            *verify,
            _call(f"get_{table}", **{self.schema.tables[table].key or "": key}),
            _call(TRANSFER, summary=f"customer asks for a person about {table} {key}"),
            _call(FINISH, answer="I have passed your case to a colleague who will contact you."),
        ]
        return self.task("handoff", body, user, calls, [], table, row)

    def failure(self) -> dict[str, Any] | None:
        base = self.change() if self.files.actions and self.rng.random() < 0.6 else self.lookup()
        if base is None:
            return None
        first = base["reference"][0]
        base["reference"].insert(0, dict(first))  # the first call fails once; the reference retries it
        base["faults"] = [{"tool": first["name"], "call": 1}]
        base["labels"]["category"] = "tool_failure"
        base["labels"]["steps"] += 1
        return base

    # -- assembly ----------------------------------------------------------------------------------
    def task(
        self,
        category: str,
        body: str,
        user: dict[str, Any],
        calls: list[Call],
        facts: list[Any],
        table: str,
        row: dict[str, Any],
        *,
        reason: str | None = None,
    ) -> dict[str, Any]:
        persona, instruction = phrase(self.rng, body, lang=self.lang)
        steps = sum(1 for c in calls if c["name"] != FINISH)
        distractors = self.distractors(table, row)
        level = steps + (1 if distractors >= 3 else 0)
        labels: dict[str, Any] = {
            "category": category,
            "scenario": self.scenario(table, row),
            "language": self.lang,
            "difficulty": "easy" if level <= 2 else "medium" if level <= 4 else "hard",
            "steps": steps,
            "distractors": distractors,
        }
        if reason:
            labels["reason"] = reason
        return {
            "instruction": instruction,
            "persona": persona,
            "user": user,
            "reference": calls,
            "faults": [],
            "goal": {"facts": facts},
            "labels": labels,
        }


def _literal(v: Any) -> str:
    """A label value from the spec as an SQL literal (labels are the spec author's constants, not input)."""
    if isinstance(v, bool):
        return "1" if v else "0"
    if isinstance(v, (int, float)):
        return repr(v)
    return "'" + str(v).replace("'", "''") + "'"


def _tellable(v: Any) -> bool:
    """A value worth asking for: one an answer cannot hold by chance (no single digits, no one-letter codes)."""
    if v is None or isinstance(v, bool):
        return False
    if isinstance(v, float):
        return round(v, 2) == v and abs(v) >= 10
    if isinstance(v, int):
        return abs(v) >= 10
    return 3 <= len(str(v)) <= 60 and "\n" not in str(v)


def make_tasks(files: EnvFiles, spec: m.DatasetSpec, n: int, seed: int) -> list[dict[str, Any]]:
    """``n`` tasks, the categories in turn (those the spec allows); each goal from running its reference solution."""
    rng = sequential(seed)
    w = _Writer(files, spec, rng)
    makers = {
        "lookup": w.lookup,
        "multi_step_change": w.change,
        "approval_boundary": w.approval,
        "must_refuse": w.refuse,
        "missing_context": w.missing,
        "conflicting_instructions": w.conflict,
        "handoff": w.handoff,
        "tool_failure": w.failure,
    }
    out: list[dict[str, Any]] = []
    dead: set[str] = set()
    i = 0
    while len(out) < n:
        live = [c for c in CATEGORIES if c not in dead]
        if not live:
            raise GenerationError("no task could be written from this spec (does it have tables with a primary key?)")
        category = live[i % len(live)]
        i += 1
        task = None
        for _ in range(3):
            task = makers[category]()
            if task is not None:
                task["id"] = f"t{len(out) + 1:04d}"
                if _settle(files, task):
                    break
                task = None
        if task is None:
            dead.add(category)
            continue
        out.append(
            {k: task[k] for k in ("id", "instruction", "persona", "user", "goal", "reference", "faults", "labels")}
        )
    return out


def _settle(files: EnvFiles, task: dict[str, Any]) -> bool:
    """Run the reference on a fresh copy: its changes become the goal. False (the task is dropped) when a call the
    task does not expect to fail fails, e.g. an effect that breaks a constraint of the database."""
    ep = Episode(files, task)
    faults = {f["tool"] for f in task["faults"]}
    for c in task["reference"]:
        obs = ep.call(c["name"], c["arguments"])
        if not obs["ok"] and (c["name"] not in faults or "temporarily unavailable" not in obs["error"]):
            return False
    task["goal"] = {
        "changes": ep.diff(),
        "facts": task["goal"]["facts"],
        **({"forbidden": task["goal"]["forbidden"]} if task["goal"].get("forbidden") else {}),
    }
    if task["labels"]["category"] in _CHANGING and not task["goal"]["changes"]:
        return False  # an action whose effects changed nothing (values already as asked) is no task of its kind
    return bool(ep.verdict()["success"])
