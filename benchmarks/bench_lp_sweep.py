"""Benchmark: a length-penalty sweep in one beam-search pass vs one and vs separate ``generate`` passes.

Prints a table (seconds, sequences/s, ratio to one ``generate`` pass) and checks that the sweep's sequences equal the
separate passes' token for token. The model is a BART with random weights (no Hub access needed), sized by
--model-size ("base" is KoBART-base-sized). Random weights almost never emit EOS, so a logits processor passed to
every ``generate`` call raises the EOS log-probability with the decoding step (--eos-start, --eos-slope; the tests'
``RisingEos``): hypotheses then finish at many lengths, as with a trained summarizer, and the penalty-dependent
stopping heuristics do real work. The benchmark fails if they do not (its exactness check would be vacuous).

    python benchmarks/bench_lp_sweep.py --device cpu --model-size small
    python benchmarks/bench_lp_sweep.py --device cuda --model-size base --num-examples 256 --batch-size 32
"""

from __future__ import annotations

import argparse
import copy
import platform
import shlex
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import torch
from transformers import BartConfig, BartForConditionalGeneration, GenerationConfig

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from summarizer.generation.one_pass_sweep import (  # noqa: E402
    _pad_batch,
    _source_length_order,
    _strip_batch_padding,
    decode_for_length_penalties,
)
from tests.generation.rising_eos import finished_lengths, rising_eos  # noqa: E402

MODEL_SIZES = {
    "tiny": dict(vocab_size=1000, d_model=64, layers=2, heads=4, ffn=128),
    "small": dict(vocab_size=30000, d_model=256, layers=3, heads=4, ffn=1024),
    "base": dict(vocab_size=30000, d_model=768, layers=6, heads=16, ffn=3072),  # KoBART-base
}


def build_model(size: str, device: str, seed: int):
    """A random-weight BART of the given size."""
    spec = MODEL_SIZES[size]
    torch.manual_seed(seed)
    config = BartConfig(
        vocab_size=spec["vocab_size"], d_model=spec["d_model"], encoder_layers=spec["layers"],
        decoder_layers=spec["layers"], encoder_attention_heads=spec["heads"], decoder_attention_heads=spec["heads"],
        encoder_ffn_dim=spec["ffn"], decoder_ffn_dim=spec["ffn"], max_position_embeddings=1026,
        pad_token_id=3, bos_token_id=0, eos_token_id=1, decoder_start_token_id=1, forced_eos_token_id=1,
    )  # fmt: skip
    return BartForConditionalGeneration(config).to(device).eval()


def random_features(n: int, min_len: int, max_len: int, vocab_size: int, seed: int) -> list[dict]:
    generator = torch.Generator().manual_seed(seed)
    lengths = torch.randint(min_len, max_len + 1, (n,), generator=generator).tolist()
    return [{"input_ids": torch.randint(4, vocab_size, (k,), generator=generator).tolist()} for k in lengths]


def sorted_padded_batches(features, batch_size: int, pad_token_id: int, device):
    """The sweep's own longest-first, right-padded batches, so every method decodes identical batches."""
    order = _source_length_order(features)
    chunks = [order[start : start + batch_size] for start in range(0, len(order), batch_size)]
    return [(indices, *_pad_batch([features[i] for i in indices], pad_token_id, device)) for indices in chunks]


def synchronize(device: str) -> None:
    if device.startswith("cuda"):
        torch.cuda.synchronize()


def generate_pass(model, batches, config: GenerationConfig, length_penalty: float, processor) -> dict[int, list[int]]:
    """One ordinary ``generate`` pass over the split: {feature index: sequence}."""
    config = copy.deepcopy(config)
    config.length_penalty = length_penalty
    outputs = {}
    for indices, input_ids, attention_mask in batches:
        sequences = model.generate(
            input_ids, attention_mask=attention_mask, generation_config=config, logits_processor=processor
        )
        for row, index in enumerate(indices):
            outputs[index] = sequences[row].tolist()
    return outputs


class DecoderStepCounter:
    """Counts decoder forward calls (one per decoding step and batch): a cost measure immune to timing noise."""

    def __init__(self, model):
        self.steps = 0
        model.get_decoder().register_forward_hook(self._count)

    def _count(self, *args) -> None:
        self.steps += 1

    def measure(self, run):
        self.steps = 0
        result = run()
        return result, self.steps


@dataclass
class Timing:
    wall: float
    cpu: float

    def basis(self, device: str) -> float:
        """CPU time on CPU (other jobs sharing the cores inflate wall time, not it); wall time on an accelerator."""
        return self.cpu if device == "cpu" else self.wall


def timed_min(run, repeats: int, device: str):
    """Best of ``repeats`` runs: (Timing, last result)."""
    best, result = Timing(float("inf"), float("inf")), None
    for _ in range(repeats):
        synchronize(device)
        wall, cpu = time.perf_counter(), time.process_time()
        result = run()
        synchronize(device)
        best = Timing(min(best.wall, time.perf_counter() - wall), min(best.cpu, time.process_time() - cpu))
    return best, result


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--device", default="cpu")
    parser.add_argument("--model-size", choices=sorted(MODEL_SIZES), default="small")
    parser.add_argument("--num-examples", type=int, default=32)
    parser.add_argument("--batch-size", type=int, default=16)
    parser.add_argument("--num-beams", type=int, default=4)
    parser.add_argument("--max-new-tokens", type=int, default=48)
    parser.add_argument("--min-source-len", type=int, default=64)
    parser.add_argument("--max-source-len", type=int, default=256)
    parser.add_argument("--penalties", type=float, nargs="+", default=[0.6, 0.8, 1.0, 1.2, 1.5, 2.0])
    parser.add_argument("--baseline-penalty", type=float, default=1.0, help="penalty of the single generate pass")
    parser.add_argument("--early-stopping", default="false", choices=["true", "false", "never"])
    parser.add_argument("--no-repeat-ngram-size", type=int, default=3)
    parser.add_argument("--eos-start", type=float, default=-3.0)
    parser.add_argument("--eos-slope", type=float, default=0.15)
    parser.add_argument("--repeats", type=int, default=3, help="runs per method; the best is reported")
    parser.add_argument(
        "--threads", type=int, default=None,
        help="torch CPU threads (default: 1 on CPU, for stable timings on a shared machine; torch's choice otherwise)",
    )  # fmt: skip
    parser.add_argument("--seed", type=int, default=0)
    return parser.parse_args(argv)


def main(argv=None) -> None:
    args = parse_args(argv)
    threads = args.threads or (1 if args.device == "cpu" else None)
    if threads:
        torch.set_num_threads(threads)
    early_stopping = {"true": True, "false": False, "never": "never"}[args.early_stopping]
    model = build_model(args.model_size, args.device, args.seed)
    pad, eos = model.config.pad_token_id, model.config.eos_token_id
    processor = rising_eos(eos, args.eos_start, args.eos_slope)
    features = random_features(
        args.num_examples, args.min_source_len, args.max_source_len, model.config.vocab_size, args.seed
    )
    config = GenerationConfig(
        num_beams=args.num_beams, max_new_tokens=args.max_new_tokens, early_stopping=early_stopping,
        no_repeat_ngram_size=args.no_repeat_ngram_size,
    )  # fmt: skip
    batches = sorted_padded_batches(features, args.batch_size, pad, args.device)

    counter = DecoderStepCounter(model)
    generate_pass(model, batches[:1], config, args.baseline_penalty, processor)  # warm-up

    def one_generate_pass():
        return counter.measure(lambda: generate_pass(model, batches, config, args.baseline_penalty, processor))

    def sweep_pass():
        return counter.measure(
            lambda: decode_for_length_penalties(
                model, features, config, args.penalties, args.batch_size, pad, device=args.device,
                logits_processor=processor,
            )  # fmt: skip
        )

    one_seconds, (_, one_steps) = timed_min(one_generate_pass, args.repeats, args.device)
    separate = {}
    for lp in args.penalties:
        seconds, (outputs, steps) = timed_min(
            lambda lp=lp: counter.measure(lambda: generate_pass(model, batches, config, lp, processor)),
            args.repeats,
            args.device,
        )
        separate[lp] = (seconds, outputs, steps)
    sweep_seconds, ((sweep, info), sweep_steps) = timed_min(sweep_pass, args.repeats, args.device)

    exact = all(
        sweep[lp][i] == _strip_batch_padding(separate[lp][1][i], {eos}, 1)
        for lp in args.penalties
        for i in range(len(features))
    )
    mean_lengths = {lp: sum(map(len, sweep[lp])) / len(features) - 1 for lp in args.penalties}
    lengths = {length for lp in args.penalties for length in finished_lengths(sweep[lp], eos)}
    distinct_outputs = len({str(sweep[lp]) for lp in args.penalties})
    separate_seconds = Timing(
        sum(timing.wall for timing, _, _ in separate.values()), sum(timing.cpu for timing, _, _ in separate.values())
    )
    separate_steps = sum(steps for _, _, steps in separate.values())
    n, k = len(features), len(args.penalties)
    rows = [(f"1 generate pass (lp={args.baseline_penalty:g})", one_seconds, n, one_steps)]
    rows += [
        (f"  generate pass lp={lp:g} (mean len {mean_lengths[lp]:.1f})", seconds, n, steps)
        for lp, (seconds, _, steps) in separate.items()
    ]
    rows += [
        (f"{k} separate generate passes", separate_seconds, n * k, separate_steps),
        (f"one-pass sweep ({k} penalties)", sweep_seconds, n * k, sweep_steps),
    ]

    n_params = sum(p.numel() for p in model.parameters())
    print(f"command     : python {shlex.join(sys.argv)}")
    print(f"device      : {args.device} ({platform.processor() or platform.machine()}, torch threads "
          f"{torch.get_num_threads()})" + (f", {torch.cuda.get_device_name()}" if args.device.startswith("cuda") else ""))  # fmt: skip
    print(f"model       : BART {args.model_size}, {n_params / 1e6:.1f}M parameters, random weights + rising-EOS "
          f"logits processor (start {args.eos_start:g}, slope {args.eos_slope:g} per step)")  # fmt: skip
    print(f"data        : {n} examples, source length {args.min_source_len}-{args.max_source_len}, batch size "
          f"{args.batch_size}, num_beams {args.num_beams}, max_new_tokens {args.max_new_tokens}, "
          f"no_repeat_ngram_size {args.no_repeat_ngram_size}, early_stopping {early_stopping}")  # fmt: skip
    print(f"penalties   : {args.penalties}; sweep path: {info['path']} ({info['reason']})")
    print(f"exact       : {'yes' if exact else 'NO'} (sweep sequences == separate generate sequences)")
    print(f"fixture     : {len(lengths)} distinct finished lengths ({min(lengths, default=0)}-{max(lengths, default=0)} "
          f"tokens), {distinct_outputs} distinct outputs over {k} penalties")  # fmt: skip
    basis = "CPU" if args.device == "cpu" else "wall"
    print(f"timing      : best of {args.repeats} runs per method; sequences/s and 'x one pass' use {basis} seconds; "
          "decoder steps = decoder forward calls (noise-free cost)")  # fmt: skip
    print()
    print(
        f"| {'method':<44} | {'wall s':>7} | {'CPU s':>7} | {'sequences/s':>11} | {'x one pass':>10} "
        f"| {'decoder steps':>13} |"
    )
    print(f"|{'-' * 46}|{'-' * 9}|{'-' * 9}|{'-' * 13}|{'-' * 12}|{'-' * 15}|")
    one = one_seconds.basis(args.device)
    for name, timing, sequences, steps in rows:
        seconds = timing.basis(args.device)
        print(
            f"| {name:<44} | {timing.wall:7.2f} | {timing.cpu:7.2f} | {sequences / seconds:11.1f} "
            f"| {seconds / one:10.2f} | {steps:13d} |"
        )
    if not exact:
        sys.exit(1)
    if len(lengths) < 2 or distinct_outputs < 2:
        sys.exit("The fixture failed: hypotheses did not finish at several lengths or every penalty gave the same "
                 "output, so 'exact' proves nothing. Adjust --eos-start / --eos-slope.")  # fmt: skip


if __name__ == "__main__":
    main()
