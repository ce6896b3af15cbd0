"""``simulacra spec``: validate a spec, print its JSON Schema, show its generation plan."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Optional

import typer

from simulacra.cli._args import resolve_spec
from simulacra.cli._console import console, escape

app = typer.Typer(help="Work with specs: validate, schema, show.", no_args_is_help=True)


@app.command("validate")
def validate_cmd(spec: str = typer.Argument(..., help="Spec YAML file (or example:NAME).")) -> None:
    """Check a spec; every problem is reported at once with file:line.

    Example:

        simulacra spec validate examples/shop/spec.yaml
    """
    from simulacra.spec import load_plan

    from simulacra.generation.engine import Engine

    plan = load_plan(resolve_spec(spec))
    Engine(plan)  # what generation checks before making rows (types of expressions, capacity of unique columns, rates)
    console.print(f"{escape(str(spec))}: valid — {len(plan.tables)} tables, {len(plan.spec.constraints)} constraints, "
                  f"{len(plan.spec.scenarios)} scenarios")


@app.command("schema")
def schema_cmd(output: Optional[Path] = typer.Option(None, "-o", "--output", help="Write to a file instead of stdout.")) -> None:
    """Print the JSON Schema of specs (for editors).

    Example:

        simulacra spec schema -o out/spec.schema.json
    """
    from simulacra.spec import json_schema

    text = json.dumps(json_schema(), indent=2)
    if output is None:
        typer.echo(text)
    else:
        from simulacra._fs import atomic_write_text

        atomic_write_text(output, text + "\n")


@app.command("show")
def show_cmd(spec: str = typer.Argument(..., help="Spec YAML file (or example:NAME).")) -> None:
    """Show the generation plan: tables in foreign-key order, columns in dependency order.

    Example:

        simulacra spec show example:shop
    """
    from simulacra.spec import load_plan

    console.print(escape(load_plan(resolve_spec(spec)).explain()))
