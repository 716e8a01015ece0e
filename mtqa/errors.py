"""The errors mtqa reports as one line and exit code 2, never as a traceback."""

from __future__ import annotations


class MtqaError(Exception):
    """Base for errors the CLI prints as a single line and turns into exit code 2."""


class InputError(MtqaError):
    """A file that can't be read as the format it claims to be."""

    def __init__(self, path: str, cause: str) -> None:
        super().__init__(f"{path}: {cause}")
        self.path = path
        self.cause = cause


class UsageError(MtqaError):
    """Options that contradict each other or name something that does not exist."""


class ModelError(MtqaError):
    """A model that can't be found, installed or loaded."""
