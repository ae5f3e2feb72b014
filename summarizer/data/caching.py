"""`datasets` cache keys that change when our code changes (`datasets` fingerprints a function by its name only, so
edited code would reuse stale results): `cached_map` / `from_json_files` pass a digest of the function's module source
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
def code_digest(function: Callable, *modules: ModuleType) -> str:
    """A digest of the source files of `function`'s own module and of `modules` (other modules whose code it runs)."""
    sources = (sys.modules[function.__module__], *modules)
    return hashlib.blake2b(b"".join(Path(m.__file__).read_bytes() for m in sources), digest_size=8).hexdigest()


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
