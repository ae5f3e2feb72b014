"""A printed model summary: parameters per top-level block, total and trainable."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from torch import nn


@dataclass(frozen=True)
class BlockParameters:
    block: str
    total: int
    trainable: int


def parameters_by_block(model: nn.Module) -> list[BlockParameters]:
    """Group parameters by their first name component under the base model (shared, encoder, decoder, ...).

    Tied weights are counted once, under the block that owns them (the embeddings, not lm_head).
    """
    if hasattr(model, "get_base_model"):  # a peft model: its adapter weights sit inside the base model's blocks
        model = model.get_base_model()
    prefix = f"{getattr(model, 'base_model_prefix', '')}."
    total: dict[str, int] = defaultdict(int)
    trainable: dict[str, int] = defaultdict(int)
    for name, parameter in model.named_parameters():
        block = name.removeprefix(prefix).split(".")[0]
        total[block] += parameter.numel()
        if parameter.requires_grad:
            trainable[block] += parameter.numel()
    return [BlockParameters(block, total[block], trainable[block]) for block in total]


def format_summary(model: nn.Module, title: str) -> str:
    rows = parameters_by_block(model)
    width = max(len(row.block) for row in rows + [BlockParameters("total", 0, 0)])
    lines = [title, f"{'block':<{width}}  {'parameters':>12}  {'trainable':>12}"]
    lines += [f"{row.block:<{width}}  {row.total:>12,}  {row.trainable:>12,}" for row in rows]
    all_total, all_trainable = sum(r.total for r in rows), sum(r.trainable for r in rows)
    lines.append(f"{'total':<{width}}  {all_total:>12,}  {all_trainable:>12,}")
    lines.append(f"trainable: {all_trainable:,} of {all_total:,} parameters ({all_trainable / max(all_total, 1):.2%})")
    return "\n".join(lines)
