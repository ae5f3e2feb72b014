"""Length-grouped training batches: each batch holds examples of similar length, so little of it is padding.

Why not the Trainer's `train_sampling_strategy="group_by_length"` (transformers 5.25): it draws from the global torch
RNG, which a resume restores only after the first batches are drawn (a resumed run then sees other batches), yields
each pool longest to shortest (the loss curve then follows length, not learning), and shuffles evaluation too. This
one is seeded by (seed, epoch) like accelerate's SeedableRandomSampler: a new draw each epoch, the same draw on a
resume, and the same order in every process (accelerate then deals the batches out).

An epoch: pools sorted by (source, target) length, runs in them re-sorted by target length (their sources are already
close), batches shuffled with the longest first, so an out-of-memory error comes at step 1 rather than hours in.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

import numpy as np
import pyarrow.compute as pc
import torch
from datasets import Dataset
from torch.utils.data import Sampler


class LengthGroupedSampler(Sampler[int]):
    """Indices in batches of similar (source, target) length; a fresh seeded draw each epoch."""

    def __init__(self, source_lengths: Sequence[int], target_lengths: Sequence[int], batch_size: int, seed: int,
                 pool_batches: int = 50, target_batches: int = 4):  # fmt: skip
        if len(source_lengths) != len(target_lengths):
            raise ValueError(f"{len(source_lengths)} source lengths but {len(target_lengths)} target lengths")
        if min(batch_size, pool_batches, target_batches) < 1:
            raise ValueError(f"batch_size ({batch_size}), pool_batches ({pool_batches}) and target_batches "
                             f"({target_batches}) must be at least 1")  # fmt: skip
        self.source_lengths = np.asarray(source_lengths, dtype=np.int64)
        self.target_lengths = np.asarray(target_lengths, dtype=np.int64)
        self.batch_size = batch_size
        self.pool_batches = pool_batches
        self.target_batches = target_batches
        self.seed = seed
        self.epoch = 0

    def set_epoch(self, epoch: int) -> None:
        """Called by the Trainer (and accelerate) before each epoch, a resumed one included."""
        self.epoch = epoch

    def __len__(self) -> int:
        return len(self.source_lengths)

    def batches(self) -> list[np.ndarray]:
        """This epoch's batches, in training order."""
        generator = torch.Generator().manual_seed(self.seed * 100_003 + self.epoch)
        order = torch.randperm(len(self), generator=generator).numpy()
        pool = self.pool_batches * self.batch_size
        batches = []
        for start in range(0, len(order), pool):
            members = order[start : start + pool]
            # lexsort: the last key is the primary one; longest first.
            members = members[np.lexsort((-self.target_lengths[members], -self.source_lengths[members]))]
            run = self.target_batches * self.batch_size
            for r in range(0, len(members), run):
                part = members[r : r + run]
                part = part[np.argsort(-self.target_lengths[part], kind="stable")]
                batches += [part[i : i + self.batch_size] for i in range(0, len(part), self.batch_size)]
        shuffled = torch.randperm(len(batches), generator=generator).tolist()
        batches = [batches[i] for i in shuffled]
        longest = max(range(len(batches)), key=lambda i: self._cost(batches[i]))
        batches[0], batches[longest] = batches[longest], batches[0]
        return batches

    def _cost(self, batch: np.ndarray) -> int:
        """Padded tokens of a batch (source and target)."""
        return len(batch) * int(self.source_lengths[batch].max() + self.target_lengths[batch].max())

    def __iter__(self) -> Iterator[int]:
        for batch in self.batches():
            yield from batch.tolist()


def token_lengths(dataset: Dataset, column: str) -> np.ndarray:
    """The length of each row's token list in `column`, read from Arrow without materialising the lists."""
    return pc.list_value_length(dataset.with_format("arrow")[column]).to_numpy(zero_copy_only=False)


def length_grouped_sampler(dataset: Dataset, batch_size: int, seed: int, pool_batches: int,
                           target_batches: int) -> LengthGroupedSampler:  # fmt: skip
    """The sampler for a tokenized split: lengths after truncation (what the collator pads)."""
    targets = token_lengths(dataset, "labels") if "labels" in dataset.column_names else np.zeros(len(dataset), np.int64)
    return LengthGroupedSampler(token_lengths(dataset, "input_ids"), targets, batch_size, seed, pool_batches,
                                target_batches)  # fmt: skip
