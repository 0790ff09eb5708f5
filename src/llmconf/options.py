"""Settings shared by every command that talks to Port, kept free of heavy imports."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class Options:
    """Settings shared by every command that talks to Port."""

    sandbox: Path | None = None
    api_url: str | None = None
    timeout: float = 30.0
    max_attempts: int = 5
    max_retry_seconds: float = 60.0
    environ: Mapping[str, str] = field(default_factory=lambda: dict(os.environ))
    targets: tuple[str, ...] = ()
    mass_change_share: float = 0.5
    allow_mass_change: bool = False
