"""Debug lines for HTTP exchanges with Port, with every sensitive value masked."""

from __future__ import annotations

import json
import logging
from typing import Any

from llmconf import redact

logger = logging.getLogger(__name__)

# Body keys whose values are credentials; header maps may carry tokens too.
_SECRET_KEYS = frozenset({"clientSecret", "accessToken", "secretValue", "token"})
_MAP_KEYS = frozenset({"customHeaders"})


def mask_body(value: Any) -> Any:
    """Return a copy of a JSON body with credentials and header values masked."""
    if isinstance(value, list):
        return [mask_body(item) for item in value]
    if not isinstance(value, dict):
        return value

    masked: dict[str, Any] = {}
    for key, item in value.items():
        if key in _SECRET_KEYS:
            masked[key] = redact.MASK
        elif key in _MAP_KEYS and isinstance(item, dict):
            masked[key] = {name: redact.MASK for name in item}
        else:
            masked[key] = mask_body(item)
    return masked


def log_request_body(method: str, path: str, body: Any) -> None:
    """Log the masked body of a write at DEBUG."""
    if body is None or not logger.isEnabledFor(logging.DEBUG):
        return
    text = redact.scrub(json.dumps(mask_body(body), sort_keys=True))
    logger.debug("%s %s body %s", method, path, text)


def log_exchange(
    method: str, path: str, outcome: int | str, elapsed_s: float, attempt: int
) -> None:
    """Log one request: method, path, status (or failure), elapsed ms and attempt."""
    logger.debug(
        "%s %s -> %s in %d ms (attempt %d)",
        method,
        redact.scrub(path),
        outcome,
        round(elapsed_s * 1000),
        attempt,
    )
