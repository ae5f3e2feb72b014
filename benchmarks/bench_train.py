"""Training throughput: the transformers summarization example's way vs `python run.py`'s, side by side.

    .venv/bin/python benchmarks/bench_train.py --model tiny_bart --steps 60
    .venv/bin/python benchmarks/bench_train.py --model base --steps 3 --warmup 1 --batch-size 8
    python benchmarks/bench_train.py --model base --device cuda --steps 150 --warmup 20 --arms a,b,b-eager
    .venv/bin/python benchmarks/bench_train.py --model tiny_bart --arms a,b,b-random,b-pad8,b-fused,b-compile

Same model (one seeded random initialisation, checked equal in every arm), data, batch size, steps, seed and hyperparameters
(the run config's learning rate, schedule, label smoothing, clipping); the arms differ only in how they train:

- `a`  the transformers `examples/pytorch/summarization/run_summarization.py` recipe with its defaults: a plain
  `Seq2SeqTrainer`, the Trainer's random sampler, `DataCollatorForSeq2Seq` padding each batch to its longest
  example (to a multiple of 8 only under fp16), the Trainer's default optimizer (`adamw_torch_fused` on torch>=2.8).
- `b`  `python run.py`: the pipeline's own `build_trainer` with this config (speed.* defaults: length-grouped
  batches, padding to a multiple of 8 on CUDA only, fused AdamW on CUDA).
- `b-<lever>`  `b` with one lever changed (`LEVERS` below), to measure each lever on its own.

Data: news-length Korean documents made from the bundled corpus' generator (tools/synthetic_news.py): each
document joins k generated articles, k log-normal (median 2.5, 1 to 10), so documents run from ~250 to ~3,000
characters as real news does, truncated at the model's max source length; its summary joins the summaries of the
first 1 to 3 of them. A BPE tokenizer is trained on the training split as in a default run.

Models: `tiny_bart` (conf/model/tiny_bart.yaml) and `base`, a KoBART-base-sized BART (d_model 768, 6+6 layers,
16 heads, FFN 3072, 1,026 positions, embeddings resized to KoBART's 30,000 rows; 124M parameters) built from its
config with random weights, sources up to 512 tokens, summaries up to 128.

Each arm first trains --warmup steps that are not timed (then keeps going: one run, timed from step warmup+1).
Each arm trains in a fresh process (the data, tokenizer and tokenized splits are prepared once and cached); arms
run interleaved (a, b, ..., a, b, ...) --repeats times; the table gives the median. Figures: real (non-pad) source+target tokens per second, samples per second, padding share of source
and target positions, peak memory of the arm (CUDA: max allocated; CPU: peak RSS above the arm's start, sampled
every 10 ms), the mean training loss of the last quarter of the timed steps, and the loss on 256 held-out examples
after training (--held-out; the model's own cross-entropy, no smoothing). On CUDA also MFU (summarizer/training/throughput.py
states the formula and the peak assumed).
"""

from __future__ import annotations

import argparse
import copy
import dataclasses
import json
import math
import os
import random
import resource
import shlex
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import torch  # noqa: E402

from summarizer.tracking.environment import cpu_name  # noqa: E402

REPO = Path(__file__).resolve().parents[1]

# KoBART base v2's shape (gogamza/kobart-base-v2 config.json), random weights.
BASE_ARCHITECTURE = dict(d_model=768, encoder_layers=6, decoder_layers=6, encoder_attention_heads=16,
                         decoder_attention_heads=16, encoder_ffn_dim=3072, decoder_ffn_dim=3072,
                         max_position_embeddings=1026, init_std=0.02, dropout=0.1)  # fmt: skip
KOBART_VOCAB = 30000

# One lever changed from `b` each: config overrides, or (for attention) a model setting.
LEVERS = {
    "b-random": ["speed.length_grouped=false"],
    "b-grouped": ["speed.length_grouped=true"],  # grouping where `auto` leaves it off (CPU)
    "b-pool10": ["speed.length_pool_batches=10"],
    "b-tokweight": ["speed.token_weighted_loss=true"],
    "b-grouped-tokweight": ["speed.length_grouped=true", "speed.token_weighted_loss=true"],
    "b-source-only": ["speed.length_target_batches=1"],
    "b-pad8": ["speed.pad_to_multiple_of=8"],
    "b-nopad8": ["speed.pad_to_multiple_of=null"],
    "b-fused": ["+optimizer.kwargs.fused=true"],
    "b-unfused": ["speed.fused_optimizer=false"],
    "b-compile": ["+trainer.torch_compile=true"],
    "b-eager": [],  # attn_implementation="eager" instead of sdpa
}


# ----------------------------------------------------------------------------------------------------- data
def long_news(n: int, seed: int) -> list[dict]:
    """n news-length examples: k generated articles per document (see the module docstring)."""
    from tools.synthetic_news import generate_articles

    rng = random.Random(seed)
    counts = [min(10, max(1, round(math.exp(rng.gauss(math.log(2.5), 0.7))))) for _ in range(n)]
    articles = iter(generate_articles(sum(counts), seed=seed))
    records = []
    for index, k in enumerate(counts):
        parts = [next(articles) for _ in range(k)]
        summarized = parts[: min(3, 1 + (k - 1) // 3)]
        records.append({"id": f"long-{index:06d}", "document": " ".join(p.document for p in parts),
                        "summary": " ".join(p.summary for p in summarized)})  # fmt: skip
    return records


def write_data(workdir: Path, n_train: int, seed: int) -> dict[str, Path]:
    records = long_news(n_train + 512, seed)
    splits = {"train": records[:n_train], "validation": records[n_train : n_train + 256], "test": records[n_train + 256 :]}
    files = {}
    for split, rows in splits.items():
        files[split] = workdir / f"{split}.jsonl"
        files[split].write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return files


# ---------------------------------------------------------------------------------------------- the config
def base_overrides(args, files: dict[str, Path]) -> list[str]:
    overrides = [
        "data=local", f"data.source.train={files['train']}", f"data.source.validation={files['validation']}",
        f"data.source.test={files['test']}", "data.source.id_column=id", "data.report.lead_examples=0",
        "logger=none", "evaluate_untrained=false", "sweep=none", f"seed={args.seed}",
        f"trainer.max_steps={args.warmup + args.steps}", "trainer.eval_strategy=no", "trainer.save_strategy=no",
        "trainer.logging_steps=1", f"trainer.per_device_train_batch_size={args.batch_size}",
        "+trainer.disable_tqdm=true",
    ]  # fmt: skip
    if args.model == "base":
        overrides += ["model.name=kobart_base_random", "model.max_source_length=512", "model.max_target_length=128",
                      "model.learning_rate=5e-5", "model.tokenizer_vocab_size=8000"]  # fmt: skip
        overrides += [f"model.architecture.{key}={value}" for key, value in BASE_ARCHITECTURE.items()]
    else:
        overrides += [f"model={args.model}"]
    if args.precision:
        overrides.append(f"model.precision={args.precision}")
    return overrides + list(args.override)


def compose(overrides: list[str], output_dir: Path):
    from hydra import compose as hydra_compose
    from hydra import initialize_config_dir
    from omegaconf import open_dict

    from summarizer.config import register_configs

    register_configs()
    with initialize_config_dir(str(REPO / "conf"), version_base="1.3"):
        cfg = hydra_compose("config", overrides=overrides)
    with open_dict(cfg):
        cfg.paths.output_dir = str(output_dir)
    return cfg


# --------------------------------------------------------------------------------------------- measuring
def peak_memory_mb(device: torch.device) -> float:
    """CUDA: the most memory torch allocated on the device; CPU: the peak RSS of this (the arm's own) process."""
    if device.type == "cuda":
        return torch.cuda.max_memory_allocated() / 2**20
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def held_out_loss(model, features, collator, device, batch_size: int = 32) -> float:
    """Token-mean cross-entropy of the model on the held-out features (no label smoothing, no dropout)."""
    model.eval()
    total, tokens = 0.0, 0
    columns = ["input_ids", "attention_mask", "labels"]
    rows = [{key: features[i][key] for key in columns} for i in range(len(features))]
    with torch.no_grad(), torch.autocast(device.type, dtype=torch.bfloat16, enabled=device.type == "cuda"):
        for start in range(0, len(rows), batch_size):
            batch = {key: value.to(device) for key, value in collator(rows[start : start + batch_size]).items()}
            logits = model(**batch).logits.float()
            labels = batch["labels"]
            loss = torch.nn.functional.cross_entropy(logits.view(-1, logits.size(-1)), labels.view(-1),
                                                     ignore_index=-100, reduction="sum")  # fmt: skip
            total += loss.item()
            tokens += int((labels != -100).sum())
    model.train()
    return total / tokens


@dataclasses.dataclass
class ArmResult:
    arm: str
    tokens_per_second: float
    samples_per_second: float
    source_padding: float
    target_padding: float
    peak_mb: float
    train_loss: float
    held_out_loss: float
    mfu: float | None
    initial_weights: float = 0.0  # a checksum: every arm must start from the same weights


def example_trainer(args_b, model, tokenizer, train_dataset):
    """Arm (a): what run_summarization.py builds, with the throughput counter in front (it changes nothing)."""
    from transformers import DataCollatorForSeq2Seq, Seq2SeqTrainer

    from summarizer.training.throughput import ThroughputMixin

    class ExampleTrainer(ThroughputMixin, Seq2SeqTrainer):
        pass

    arguments = copy.deepcopy(args_b)
    collator = DataCollatorForSeq2Seq(tokenizer, model=model, label_pad_token_id=-100,
                                      pad_to_multiple_of=8 if arguments.fp16 else None)  # fmt: skip
    return ExampleTrainer(model=model, args=arguments, train_dataset=train_dataset, processing_class=tokenizer,
                          data_collator=collator)  # fmt: skip


def run_arm(arm: str, args, cfg_overrides: list[str], workdir: Path, prepared, device) -> ArmResult:
    from transformers import PrinterCallback

    from summarizer.pipeline import build_trainer
    from summarizer.tracking.run_directory import RunDirectory
    from summarizer.training.throughput import history_figures

    cfg = compose(cfg_overrides + LEVERS.get(arm, []), workdir / arm)
    model = prepared.model
    initial_weights = sum(float(p.detach().double().sum()) for p in model.parameters())
    if arm == "b-eager":
        model.set_attn_implementation("eager")
    arm_prepared = dataclasses.replace(prepared, model=model)
    run_dir = RunDirectory(workdir / arm, is_main_process=True)
    trainer = build_trainer(cfg, arm_prepared, run_dir)
    if arm == "a":
        trainer = example_trainer(trainer.args, model, prepared.tokenizer, prepared.features["train"])
    trainer.remove_callback(PrinterCallback)  # the per-step log lines; the table says it all
    torch.manual_seed(args.seed)
    trainer.train()
    figures = history_figures(trainer.throughput_history[args.warmup :], trainer._flops, trainer._peak)
    losses = [entry["loss"] for entry in trainer.state.log_history if "loss" in entry][args.warmup :]
    last_quarter = losses[-max(1, len(losses) // 4) :]
    validation = prepared.features["validation"]
    held_out = held_out_loss(model, validation.select(range(min(args.held_out, len(validation)))), trainer.data_collator,
                             trainer.args.device)  # fmt: skip
    return ArmResult(arm, figures["real_tokens_per_second"], figures["samples_per_second"],
                     figures["source_padding_share"], figures["target_padding_share"], peak_memory_mb(device),
                     statistics.fmean(last_quarter), held_out, figures.get("mfu"), initial_weights)  # fmt: skip



def median_result(results: list[ArmResult]) -> ArmResult:
    fields = [f.name for f in dataclasses.fields(ArmResult) if f.name != "arm"]
    values = {}
    for name in fields:
        column = [getattr(r, name) for r in results if getattr(r, name) is not None]
        values[name] = statistics.median(column) if column else None
    return ArmResult(results[0].arm, **values)


def prepare_once(args, workdir: Path):
    """Data, tokenizer and the initialised model as a run prepares them (cached in workdir after the first call:
    `datasets` caches the tokenized splits, the tokenizer is saved, and the seeded initialisation repeats)."""
    from summarizer.pipeline import prepare
    from summarizer.tracking.run_directory import RunDirectory

    files = {split: workdir / f"{split}.jsonl" for split in ("train", "validation", "test")}
    overrides = base_overrides(args, files)
    cfg = compose(overrides, workdir / "prepare")
    torch.manual_seed(args.seed)
    prepared = prepare(cfg, RunDirectory(workdir / "prepare", is_main_process=True))
    if args.model == "base":
        prepared.model.resize_token_embeddings(KOBART_VOCAB)
    return cfg, overrides, prepared


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model", choices=["tiny_bart", "base"], default="tiny_bart")
    parser.add_argument("--device", choices=["cpu", "cuda"], default="cuda" if torch.cuda.is_available() else "cpu")
    parser.add_argument("--precision", default=None, help="model.precision (default: the config's auto: bf16 on GPUs)")
    parser.add_argument("--arms", default="a,b", help=f"comma-separated: a, b, {', '.join(LEVERS)}")
    parser.add_argument("--steps", type=int, default=60, help="timed optimizer steps per arm")
    parser.add_argument("--warmup", type=int, default=5, help="untimed steps first, per arm")
    parser.add_argument("--batch-size", type=int, default=16)
    parser.add_argument("--examples", type=int, default=None, help="training examples (default: enough for one epoch)")
    parser.add_argument("--repeats", type=int, default=1, help="interleaved rounds of all arms; the table gives medians")
    parser.add_argument("--held-out", type=int, default=256, help="held-out examples the final loss is measured on")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--json", type=Path, default=None, help="also write the rows here")
    parser.add_argument("--in-process", action="store_true",
                        help="train every arm in this process, one after another (no start-up per arm; no peak memory)")
    parser.add_argument("--worker", nargs=2, metavar=("ARM", "WORKDIR"), help=argparse.SUPPRESS)
    parser.add_argument("override", nargs="*", help="extra run-config overrides for every arm (key=value)")
    return parser, parser.parse_args(argv)


def environment(args) -> None:
    if args.device == "cpu":
        os.environ["CUDA_VISIBLE_DEVICES"] = ""  # the Trainer then trains on CPU
    os.environ.setdefault("WANDB_MODE", "disabled")
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")


def worker(args) -> int:
    """One arm in this fresh process (its memory is its own; no arm inherits another's allocator or caches)."""
    import datasets
    import transformers

    arm, workdir = args.worker[0], Path(args.worker[1])
    os.environ["HF_DATASETS_CACHE"] = str(workdir / "cache")
    datasets.disable_progress_bars()
    transformers.logging.set_verbosity_error()
    _, overrides, prepared = prepare_once(args, workdir)
    result = run_arm(arm, args, overrides, workdir, prepared, torch.device(args.device))
    (workdir / f"result-{arm}.json").write_text(json.dumps(dataclasses.asdict(result)))
    return 0


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    parser, args = parse_args(argv)
    environment(args)
    if args.worker:
        return worker(args)
    arms = args.arms.split(",")
    unknown = [arm for arm in arms if arm not in ("a", "b", *LEVERS)]
    if unknown:
        parser.error(f"unknown arms {unknown}; choose from a, b, {', '.join(LEVERS)}")
    load_at_start = os.getloadavg()[0]

    import datasets
    import transformers

    datasets.disable_progress_bars()
    transformers.logging.set_verbosity_error()
    workdir = Path(tempfile.mkdtemp(prefix="bench_train_"))
    os.environ["HF_DATASETS_CACHE"] = str(workdir / "cache")
    n_train = args.examples or max(1024, args.batch_size * (args.warmup + args.steps))
    write_data(workdir, n_train, args.seed)
    cfg, overrides, prepared = prepare_once(args, workdir)  # fills the caches the arms' processes read
    device = torch.device(args.device)
    n_params = sum(p.numel() for p in prepared.model.parameters())

    results: dict[str, list[ArmResult]] = {arm: [] for arm in arms}
    worker_argv = without_option(argv, "--json")
    started = time.perf_counter()
    for _ in range(args.repeats):
        for arm in arms:
            if args.in_process:
                model = copy.deepcopy(prepared.model)
                result = run_arm(arm, args, overrides, workdir, dataclasses.replace(prepared, model=model), device)
                results[arm].append(dataclasses.replace(result, peak_mb=float("nan")))
                continue
            subprocess.run([sys.executable, __file__, *worker_argv, "--worker", arm, str(workdir)], check=True)
            results[arm].append(ArmResult(**json.loads((workdir / f"result-{arm}.json").read_text())))
    wall = time.perf_counter() - started
    if len({r.initial_weights for runs in results.values() for r in runs}) != 1:
        sys.exit("The arms did not start from the same weights: the comparison is void.")
    rows = [median_result(results[arm]) for arm in arms]

    train = prepared.features["train"]
    source_chars = sorted(len(d) for d in train["document"])
    truncation = json.loads((workdir / "prepare" / "data_report.json").read_text())
    command = shlex.join([".venv/bin/python", "benchmarks/bench_train.py", *argv])
    gpu = f", {torch.cuda.get_device_name()}" if device.type == "cuda" else ""
    print(f"Command: {command}")
    print(f"Machine: {cpu_name()}, {os.cpu_count()} CPUs{gpu}; torch {torch.__version__} ({torch.get_num_threads()} "
          f"threads), transformers {transformers.__version__}; load average {load_at_start:.1f} at start, "
          f"{os.getloadavg()[0]:.1f} at end; {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}")  # fmt: skip
    print(f"Model: {args.model} ({n_params / 1e6:.1f}M parameters, random init, seed {args.seed}), precision "
          f"{cfg.model.precision}, attention {prepared.model.config._attn_implementation}; batch {args.batch_size}, "
          f"{args.warmup} warm-up + {args.steps} timed steps per arm, "
          f"{'all arms in one process' if args.in_process else 'each arm in a fresh process'}, "
          f"{args.repeats} interleaved round(s) ({wall:.0f} s)")  # fmt: skip
    print(f"Data: {len(train):,} long-news training examples, document {source_chars[0]:,}-{source_chars[-1]:,} "
          f"characters (median {source_chars[len(source_chars) // 2]:,}); truncated at {cfg.model.max_source_length}/"
          f"{cfg.model.max_target_length} tokens: {_truncated(truncation)}")  # fmt: skip
    peak = "peak MB (CUDA allocated)" if device.type == "cuda" else "peak RSS MB"
    print()
    print(f"| arm | real tokens/s | samples/s | x a | source pad | target pad | {peak} | train loss | held-out loss "
          "| MFU |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    baseline = next((r for r in rows if r.arm == "a"), rows[0])
    for r in rows:
        mfu = f"{100 * r.mfu:.1f}%" if r.mfu is not None else "-"
        print(f"| {r.arm} | {r.tokens_per_second:,.0f} | {r.samples_per_second:.1f} | "
              f"{r.tokens_per_second / baseline.tokens_per_second:.2f} | {100 * r.source_padding:.1f}% | "
              f"{100 * r.target_padding:.1f}% | {r.peak_mb:,.0f} | {r.train_loss:.4f} | {r.held_out_loss:.4f} | {mfu} |")  # fmt: skip
    if args.json:
        args.json.write_text(json.dumps([dataclasses.asdict(r) for r in rows], indent=1))
    return 0


def without_option(argv: list[str], option: str) -> list[str]:
    """argv without `option VALUE` / `option=VALUE`."""
    kept, skip = [], False
    for arg in argv:
        if skip:
            skip = False
        elif arg == option:
            skip = True
        elif not arg.startswith(option + "="):
            kept.append(arg)
    return kept


def _truncated(report: dict) -> str:
    split = report.get("splits", {}).get("train", {})
    tokens = split.get("tokens", split)
    share = {key: value for key, value in tokens.items() if "truncated" in key}
    return ", ".join(f"{key} {value:.0%}" if isinstance(value, float) else f"{key} {value}" for key, value in share.items()) or "see data_report.json"


if __name__ == "__main__":
    sys.exit(main())
