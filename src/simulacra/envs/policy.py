"""The policy document: the spec's rules rendered to Markdown, each machine-checked one marked with what it binds."""

from __future__ import annotations

from simulacra.spec import model as m

__all__ = ["render_policy"]


def render_policy(spec: m.DatasetSpec) -> str:
    policy = spec.policy or m.PolicySpec()
    lines = [f"# {policy.title or f'{spec.name} agent policy'}", ""]
    if policy.intro:
        lines += [policy.intro.strip(), ""]
    lines += [
        (
            "You act for the company through the tools you are given. Use only facts the tools return; "
            "never invent a value. When a request lacks what you need, ask for it instead of guessing. "
            "When you cannot help, say so, or hand the case to a human with `transfer_to_human`. "
            "End every conversation with `finish`, giving your answer."
        ),
        "",
    ]
    if policy.rules or policy.identify_by:
        lines += ["## Rules", ""]
        for r in policy.rules:
            bound = ""
            if r.action:
                bound = (
                    f" *(enforced on `{r.action}`: "
                    + ("needs a supervisor's approval; hand it over" if r.outcome == "needs_approval" else "refused")
                    + ")*"
                )
            lines.append(f"- **{r.id}**: {r.text.strip()}{bound}")
        if policy.identify_by:
            table, column = policy.identify_by.split(".")
            lines.append(
                f"- **identify_by**: before any change, find the {table} row it belongs to by its {column} "
                f"(`search_{table}`). *(enforced on every action: refused otherwise)*"
            )
        lines.append("")
    if spec.actions:
        lines += ["## Actions", ""]
        for a in spec.actions:
            refuses = "; ".join(f"\u201c{p.message}\u201d" for p in a.preconditions)
            lines.append(
                f"- `{a.name}`: {a.description.strip()}"
                + (f" It refuses when its conditions fail: {refuses}." if refuses else "")
            )
        lines.append("")
    return "\n".join(lines)
