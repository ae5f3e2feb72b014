"""Config nodes to objects (`hydra.utils.instantiate`), with our own errors passed through unwrapped.

Hydra wraps anything a target raises in an InstantiationException, which would bury the message a
user can act on (a missing data file, an unreachable Hub) under "Error in call to target ...".
"""

from __future__ import annotations

from typing import Any

from hydra.errors import InstantiationException
from hydra.utils import instantiate
from omegaconf import DictConfig

from summarizer.errors import SummarizerError


def build(node: DictConfig, **kwargs: Any) -> Any:
    try:
        return instantiate(node, **kwargs)
    except InstantiationException as error:
        if isinstance(error.__cause__, SummarizerError):
            raise error.__cause__ from None
        raise
