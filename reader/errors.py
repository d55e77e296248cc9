"""Errors a user may see: each carries one clear line (what was wrong, what to do)."""


class PaperdeckError(Exception):
    """An error whose message is shown to the user as it is, on one line, with a non-zero exit."""

    exit_code = 1


class UsageError(PaperdeckError):
    """Bad input from the user (an id, a value, a file)."""

    exit_code = 2


class NotFound(PaperdeckError):
    """A paper, card or TODO that is not in the library."""
