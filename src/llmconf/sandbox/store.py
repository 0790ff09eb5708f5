"""The sandbox's persistent state: one JSON file, seeded on first use, shared safely.

Every request re-reads the file under a lock (a thread lock plus an fcntl lock on a
sibling ``.lock`` file), so an HTTP server and a CLI in another process can share it
and external edits are seen. Writes go to a temp file that replaces the state file.
"""

from __future__ import annotations

import copy
import fcntl
import json
import os
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from llmconf.errors import UsageError
from llmconf.sandbox.clock import Clock
from llmconf.sandbox.seed import seed_port_provider, seed_state
from llmconf.sandbox.stateshape import shape_problem

_THREAD_LOCKS: dict[Path, threading.Lock] = {}
_THREAD_LOCKS_GUARD = threading.Lock()


class StateFileError(UsageError):
    """The state file cannot be used (not JSON, not a sandbox state, no directory)."""


@dataclass
class Transaction:
    """The state loaded for one request; ``committed`` tells whether it was saved."""

    state: dict[str, Any]
    committed: bool = False


def _thread_lock(path: Path) -> threading.Lock:
    with _THREAD_LOCKS_GUARD:
        return _THREAD_LOCKS.setdefault(path, threading.Lock())


def lock_path(state_path: Path) -> Path:
    """Return the lock file that guards ``state_path``."""
    return state_path.with_name(state_path.name + ".lock")


class Store:
    """Load, seed and atomically save the state file at ``path``.

    Raises UsageError when the file's directory does not exist: a mistyped path
    should not silently grow a directory tree.
    """

    def __init__(self, path: Path, clock: Clock | None = None) -> None:
        self.path = Path(path).absolute()
        self._clock = clock or Clock()
        if not self.path.parent.is_dir():
            raise UsageError(_missing_directory(self.path))

    @contextmanager
    def transaction(self) -> Iterator[Transaction]:
        """Yield the current state; save it afterwards if the block changed it.

        Nothing is saved when the block raises, which is how a failed connection
        test or a rejected body leaves the org untouched.
        """
        with self._locked():
            state = self._load()
            before = copy.deepcopy(state)
            txn = Transaction(state)
            yield txn
            if state != before:
                self._write(state)
                txn.committed = True

    @contextmanager
    def _locked(self) -> Iterator[None]:
        # The directory may have gone since the store was made.
        if not self.path.parent.is_dir():
            raise StateFileError(_missing_directory(self.path))
        with _thread_lock(self.path), open(lock_path(self.path), "a") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    def _load(self) -> dict[str, Any]:
        if not self.path.exists():
            state = seed_state(self._clock.stamp())
            self._write(state)
            return state
        try:
            text = self.path.read_text(encoding="utf-8")
        except UnicodeDecodeError as exc:
            raise StateFileError(_invalid(self.path, "not UTF-8 text")) from exc
        except OSError as exc:
            raise StateFileError(
                f"cannot read sandbox state {self.path}: {exc}"
            ) from exc
        try:
            state = json.loads(text)
        except ValueError as exc:
            raise StateFileError(_invalid(self.path, f"not JSON: {exc}")) from exc
        problem = shape_problem(state)
        if problem is not None:
            raise StateFileError(_invalid(self.path, problem))
        # Port's own provider is always there, even if someone edited it out.
        providers = state.setdefault("providers", {})
        if "port" not in providers:
            providers["port"] = seed_port_provider(self._clock.stamp())
        return state

    def _write(self, state: dict[str, Any]) -> None:
        text = json.dumps(state, indent=2) + "\n"
        fd, temp = tempfile.mkstemp(
            dir=self.path.parent, prefix=f".{self.path.name}.", suffix=".tmp"
        )
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as out:
                out.write(text)
                out.flush()
                os.fsync(out.fileno())
            os.replace(temp, self.path)
        except BaseException:
            Path(temp).unlink(missing_ok=True)
            raise


def _missing_directory(path: Path) -> str:
    return f"the directory of the sandbox state file does not exist: {path.parent}"


def _invalid(path: Path, what: str) -> str:
    return (
        f"sandbox state file {path} is not a valid sandbox state ({what}): "
        "delete it to start a fresh org"
    )
