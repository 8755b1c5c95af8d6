"""One error base class for everything flashpoint raises on purpose."""

from __future__ import annotations


class FlashpointError(Exception):
    """Base class: the CLI prints these as one line, ``Error: ...``, and exits 1."""


class ModelNotFoundError(FlashpointError):
    """No spaCy pipeline could be loaded."""


class DictionaryError(FlashpointError):
    """One or more dictionary entries are invalid; ``problems`` lists each as ``file:line: ...``."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        head = f"{len(problems)} problem(s) in dictionary files"
        super().__init__(head + ":\n" + "\n".join(problems))


class InputError(FlashpointError):
    """An input document could not be read; the message names the item and the problem."""


class StoreError(FlashpointError):
    """The store could not be opened or written."""
