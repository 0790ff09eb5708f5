"""One module per command; each exposes ``command`` for the CLI to register."""
