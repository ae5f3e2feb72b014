"""Errors a user can act on.

Raised with a message that names the file, field or model and says how to fix it; `run.py` prints the
message alone (no traceback wall) and exits with status 1.
"""


class SummarizerError(Exception):
    """A problem with the user's input, config or environment, explained in the message."""


class HubUnavailableError(SummarizerError):
    """A Hugging Face Hub model or dataset was asked for, and the Hub cannot be reached."""


class DataError(SummarizerError):
    """Input data that cannot be read or does not have the expected shape."""


class ConfigError(SummarizerError):
    """A config value that cannot work (e.g. a length beyond the model's positions)."""


class ResumeRefused(ConfigError):
    """`resume=...` names a run this one cannot continue; nothing was written to that run's directory."""
