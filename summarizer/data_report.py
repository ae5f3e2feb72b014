"""Print the data report a run would write, without training: python -m summarizer.data_report data=<choice> ...

    python -m summarizer.data_report                                    # the bundled sample, tiny_bart's tokenizer
    python -m summarizer.data_report data=local data.source.train=news.jsonl model=tiny_t5 --json report.json
    python -m summarizer.data_report data=dacon data.source.train=train.jsonl data.filters.max_summary_chars=300
    python -m summarizer.data_report data=aihub_news data.source.train=... model=kobart --no-tokens   # offline

Composes the same Hydra config as `run.py` and runs the same steps up to the data report: data, the tokenizer the
run would use (no model weights are loaded), tokens; `--json PATH` also writes it as JSON (`data_report.json`).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from hydra import compose, initialize_config_dir
from hydra.errors import HydraException
from omegaconf import DictConfig, OmegaConf

from summarizer.config import CONF_DIR, check_command_line, check_config, register_configs
from summarizer.data.loading import load_data, prepare_features, training_texts
from summarizer.data.report import DataReport
from summarizer.errors import SummarizerError
from summarizer.models.build import build_tokenizer
from summarizer.models.prompt import prompt_for_family


def build_report(cfg: DictConfig, with_tokens: bool = True) -> DataReport:
    """The run's data report: text phase, then (with_tokens) the tokenizer's lengths and truncation."""
    check_config(cfg)
    splits, report = load_data(cfg.data)
    if with_tokens:
        model = cfg.model
        tokenizer = build_tokenizer(
            family=model.family, name_or_path=model.name_or_path, tokenizer_vocab_size=model.tokenizer_vocab_size,
            max_source_length=model.max_source_length, training_texts=lambda: training_texts(splits),
        )  # fmt: skip
        prompt = prompt_for_family(
            model.family, tokenizer, OmegaConf.to_container(model.prompt, resolve=True), model.max_source_length
        )  # a decoder-only model's source lengths count its whole prompt, as in a run
        prepare_features(
            splits, tokenizer, report, source_prefix=model.source_prefix, max_source_length=model.max_source_length,
            max_target_length=model.max_target_length, filters=cfg.data.filters, num_proc=cfg.data.num_proc,
            prompt=prompt,
        )  # fmt: skip
    return report


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
        register_configs()
        check_command_line(args.overrides)
        with initialize_config_dir(str(CONF_DIR), version_base="1.3"):  # the config `python run.py ...` would run with
            cfg = compose("config", overrides=args.overrides)
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
