"""llmconf: an organization's LLM provider setup on Port, kept as code."""

__version__ = "0.1.0"
