"""Find the run to serve and load its model the way `mode=evaluate` does (`build_model_and_tokenizer` on the
saved directory), with the run's own family, source prefix and source length from its config.yaml."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import torch
import yaml
from transformers import AutoConfig, PreTrainedModel, PreTrainedTokenizerBase

from summarizer.errors import ConfigError
from summarizer.hub import resolve_model_path
from summarizer.models.build import build_model_and_tokenizer

# config.json's model_type -> the family (summarizer.models.families) of a model directory saved without a run.
_FAMILY_OF_MODEL_TYPE = {"bart": "bart", "t5": "t5", "mt5": "t5", "longt5": "t5"}


@dataclass(frozen=True)
class ServedModel:
    """What the server says about the model in every answer, and how it loads it (picklable: it travels to the
    inference worker process)."""

    model_dir: str
    run_dir: str | None  # None for a model directory saved outside a run
    commit: str | None  # the code version that trained it (the run's environment.json)
    family: str
    source_prefix: str
    max_source_length: int

    def describe(self) -> dict:
        return {"run_dir": self.run_dir, "model_dir": self.model_dir, "commit": self.commit}


def latest_run(outputs_dir: str | Path) -> Path:
    """The most recently saved run under `outputs_dir` (the newest model/config.json at any depth: runs are in
    outputs/<date>/<time>-<name>/)."""
    saved = sorted(Path(outputs_dir).glob("**/model/config.json"), key=lambda file: file.stat().st_mtime)
    if not saved:
        raise ConfigError(
            f"No trained run under {outputs_dir}/ (no **/model/config.json). Train one first with `make run`, "
            "or point serve.model=<run directory or model directory> at one."
        )
    return saved[-1].parent.parent


def describe_model(path: str | Path) -> ServedModel:
    """The model directory and its run's settings, without loading weights (fails fast on a wrong path)."""
    resolved = resolve_model_path(str(path))
    model_dir = Path(resolved.path).resolve()
    run_dir = model_dir.parent if (model_dir.parent / "config.yaml").is_file() else None
    if run_dir is not None:
        model_cfg = yaml.safe_load((run_dir / "config.yaml").read_text(encoding="utf-8"))["model"]
        family, prefix, length = model_cfg["family"], model_cfg["source_prefix"], model_cfg["max_source_length"]
    else:  # saved outside a run: what save_pretrained wrote is all there is
        config = AutoConfig.from_pretrained(str(model_dir), local_files_only=True)
        if config.model_type not in _FAMILY_OF_MODEL_TYPE:
            raise ConfigError(f"serve.model={path}: model_type {config.model_type!r} is not a seq2seq family this "
                              f"repo serves ({sorted(_FAMILY_OF_MODEL_TYPE)}).")
        tokenizer_config = json.loads((model_dir / "tokenizer_config.json").read_text(encoding="utf-8"))
        family, prefix = _FAMILY_OF_MODEL_TYPE[config.model_type], getattr(config, "prefix", None)
        length = int(tokenizer_config["model_max_length"])
    return ServedModel(str(model_dir), str(run_dir) if run_dir else None, _commit(run_dir), family, prefix or "", length)


def load_model(served: ServedModel, device: str) -> tuple[PreTrainedModel, PreTrainedTokenizerBase]:
    """Model (in eval mode, on `device`) and tokenizer, built as training and evaluation build them."""
    model, tokenizer = build_model_and_tokenizer(
        family=served.family, name_or_path=served.model_dir, architecture=None, tokenizer_vocab_size=0,
        source_prefix=served.source_prefix, max_source_length=served.max_source_length,
    )  # fmt: skip
    return model.to(torch.device(device)).eval(), tokenizer


def _commit(run_dir: Path | None) -> str | None:
    environment = run_dir / "environment.json" if run_dir else None
    if environment is None or not environment.is_file():
        return None
    return json.loads(environment.read_text(encoding="utf-8")).get("git", {}).get("commit")
