"""What produced a run: code version, packages, the lock they came from, machine, command line."""

from __future__ import annotations

import hashlib
import platform
import subprocess
import sys
from importlib import metadata
from pathlib import Path

import torch
from packaging.requirements import InvalidRequirement, Requirement
from packaging.utils import canonicalize_name

PACKAGES = (
    "torch", "transformers", "accelerate", "datasets", "evaluate", "hydra-core", "omegaconf", "wandb",
    "sacrebleu", "rouge-score", "kiwipiepy", "tokenizers", "numpy",
)
REPO_ROOT = Path(__file__).resolve().parents[2]
LOCK_FILE = REPO_ROOT / "requirements-lock.txt"


def describe_environment() -> dict:
    return {
        "git": git_state(REPO_ROOT),
        "packages": {package: _installed_version(package) for package in PACKAGES},
        "lock": lock_state(LOCK_FILE),
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


def read_lock(path: Path) -> dict[str, str]:
    """{canonical name: version} of the lock's pins that apply to this interpreter and platform (the lock is
    universal: a package may have one pin per Python version, chosen by its marker)."""
    pins = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line[:1].isalnum():  # hashes, comments and `# via` lines are indented or start with '#'
            continue
        try:
            requirement = Requirement(line.rstrip("\\ "))
        except InvalidRequirement:
            requirement = None
        pin = list(requirement.specifier) if requirement else []
        if len(pin) != 1 or pin[0].operator != "==":
            raise ValueError(f"{path}: {line!r} is not an exact pin (name==version); regenerate it with `make lock`")
        if requirement.marker is None or requirement.marker.evaluate():
            pins[canonicalize_name(requirement.name)] = pin[0].version
    return pins


def lock_state(path: Path) -> dict:
    """The lock's hash, so two runs can be compared for "same environment", and whether the installed versions
    are the locked ones (a package upgraded by hand shows here). torch is installed outside the lock."""
    if not path.is_file():
        return {"file": None}
    differs = {}
    for name, locked in read_lock(path).items():
        installed = _installed_version(name)
        if installed != locked:
            differs[name] = {"locked": locked, "installed": installed}
    return {
        "file": path.name,
        "sha256": hashlib.sha256(path.read_bytes()).hexdigest(),
        "matches_installed": not differs,
        "differs": differs,
    }


def _installed_version(package: str) -> str | None:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return None


def _git(root: Path, *args: str) -> str:
    result = subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, check=True, timeout=10)
    return result.stdout.strip()


def cpu_name() -> str:
    """The processor's model name (Linux /proc/cpuinfo), else what `platform` knows: benchmarks print it."""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def _device() -> str:
    if torch.cuda.is_available():
        return f"{torch.cuda.device_count()} x {torch.cuda.get_device_name(0)}"
    return f"cpu ({torch.get_num_threads()} threads)"
