"""Resolve `model.name_or_path` to something `from_pretrained` can load, failing fast when offline.

Offline, `from_pretrained("<hub id>")` retries for ~23 seconds and ends in a DNS traceback. Here a cached copy is
used as is, else one HEAD request tells whether the Hub answers; if not, the error says which model, why, and the
ways forward. Hub datasets go through the same check (summarizer.data.sources.hub).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from huggingface_hub import constants, try_to_load_from_cache
from huggingface_hub.utils import get_session

from summarizer.errors import HubUnavailableError, SummarizerError

log = logging.getLogger(__name__)

PROBE_TIMEOUT_S = 5.0


@dataclass(frozen=True)
class ResolvedModel:
    path: str  # a local directory or a Hub id
    local_files_only: bool  # True when only the cache may be used (Hub unreachable or HF_HUB_OFFLINE)


def resolve_model_path(name_or_path: str) -> ResolvedModel:
    """A local model directory, a run directory (its `model/`), or a loadable Hub id."""
    local = Path(name_or_path).expanduser()
    if local.is_dir():
        for candidate in (local, local / "model"):
            if (candidate / "config.json").is_file():
                return ResolvedModel(str(candidate), local_files_only=True)
        raise SummarizerError(
            f"model.name_or_path={name_or_path!r} is a directory without config.json (nor model/config.json). "
            "Point it at a directory saved by `save_pretrained` or at a run directory of this repo."
        )
    if _looks_like_a_path(name_or_path):
        raise SummarizerError(f"model.name_or_path={name_or_path!r}: no such directory.")
    return ResolvedModel(name_or_path, local_files_only=not hub_reachable(name_or_path))


# Per repo type: the file whose cached copy says the repo is in the local cache (a model's config.json; a
# dataset's card, which `datasets.load_dataset` fetches first), the config key that names the repo, the
# `hf download` flag and the method that make a local copy, and what runs without any download.
_REPO_TYPES = {
    "model": ("config.json", "model.name_or_path", "", "`save_pretrained`",
              "python run.py model=tiny_bart (built from a config)"),
    "dataset": ("README.md", "data.source.name", " --repo-type dataset", "`save_to_disk`",
                "python run.py data=bundled (the corpus shipped with the package)"),
}


def hub_reachable(repo_id: str, repo_type: str = "model") -> bool:
    """True if the Hub answers; False if it does not but `repo_id` ("model" or "dataset") is cached; else
    HubUnavailableError."""
    if repo_type not in _REPO_TYPES:
        raise ValueError(f"repo_type={repo_type!r}: choose one of {sorted(_REPO_TYPES)}.")
    cached = isinstance(try_to_load_from_cache(repo_id, _REPO_TYPES[repo_type][0], repo_type=repo_type), str)
    if constants.HF_HUB_OFFLINE:
        if cached:
            return False
        raise HubUnavailableError(_unavailable_message(repo_id, repo_type, "HF_HUB_OFFLINE is set"))
    reason = _probe_hub()
    if reason is None:
        return True
    if cached:
        log.warning("The Hub is unreachable (%s); loading %s from the local cache.", reason, repo_id)
        return False
    raise HubUnavailableError(_unavailable_message(repo_id, repo_type, reason))


def _probe_hub() -> str | None:
    """None if the Hub endpoint answers an HTTP request, else why not (uses the Hub client's proxies)."""
    try:
        get_session().head(constants.ENDPOINT, timeout=PROBE_TIMEOUT_S)
    except Exception as error:  # any transport failure means "unreachable"; the reason goes in the message
        return f"{type(error).__name__}: {error}"
    return None


def _looks_like_a_path(name: str) -> bool:
    return name.startswith((".", "/", "~")) or name.count("/") > 1 or "\\" in name


def _unavailable_message(repo_id: str, repo_type: str, reason: str) -> str:
    _, field, type_flag, saved_with, offline_run = _REPO_TYPES[repo_type]
    return (
        f"Cannot load the {repo_type} {repo_id!r}: the Hugging Face Hub ({constants.ENDPOINT}) is unreachable "
        f"({reason}) and no copy is in the local cache ({constants.HF_HUB_CACHE}).\n"
        "To proceed, do one of:\n"
        f"  - use a local copy: {field}=/path/to/dir (made with `hf download {repo_id}{type_flag} --local-dir "
        f"/path/to/dir` on a machine with access, or {saved_with});\n"
        "  - warm the cache on a machine with access (same HF_HOME), copy it here, and run with HF_HUB_OFFLINE=1;\n"
        f"  - or run without downloads: {offline_run}."
    )
