"""Provider types Port knows, their sensitive config fields and their model catalogs."""

from __future__ import annotations

from dataclasses import dataclass

# Claude ids Port serves through anthropic, azure-anthropic and bedrock, oldest first.
CLAUDE_MODELS = (
    "claude-sonnet-4-20250514",
    "claude-haiku-4-5-20251001",
    "claude-sonnet-4-5-20250929",
    "claude-opus-4-5-20251101",
    "claude-opus-4-6",
)

# Port's API by region; the file's ``port: eu|us`` and --api-url name them.
REGION_URLS = {"eu": "https://api.port.io", "us": "https://api.us.port.io"}

SYSTEM_DEFAULT_PROVIDER = "port"
SYSTEM_DEFAULT_MODEL = "claude-sonnet-4-5-20250929"

# Config keys that hold the *name* of a Port secret, never a secret value.
SECRET_NAME_FIELDS = (
    "apiKeySecretName",
    "accessKeyIdSecretName",
    "secretAccessKeySecretName",
    "externalIdSecretName",
    "authTokenSecretName",
    "clientEmailSecretName",
    "privateKeySecretName",
)

# Config keys whose values are shown masked everywhere (header values may carry tokens).
SENSITIVE_FIELDS = ("customHeaders",)


@dataclass(frozen=True)
class ProviderType:
    """What llmconf knows about one Port provider type."""

    name: str
    models: tuple[str, ...]
    custom_catalog: bool = False
    managed_by_port: bool = False

    def catalog(self, config: dict | None = None) -> tuple[str, ...]:
        """Return this type's model ids (a custom catalog: from config.models)."""
        if not self.custom_catalog:
            return self.models
        entries = (config or {}).get("models") or []
        return tuple(
            entry["name"]
            for entry in entries
            if isinstance(entry, dict) and isinstance(entry.get("name"), str)
        )


PROVIDER_TYPES: dict[str, ProviderType] = {
    t.name: t
    for t in (
        ProviderType("openai", ("gpt-5",)),
        ProviderType("azure-openai", ("gpt-5",)),
        ProviderType("anthropic", CLAUDE_MODELS),
        ProviderType("azure-anthropic", CLAUDE_MODELS),
        ProviderType("bedrock", CLAUDE_MODELS),
        ProviderType("openai-compatible", (), custom_catalog=True),
        ProviderType("anthropic-compatible", (), custom_catalog=True),
        ProviderType("vertex-gemini", (), custom_catalog=True),
        ProviderType("vertex-anthropic", (), custom_catalog=True),
        ProviderType("port", (SYSTEM_DEFAULT_MODEL,), managed_by_port=True),
    )
}

# Types a config file may declare (Port's own provider cannot be created or deleted).
DECLARABLE_TYPES = tuple(n for n, t in PROVIDER_TYPES.items() if not t.managed_by_port)


def catalog_for(provider: str, config: dict | None = None) -> tuple[str, ...]:
    """Return the known model ids for a provider type, or () for an unknown type."""
    kind = PROVIDER_TYPES.get(provider)
    return kind.catalog(config) if kind else ()
