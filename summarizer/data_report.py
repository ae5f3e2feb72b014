"""Print the data report a run would write, without training: python -m summarizer.data_report data=<choice> ...

    python -m summarizer.data_report                                    # the bundled sample, tiny_bart's tokenizer
    python -m summarizer.data_report data=local data.source.train=news.jsonl model=tiny_t5 --json report.json
    python -m summarizer.data_report data=dacon data.source.train=train.jsonl data.filters.max_summary_chars=300
    python -m summarizer.data_report data=aihub_news data.source.train=... model=kobart --no-tokens   # offline

Composes the same Hydra config as `run.py` (same groups and overrides), loads, cleans and filters the
data with `summarizer.data.load_data`, builds the tokenizer the run would use (a from-scratch model's BPE is
trained on the training split; a Hub model's tokenizer is resolved like the run does, failing fast offline),
tokenizes, and prints the report; `--json PATH` also writes it as JSON (the run's `data_report.json`).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from datasets import DatasetDict
from hydra import compose, initialize_config_dir
from hydra.errors import HydraException
from omegaconf import DictConfig, OmegaConf

from summarizer.config import register_configs
from summarizer.data.loading import training_texts
from summarizer.errors import SummarizerError

CONF_DIR = Path(__file__).resolve().parents[1] / "conf"


def compose_run_config(overrides: Sequence[str]) -> DictConfig:
    """The config `python run.py <overrides>` would run with."""
    register_configs()
    with initialize_config_dir(str(CONF_DIR), version_base="1.3"):
        return compose("config", overrides=list(overrides))


def build_report(cfg: DictConfig, with_tokens: bool = True):
    """The run's data report: text phase, then (with_tokens) the tokenizer's lengths and truncation."""
    from summarizer.data.features import tokenize_splits
    from summarizer.data.loading import apply_token_filters, load_data

    splits, report = load_data(cfg.data)
    if with_tokens:
        model = cfg.model
        tokenizer = build_tokenizer(model, splits)
        features, _ = tokenize_splits(splits, tokenizer, model.source_prefix, model.max_source_length,
                                      model.max_target_length, num_proc=cfg.data.num_proc)
        features = apply_token_filters(features, cfg.data.filters, report)
        report.add_token_statistics(features, model.max_source_length, model.max_target_length)
    return report


def build_tokenizer(model: DictConfig, splits: DatasetDict):
    """The tokenizer a run of this model config uses, as `summarizer.models.build` makes it."""
    from summarizer.models.build import build_model_and_tokenizer, ensure_source_template
    from summarizer.models.families import get_family

    if model.name_or_path is None:  # from scratch: a BPE trained on the training split (the model is small)
        _, tokenizer = build_model_and_tokenizer(
            family=model.family,
            name_or_path=None,
            architecture=OmegaConf.to_container(model.architecture) if model.architecture else None,
            tokenizer_vocab_size=model.tokenizer_vocab_size,
            source_prefix=model.source_prefix,
            max_source_length=model.max_source_length,
            training_texts=lambda: training_texts(splits),
        )
        return tokenizer
    from transformers import AutoTokenizer

    from summarizer.hub import resolve_model_path

    resolved = resolve_model_path(model.name_or_path)  # offline: fails within seconds, naming the model
    tokenizer = AutoTokenizer.from_pretrained(resolved.path, local_files_only=resolved.local_files_only)
    ensure_source_template(tokenizer, get_family(model.family))
    tokenizer.model_max_length = model.max_source_length
    return tokenizer


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m summarizer.data_report",
        description="Print the data report of a run's data: examples per step and filter, lengths, truncation, Lead-3.",
    )
    parser.add_argument("overrides", nargs="*", help="Hydra overrides, as for run.py: data=local data.source.train=...")
    parser.add_argument("--json", type=Path, help="also write the report as JSON to this file")
    parser.add_argument("--no-tokens", action="store_true", help="skip the tokenizer (no token lengths or truncation)")
    args = parser.parse_args(argv)
    try:
        cfg = compose_run_config(args.overrides)
        report = build_report(cfg, with_tokens=not args.no_tokens)
    except (SummarizerError, HydraException) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    print(report.format())
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(report.to_dict(), ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        print(f"\nWritten to {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
