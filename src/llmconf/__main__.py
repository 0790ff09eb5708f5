"""Entry point for ``python -m llmconf``."""

from llmconf.cli import main

main()
