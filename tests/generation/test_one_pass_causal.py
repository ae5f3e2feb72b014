"""The one-pass length-penalty sweep is exact for decoder-only models too: left-padded prompts, lengths counted from
the prompt's end. Same checks as test_one_pass_sweep.py (which proves it for BART and T5), on a tiny Llama."""

from __future__ import annotations

import functools

import pytest
import torch
from transformers import GenerationConfig, LlamaConfig, LlamaForCausalLM

from summarizer.generation.one_pass_sweep import PATH_ONE_PASS, decode_for_length_penalties
from tests.generation.test_one_pass_sweep import (
    EARLY_STOPPING_MODES,
    EOS_REGIMES,
    FAST_GRID,
    VOCAB_SIZE,
    assert_sweep_matches_generate,
    eos_processor,
)

pytestmark = pytest.mark.filterwarnings("ignore::UserWarning")

PAD, BOS, EOS = 1, 0, 2


@functools.cache
def tiny_causal(seed: int) -> LlamaForCausalLM:
    torch.manual_seed(seed)
    config = LlamaConfig(
        vocab_size=VOCAB_SIZE, hidden_size=64, intermediate_size=128, num_hidden_layers=2, num_attention_heads=4,
        num_key_value_heads=4, max_position_embeddings=128, pad_token_id=PAD, bos_token_id=BOS, eos_token_id=EOS,
        initializer_range=0.1,
    )  # fmt: skip
    return LlamaForCausalLM(config).eval()


def left_padded_prompts(seed: int, lengths=(9, 6, 4, 9)) -> tuple[torch.Tensor, torch.Tensor]:
    """Random prompts of the given lengths, padded on the left as generation from prompts requires."""
    generator = torch.Generator().manual_seed(seed)
    width = max(lengths)
    input_ids = torch.randint(3, VOCAB_SIZE, (len(lengths), width), generator=generator)
    attention_mask = torch.zeros_like(input_ids)
    for row, length in enumerate(lengths):
        attention_mask[row, width - length :] = 1
    input_ids[attention_mask == 0] = PAD
    return input_ids, attention_mask


@pytest.mark.parametrize("num_beams, no_repeat_ngram_size, early_stopping", FAST_GRID)
def test_sweep_matches_separate_generate_calls_for_a_decoder_only_model(num_beams, no_repeat_ngram_size, early_stopping):
    input_ids, attention_mask = left_padded_prompts(seed=0)
    distinct = assert_sweep_matches_generate(
        tiny_causal(0), input_ids, attention_mask, num_beams=num_beams, no_repeat_ngram_size=no_repeat_ngram_size,
        early_stopping=early_stopping, max_new_tokens=15,
    )  # fmt: skip
    if num_beams > 1:  # the penalties change the output, so the equality above is not vacuous
        assert len(distinct) > 1


# With seeds 2 and 3 the rising-EOS fixture ends every hypothesis of this tiny Llama at the length limit (measured:
# finished lengths {11}), so those cases would check nothing (their precondition fails): they are left out.
@pytest.mark.slow
@pytest.mark.parametrize(
    "eos_regime, seed",
    [(regime, seed) for regime in sorted(EOS_REGIMES) for seed in (1, 2, 3) if regime != "rising" or seed == 1],
)
@pytest.mark.parametrize("early_stopping", EARLY_STOPPING_MODES)
@pytest.mark.parametrize("no_repeat_ngram_size", [0, 3])
def test_sweep_matches_separate_generate_calls_for_a_decoder_only_model_exhaustive(
    eos_regime, seed, early_stopping, no_repeat_ngram_size
):
    input_ids, attention_mask = left_padded_prompts(seed=seed, lengths=(11, 3, 7, 11, 5))
    assert_sweep_matches_generate(
        tiny_causal(seed), input_ids, attention_mask, regime=eos_regime, num_beams=4,
        no_repeat_ngram_size=no_repeat_ngram_size, early_stopping=early_stopping, max_new_tokens=15,
    )  # fmt: skip


def test_decode_returns_each_prompt_only_what_generate_adds_after_it():
    """The split decode pads prompts on the left, sorts them by length and returns, in the given order, the tokens
    generate adds after each prompt (compared on the same left-padded batch: the EOS fixture counts the width)."""
    model = tiny_causal(0)
    generator = torch.Generator().manual_seed(5)
    prompts = [torch.randint(3, VOCAB_SIZE, (length,), generator=generator).tolist() for length in (2, 3, 1)]
    processor = eos_processor(model, "rising", EOS)
    results, info = decode_for_length_penalties(
        model, [{"input_ids": p} for p in prompts], GenerationConfig(num_beams=4, max_new_tokens=12, early_stopping=True),
        [0.5, 2.0], batch_size=len(prompts), pad_token_id=PAD, logits_processor=processor,
    )  # fmt: skip
    assert info["path"] == PATH_ONE_PASS
    assert results[0.5] != results[2.0]  # the penalties bite on this fixture
    width = max(map(len, prompts))
    input_ids = torch.tensor([[PAD] * (width - len(p)) + p for p in prompts])
    attention_mask = (input_ids != PAD).long()
    for lp in (0.5, 2.0):
        expected = model.generate(
            input_ids, attention_mask=attention_mask, logits_processor=processor,
            generation_config=GenerationConfig(num_beams=4, max_new_tokens=12, early_stopping=True, length_penalty=lp),
        )[:, width:].tolist()  # fmt: skip
        for got, new in zip(results[lp], expected):
            assert got == (new[: new.index(EOS) + 1] if EOS in new else new)
