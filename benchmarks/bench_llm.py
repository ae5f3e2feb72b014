"""Benchmark: training throughput and peak memory of a decoder-only preset, full fine-tuning vs LoRA, side by side.

The model is built from the preset's architecture numbers with random weights (no download: the Hub is not needed,
and throughput and memory do not depend on the weights). Training steps are what the pipeline runs: fp32 master
weights under bf16 autocast (Trainer bf16=True, model.precision=auto on a bf16 GPU), AdamW, one sequence of
--seq-len tokens per example (prompt + summary; masking the prompt's labels does not change the compute).
LoRA: peft's LoRA (r 16, alpha 32) on the preset's `lora_target_modules`, as `peft=lora` does.

    python benchmarks/bench_llm.py --device cuda --preset qwen3_0_6b          # ~1-2 min on one H200
    python benchmarks/bench_llm.py --device cuda --preset exaone4_1_2b --batch-size 8 --seq-len 1024
    python benchmarks/bench_llm.py --device cpu --preset tiny --steps 2       # seconds; what its test runs
"""

from __future__ import annotations

import argparse
import platform
import resource
import shlex
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import torch
from transformers import AutoConfig, AutoModelForCausalLM

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from summarizer.models.adapters import apply_adapters  # noqa: E402

LORA_TARGETS = ["q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj"]
# Architecture numbers of each preset's checkpoint (its config.json), so the benchmark needs no download.
ARCHITECTURES = {
    # Qwen/Qwen3-0.6B config.json (copies on the Hub, e.g. TensorStack/TextEncoder Qwen-3-06B/config.json, agree).
    "qwen3_0_6b": dict(
        model_type="qwen3", vocab_size=151936, hidden_size=1024, intermediate_size=3072, num_hidden_layers=28,
        num_attention_heads=16, num_key_value_heads=8, head_dim=128, max_position_embeddings=40960,
        rope_theta=1000000.0, rms_norm_eps=1e-6, tie_word_embeddings=True,
    ),  # fmt: skip
    # LGAI-EXAONE/EXAONE-4.0-1.2B config.json as published with the model (global attention in every layer at this
    # size); not re-read offline here: check against the card before quoting the parameter count.
    "exaone4_1_2b": dict(
        model_type="exaone4", vocab_size=102400, hidden_size=2048, intermediate_size=4096, num_hidden_layers=30,
        num_attention_heads=32, num_key_value_heads=8, head_dim=64, max_position_embeddings=65536,
        rope_theta=1000000.0, rms_norm_eps=1e-5, tie_word_embeddings=True, sliding_window=None,
        # given explicitly: Exaone4Config derives them with a modulo by zero when sliding_window is None
        layer_types=["full_attention"] * 30,
    ),  # fmt: skip
    # conf/model/tiny_causal.yaml with a 4,000-token vocabulary: for the CPU test of this script.
    "tiny": dict(
        model_type="llama", vocab_size=4000, hidden_size=128, intermediate_size=512, num_hidden_layers=4,
        num_attention_heads=4, num_key_value_heads=4, max_position_embeddings=512, tie_word_embeddings=True,
    ),  # fmt: skip
}


@dataclass
class Result:
    method: str
    parameters: int
    trainable: int
    seconds_per_step: float
    tokens_per_second: float
    peak_memory_gib: float


def build(preset: str, device: torch.device, method: str) -> torch.nn.Module:
    settings = dict(ARCHITECTURES[preset])
    config = AutoConfig.for_model(settings.pop("model_type"), **settings)
    torch.manual_seed(0)
    model = AutoModelForCausalLM.from_config(config).to(device)
    return apply_adapters(model, method=method, r=16, alpha=32, dropout=0.05, target_modules=LORA_TARGETS,
                          decoder_only=True)  # fmt: skip


def measure(preset: str, method: str, device: torch.device, batch_size: int, seq_len: int, steps: int, warmup: int,
            gradient_checkpointing: bool) -> Result:  # fmt: skip
    if device.type == "cuda":
        torch.cuda.empty_cache()
        torch.cuda.reset_peak_memory_stats(device)
    model = build(preset, device, method)
    if gradient_checkpointing:
        model.gradient_checkpointing_enable()
        if method != "none":
            model.enable_input_require_grads()
    model.train()
    optimizer = torch.optim.AdamW([p for p in model.parameters() if p.requires_grad], lr=1e-5)
    generator = torch.Generator().manual_seed(0)
    vocab = ARCHITECTURES[preset]["vocab_size"]
    input_ids = torch.randint(0, vocab, (batch_size, seq_len), generator=generator).to(device)
    autocast = torch.autocast(device.type, dtype=torch.bfloat16, enabled=device.type == "cuda")
    started = 0.0
    for step in range(warmup + steps):
        if step == warmup:
            _synchronize(device)
            started = time.perf_counter()
        with autocast:
            loss = model(input_ids=input_ids, labels=input_ids).loss
        loss.backward()
        optimizer.step()
        optimizer.zero_grad(set_to_none=True)
    _synchronize(device)
    seconds = (time.perf_counter() - started) / steps
    total = sum(p.numel() for p in model.parameters())
    trainable = sum(p.numel() for p in model.parameters() if p.requires_grad)
    result = Result(method, total, trainable, seconds, batch_size * seq_len / seconds, _peak_gib(device))
    del model, optimizer
    return result


def _synchronize(device: torch.device) -> None:
    if device.type == "cuda":
        torch.cuda.synchronize(device)


def _peak_gib(device: torch.device) -> float:
    """CUDA: peak allocated by this arm. CPU: the process's peak resident memory so far (includes earlier arms)."""
    if device.type == "cuda":
        return torch.cuda.max_memory_allocated(device) / 2**30
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 2**20


def table(results: list[Result]) -> str:
    full = results[0]
    lines = ["| method | parameters | trainable | s/step | tokens/s | vs full | peak memory (GiB) |",
             "|---|---:|---:|---:|---:|---:|---:|"]  # fmt: skip
    for r in results:
        lines.append(f"| {r.method} | {r.parameters:,} | {r.trainable:,} ({r.trainable / r.parameters:.2%}) | "
                     f"{r.seconds_per_step:.3f} | {r.tokens_per_second:,.0f} | "
                     f"{r.tokens_per_second / full.tokens_per_second:.2f}x | {r.peak_memory_gib:.2f} |")  # fmt: skip
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> list[Result]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--preset", choices=sorted(ARCHITECTURES), default="qwen3_0_6b")
    parser.add_argument("--device", default="cuda")
    parser.add_argument("--batch-size", type=int, default=8)
    parser.add_argument("--seq-len", type=int, default=1024, help="prompt + summary tokens per example")
    parser.add_argument("--steps", type=int, default=10, help="timed steps per method")
    parser.add_argument("--warmup", type=int, default=2)
    parser.add_argument("--gradient-checkpointing", action="store_true")
    args = parser.parse_args(argv)
    device = torch.device(args.device)
    if device.type == "cuda" and not torch.cuda.is_available():
        parser.error("--device cuda: no CUDA device here; use --device cpu --preset tiny")
    results = [
        measure(args.preset, method, device, args.batch_size, args.seq_len, args.steps, args.warmup,
                args.gradient_checkpointing)
        for method in ("none", "lora")
    ]  # fmt: skip
    name = torch.cuda.get_device_name(device) if device.type == "cuda" else platform.processor() or platform.machine()
    print(f"{args.preset} on {name}, torch {torch.__version__}, batch {args.batch_size} x {args.seq_len} tokens, "
          f"{args.steps} timed steps after {args.warmup}; bf16 autocast: {device.type == 'cuda'}")  # fmt: skip
    print(f"command: python benchmarks/bench_llm.py {shlex.join(argv if argv is not None else sys.argv[1:])}")
    print(table(results))
    return results


if __name__ == "__main__":
    main()
