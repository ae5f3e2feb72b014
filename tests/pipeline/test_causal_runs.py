"""Decoder-only runs through the same pipeline: tiny_causal with and without LoRA, the saved (merged) model loaded
the way the README documents, mode=evaluate on it, QLoRA refused on CPU, and the real presets offline."""

from __future__ import annotations

import json
import time

import pytest
import torch
from transformers import AutoModelForCausalLM

from summarizer.analysis.runs import run_row
from summarizer.data_report import build_report
from summarizer.errors import ConfigError, HubUnavailableError
from summarizer.inference import load_summarizer
from summarizer.pipeline import run
from tests.conftest import FAST, compose_config

REAL_PRESETS = {
    "exaone4_1_2b": "LGAI-EXAONE/EXAONE-4.0-1.2B",
    "qwen3_0_6b": "Qwen/Qwen3-0.6B",
    "kanana_nano": "kakaocorp/kanana-nano-2.1b-instruct",
}


LORA = ["model=tiny_causal", "peft=lora", "trainer.max_steps=3", "optimizer.lr=1e-2", "model.max_target_length=16"]


def read_jsonl(path):
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


@pytest.fixture(scope="module")
def lora_run(tmp_path_factory):
    """tiny_causal with LoRA, a few steps: trains, sweeps (one pass), scores, saves adapter and merged model."""
    run_dir = tmp_path_factory.mktemp("lora") / "run"
    objective = run(compose_config(FAST + LORA, output_dir=run_dir))
    return objective, run_dir


def test_lora_run_saves_the_adapter_and_a_merged_model_that_loads_without_peft(lora_run):
    objective, run_dir = lora_run
    assert 0 <= objective <= 100
    summary = (run_dir / "model_summary.txt").read_text()
    trainable, total = _trainable_and_total(summary)
    assert 0 < trainable < 0.2 * total
    adapter = json.loads((run_dir / "model" / "adapter" / "adapter_config.json").read_text())
    assert adapter["peft_type"] == "LORA" and adapter["task_type"] == "CAUSAL_LM"
    config = json.loads((run_dir / "model" / "config.json").read_text())
    assert config["model_type"] == "llama" and "summarization_prompt" in config
    model = AutoModelForCausalLM.from_pretrained(run_dir / "model")
    assert not any("lora" in name for name, _ in model.named_parameters())
    assert sum(p.numel() for p in model.parameters()) == total - trainable  # the adapters folded in
    # the run tables compare runs by what their training cost: LoRA's trainable share among it
    row = run_row(run_dir, "lora")
    assert (row["parameters"], row["trainable_parameters"]) == (total, trainable)
    assert row["real_tokens_per_second"] > 0 and row["peak_memory_gb"] > 0


def _trainable_and_total(summary: str) -> tuple[int, int]:
    words = summary.splitlines()[-1].split()  # "trainable: 12,345 of 1,234,567 parameters (1.00%)"
    return int(words[1].replace(",", "")), int(words[3].replace(",", ""))


def test_the_sweep_and_every_score_decode_only_the_new_tokens(lora_run):
    _, run_dir = lora_run
    sweep = json.loads((run_dir / "sweep.json").read_text())
    assert [row["length_penalty"] for row in sweep["rows"]] == [0.8, 1.2]  # debug=default's sweep
    assert sweep["decoding"][0]["path"] == "one_pass", sweep["decoding"][0]["reason"]
    instruction = compose_config(["model=tiny_causal"]).model.prompt.instruction
    for name in ("predictions.jsonl", "predictions_validation_final.jsonl", "sweep_predictions.jsonl"):
        predictions = [row["prediction"] for row in read_jsonl(run_dir / name)]
        assert predictions and not any(instruction[:8] in text for text in predictions), name  # no prompt echoed
    metrics = json.loads((run_dir / "metrics.json").read_text())
    assert "rouge1_kiwi" in metrics["final"]["test"]
    assert metrics["final"]["test"]["generation"]["length_penalty"] == sweep["best"]["length_penalty"]


def test_the_saved_model_summarizes_through_the_documented_pipeline(lora_run):
    _, run_dir = lora_run
    summarize = load_summarizer(run_dir / "model")
    document = read_jsonl(run_dir / "predictions.jsonl")[0]["document"]
    output = summarize(document, max_new_tokens=8, num_beams=1)
    assert isinstance(output[0]["summary_text"], str)
    # the pipeline's prompt is the training prompt: same ids as the test features the run generated from
    prompt = summarize.preprocess(document)["input_ids"][0].tolist()
    saved = json.loads((run_dir / "model" / "config.json").read_text())["summarization_prompt"]
    assert prompt[: len(saved["prefix_ids"])] == saved["prefix_ids"]
    assert prompt[-len(saved["suffix_ids"]) :] == saved["suffix_ids"]


def test_the_data_report_cli_counts_the_prompt_as_the_run_did(lora_run):
    _, run_dir = lora_run
    saved = json.loads((run_dir / "data_report.json").read_text())["splits"]["test"]["tokens"]
    assert build_report(compose_config(FAST + LORA)).to_dict()["splits"]["test"]["tokens"] == saved
    instruction_tokens = 10  # at least: the prompt's instruction and template are counted with the document
    plain = build_report(compose_config(FAST + ["model=tiny_bart", "model.max_target_length=16"]))
    assert saved["document"]["min"] > plain.to_dict()["splits"]["test"]["tokens"]["document"]["min"] + instruction_tokens


def test_mode_evaluate_scores_the_merged_model_without_peft(lora_run, tmp_path):
    _, run_dir = lora_run
    evaluate_dir = tmp_path / "evaluate"
    overrides = ["mode=evaluate", "model=tiny_causal", f"model.name_or_path={run_dir}"]
    run(compose_config(FAST + overrides, output_dir=evaluate_dir))
    trained = json.loads((run_dir / "metrics.json").read_text())["final"]["test"]
    again = json.loads((evaluate_dir / "metrics.json").read_text())["final"]["test"]
    assert again["rouge1_kiwi"] == pytest.approx(trained["rouge1_kiwi"])


@pytest.mark.slow
def test_full_fine_tuning_of_tiny_causal_with_sampling_sweeps_with_separate_calls(tmp_path):
    run_dir = tmp_path / "full"
    overrides = ["model=tiny_causal", "generation=sampling", "trainer.max_steps=2", "model.max_target_length=16"]
    run(compose_config(FAST + overrides, output_dir=run_dir))
    sweep = json.loads((run_dir / "sweep.json").read_text())
    assert sweep["decoding"][0]["path"] == "separate_generate_calls" and "sampling" in sweep["decoding"][0]["reason"]
    candidates = read_jsonl(run_dir / "predictions.jsonl")[0]["candidates"]
    assert len(candidates) == 3  # num_return_sequences of the sampling preset
    assert not (run_dir / "model" / "adapter").exists()


@pytest.mark.skipif(torch.cuda.is_available(), reason="the refusal is for machines without CUDA")
def test_qlora_on_cpu_stops_before_any_data_or_weight_is_loaded(tmp_path):
    run_dir = tmp_path / "qlora"
    started = time.monotonic()
    with pytest.raises(ConfigError, match="peft=qlora .* needs a CUDA GPU"):
        run(compose_config(FAST + ["model=tiny_causal", "peft=qlora"], output_dir=run_dir))
    assert time.monotonic() - started < 30
    assert not (run_dir / "tokenizer").exists() and not (run_dir / "data_report.json").exists()


@pytest.mark.parametrize("preset", sorted(REAL_PRESETS))
def test_real_presets_offline_fail_fast_naming_the_model(preset, tmp_path, monkeypatch):
    monkeypatch.setenv("HF_HUB_OFFLINE", "0")
    cfg = compose_config(FAST + [f"model={preset}"], output_dir=tmp_path / "run")
    assert cfg.model.family == "causal" and cfg.model.name_or_path == REAL_PRESETS[preset]
    started = time.monotonic()
    try:
        run(cfg)
    except HubUnavailableError as error:
        message = str(error)
    else:
        pytest.skip("the Hub is reachable from this machine")
    assert time.monotonic() - started < 30
    assert REAL_PRESETS[preset] in message and "model.name_or_path=" in message and "HF_HUB_OFFLINE=1" in message


@pytest.mark.parametrize("preset", sorted(REAL_PRESETS))
def test_real_presets_name_an_architecture_built_into_transformers(preset):
    """No trust_remote_code: each preset's model type is one transformers ships (checked against its own mapping)."""
    from transformers.models.auto.modeling_auto import MODEL_FOR_CAUSAL_LM_MAPPING_NAMES

    model_type = {"exaone4_1_2b": "exaone4", "qwen3_0_6b": "qwen3", "kanana_nano": "llama"}[preset]
    assert model_type in MODEL_FOR_CAUSAL_LM_MAPPING_NAMES
    cfg = compose_config([f"model={preset}"]).model
    assert cfg.max_source_length + cfg.max_target_length <= 8192  # inside each model's context window


LEARNING_BUDGET = ["logger=none", "trainer.max_steps=100", "trainer.eval_steps=50", "trainer.save_steps=50",
                   "data.max_eval_samples=32", "data.max_test_samples=64", "model.max_source_length=128"]


@pytest.mark.slow
@pytest.mark.parametrize("peft", ["none", "lora"])
def test_tiny_causal_learns_on_the_bundled_data(peft, tmp_path):
    """`python run.py model=tiny_causal [peft=lora]` on a CPU-sized budget: trains, evaluates during training,
    sweeps, saves, and at least doubles test ROUGE-1 over the untrained model."""
    run_dir = tmp_path / peft
    overrides = ["model=tiny_causal", f"peft={peft}", *LEARNING_BUDGET] + (["optimizer.lr=1e-2"] if peft == "lora" else [])
    run(compose_config(overrides, output_dir=run_dir))
    metrics = json.loads((run_dir / "metrics.json").read_text())
    untrained, trained = metrics["untrained"]["test"]["rouge1_kiwi"], metrics["final"]["test"]["rouge1_kiwi"]
    assert untrained > 0  # the precondition: "2x untrained" means something only above zero
    assert trained >= 2 * untrained, (untrained, trained)
    assert len(metrics["during_training"]) >= 2
    assert len(json.loads((run_dir / "sweep.json").read_text())["rows"]) == 6
    assert (run_dir / "model" / "model.safetensors").is_file()
    assert (run_dir / "model" / "adapter").is_dir() == (peft == "lora")
