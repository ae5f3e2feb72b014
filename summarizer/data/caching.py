"""`datasets` cache keys that change when our code changes (`datasets` fingerprints a function by its name only, so
edited code would reuse stale results): `cached_map` / `from_records` pass a digest of the function's module source
as the extra argument `code`, which the function takes (`code: str = ""`) and ignores."""

from __future__ import annotations

import hashlib
import sys
from collections.abc import Callable
from functools import cache
from pathlib import Path
from types import ModuleType
from typing import Any

from datasets import Dataset


@cache
def source_digest(*modules: ModuleType) -> str:
    """A digest of these modules' source files, to put in a `datasets` cache key."""
    return hashlib.blake2b(b"".join(Path(m.__file__).read_bytes() for m in modules), digest_size=8).hexdigest()


def code_digest(function: Callable, *modules: ModuleType) -> str:
    """The digest of `function`'s own module and of `modules` (other modules whose code it runs)."""
    return source_digest(sys.modules[function.__module__], *modules)


def cached_map(
    dataset: Dataset,
    function: Callable,
    *,
    modules: tuple[ModuleType, ...] = (),
    fn_kwargs: dict[str, Any] | None = None,
    **kwargs: Any,
) -> Dataset:
    """`dataset.map(function, ...)` with the digest of `function`'s module (and `modules`) as `fn_kwargs["code"]`."""
    return dataset.map(function, fn_kwargs={**(fn_kwargs or {}), "code": code_digest(function, *modules)}, **kwargs)
