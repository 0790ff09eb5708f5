"""Command-line wiring: parse options, call one stage, print, return the exit code."""

from __future__ import annotations

import importlib
import sys
import traceback
from pathlib import Path

import click

from llmconf import __version__, output
from llmconf.commands.common import FiniteFloat
from llmconf.errors import (
    EXIT_ERROR,
    EXIT_INTERNAL,
    EXIT_INTERRUPTED,
    EXIT_OK,
    ApplyFailed,
    ConfigError,
    LlmconfError,
    UsageError,
)
from llmconf.options import Options
from llmconf.redact import scrub


class Settings:
    """What the global options decided, handed to every command."""

    def __init__(self, options: Options, colour: bool) -> None:
        self.options = options
        self.colour = colour


class LazyGroup(click.Group):
    """A group that imports a command's module only when that command runs.

    ``llmconf --version`` or ``validate`` then never pay for the HTTP client, the
    differ or the AWS helpers.
    """

    COMMANDS = {
        "validate": ("llmconf.commands.validate", "command"),
        "plan": ("llmconf.commands.plan", "command"),
        "apply": ("llmconf.commands.apply", "command"),
        "show": ("llmconf.commands.show", "command"),
        "export": ("llmconf.commands.export", "command"),
        "schema": ("llmconf.commands.schema", "command"),
        "sandbox": ("llmconf.commands.sandbox", "command"),
        "bedrock": ("llmconf.cli_bedrock", "bedrock"),
    }

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(self.COMMANDS)

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name not in self.COMMANDS:
            return None
        module, attribute = self.COMMANDS[name]
        return getattr(importlib.import_module(module), attribute)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="llmconf")
@click.option(
    "--sandbox",
    type=click.Path(path_type=Path),
    envvar="LLMCONF_SANDBOX",
    help="Run against the bundled Port emulator with state in this file "
    "(a directory: one state file per config file, named after it).",
)
@click.option(
    "--api-url", help="Port API base URL (default: PORT_API_URL, the file, EU)."
)
@click.option(
    "--timeout",
    type=FiniteFloat(min=0, min_open=True),
    default=30.0,
    show_default=True,
    help="Seconds to wait for each Port request.",
)
@click.option(
    "--max-attempts",
    type=click.IntRange(min=1),
    default=5,
    show_default=True,
    help="Attempts per Port request on 429, 5xx and lost connections.",
)
@click.option(
    "--max-retry-seconds",
    type=FiniteFloat(min=0),
    default=60.0,
    show_default=True,
    help="Time budget for retrying one Port request.",
)
@click.option("-v", "--verbose", count=True, help="More progress on stderr.")
@click.option("-q", "--quiet", is_flag=True, help="Only errors on stderr.")
@click.option("--debug", is_flag=True, help="Debug logs and HTTP traces (masked).")
@click.option("--no-color", is_flag=True, help="Never colour the output.")
@click.pass_context
def cli(
    ctx,
    sandbox,
    api_url,
    timeout,
    max_attempts,
    max_retry_seconds,
    verbose,
    quiet,
    debug,
    no_color,
) -> None:
    """Keep a Port organization's LLM providers as code: validate, plan, apply."""
    output.setup_logging(-1 if quiet else verbose, debug)
    if sandbox is not None and api_url is not None:
        raise UsageError(
            "--sandbox and --api-url name two different targets; pass only one"
        )
    options = Options(
        sandbox=sandbox,
        api_url=api_url,
        timeout=timeout,
        max_attempts=max_attempts,
        max_retry_seconds=max_retry_seconds,
    )
    ctx.obj = Settings(options, output.colour_enabled(no_color))
    if sandbox is not None and not quiet:
        output.note(f"llmconf: using the sandbox {sandbox} (not a real Port org)")


def main(argv: list[str] | None = None) -> None:
    """Run the CLI and exit with the code from the design's table."""
    sys.exit(run(argv if argv is not None else sys.argv[1:]))


def run(argv: list[str] | None, debug: bool = False) -> int:
    """Run the CLI on ``argv`` and return the exit code instead of exiting."""
    return _run(argv, debug or "--debug" in (argv or ()))


def _run(argv: list[str] | None, debug: bool) -> int:
    try:
        code = cli.main(args=argv, prog_name="llmconf", standalone_mode=False)
    except click.exceptions.Exit as exc:
        return exc.exit_code
    except click.exceptions.NoArgsIsHelpError as exc:
        click.echo(exc.format_message())
        return EXIT_OK
    except (click.exceptions.Abort, KeyboardInterrupt):
        output.error("interrupted")
        return EXIT_INTERRUPTED
    except click.ClickException as exc:
        output.error(exc.format_message())
        return EXIT_ERROR
    except ConfigError as exc:
        for problem in exc.problems:
            click.echo(scrub(str(problem)), err=True)
        output.error(f"{exc}; nothing was changed")
        return EXIT_ERROR
    except ApplyFailed as exc:
        from llmconf.render.report import render_report

        click.echo(render_report(exc.report), nl=False)
        output.error(str(exc))
        return exc.exit_code
    except LlmconfError as exc:
        output.error(str(exc))
        return exc.exit_code
    except Exception as exc:  # noqa: BLE001 - the one place bugs become exit 3
        output.error(f"internal error: {type(exc).__name__}: {exc}")
        if debug:
            click.echo(scrub(traceback.format_exc()), err=True)
        else:
            output.note("run again with --debug for the traceback")
        return EXIT_INTERNAL
    return code if isinstance(code, int) else EXIT_OK
