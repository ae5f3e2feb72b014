"""`SummarizationTrainer`: a thin `Seq2SeqTrainer` that scores generated summaries with our metrics.

Evaluation batches are sorted by source length (less padding for the encoder and every beam; results go back to
dataset order before scoring); predictions are scored against the raw, untruncated references and documents of the
split, with the Korean-aware scorer; the last evaluation's scored predictions are kept for the run directory. Training
batches and throughput figures come from `ThroughputMixin`.
"""

from __future__ import annotations

import ast
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import torch
from datasets import Dataset
from transformers import EvalPrediction, Seq2SeqTrainer
from transformers.trainer_pt_utils import LabelSmoother

from summarizer.errors import SummarizerError
from summarizer.generation.decoding import decode_summaries
from summarizer.training.resume import complete_checkpoints
from summarizer.training.throughput import ThroughputMixin

if TYPE_CHECKING:
    from summarizer.metrics.scorer import ScoreResult

log = logging.getLogger(__name__)


@dataclass
class ScoredPredictions:
    ids: list[str]
    documents: list[str]
    references: list[str]
    candidates: list[list[str]]  # per example; more than one with num_return_sequences > 1; the first is scored
    score: ScoreResult

    def records(self) -> list[dict]:
        """One JSON-able record per example, for predictions.jsonl and tables."""
        rows = []
        for index, example_id in enumerate(self.ids):
            row = {
                "id": example_id,
                "document": self.documents[index],
                "reference": self.references[index],
                "prediction": self.candidates[index][0],
                "scores": self.score.per_example[index],
            }
            if self.score.unsupported is not None:  # numbers and names the document lacks (metrics.faithfulness)
                row["unsupported"] = self.score.unsupported[index]
            if len(self.candidates[index]) > 1:
                row["candidates"] = self.candidates[index]
            rows.append(row)
        return rows


class DivergenceError(SummarizerError):
    """The training loss became NaN or infinite."""


def divergence_message(step: int, value: float, checkpoints_dir: Path) -> str:
    complete = complete_checkpoints(checkpoints_dir)
    where = (f"The last good checkpoint is {complete[-1]}; continue from it with resume={checkpoints_dir.parent}"
             if complete else "No checkpoint was saved before it")
    return (
        f"Training diverged: the loss at step {step} is {value}. {where}. Lower optimizer.lr, keep "
        "trainer.max_grad_norm set, use model.precision=bf16 or fp32 instead of fp16, or set "
        "on_nonfinite_loss=skip to skip such steps."
    )


class TiedWeightsAreNotMissing(logging.Filter):
    """Drops the Trainer's "missing keys in the checkpoint" warning on resume when every key it names is tied to
    another weight (safetensors stores a tied tensor once); keeps it when any key is really missing. A filter,
    because the message is the only public trace of that check."""

    PREFIX = "There were missing keys in the checkpoint model loaded: "

    def __init__(self, model):
        super().__init__()
        self.tied = set(model.get_expanded_tied_weights_keys(all_submodels=True))

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if not message.startswith(self.PREFIX):
            return True
        try:
            missing = set(ast.literal_eval(message.removeprefix(self.PREFIX).rstrip(".")))
        except (ValueError, SyntaxError):
            return True
        return not missing <= self.tied


NONFINITE_LOSS_ACTIONS = ("stop", "skip")  # what a NaN or infinite loss does (the config's NonFiniteLoss names)


class SummarizationTrainer(ThroughputMixin, Seq2SeqTrainer):
    def __init__(
        self,
        *args,
        scorer,
        optimizer_cls_and_kwargs: tuple[type, dict[str, Any]] | None = None,
        on_nonfinite_loss: str = "stop",
        **kwargs,
    ):
        if on_nonfinite_loss not in NONFINITE_LOSS_ACTIONS:
            raise ValueError(f"on_nonfinite_loss={on_nonfinite_loss!r} is not one of {NONFINITE_LOSS_ACTIONS}")
        super().__init__(*args, compute_metrics=self._score, **kwargs)
        # Trainer accepts this, Seq2SeqTrainer's signature does not pass it on; create_optimizer reads the attribute
        # and applies its own no-decay grouping of biases and norms.
        self.optimizer_cls_and_kwargs = optimizer_cls_and_kwargs
        if self.label_smoother is None:
            # The loss is always the Trainer's token-sum over the whole (multi-process, accumulated) batch divided
            # by its token count, even without smoothing. Left to BART/T5, the loss is each process's own mean,
            # which transformers 5 then multiplies by the number of processes (average_tokens_across_devices): the
            # logged loss doubles on 2 ranks and gradients before clipping scale with it.
            self.label_smoother = LabelSmoother(epsilon=0.0)
        self.on_nonfinite_loss = on_nonfinite_loss
        self._skip_next_optimizer_step = False
        self.scorer = scorer
        self._split_being_scored: Dataset | None = None
        self._generation_order: np.ndarray | None = None
        self.last_scored: ScoredPredictions | None = None

    def train(self, *args, **kwargs):
        hush = TiedWeightsAreNotMissing(self.model)
        trainer_log = logging.getLogger("transformers.trainer")
        trainer_log.addFilter(hush)
        try:
            return super().train(*args, **kwargs)
        finally:
            trainer_log.removeFilter(hush)

    def compute_loss(self, model, inputs, return_outputs=False, num_items_in_batch=None):
        """The Trainer's loss, checked: a NaN or infinite training loss stops the run with a message naming
        the step and the last good checkpoint, or (on_nonfinite_loss=skip) skips that optimizer step."""
        result = super().compute_loss(model, inputs, return_outputs=return_outputs, num_items_in_batch=num_items_in_batch)
        loss = result[0] if return_outputs else result
        if model.training and not self._finite_on_every_process(loss):
            step = self.state.global_step + 1
            if self.on_nonfinite_loss == "stop":
                raise DivergenceError(divergence_message(step, loss.item(), Path(self.args.output_dir)))
            log.warning("The loss at step %d is %s: skipping this optimizer step (on_nonfinite_loss=skip).", step, loss.item())
            self._skip_next_optimizer_step = True
        return result

    def _finite_on_every_process(self, loss: torch.Tensor) -> bool:
        """All processes must agree, or one stops (or skips) while the others wait in an all-reduce."""
        finite = torch.isfinite(loss.detach()).all().to(torch.float32).reshape(1)
        if self.args.world_size > 1:
            finite = self.accelerator.gather(finite).min()
        return bool(finite.item())

    def create_optimizer(self, model=None):
        """The configured optimizer, whose step can be skipped after a non-finite loss."""
        optimizer = super().create_optimizer(model)
        take_step = optimizer.step

        def step(*args, **kwargs):
            if self._skip_next_optimizer_step:  # the gradients are NaN; the Trainer zeroes them right after
                self._skip_next_optimizer_step = False
                return None
            return take_step(*args, **kwargs)

        optimizer.step = step
        return optimizer

    def evaluate(self, eval_dataset=None, ignore_keys=None, metric_key_prefix="eval", **gen_kwargs):
        dataset = self._sort_for_generation(eval_dataset if eval_dataset is not None else self.eval_dataset)
        return super().evaluate(dataset, ignore_keys=ignore_keys, metric_key_prefix=metric_key_prefix, **gen_kwargs)

    def predict(self, test_dataset, ignore_keys=None, metric_key_prefix="test", **gen_kwargs):
        dataset = self._sort_for_generation(test_dataset)
        return super().predict(dataset, ignore_keys=ignore_keys, metric_key_prefix=metric_key_prefix, **gen_kwargs)

    def prediction_step(self, model, inputs, prediction_loss_only, ignore_keys=None, **gen_kwargs):
        """For a decoder-only model the inputs are prompts and `labels` the reference tokens, which do not line up
        with them: no loss then, and only the tokens generated after the (left-padded) prompts are returned."""
        if self.model.config.is_encoder_decoder or prediction_loss_only or not self.args.predict_with_generate:
            return super().prediction_step(model, inputs, prediction_loss_only, ignore_keys=ignore_keys, **gen_kwargs)
        inputs = self._prepare_inputs(inputs)  # labels on the device too: the evaluation loop gathers them
        labels = inputs.pop("labels", None)
        _, generated, _ = super().prediction_step(model, inputs, prediction_loss_only, ignore_keys=ignore_keys, **gen_kwargs)
        return None, generated[:, inputs["input_ids"].shape[-1] :], labels

    def _sort_for_generation(self, dataset: Dataset) -> Dataset:
        """The split, longest sources first; remembers the split and the order to undo it when scoring."""
        self._split_being_scored = dataset
        self._generation_order = None
        if "source_length" not in dataset.column_names:
            return dataset
        self._generation_order = np.argsort(-np.asarray(list(dataset["source_length"])), kind="stable")
        return dataset.select(self._generation_order)

    def decode(self, token_ids: np.ndarray) -> list[str]:
        """Token ids (padded with -100 by the evaluation loop) to stripped text; the sweep decodes the same way."""
        return decode_summaries(self.processing_class, token_ids)

    def _score(self, prediction: EvalPrediction) -> dict[str, float]:
        split = self._split_being_scored
        texts = self.decode(prediction.predictions)
        per_example = len(texts) // len(split)
        candidates = [texts[i * per_example : (i + 1) * per_example] for i in range(len(split))]
        if self._generation_order is not None:  # back to dataset order, before scoring (bootstrap draws depend on it)
            candidates = [candidates[position] for position in np.argsort(self._generation_order)]
        # datasets 5 returns lazy Column objects; the scorer and the records want plain lists.
        references, documents = list(split["summary"]), list(split["document"])
        score = self.scorer.score([group[0] for group in candidates], references, documents)
        self.last_scored = ScoredPredictions(list(split["id"]), documents, references, candidates, score)
        return dict(score.corpus)
