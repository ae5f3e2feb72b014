"""Data preparation at scale: load, clean, filter and tokenize 100,000 generated news-length examples.

    .venv/bin/python benchmarks/bench_data.py [--examples 100000] [--num-proc N] [--lead-examples 250] [--seed 0]

Generates a corpus with `tools.synthetic_news.generate_corpus` (90% train, 5% validation, 5% test),
makes some of it dirty the way crawled news is (HTML, bylines and e-mails, a dateline, duplicates, empty
summaries, a few training documents copied from the test split) so every cleaning step and filter has work,
and writes it as JSONL to a temporary folder. Then, with a fresh `datasets` cache in that folder, it runs
what a run does: `local_files` (load), `prepare_data` (clean, filter, text figures; the default
`data.filters`), Lead-3 ROUGE on a sample, the tiny model's BPE tokenizer, `tokenize_splits`
(tiny_bart's 256/64 tokens) and the token figures; prints seconds and examples per second per stage, the
peak memory (max RSS of this process and of any `--num-proc` workers) and the data report; and repeats the
load, cleaning and tokenization once more to show the `datasets` fingerprint cache at work.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import platform
import random
import resource
import shlex
import shutil
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from summarizer.tracking.environment import cpu_name  # noqa: E402


def make_dirty(corpus: dict[str, list[dict]], seed: int) -> dict[str, int]:
    """Dirty ~1% of training examples each way (in place); returns how many of each kind."""
    rng = random.Random(seed)
    train, test = corpus["train"], corpus["test"]
    counts = {"html": 0, "byline": 0, "dateline": 0, "duplicate": 0, "empty_summary": 0, "leaked": 0}
    for index, record in enumerate(train):
        draw = rng.random()
        if draw < 0.01:
            record["document"] = "<p>" + record["document"].replace(". ", ".</p><p>", 1) + "</p>&nbsp;"
            counts["html"] += 1
        elif draw < 0.02:
            record["document"] += " 홍길동 기자 hong@example.co.kr"
            counts["byline"] += 1
        elif draw < 0.03:
            record["document"] = "(서울=테스트뉴스) 김철수 기자 = " + record["document"]
            counts["dateline"] += 1
        elif draw < 0.035 and index > 0:
            source = train[rng.randrange(index)]
            record["document"], record["summary"] = source["document"], source["summary"]
            counts["duplicate"] += 1
        elif draw < 0.036:
            record["summary"] = ""
            counts["empty_summary"] += 1
        elif draw < 0.037:
            record["document"] = test[rng.randrange(len(test))]["document"]
            counts["leaked"] += 1
    return counts


def write_corpus(workdir: Path, n_train: int, n_eval: int, seed: int) -> dict[str, int]:
    """Generate, dirty and write the corpus as train/validation/test JSONL; returns the dirt counts."""
    from tools.synthetic_news import generate_corpus, jsonl_bytes

    corpus = generate_corpus(n_train, n_eval, n_eval, seed=seed)
    dirt = make_dirty(corpus, seed)
    for split, records in corpus.items():
        (workdir / f"{split}.jsonl").write_bytes(jsonl_bytes(records))
    return dirt


def peak_memory_mb() -> tuple[float, float]:
    """Max RSS of this process and of the largest finished child process, in MB (Linux reports KiB)."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return own, children



def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=100_000)
    parser.add_argument("--num-proc", type=int, default=None, help="processes for datasets.map (default: in-process)")
    parser.add_argument("--lead-examples", type=int, default=250, help="Lead-3 ROUGE sample per split (0: skip)")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)

    load_at_start = os.getloadavg()[0]  # other jobs on the machine slow every stage; say so
    workdir = Path(tempfile.mkdtemp(prefix="bench_data_"))
    os.environ["HF_DATASETS_CACHE"] = str(workdir / "cache")  # cold cache: before `datasets` is imported
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "true")

    import datasets

    from summarizer.data.features import tokenize_splits
    from summarizer.data.loading import _lead_figures, prepare_data, training_texts
    from summarizer.data.schema import DataReportConfig, FiltersConfig
    from summarizer.data.sources.local import local_files
    from summarizer.models.tokenizer_training import train_bpe_tokenizer

    datasets.disable_progress_bars()
    rows: list[tuple[str, float, int]] = []

    def timed(stage: str, examples: int, function):
        started = time.perf_counter()
        result = function()
        rows.append((stage, time.perf_counter() - started, examples))
        return result

    n_eval = args.examples // 20
    n_train = args.examples - 2 * n_eval
    started = time.perf_counter()
    # In a child process, so this process's peak memory is the preparation's alone.
    with ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("fork")) as pool:
        dirt = pool.submit(write_corpus, workdir, n_train, n_eval, args.seed).result()
    files = {split: workdir / f"{split}.jsonl" for split in ("train", "validation", "test")}
    size_mb = sum(f.stat().st_size for f in files.values()) / 1e6
    generation_s = time.perf_counter() - started
    generator_mb = peak_memory_mb()[1]
    total = n_train + 2 * n_eval

    def load():
        return local_files(str(files["train"]), str(files["validation"]), str(files["test"]), id_column="id")

    def clean_and_filter(raw):
        return prepare_data(raw, name="bench", source="local_files", filters=FiltersConfig(),
                            report=DataReportConfig(lead_examples=0), num_proc=args.num_proc)

    raw = timed("load JSONL -> Arrow (local_files)", total, load)
    splits, report = timed("clean + filter + text figures (prepare_data)", total, lambda: clean_and_filter(raw))
    kept = sum(len(d) for d in splits.values())
    if args.lead_examples:
        config = DataReportConfig(lead_examples=args.lead_examples)
        for split in splits:
            report.splits[split].lead = timed(f"Lead-3 ROUGE, {split} sample (Kiwi)", min(args.lead_examples, len(splits[split])),
                                              lambda split=split: _lead_figures(splits[split], config))

    tokenizer = timed("train the tiny model's BPE tokenizer (train split)", len(splits["train"]),
                      lambda: train_bpe_tokenizer(training_texts(splits), 4000, True, 256))

    def tokenize():
        return tokenize_splits(splits, tokenizer, "", 256, 64, num_proc=args.num_proc)

    features, _ = timed("tokenize (datasets.map, batched)", kept, tokenize)
    timed("token figures (add_token_statistics)", kept, lambda: report.add_token_statistics(features, 256, 64))
    prepare_rows = list(rows)

    raw_again = timed("again, cached: load", total, load)
    splits_again, _ = timed("again, cached: clean + filter", total, lambda: clean_and_filter(raw_again))
    timed("again, cached: tokenize", kept,
          lambda: tokenize_splits(splits_again, tokenizer, "", 256, 64, num_proc=args.num_proc))
    own_mb, child_mb = peak_memory_mb()

    command = " ".join(shlex.quote(a) for a in [".venv/bin/python", "benchmarks/bench_data.py", *(argv or sys.argv[1:])])
    print(f"Command: {command}")
    print(f"Machine: {cpu_name()}, {os.cpu_count()} CPUs, Python {platform.python_version()}, datasets {datasets.__version__}; "
          f"num_proc={args.num_proc}; load average at start {load_at_start:.1f}, at end {os.getloadavg()[0]:.1f}")
    print(f"Corpus: {total:,} examples ({n_train:,}/{n_eval:,}/{n_eval:,}), {size_mb:.0f} MB of JSONL, generated in "
          f"{generation_s:.1f} s (not counted); dirtied: {dirt}")
    print()
    width = max(len(stage) for stage, _, _ in rows)
    print(f"| {'stage':<{width}} | seconds | examples/s |")
    print(f"|{'-' * (width + 2)}|--------:|-----------:|")
    for stage, seconds, examples in rows:
        print(f"| {stage:<{width}} | {seconds:7.2f} | {examples / seconds if seconds else 0:10,.0f} |")
    prepared = sum(seconds for stage, seconds, _ in prepare_rows)
    print(f"| {'**total, first pass (load to token figures)**':<{width}} | {prepared:7.2f} | {total / prepared:10,.0f} |")
    print()
    print(f"Peak memory (max RSS): preparation (this process) {own_mb:,.0f} MB; corpus generator (child) "
          f"{generator_mb:,.0f} MB" + (f"; largest map worker {child_mb:,.0f} MB" if args.num_proc else ""))
    print()
    print(report.format())
    shutil.rmtree(workdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
