"""``draft``: a request in one sentence -> a spec a person can read, edit and generate.

Offline (always available): the catalogue composer. With a language-model backend:
the model writes the YAML, the loader's located errors go back to it for at most
``repair_rounds`` rounds, and the result validates or the call fails with the last
errors. Either way the draft is checked the way ``spec validate`` checks a file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from simulacra.draft._compose import compose
from simulacra.draft._scaled_counts import check_scale, counts_as_read, scale_counts
from simulacra.errors import (
    Location,
    Problem,
    SimulacraError,
    SpecError,
    SpecValidationError,
)
from simulacra.spec.load import load_plan
from simulacra.spec.model import MAX_ROWS
from simulacra.spec.plan import Plan

if TYPE_CHECKING:
    from simulacra.llm import ChatClient

__all__ = ["PROMPT_VERSION", "Draft", "check_spec_text", "draft", "render_yaml"]

#: bumped whenever the instructions sent to a model change (recorded in provenance and in the cache key)
PROMPT_VERSION = "draft-v1"
OFFLINE_METHOD = "offline catalogue"


@dataclass
class Draft:
    """A drafted spec: its mapping, its YAML text, the assumptions made and how it was made."""

    prompt: str
    spec: dict[str, Any]
    text: str
    assumptions: list[str]
    method: str
    provenance: dict[str, Any] = field(default_factory=dict)
    rounds: list[list[str]] = field(default_factory=list)  # model method: the loader's problems per round
    #: the values the request said, by their path in ``spec`` ("locale", "tables.loans.rows",
    #: "scenarios.default.rate") -> the request's words: the assumptions are the rest. ``draft --review`` never
    #: changes these; where its checks find one implausible it says so and keeps it (issue 20, draft62)
    said: dict[str, str] = field(default_factory=dict)

    def plan(self) -> Plan:
        return load_plan(self.spec)


def _comment(text: str) -> str:
    return " ".join(text.split())


def _header(prompt: str, assumptions: list[str], provenance: dict[str, Any]) -> str:
    head = [
        f"# Drafted by `simulacra draft` ({', '.join(f'{k}: {v}' for k, v in provenance.items())}) from:",
        f"#   {_comment(prompt)}",
    ]
    if assumptions:
        head.append("# Assumptions (review them; `simulacra draft --explain` prints them too):")
        head += [f"#   - {_comment(a)}" for a in assumptions]
    head.append("# Check it with `simulacra spec validate FILE`; see the plan with `simulacra spec show FILE`.")
    return "\n".join(head)


def render_yaml(spec: dict[str, Any], *, prompt: str, assumptions: list[str], provenance: dict[str, Any]) -> str:
    """The spec as YAML, with the request, the method and every assumption as comments on top."""
    body = yaml.safe_dump(spec, sort_keys=False, allow_unicode=True, default_flow_style=None, width=120)
    return _header(prompt, assumptions, provenance) + "\n\n" + body


def check_spec_text(text: str, *, file: str = "draft.yaml") -> tuple[Plan | None, list[str]]:
    """Load YAML text as the loader does and check what generation checks first; the located problems if any."""
    from simulacra.generation.engine import Engine

    try:
        plan = load_plan(file, text=text)
        Engine(plan)  # what `spec validate` checks: expression types, capacity of unique columns, rates
    except SpecValidationError as exc:
        return None, [p.render() for p in exc.problems]
    except SimulacraError as exc:
        return None, [str(exc)]
    return plan, []


def _offline(prompt: str, seed: int, scale: float = 1.0) -> Draft:
    comp = compose(prompt, seed=seed)
    scale_counts(comp.spec, scale, comp.assumptions)
    _within_max_rows(comp.spec)
    provenance = {"method": OFFLINE_METHOD}
    text = render_yaml(comp.spec, prompt=prompt, assumptions=comp.assumptions, provenance=provenance)
    plan, problems = check_spec_text(text)
    if plan is None:  # a bug in the catalogue or the composer: say so with the located problems
        raise SpecValidationError(
            [
                Problem(
                    Location(file="draft"),
                    "the offline draft does not validate (a bug; "
                    "please report it with the request): " + "; ".join(problems),
                )
            ]
        )
    return Draft(prompt, comp.spec, text, comp.assumptions, OFFLINE_METHOD, provenance, said=comp.said)


_FENCE = re.compile(r"```(?:yaml|yml)?\s*\n(.*?)```", re.DOTALL)


def extract_yaml(answer: str) -> str:
    """The YAML in a model's answer: the first fenced block, else the whole answer."""
    m = _FENCE.search(answer)
    return (m.group(1) if m else answer).strip() + "\n"


def _system_prompt() -> str:
    from importlib import resources

    return resources.files("simulacra.draft").joinpath("prompt_system.txt").read_text(encoding="utf-8")


def _with_model(prompt: str, seed: int, client: ChatClient, repair_rounds: int, scale: float = 1.0) -> Draft:
    if repair_rounds < 0:
        raise SpecError(f"draft: repair_rounds must be 0 or more, found {repair_rounds}")
    # the model is shown the request's counts as asked (the start at scale 1) and its answer is scaled after, by the
    # rule the offline draft is scaled by: a count the model writes from the request is scaled like any other, and
    # the model is asked the same at every scale
    start = _offline(prompt, seed)
    messages: list[dict[str, str]] = [
        {"role": "system", "content": _system_prompt()},
        {
            "role": "user",
            "content": (
                f"Request: {prompt.strip()}\n\nA rule-based first draft you may improve "
                f"(keep what is right, fix what the request asks differently):\n\n"
                f"```yaml\n{start.text}```\n\nAnswer with the whole spec as one YAML block."
            ),
        },
    ]
    rounds: list[list[str]] = []
    cached = 0
    for attempt in range(repair_rounds + 1):
        reply = client.complete(messages, seed=seed, purpose=PROMPT_VERSION)
        cached += int(reply.cached)
        text = extract_yaml(reply.text)
        plan, problems = check_spec_text(text)
        if plan is not None:
            spec = yaml.safe_load(text)
            provenance = {
                "method": "model",
                "model": reply.model,
                "prompt_version": PROMPT_VERSION,
                "repair_rounds": attempt,
            }
            notes = [
                (
                    f"written by the model '{reply.model}' (prompt {PROMPT_VERSION}) after {attempt} repair "
                    f"round{'s' if attempt != 1 else ''}; the rule-based draft was given to it as a start"
                )
            ]
            counts_as_read(spec, plan)
            said = _said_kept(start.said, start.spec, spec)  # before the scale: the values as the request said
            scale_counts(spec, scale, notes)
            _within_max_rows(spec)
            # the provenance goes into the spec itself too, so every manifest made from it names the model; a
            # description the model wrote is its own and is kept, the provenance after it (issue 20, draft58)
            drafted_by = (
                f"Drafted by `simulacra draft` (model {reply.model}, prompt {PROMPT_VERSION}) from: "
                f"{' '.join(prompt.split())}"
            )
            own = spec.get("description")
            if isinstance(own, str) and own.strip():
                spec["description"] = f"{own.rstrip()} ({drafted_by})"
                notes.append("description: the model's own, kept; the provenance is added after it")
            else:
                spec["description"] = drafted_by
            body = render_yaml(spec, prompt=prompt, assumptions=notes, provenance=provenance)
            _, scaled_problems = check_spec_text(body)
            if scaled_problems:  # the counts the scale gives go beyond what a column can hold (unique values...)
                raise SpecValidationError(
                    [
                        Problem(
                            Location(file="draft (model)"),
                            f"the model's spec validates as written but not at --scale {scale:g}: {p}",
                        )
                        for p in scaled_problems
                    ]
                )
            d = Draft(prompt, spec, body, notes, "model", provenance, rounds, said)
            d.provenance["cached_replies"] = cached
            return d
        rounds.append(problems)
        if attempt == repair_rounds:
            break
        messages = messages + [
            {"role": "assistant", "content": reply.text},
            {
                "role": "user",
                "content": "The spec loader reported these problems (file:line: where: what was "
                "expected):\n"
                + "\n".join(f"- {p}" for p in problems)
                + "\n\nReturn the whole corrected spec as one YAML block.",
            },
        ]
    raise SpecValidationError(
        [
            Problem(
                Location(file="draft (model)"),
                f"the model's draft is still invalid after {repair_rounds} repair round"
                f"{'s' if repair_rounds != 1 else ''}; last problem: {p}",
            )
            for p in rounds[-1]
        ]
    )


def draft(
    prompt: str, *, seed: int = 0, client: ChatClient | None = None, repair_rounds: int = 3, scale: float = 1.0
) -> Draft:
    """Draft a spec from a one-sentence request.

    Without ``client`` the offline catalogue method is used (no model, no network). With a
    ``simulacra.llm.ChatClient`` the model writes the YAML and is shown the loader's errors for
    at most ``repair_rounds`` rounds; a draft still invalid raises ``SpecValidationError``.

    ``scale``: the draft's counts times this (a population "2,000 patients" scaled, every table at least one
    row, a fixed set such as a league's teams kept, counts per parent row kept; each said in the assumptions).
    With a model, the model is given the offline draft at scale 1 and its answer's counts are scaled by the same
    rule (said in the assumptions too).
    """
    scale = check_scale(scale)
    if client is None:
        return _offline(prompt, seed, scale)
    return _with_model(prompt, seed, client, repair_rounds, scale)


def value_at(spec: dict[str, Any], path: str) -> Any:
    """The value at a ``said`` path of ``spec`` ("tables.loans.rows", "scenarios.default.rate": a scenario by its
    name), or None where the spec has none."""
    head, _, rest = path.partition(".")
    node: Any = spec.get(head)
    if head == "scenarios":
        name, _, rest = rest.partition(".")
        node = next((s for s in node or [] if isinstance(s, dict) and s.get("name") == name), None)
    for part in rest.split(".") if rest else []:
        node = node.get(part) if isinstance(node, dict) else None
    return node


def _said_kept(said: dict[str, str], start: dict[str, Any], spec: dict[str, Any]) -> dict[str, str]:
    """What the request said, read in a model's spec: a path of the rule-based start the model kept at the same
    value, and a scenario of the model's at a rate the request said (whatever the model named it)."""
    out = {
        p: w
        for p, w in said.items()
        if p == "span" or (value_at(start, p) is not None and value_at(spec, p) == value_at(start, p))
    }
    rates = {value_at(start, p): w for p, w in said.items() if p.startswith("scenarios.")}
    for sc in spec.get("scenarios") or []:
        if isinstance(sc, dict) and sc.get("rate") in rates and isinstance(sc.get("name"), str):
            out.setdefault(f"scenarios.{sc['name']}.rate", rates[sc["rate"]])
    return out


def write_draft(d: Draft, path: str | Path) -> Path:
    """Write the draft's YAML atomically."""
    from simulacra.io._base import atomic_write_text

    p = Path(path)
    atomic_write_text(p, d.text)
    return p


def _within_max_rows(spec: dict[str, Any]) -> None:
    """A count the request asks for that no table may hold ("40 billion tap events") is the request's to change,
    not a draft that fails to validate: said before anything is written, naming the table and the limit."""
    for name, table in spec.get("tables", {}).items():
        rows = table.get("rows")
        if isinstance(rows, (int, float)) and rows > MAX_ROWS:
            raise SpecError(
                f"draft: {rows:,.0f} {name.replace('_', ' ')} is more than a table may hold ({MAX_ROWS:,} rows); "
                "ask for fewer",
                location=Location(table=name),
            )
