"""What produced a run: code version, packages, machine, command line."""

from __future__ import annotations

import platform
import subprocess
import sys
from importlib import metadata
from pathlib import Path

import torch

PACKAGES = (
    "torch", "transformers", "accelerate", "datasets", "evaluate", "hydra-core", "omegaconf", "wandb",
    "sacrebleu", "rouge-score", "kiwipiepy", "tokenizers", "numpy",
)
REPO_ROOT = Path(__file__).resolve().parents[2]


def describe_environment() -> dict:
    return {
        "git": git_state(REPO_ROOT),
        "packages": package_versions(),
        "python": sys.version.split()[0],
        "platform": platform.platform(),
        "command": " ".join(sys.argv),
        "device": _device(),
    }


def git_state(root: Path) -> dict:
    """Commit and dirty flag, or why they are unknown (not a git checkout, no git)."""
    try:
        commit = _git(root, "rev-parse", "HEAD")
        dirty = bool(_git(root, "status", "--porcelain", "--untracked-files=no"))
    except (OSError, subprocess.CalledProcessError) as error:
        return {"commit": None, "dirty": None, "error": str(error)}
    return {"commit": commit, "dirty": dirty}


def package_versions() -> dict[str, str | None]:
    versions = {}
    for package in PACKAGES:
        try:
            versions[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            versions[package] = None
    return versions


def _git(root: Path, *args: str) -> str:
    result = subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, check=True, timeout=10)
    return result.stdout.strip()


def _device() -> str:
    if torch.cuda.is_available():
        return f"{torch.cuda.device_count()} x {torch.cuda.get_device_name(0)}"
    return f"cpu ({torch.get_num_threads()} threads)"
