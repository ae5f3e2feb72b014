"""benchmarks/bench_llm.py runs on CPU at the tiny size and reports what LoRA changes (its GPU run is the lead's)."""

from __future__ import annotations

import importlib.util
import sys

import pytest

from tests.conftest import REPO


@pytest.fixture(scope="module")
def bench():
    spec = importlib.util.spec_from_file_location("bench_llm", REPO / "benchmarks" / "bench_llm.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclass looks its module up there
    spec.loader.exec_module(module)
    return module


def test_the_benchmark_compares_full_fine_tuning_and_lora(bench, capsys):
    full, lora = bench.main(["--device", "cpu", "--preset", "tiny", "--steps", "1", "--warmup", "0",
                             "--batch-size", "2", "--seq-len", "32"])  # fmt: skip
    assert (full.method, lora.method) == ("none", "lora")
    assert full.trainable == full.parameters and 0 < lora.trainable < 0.2 * lora.parameters
    assert lora.parameters - lora.trainable == full.parameters  # the same frozen base under the adapters
    assert full.tokens_per_second > 0 and lora.tokens_per_second > 0
    printed = capsys.readouterr().out
    assert "| none |" in printed and "| lora |" in printed and "tokens/s" in printed


@pytest.mark.parametrize("preset", ["qwen3_0_6b", "exaone4_1_2b"])
def test_real_preset_architectures_build_at_their_published_size(bench, preset):
    """Built on the meta device (no memory): the parameter counts the model names promise."""
    import torch
    from transformers import AutoConfig, AutoModelForCausalLM

    settings = dict(bench.ARCHITECTURES[preset])
    config = AutoConfig.for_model(settings.pop("model_type"), **settings)
    with torch.device("meta"):
        model = AutoModelForCausalLM.from_config(config)
    billions = sum(p.numel() for p in model.parameters()) / 1e9
    low, high = {"qwen3_0_6b": (0.55, 0.65), "exaone4_1_2b": (1.1, 1.35)}[preset]
    assert low < billions < high
