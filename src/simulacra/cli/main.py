"""The ``simulacra`` command: a thin adapter over ``simulacra.pipeline``.

Errors print one clear message (file:line, table, column, what was expected) and
exit with their class's code; ``--debug`` shows the traceback.
"""

from __future__ import annotations

import re
import sys
import traceback
from typing import Any

import typer
import typer.main

from simulacra._version import __version__
from simulacra.cli import augment as augment_cmd
from simulacra.cli import deid, demo, export_cmd, generate, inspect_cmd, pipeline_cmd, spec, validate
from simulacra.cli import draft as draft_cmd
from simulacra.cli import env as env_cmd
from simulacra.cli import evaluate as evaluate_cmd
from simulacra.cli import fit as fit_cmd
from simulacra.cli import sample as sample_cmd
from simulacra.cli import serve as serve_cmd
from simulacra.cli._console import err_console, escape
from simulacra.errors import SimulacraError

app = typer.Typer(
    name="simulacra",
    help="Synthetic data you can trust: generate relational datasets from a declarative spec.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"simulacra {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    debug: bool = typer.Option(False, "--debug", help="Show tracebacks on errors."),
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Print the version and exit."
    ),
) -> None:
    """simulacra — synthetic data you can trust."""


app.command("generate", help=generate.__doc__)(generate.command)
app.command("validate", help=validate.__doc__)(validate.command)
app.command("demo", help=demo.__doc__)(demo.command)
app.command("inspect", help=inspect_cmd.command.__doc__)(inspect_cmd.command)
app.command("deid", help=deid.command.__doc__)(deid.command)
app.command("deid-eval", help=deid.eval_command.__doc__)(deid.eval_command)
app.command("fit", help=fit_cmd.command.__doc__)(fit_cmd.command)
app.command("sample", help=sample_cmd.command.__doc__)(sample_cmd.command)
app.command("evaluate", help=evaluate_cmd.command.__doc__)(evaluate_cmd.command)
app.command("draft", help=draft_cmd.command.__doc__)(draft_cmd.command)
app.command("augment", help=augment_cmd.command.__doc__)(augment_cmd.command)
app.command("serve", help=serve_cmd.__doc__)(serve_cmd.command)
app.add_typer(spec.app, name="spec")
app.add_typer(env_cmd.app, name="env")
app.add_typer(pipeline_cmd.app, name="pipeline")
app.command("export", help=export_cmd.command.__doc__)(export_cmd.command)


def _command() -> Any:
    """The command behind ``app``, with flags shown without a type (no ``<bool>`` in --help)."""
    cmd = typer.main.get_command(app)

    def tidy(c: Any) -> None:
        for param in c.params:
            if getattr(param, "is_flag", False):
                param.metavar = ""
        original = c.get_help_option

        def help_option(ctx: Any) -> Any:
            opt = original(ctx)
            if opt is not None:
                opt.metavar = ""
            return opt

        c.get_help_option = help_option
        for sub in (getattr(c, "commands", None) or {}).values():
            tidy(sub)

    tidy(cmd)
    return cmd


# Errors are raised in the Python API's words; on the command line they name the flags instead
_CLI_WORDS = [
    (re.compile(r"pass overwrite=True / --replace"), "pass --replace"),
    (re.compile(r"if_exists='replace'|overwrite=True|replace=True"), "--replace"),
    (re.compile(r"documents=PATH \(--documents PATH\)"), "--documents PATH"),
    (re.compile(r"--allow-mismatch / allow_mismatch=True|allow_mismatch=True"), "--allow-mismatch"),
]


def cli_words(message: str) -> str:
    """``message`` with Python parameter names replaced by the command-line flags that set them."""
    for pattern, flag in _CLI_WORDS:
        message = pattern.sub(flag, message)
    return message


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    debug = "--debug" in args
    try:
        _command().main(args=args, prog_name="simulacra", standalone_mode=True)
        return 0
    except SystemExit as exc:
        code = exc.code
        return code if isinstance(code, int) else (0 if code is None else 1)
    except SimulacraError as exc:
        if debug:
            traceback.print_exc()
        err_console.print(
            f"[bold red]error:[/] {escape(cli_words(str(exc)))}", markup=True, highlight=False, soft_wrap=True
        )
        return exc.exit_code
    except KeyboardInterrupt:
        err_console.print("interrupted; nothing was written")
        return 130
    except Exception as exc:  # a bug: say so plainly, traceback only on request
        if debug:
            traceback.print_exc()
        err_console.print(
            f"[bold red]internal error:[/] {escape(type(exc).__name__)}: {escape(str(exc))}"
            + ("" if debug else " (run with --debug for the traceback)"),
            markup=True,
            soft_wrap=True,
        )
        return 1


def entry() -> None:
    sys.exit(main())


if __name__ == "__main__":
    entry()
