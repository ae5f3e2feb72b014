"""Freeze parts of a seq2seq model (a common trick for small data or to save memory)."""

from __future__ import annotations

from torch import nn


def freeze(model: nn.Module, embeddings: bool, encoder: bool) -> None:
    """Stop gradients to the token and position embeddings and/or the whole encoder.

    The output projection of BART/T5 is tied to the input embeddings, so freezing embeddings freezes it too.
    """
    if embeddings:
        for module in _embedding_modules(model):
            module.requires_grad_(False)
    if encoder:
        model.get_encoder().requires_grad_(False)


def _embedding_modules(model: nn.Module) -> list[nn.Module]:
    modules = [model.get_input_embeddings()]
    for stack in (model.get_encoder(), model.get_decoder()):
        modules += [m for name, m in stack.named_children() if name in ("embed_tokens", "embed_positions")]
    return modules
