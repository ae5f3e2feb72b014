"""Length-grouped batches (summarizer/training/batching.py) and the throughput figures of every run."""

from __future__ import annotations

import numpy as np
import pytest
import torch
from datasets import Dataset
from transformers import BartConfig, BartForConditionalGeneration
from transformers.models.bart.modeling_bart import shift_tokens_right
from transformers.trainer_pt_utils import LabelSmoother

from summarizer.errors import ConfigError
from summarizer.training.batching import LengthGroupedSampler, length_grouped_sampler
from summarizer.training.throughput import FlopsPerToken, TokenWindow, pad_multiple, throughput_figures


def lengths(n=1000, seed=0):
    rng = np.random.default_rng(seed)
    return rng.integers(20, 512, n), rng.integers(5, 128, n)


def padding_share(batches, source):
    return 1 - sum(source[b].sum() for b in batches) / sum(len(b) * source[b].max() for b in batches)


def test_each_epoch_is_a_new_permutation_of_every_example_and_repeats_exactly():
    source, target = lengths()
    sampler = LengthGroupedSampler(source, target, batch_size=16, seed=7)
    first = list(sampler)
    assert sorted(first) == list(range(1000))
    assert list(sampler) == first  # same epoch, same draw (what a resumed run relies on)
    sampler.set_epoch(1)
    second = list(sampler)
    assert sorted(second) == list(range(1000)) and second != first
    again = LengthGroupedSampler(source, target, batch_size=16, seed=7)
    again.set_epoch(1)
    assert list(again) == second  # a fresh process (a resume) draws the same epoch
    other_seed = LengthGroupedSampler(source, target, batch_size=16, seed=8)
    assert list(other_seed) != first


def test_batches_pad_much_less_than_random_ones_and_the_longest_comes_first():
    source, target = lengths()
    sampler = LengthGroupedSampler(source, target, batch_size=16, seed=0, target_batches=1)
    batches = sampler.batches()
    random_batches = np.array_split(np.random.default_rng(0).permutation(1000), 1000 // 16 + 1)
    assert padding_share(random_batches, source) > 0.3  # precondition: these lengths spread widely
    assert padding_share(batches, source) < 0.05
    costs = [len(b) * (source[b].max() + target[b].max()) for b in batches]
    assert costs[0] == max(costs)
    # Batch order is shuffled, not longest to shortest within each pool.
    maxima = [source[b].max() for b in batches[1:]]
    assert sum(a < b for a, b in zip(maxima, maxima[1:])) > len(maxima) // 4


def test_runs_of_batches_sorted_by_target_pad_targets_less_for_little_source_padding():
    source, target = lengths()
    by_source = LengthGroupedSampler(source, target, batch_size=16, seed=0, target_batches=1).batches()
    both = LengthGroupedSampler(source, target, batch_size=16, seed=0, target_batches=4).batches()
    assert padding_share(both, target) < padding_share(by_source, target) / 2
    assert padding_share(both, source) < 0.1


def test_equal_source_lengths_are_grouped_by_target_length():
    source = np.full(64, 256)  # every document truncated to the same length
    target = np.arange(64)
    batches = LengthGroupedSampler(source, target, batch_size=8, seed=0).batches()
    assert all(target[b].max() - target[b].min() == 7 for b in batches)


def test_the_sampler_reads_token_lengths_after_truncation_from_the_dataset():
    dataset = Dataset.from_dict({"input_ids": [[1] * n for n in (3, 9, 4, 8)], "labels": [[2] * n for n in (1, 2, 3, 4)]})
    sampler = length_grouped_sampler(dataset.select([3, 2, 1, 0]), batch_size=2, seed=0, pool_batches=2,
                                     target_batches=1)
    assert sampler.source_lengths.tolist() == [8, 4, 9, 3] and sampler.target_lengths.tolist() == [4, 3, 2, 1]
    assert sorted(sorted(b.tolist()) for b in sampler.batches()) == [[0, 2], [1, 3]]  # {8, 9} and {4, 3}


def test_token_window_counts_real_and_padded_positions():
    window = TokenWindow()
    window.add({"input_ids": torch.ones(2, 4), "attention_mask": torch.tensor([[1, 1, 1, 1], [1, 1, 0, 0]]),
                "labels": torch.tensor([[5, 6, -100], [5, -100, -100]])}, is_encoder_decoder=True)  # fmt: skip
    assert window.totals() == [6, 8, 3, 6, 2]
    figures = throughput_figures(window.totals(), 2.0, FlopsPerToken(source=10.0, target=20.0), peak=100.0)
    assert figures == {"real_tokens_per_second": 4.5, "samples_per_second": 1.0, "source_padding_share": 0.25,
                       "target_padding_share": 0.5, "mfu": round((10 * 6 + 20 * 3) / 2 / 100, 4)}  # fmt: skip


def test_flops_per_token_count_encoder_and_decoder_parameters_once():
    config = BartConfig(vocab_size=100, d_model=16, encoder_layers=1, decoder_layers=2, encoder_attention_heads=2,
                        decoder_attention_heads=2, encoder_ffn_dim=32, decoder_ffn_dim=32, max_position_embeddings=64)  # fmt: skip
    model = BartForConditionalGeneration(config)
    flops = FlopsPerToken.of(model)
    embeddings = {id(p) for m in model.modules() if isinstance(m, torch.nn.Embedding) for p in m.parameters()}
    encoder = sum(p.numel() for p in model.get_encoder().parameters() if id(p) not in embeddings)
    everything = sum(p.numel() for p in {id(p): p for p in model.parameters()}.values() if id(p) not in embeddings)
    assert flops.source == 6 * encoder
    assert flops.target == 6 * (everything - encoder + 100 * 16)  # the tied output projection counts once
    assert flops.target > flops.source  # precondition: two decoder layers (with cross-attention) vs one


def test_pad_multiple_auto_is_8_on_cuda_only_and_bad_values_are_named():
    assert pad_multiple("auto", torch.device("cuda")) == 8
    assert pad_multiple("auto", torch.device("cpu")) is None
    assert pad_multiple(None, torch.device("cuda")) is None and pad_multiple(64, torch.device("cpu")) == 64
    with pytest.raises(ConfigError, match="speed.pad_to_multiple_of"):
        pad_multiple("eight", torch.device("cpu"))


def test_fused_is_asked_only_of_optimizers_that_have_it_and_never_overrides_the_config():
    from summarizer.training.arguments import optimizer_cls_and_kwargs

    assert optimizer_cls_and_kwargs("torch.optim.AdamW", 1e-3, {}, fused=True)[1] == {"lr": 1e-3, "fused": True}
    assert "fused" not in optimizer_cls_and_kwargs("torch.optim.AdamW", 1e-3, {}, fused=False)[1]
    assert optimizer_cls_and_kwargs("torch.optim.AdamW", 1e-3, {"fused": False}, fused=True)[1]["fused"] is False
    assert "fused" not in optimizer_cls_and_kwargs("transformers.optimization.Adafactor", 1e-3, {}, fused=True)[1]


def tiny_trainer(output_dir, dataset, max_steps, **speed):
    from transformers import Seq2SeqTrainer, Seq2SeqTrainingArguments

    from summarizer.training.throughput import ThroughputMixin

    class Trainer(ThroughputMixin, Seq2SeqTrainer):
        pass

    def collate(rows):  # pad id 1; labels padded with -100
        width, label_width = max(len(r["input_ids"]) for r in rows), max(len(r["labels"]) for r in rows)
        return {
            "input_ids": torch.tensor([r["input_ids"] + [1] * (width - len(r["input_ids"])) for r in rows]),
            "attention_mask": torch.tensor([[1] * len(r["input_ids"]) + [0] * (width - len(r["input_ids"])) for r in rows]),
            "labels": torch.tensor([r["labels"] + [-100] * (label_width - len(r["labels"])) for r in rows]),
        }

    torch.manual_seed(0)
    model = BartForConditionalGeneration(BartConfig(
        vocab_size=100, d_model=16, encoder_layers=1, decoder_layers=1, encoder_attention_heads=2, decoder_attention_heads=2,
        encoder_ffn_dim=32, decoder_ffn_dim=32, max_position_embeddings=64, pad_token_id=1, bos_token_id=0,
        eos_token_id=2, decoder_start_token_id=2))  # fmt: skip
    args = Seq2SeqTrainingArguments(output_dir=str(output_dir), per_device_train_batch_size=4, max_steps=max_steps,
                                    save_strategy="steps", save_steps=6, logging_steps=1, report_to=[], use_cpu=True,
                                    seed=0, learning_rate=1e-3, disable_tqdm=True)  # fmt: skip
    return Trainer(model=model, args=args, train_dataset=dataset, data_collator=collate, length_grouped=True,
                   length_pool_batches=3, **speed)  # fmt: skip


def random_lengths_dataset(n=48):
    rng = np.random.default_rng(0)
    return Dataset.from_list([{"input_ids": [0, *rng.integers(4, 100, k).tolist(), 2],
                               "labels": [*rng.integers(4, 100, m).tolist(), 2]}
                              for k, m in zip(rng.integers(3, 40, n), rng.integers(2, 12, n))])  # fmt: skip


def test_a_resumed_run_trains_on_the_same_length_grouped_batches_in_every_epoch(tmp_path):
    dataset = random_lengths_dataset()
    full = tiny_trainer(tmp_path / "full", dataset, max_steps=18)  # 12 steps an epoch: 1.5 epochs
    full.train()

    def figures(trainer, after):
        return [(e["step"], round(e["loss"], 5), e["source_padding_share"], e["target_padding_share"])
                for e in trainer.state.log_history if "loss" in e and e["step"] > after]  # fmt: skip

    assert isinstance(full._get_train_sampler(), LengthGroupedSampler)  # precondition: the grouped batches are on
    assert len(figures(full, 0)) == 18
    for checkpoint in (6, 12):  # mid-epoch, and at the epoch boundary (epoch 2 is a new draw)
        resumed = tiny_trainer(tmp_path / f"resumed-{checkpoint}", dataset, max_steps=18)
        resumed.train(resume_from_checkpoint=str(tmp_path / "full" / f"checkpoint-{checkpoint}"))
        assert figures(resumed, checkpoint) == figures(full, checkpoint)


def test_token_weighted_loss_divides_each_step_by_an_average_steps_label_tokens(tmp_path):
    """Grouped batches of short summaries would otherwise weigh each of their tokens more than long ones do."""
    dataset = random_lengths_dataset()
    mean = sum(len(labels) for labels in dataset["labels"]) / len(dataset)
    plain = tiny_trainer(tmp_path / "plain", dataset, max_steps=6)
    weighted = tiny_trainer(tmp_path / "weighted", dataset, max_steps=6, token_weighted_loss=True)
    assert plain.labels_per_example is None and weighted.labels_per_example == pytest.approx(mean)
    steps = {}
    for name, trainer in (("plain", plain), ("weighted", weighted)):
        batches = iter(trainer.get_train_dataloader())
        steps[name] = [trainer.get_batch_samples(batches, 1, trainer.args.device) for _ in range(6)]
    plain.model.eval(), weighted.model.eval()  # no dropout: the two losses below come from the same computation
    plain.label_smoother = weighted.label_smoother = LabelSmoother(epsilon=0.0)  # as SummarizationTrainer's loss:
    # the token sum divided by num_items_in_batch (BART's own loss is the batch mean and would ignore the divisor)
    tokens = [int(samples[0]["labels"].ne(-100).sum()) for samples, _ in steps["plain"]]
    assert len(set(tokens)) > 1  # precondition: the steps differ in label tokens
    assert [float(count) for _, count in steps["plain"]] == tokens  # the Trainer's own divisor: this step's tokens
    for (samples, count), own in zip(steps["weighted"], tokens, strict=True):
        assert float(count) == pytest.approx(mean * len(samples[0]["labels"]))
        batch = dict(samples[0])  # the decoder's inputs from the labels, as DataCollatorForSeq2Seq gives them
        batch["decoder_input_ids"] = shift_tokens_right(batch["labels"], pad_token_id=1, decoder_start_token_id=2)
        with torch.no_grad():  # the same model (seed 0) and batch: only the divisor differs
            summed = plain.compute_loss(plain.model, dict(batch), num_items_in_batch=own) * own
            assert weighted.compute_loss(weighted.model, dict(batch), num_items_in_batch=count) * count == (
                pytest.approx(float(summed), rel=1e-5))
