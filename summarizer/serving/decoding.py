"""Decoding many texts at once: each request's overrides checked against the limits, and one `generate` call per
group of texts that share their settings (the batch the server collected)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import torch
from transformers import GenerationConfig, PreTrainedModel, PreTrainedTokenizerBase


def out_of_range(overrides: Mapping[str, Any], limits: Mapping[str, Mapping[str, float]]) -> list[dict]:
    """One FastAPI-style error per override outside serve.decoding_limits, naming the field and its range."""
    errors = []
    for name, value in overrides.items():
        if value is None:
            continue
        bounds = limits[name]
        if not bounds["min"] <= value <= bounds["max"]:
            errors.append({"loc": ["body", "decoding", name], "type": "out_of_range", "input": value,
                           "msg": f"decoding.{name}={value} is outside the allowed range "
                                  f"[{bounds['min']:g}, {bounds['max']:g}]."})  # fmt: skip
    return errors


@torch.inference_mode()
def summarize_texts(
    model: PreTrainedModel, tokenizer: PreTrainedTokenizerBase, texts: list[str], config: GenerationConfig,
    *, source_prefix: str, max_source_length: int, batch_size: int,
) -> list[dict[str, Any]]:
    """Summaries in the order of `texts`, `batch_size` texts per `generate` call (padded, with the attention mask:
    a text's summary does not depend on its neighbours), with each source's token count and truncation."""
    sources = [source_prefix + text for text in texts]
    lengths = [len(ids) for ids in tokenizer(sources)["input_ids"]]
    summaries: list[str] = []
    for start in range(0, len(sources), batch_size):
        inputs = tokenizer(sources[start:start + batch_size], truncation=True, max_length=max_source_length,
                           padding=True, return_tensors="pt").to(model.device)  # fmt: skip
        output = model.generate(**inputs, generation_config=config)
        summaries += [text.strip() for text in tokenizer.batch_decode(output, skip_special_tokens=True,
                                                                       clean_up_tokenization_spaces=False)]
    return [{"summary": summary, "input_tokens": length, "truncated": length > max_source_length}
            for summary, length in zip(summaries, lengths)]  # fmt: skip
