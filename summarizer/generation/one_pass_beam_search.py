"""A beam-search loop that serves several length penalties at once (no library offers one).

In transformers 5.x ``_beam_search`` ranks the *running* beams by raw summed log-probabilities; ``length_penalty`` only
rescores hypotheses as they finish (``_update_finished_beams``) and decides when decoding may stop
(``_check_early_stop_heuristic``, ``_beam_search_has_unfinished_sequences``). So the running beams are the same for
every penalty, and one loop can keep, per penalty, the finished hypotheses ``_beam_search`` keeps, frozen at the step
where that penalty's own loop would have stopped.

To stay exact, the loop mirrors ``GenerationMixin._beam_search`` statement by statement and calls the library's own
helpers (``REQUIRED_GENERATION_HELPERS``, cache reordering). It is passed to ``model.generate(custom_generate=...)``,
so input preparation (special tokens, ``max_new_tokens`` -> ``max_length``, logits processors, stopping criteria,
encoder outputs, beam expansion, cache) is ``generate``'s own.
"""

from __future__ import annotations

from dataclasses import dataclass

import torch
from torch import nn
from transformers import GenerationConfig
from transformers.generation.logits_process import LogitsProcessorList
from transformers.generation.stopping_criteria import StoppingCriteriaList
from transformers.generation.utils import ALL_CACHE_NAMES

# The private GenerationMixin helpers this loop relies on (present in transformers 5.x).
REQUIRED_GENERATION_HELPERS = (
    "_prefill",
    "_update_model_kwargs_for_generation",
    "_flatten_beam_dim",
    "_unflatten_beam_dim",
    "_get_top_k_continuations",
    "_get_running_beams_for_next_iteration",
    "_update_finished_beams",
    "_check_early_stop_heuristic",
    "_beam_search_has_unfinished_sequences",
)


@dataclass
class FinishedBeams:
    """The finished-hypothesis state ``_beam_search`` keeps, for one length penalty."""

    length_penalty: float
    sequences: torch.Tensor  # (batch, num_beams, max_length)
    beam_scores: torch.Tensor  # (batch, num_beams), penalised scores, -1e9 where empty
    beam_indices: torch.Tensor  # (batch, num_beams, max_length - decoder_prompt_len)
    is_sent_finished: torch.Tensor  # (batch, num_beams)
    is_early_stop_heuristic_unsatisfied: torch.Tensor  # (batch, 1)
    stopped: bool = False  # True once this penalty's own generate loop would have exited


def _crop_outputs(model, finished: FinishedBeams, num_return_sequences: int, decoder_prompt_len: int):
    """``_beam_search`` step 5: best beams first, cropped to the longest returned hypothesis."""
    sequences = model._flatten_beam_dim(finished.sequences[:, :num_return_sequences, :])
    beam_scores = model._flatten_beam_dim(finished.beam_scores[:, :num_return_sequences])
    beam_indices = model._flatten_beam_dim(finished.beam_indices[:, :num_return_sequences, :])
    max_generated_length = ((beam_indices + 1).bool()).sum(dim=1).max()
    return sequences[:, : decoder_prompt_len + max_generated_length], beam_scores


def multi_penalty_beam_search(
    model,
    input_ids: torch.LongTensor,
    logits_processor: LogitsProcessorList,
    stopping_criteria: StoppingCriteriaList,
    generation_config: GenerationConfig,
    synced_gpus: bool = False,
    length_penalties: tuple[float, ...] = (),
    **model_kwargs,
) -> dict[float, tuple[torch.Tensor, torch.Tensor]]:
    """``custom_generate`` callable: ``{float(lp): (sequences, sequences_scores)}`` for every penalty.

    ``generation_config.length_penalty`` is ignored; each entry of ``length_penalties`` gets its own finished-beam
    state, updated until the step at which ``generate(..., length_penalty=lp)`` would have stopped.
    """
    if synced_gpus:
        raise ValueError("synced_gpus is not supported by the one-pass length-penalty sweep")
    if generation_config.low_memory:
        raise ValueError("`low_memory=True` is not supported by beam search in transformers 5.x")

    # 1. init beam_search values (as in _beam_search)
    pad_token_id = generation_config._pad_token_tensor
    eos_token_id = generation_config._eos_token_tensor
    do_sample = generation_config.do_sample
    early_stopping = generation_config.early_stopping
    max_length = generation_config.max_length
    num_beams = generation_config.num_beams
    num_return_sequences = generation_config.num_return_sequences

    batch_size_unflattened, cur_len = input_ids.shape[:2]
    batch_size = batch_size_unflattened // num_beams
    decoder_prompt_len = cur_len
    device = input_ids.device

    n_eos_tokens = eos_token_id.shape[0] if eos_token_id is not None else 0
    beams_to_keep = max(2, 1 + n_eos_tokens) * num_beams
    top_num_beam_mask = torch.cat(
        (torch.ones((num_beams), dtype=torch.bool), torch.zeros((beams_to_keep - num_beams), dtype=torch.bool)),
        dim=0,
    ).to(device)

    # 3. init running tensors and static-shaped placeholders (verbatim, including the fill-value precedence)
    output_fill_value = pad_token_id or eos_token_id[0] if eos_token_id is not None else -1
    running_sequences = torch.full(
        (batch_size, num_beams, max_length), fill_value=output_fill_value, dtype=torch.int64, device=device
    )
    running_sequences[:, :, :cur_len] = model._unflatten_beam_dim(input_ids, batch_size, num_beams)
    running_beam_scores = torch.zeros((batch_size, num_beams), dtype=torch.float, device=device)
    running_beam_scores[:, 1:] = -1e9
    running_beam_indices = torch.full(
        (batch_size, num_beams, max_length - cur_len), fill_value=-1, dtype=torch.int32, device=device
    )

    states = [
        FinishedBeams(
            length_penalty=lp,
            sequences=running_sequences.detach().clone(),
            beam_scores=torch.full((batch_size, num_beams), fill_value=-1e9, dtype=torch.float, device=device),
            beam_indices=running_beam_indices.detach().clone(),
            is_sent_finished=torch.zeros((batch_size, num_beams), dtype=torch.bool, device=device),
            is_early_stop_heuristic_unsatisfied=torch.ones((batch_size, 1), dtype=torch.bool, device=device),
        )
        for lp in length_penalties
    ]

    flat_running_sequences = input_ids
    prefill_consumed = False
    model_outputs = model._prefill(
        input_ids, generation_config, model_kwargs, is_first_iteration=not generation_config.is_assistant
    )

    # 4. generation loop: runs until the *last* penalty would stop
    while not all(state.stopped for state in states):
        if prefill_consumed:
            flat_running_sequences = model._flatten_beam_dim(running_sequences[:, :, :cur_len])
            next_sequence_length = 1 if model_kwargs["use_cache"] else None
            model_inputs = model.prepare_inputs_for_generation(
                flat_running_sequences, next_sequence_length=next_sequence_length, **model_kwargs
            )
            model_outputs = model(**model_inputs, return_dict=True)
        prefill_consumed = True
        model_kwargs = model._update_model_kwargs_for_generation(
            model_outputs, model_kwargs, is_encoder_decoder=model.config.is_encoder_decoder
        )

        logits = model_outputs.logits[:, -1, :].to(copy=True, dtype=torch.float32, device=device)
        log_probs = nn.functional.log_softmax(logits, dim=-1)
        log_probs = logits_processor(flat_running_sequences, log_probs)
        del model_outputs

        log_probs = model._unflatten_beam_dim(log_probs, batch_size, num_beams)
        log_probs = log_probs + running_beam_scores[:, :, None]
        log_probs = torch.reshape(log_probs, (batch_size, -1))

        topk_log_probs, topk_running_sequences, topk_running_beam_indices = model._get_top_k_continuations(
            accumulated_log_probs=log_probs,
            running_sequences=running_sequences,
            running_beam_indices=running_beam_indices,
            cur_len=cur_len,
            decoder_prompt_len=decoder_prompt_len,
            do_sample=do_sample,
            beams_to_keep=beams_to_keep,
            num_beams=num_beams,
            batch_size=batch_size,
        )
        next_token_hits_stopping_criteria = stopping_criteria(
            model._flatten_beam_dim(topk_running_sequences[:, :, : cur_len + 1]), None
        )
        next_token_hits_stopping_criteria = model._unflatten_beam_dim(
            next_token_hits_stopping_criteria, batch_size, beams_to_keep
        )
        running_sequences, running_beam_scores, running_beam_indices = model._get_running_beams_for_next_iteration(
            topk_log_probs=topk_log_probs,
            topk_running_sequences=topk_running_sequences,
            topk_running_beam_indices=topk_running_beam_indices,
            next_token_hits_stopping_criteria=next_token_hits_stopping_criteria,
            num_beams=num_beams,
        )

        active = [state for state in states if not state.stopped]
        for state in active:  # step f, per penalty
            state.sequences, state.beam_scores, state.beam_indices, state.is_sent_finished = (
                model._update_finished_beams(
                    sequences=state.sequences,
                    topk_running_sequences=topk_running_sequences,
                    beam_scores=state.beam_scores,
                    topk_log_probs=topk_log_probs,
                    beam_indices=state.beam_indices,
                    topk_running_beam_indices=topk_running_beam_indices,
                    is_early_stop_heuristic_unsatisfied=state.is_early_stop_heuristic_unsatisfied,
                    is_sent_finished=state.is_sent_finished,
                    next_token_hits_stopping_criteria=next_token_hits_stopping_criteria,
                    top_num_beam_mask=top_num_beam_mask,
                    num_beams=num_beams,
                    cur_len=cur_len,
                    decoder_prompt_len=decoder_prompt_len,
                    length_penalty=state.length_penalty,
                    early_stopping=early_stopping,
                )
            )

        # step g: pluck the cache from the beams the next iteration uses
        cache_key = next((key for key in ALL_CACHE_NAMES if key in model_kwargs), None)
        if cache_key is not None:
            beam_idx = model._flatten_beam_dim(running_beam_indices[..., cur_len - decoder_prompt_len])
            if hasattr(model, "_reorder_cache"):
                model_kwargs[cache_key] = model._reorder_cache(model_kwargs[cache_key], beam_idx)
            elif hasattr(model_kwargs[cache_key], "reorder_cache"):
                model_kwargs[cache_key].reorder_cache(beam_idx)
            else:
                raise ValueError(f"{model.__class__.__name__} cannot reorder its cache for beam search")

        cur_len = cur_len + 1
        has_unfinished = []
        for state in active:  # end of step g, per penalty: does its own loop go on?
            state.is_early_stop_heuristic_unsatisfied = model._check_early_stop_heuristic(
                is_early_stop_heuristic_unsatisfied=state.is_early_stop_heuristic_unsatisfied,
                running_beam_scores=running_beam_scores,
                beam_scores=state.beam_scores,
                is_sent_finished=state.is_sent_finished,
                cur_len=cur_len,
                max_length=max_length,
                decoder_prompt_len=decoder_prompt_len,
                early_stopping=early_stopping,
                length_penalty=state.length_penalty,
            )
            has_unfinished.append(
                model._beam_search_has_unfinished_sequences(
                    state.is_early_stop_heuristic_unsatisfied,
                    state.is_sent_finished,
                    next_token_hits_stopping_criteria,
                    early_stopping,
                )  # fmt: skip
            )
        # one host sync per step for all penalties (generate syncs once per step too)
        for state, unfinished in zip(active, torch.stack(has_unfinished).tolist()):
            state.stopped = not unfinished

    return {
        float(state.length_penalty): _crop_outputs(model, state, num_return_sequences, decoder_prompt_len)
        for state in states
    }
