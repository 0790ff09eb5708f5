"""``llmconf sandbox``: serve the bundled Port API emulator, or play a second writer."""

from __future__ import annotations

import ipaddress
from pathlib import Path

import click

from llmconf import output
from llmconf.errors import EXIT_OK, UsageError


@click.group("sandbox")
def command() -> None:
    """The bundled Port API emulator."""


@command.command("serve")
@click.option(
    "--state",
    "state_path",
    type=click.Path(path_type=Path, dir_okay=False),
    required=True,
    help="State file (created and seeded on first use).",
)
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", type=click.IntRange(0, 65535), default=8765, show_default=True)
@click.option(
    "--latency-ms",
    type=click.IntRange(min=0),
    default=0,
    help="Delay every answer by this many milliseconds.",
)
@click.option(
    "--throttle",
    type=click.IntRange(min=0),
    default=0,
    help="Answer 429 above this many requests per second (0: off).",
)
@click.option(
    "--flaky",
    type=click.IntRange(min=0),
    default=0,
    help="Answer 503 to every Nth request (0: off).",
)
@click.option(
    "--drop-after-write",
    is_flag=True,
    help="Commit each write, then drop the connection unanswered.",
)
def serve(state_path, host, port, latency_ms, throttle, flaky, drop_after_write) -> int:
    """Serve the sandbox over HTTP until interrupted."""
    from llmconf.sandbox import Faults
    from llmconf.sandbox import serve as run_server

    if not _is_loopback(host):
        output.note(
            f"warning: serving the sandbox on {host}: its seeded credentials are "
            "public, so anyone who can reach this address can use it"
        )
    faults = Faults(
        latency_ms=latency_ms,
        throttle=throttle,
        flaky=flaky,
        drop_after_write=drop_after_write,
    )
    try:
        run_server(state_path, host=host, port=port, faults=faults)
    except OSError as exc:
        raise UsageError(
            f"cannot listen on {host}:{port}: {exc.strerror or exc}"
        ) from None
    return EXIT_OK


@command.command("write")
@click.option(
    "--state",
    "state_path",
    type=click.Path(path_type=Path, dir_okay=False, exists=True),
    required=True,
    help="State file of the sandbox org.",
)
@click.argument("provider")
@click.option(
    "--enabled",
    type=click.Choice(["true", "false"]),
    help="Also turn the provider on or off.",
)
def write(state_path: Path, provider: str, enabled: str | None) -> int:
    """Change PROVIDER as a second admin would, between a plan and its apply."""
    from llmconf.sandbox import SECOND_WRITER_ID, simulate_second_writer

    changes = None if enabled is None else {"enabled": enabled == "true"}
    try:
        simulate_second_writer(state_path, provider, changes)
    except KeyError:
        raise UsageError(
            f"provider {provider} is not configured in the sandbox {state_path}"
        ) from None
    output.note(f"provider {provider} was rewritten by {SECOND_WRITER_ID}")
    return EXIT_OK


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False
