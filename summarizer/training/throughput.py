"""Training throughput in every run, and the length-grouped batches that raise it.

`ThroughputMixin` counts the real (non-pad) and padded source and target tokens of every training batch and adds to
each training log entry (so training_log.jsonl, W&B, the progress bar and trainer_state.json all get them):
`real_tokens_per_second` (per second of training since the last entry; evaluation and saves in between not counted),
`samples_per_second`, `source_padding_share`, `target_padding_share` (padding / padded positions) and, on a CUDA
device whose peak is known, `mfu`. It also gives the Trainer the sampler of summarizer.training.batching, and with
`token_weighted_loss` divides each step's summed loss by an average step's label tokens instead of its own, so
grouped batches weigh every token alike as random batches do in expectation (else a step of short summaries weighs
each of its tokens more than a step of long ones).

MFU = training FLOPs / seconds / peak FLOP/s, at 6 FLOPs (2 forward, 4 backward; attention scores ignored) per
parameter a real token passes through: for an encoder-decoder, the encoder's for source tokens and the decoder's for
target tokens, neither counting input embeddings or positions, the decoder's counting the output projection; for a
decoder-only model, the decoder's for every token. Padding thus lowers MFU. The peak is the dense bf16 tensor-core
figure (`PEAK_BF16_FLOPS`) whatever the precision, so an fp32 run reads low.
"""

from __future__ import annotations

import logging
import resource
import time
from dataclasses import dataclass
from typing import Any

import torch
from torch import nn

from summarizer.errors import ConfigError
from summarizer.training.batching import length_grouped_sampler

log = logging.getLogger(__name__)

# Dense (no sparsity) bf16 tensor-core peak FLOP/s per device, from the vendors' data sheets. Matched against
# torch.cuda.get_device_name() in order, so the more specific names come first.
PEAK_BF16_FLOPS = (
    ("H200", 989e12),
    ("H100 PCIe", 756e12),
    ("H100", 989e12),  # SXM
    ("GH200", 989e12),
    ("B200", 2250e12),
    ("A100", 312e12),
    ("L40S", 362e12),
    ("L40", 181e12),
    ("L4", 121e12),
    ("A10G", 70e12),
    ("A10", 125e12),
    ("RTX 4090", 165e12),
    ("RTX 3090", 71e12),
    ("V100", 125e12),  # fp16; V100 has no bf16
    ("T4", 65e12),  # fp16
)


def peak_flops(device: torch.device) -> float | None:
    """The peak FLOP/s assumed for MFU, or None (not CUDA, or a device not in the table)."""
    if device.type != "cuda":
        return None
    name = torch.cuda.get_device_name(device)
    return next((peak for key, peak in PEAK_BF16_FLOPS if key in name), None)


@dataclass(frozen=True)
class FlopsPerToken:
    """Training FLOPs per real source token and per real target token (see the module docstring)."""

    source: float
    target: float

    @classmethod
    def of(cls, model: nn.Module) -> FlopsPerToken:
        embeddings = {id(p) for module in model.modules() if isinstance(module, nn.Embedding) for p in module.parameters()}
        output = model.get_output_embeddings()
        output_params = output.weight.numel() if output is not None else 0
        seen: set[int] = set()

        def count(module: nn.Module) -> int:
            total = 0
            for parameter in module.parameters():
                if id(parameter) not in embeddings and id(parameter) not in seen:
                    seen.add(id(parameter))
                    total += parameter.numel()
            return total

        is_encoder_decoder = getattr(model.config, "is_encoder_decoder", False)
        encoder = count(model.get_encoder()) if is_encoder_decoder else 0
        decoder = count(model) + output_params  # the rest: decoder layers, norms, the output projection
        return cls(source=6.0 * encoder if is_encoder_decoder else 6.0 * decoder, target=6.0 * decoder)


@dataclass
class TokenWindow:
    """Token counts of the training batches since the last log entry, and when the first of them started.

    The real-token counts stay tensors on the batch's device until `totals`: reading them every step would make
    the CPU wait for the GPU at every step; the log entry reads them once (the Trainer reads the loss then anyway).
    """

    source_real: torch.Tensor | int = 0
    source_positions: int = 0
    target_real: torch.Tensor | int = 0
    target_positions: int = 0
    samples: int = 0
    started: float | None = None

    def add(self, inputs: dict, is_encoder_decoder: bool) -> None:
        if self.started is None:
            self.started = time.perf_counter()
        mask = inputs.get("attention_mask")
        ids = inputs["input_ids"]
        self.samples += int(ids.shape[0])
        self.source_positions += ids.numel()
        self.source_real = self.source_real + (mask.sum() if mask is not None else ids.numel())
        labels = inputs.get("labels")
        if is_encoder_decoder and labels is not None:
            self.target_positions += labels.numel()
            self.target_real = self.target_real + (labels != -100).sum()

    def totals(self) -> list[float]:
        return [float(self.source_real), self.source_positions, float(self.target_real), self.target_positions,
                self.samples]  # fmt: skip


def throughput_figures(totals: list[float], seconds: float, flops: FlopsPerToken, peak: float | None) -> dict[str, float]:
    """The log entries from a window's (all-process) totals."""
    source_real, source_positions, target_real, target_positions, samples = totals
    figures = {
        "real_tokens_per_second": (source_real + target_real) / seconds,
        "samples_per_second": samples / seconds,
        "source_padding_share": 1 - source_real / source_positions if source_positions else 0.0,
    }
    if target_positions:
        figures["target_padding_share"] = 1 - target_real / target_positions
    if peak:
        figures["mfu"] = (flops.source * source_real + flops.target * target_real) / seconds / peak
    return {key: round(value, 4) for key, value in figures.items()}


class ThroughputMixin:
    """Put in front of a transformers Trainer: `class MyTrainer(ThroughputMixin, Seq2SeqTrainer)`."""

    def __init__(self, *args, length_grouped: bool = False, length_pool_batches: int = 50,
                 length_target_batches: int = 4, token_weighted_loss: bool = False, **kwargs):  # fmt: skip
        super().__init__(*args, **kwargs)
        self.length_grouped = length_grouped
        self.labels_per_example = mean_label_tokens(self.train_dataset) if token_weighted_loss else None
        self.length_pool_batches = length_pool_batches
        self.length_target_batches = length_target_batches
        self._window = TokenWindow()
        self.throughput_history: list[tuple[list[float], float]] = []  # (window totals, seconds) per log entry
        self._is_encoder_decoder = bool(getattr(self.model.config, "is_encoder_decoder", False))
        self._flops = FlopsPerToken.of(self.model)
        self._peak = peak_flops(self.args.device)
        if self.args.device.type == "cuda" and self._peak is None:
            log.info("No peak FLOP/s known for %s: training logs carry no MFU.", torch.cuda.get_device_name())

    def _get_train_sampler(self, train_dataset=None):
        # The Trainer has no public way in for a sampler; this is the method it calls for one (TRL overrides it too).
        if not self.length_grouped:
            return super()._get_train_sampler(train_dataset)
        dataset = train_dataset if train_dataset is not None else self.train_dataset
        seed = self.args.data_seed if self.args.data_seed is not None else self.args.seed
        # Grouped by the batch of one step over all processes: accelerate deals each process consecutive slices of
        # the order, so every step trains on the same examples as one process with the whole batch would.
        global_batch = self.args.train_batch_size * self.args.world_size
        return length_grouped_sampler(dataset, global_batch, seed, self.length_pool_batches, self.length_target_batches)

    def get_batch_samples(self, epoch_iterator, num_batches, device):
        """The Trainer's batches of one optimizer step and the label-token count it divides their summed loss by;
        with token_weighted_loss that count is scaled from this step's tokens to an average step's (the same
        scale on every process: the processes share one length group, so the local ratio stands for all). It takes
        effect where the loss is divided by that count, as SummarizationTrainer's always is."""
        batches, num_items = super().get_batch_samples(epoch_iterator, num_batches, device)
        if self.labels_per_example is None or num_items is None:
            return batches, num_items
        tokens = sum(int(batch["labels"].ne(-100).sum()) for batch in batches)
        examples = sum(len(batch["labels"]) for batch in batches)
        return batches, num_items * (self.labels_per_example * examples / max(tokens, 1))

    def training_step(self, model, inputs, num_items_in_batch=None):
        self._window.add(inputs, self._is_encoder_decoder)
        return super().training_step(model, inputs, num_items_in_batch)

    def log(self, logs: dict[str, float], start_time: float | None = None) -> None:
        if "loss" in logs and self._window.started is not None:  # a training log entry, not the end-of-training summary
            seconds = time.perf_counter() - self._window.started
            totals = self._window.totals()
            if self.args.world_size > 1:  # every process logs at the same steps; the figures are the whole run's
                summed = self.accelerator.reduce(torch.tensor(totals, dtype=torch.float64, device=self.args.device), "sum")
                totals = summed.tolist()
            self.throughput_history.append((totals, seconds))
            logs.update(throughput_figures(totals, seconds, self._flops, self._peak))
            self._window = TokenWindow()
        super().log(logs, start_time)


def history_figures(history: list[tuple[list[float], float]], flops: FlopsPerToken, peak: float | None) -> dict[str, float]:
    """`throughput_figures` over several logged windows (`ThroughputMixin.throughput_history`) taken together;
    {} without any."""
    seconds = sum(window_seconds for _, window_seconds in history)
    if not history or seconds <= 0:
        return {}
    totals = [sum(column) for column in zip(*(window for window, _ in history))]
    return throughput_figures(totals, seconds, flops, peak)


def training_cost(model: nn.Module, history: list[tuple[list[float], float]], device: torch.device) -> dict[str, Any]:
    """What a training run cost, for metrics.json and the run tables that compare runs (seq2seq beside decoder-only,
    full fine-tuning beside LoRA): parameters, trainable parameters, real tokens/s and padding over all logged
    windows of this process's training, and peak memory (CUDA: allocated by torch; CPU: the process's max RSS)."""
    cost: dict[str, Any] = {
        "parameters": sum(p.numel() for p in model.parameters()),
        "trainable_parameters": sum(p.numel() for p in model.parameters() if p.requires_grad),
    }
    figures = history_figures(history, FlopsPerToken(0.0, 0.0), None)
    cost.update({key: figures[key] for key in ("real_tokens_per_second", "source_padding_share",
                                               "target_padding_share") if key in figures})  # fmt: skip
    if device.type == "cuda":
        cost["peak_memory_gb"] = round(torch.cuda.max_memory_allocated(device) / 2**30, 3)
        cost["peak_memory_kind"] = "CUDA memory allocated by torch"
    else:
        cost["peak_memory_gb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 2**20, 3)  # Linux: KiB
        cost["peak_memory_kind"] = "process max RSS so far"
    return cost


def mean_label_tokens(dataset) -> float:
    """Label tokens (positions that are not -100) per training example, over the whole training split."""
    counts = [sum(token != -100 for token in labels) for labels in dataset["labels"]]
    return sum(counts) / max(len(counts), 1)


def grouped_batches(setting: bool | str, device: torch.device) -> bool:
    """speed.length_grouped for the sampler: `auto` groups on CUDA only (benchmarks/RESULTS.md)."""
    if setting == "auto":
        return device.type == "cuda"
    if not isinstance(setting, bool):
        raise ConfigError(f"speed.length_grouped={setting!r} is not auto, true or false")
    return setting


def pad_multiple(setting: int | str | None, device: torch.device) -> int | None:
    """speed.pad_to_multiple_of for the collator: `auto` is 8 on CUDA (tensor-core friendly shapes) and none
    elsewhere (on CPU every padded position is paid for; benchmarks/RESULTS.md)."""
    if setting == "auto":
        return 8 if device.type == "cuda" else None
    if setting is not None and (not isinstance(setting, int) or setting < 1):
        raise ConfigError(f"speed.pad_to_multiple_of={setting!r} is not auto, null or a positive integer")
    return setting
