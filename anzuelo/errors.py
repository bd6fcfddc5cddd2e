"""Errors users see, each stating what happened and what to do, with an exit code.

Exit codes (documented in ``anzuelo --help``):
0 ok; 1 failure; 2 bad usage or input; 3 search engine unavailable;
4 finished, but some items failed (see the dead-letter file or error lines).
"""

from __future__ import annotations

EXIT_OK = 0
EXIT_FAILURE = 1
EXIT_USAGE = 2
EXIT_ENGINE = 3
EXIT_PARTIAL = 4


class AnzueloError(Exception):
    """An error with a cause, a fix and the exit code the CLI should use."""

    exit_code = EXIT_FAILURE

    def __init__(self, message: str, hint: str = "", *, exit_code: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint
        if exit_code is not None:
            self.exit_code = exit_code

    def __str__(self) -> str:
        return f"{self.message}\n  hint: {self.hint}" if self.hint else self.message


class EngineError(AnzueloError):
    """The search engine is missing, unreachable or failed."""

    exit_code = EXIT_ENGINE


class InputError(AnzueloError):
    """Bad input from the user: a file, a flag value, a sources entry."""

    exit_code = EXIT_USAGE
