"""A decoding fixture: random-weight models that finish hypotheses at many lengths, as trained summarizers do.

A random-weight model almost always ends at step 1 or runs to the maximum length, and then every length penalty
gives the same output: an exactness test of the length-penalty sweep would pass without testing anything. This
raises the EOS score with the decoding step through generate's public ``logits_processor`` argument (not a hook
on the model's forward, whose keyword arguments change between releases). ``finished_lengths`` lets a test assert
that the fixture still does its job.
"""

from __future__ import annotations

import torch
from transformers import LogitsProcessor, LogitsProcessorList


class RisingEos(LogitsProcessor):
    """Adds ``start + slope * step`` to the EOS log-probabilities, ``step`` being the decoder tokens so far.

    Scores are normalised first: a no-op for beam search, which passes log-probabilities, and what makes greedy
    search (which passes raw logits) end at different steps for different inputs too.
    """

    def __init__(self, eos_token_ids: int | list[int], start: float, slope: float):
        self.eos_token_ids = [eos_token_ids] if isinstance(eos_token_ids, int) else list(eos_token_ids)
        self.start, self.slope = start, slope

    def __call__(self, input_ids: torch.LongTensor, scores: torch.FloatTensor) -> torch.FloatTensor:
        bonus = torch.zeros_like(scores)
        bonus[:, self.eos_token_ids] = self.start + self.slope * input_ids.shape[-1]
        return scores.log_softmax(dim=-1) + bonus


def rising_eos(eos_token_ids: int | list[int], start: float = -4.0, slope: float = 0.8) -> LogitsProcessorList:
    return LogitsProcessorList([RisingEos(eos_token_ids, start, slope)])


def finished_lengths(rows, eos_token_ids: int | list[int], prompt_length: int = 1) -> list[int]:
    """Generated lengths (EOS included) of the rows that ended with an EOS; rows cut at the maximum are left out."""
    eos = {eos_token_ids} if isinstance(eos_token_ids, int) else set(eos_token_ids)
    lengths = []
    for row in rows:
        row = row.tolist() if isinstance(row, torch.Tensor) else list(row)
        ends = [position for position in range(prompt_length, len(row)) if row[position] in eos]
        if ends:
            lengths.append(ends[0] - prompt_length + 1)
    return lengths
