"""RDASS (Lee et al., COLING 2020, "Reference and Document Aware Semantic Evaluation Methods for Korean Language
Summarization"): (s(p, r) + s(p, d)) / 2, the cosine similarities of the generated summary's Sentence-BERT embedding
with the reference's and with the document's. Reported as cosines (not x100), with both terms kept (rdass_pr,
rdass_pd), since the paper found they behave differently. The encoder is any Hugging Face encoder (a Hub id or a local
directory), loaded with transformers on first use; sentence-transformers directories give their pooling
(1_Pooling/config.json), others get mean pooling (Sentence-BERT's).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from functools import cached_property
from pathlib import Path

import numpy as np

from summarizer.metrics.text import is_blank

DEFAULT_RDASS_ENCODER = "jhgan/ko-sroberta-multitask"


def _pooling_of(name_or_path: str) -> str:
    """Pooling from a sentence-transformers directory's 1_Pooling/config.json, else mean."""
    config = Path(name_or_path) / "1_Pooling" / "config.json"
    settings = json.loads(config.read_text(encoding="utf-8")) if config.is_file() else {}
    if settings.get("pooling_mode_cls_token"):
        return "cls"
    return "max" if settings.get("pooling_mode_max_tokens") else "mean"


class SentenceEncoder:
    """Sentence embeddings from a transformers encoder, pooled like Sentence-BERT, on the GPU when there is one."""

    batch_size = 32
    max_length = 512

    def __init__(self, name_or_path: str) -> None:
        self.name_or_path = str(name_or_path)
        self.pooling = _pooling_of(self.name_or_path)

    @cached_property
    def _model(self):
        import torch
        from transformers import AutoModel, AutoTokenizer

        try:
            tokenizer = AutoTokenizer.from_pretrained(self.name_or_path)
            model = AutoModel.from_pretrained(self.name_or_path)
        except OSError as error:
            raise RuntimeError(
                f"cannot load the RDASS sentence encoder {self.name_or_path!r}: {error}. Without Hub access, "
                "download it once elsewhere and pass its local directory as rdass_encoder."
            ) from error
        device = "cuda" if torch.cuda.is_available() else "cpu"
        return tokenizer, model.to(device).eval(), device

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """(len(texts), hidden) float32 embeddings."""
        import torch

        tokenizer, model, device = self._model
        limit = min(self.max_length, getattr(tokenizer, "model_max_length", self.max_length) or self.max_length)
        parts = []
        with torch.inference_mode():
            for start in range(0, len(texts), self.batch_size):
                batch = tokenizer(
                    list(texts[start : start + self.batch_size]),
                    padding=True,
                    truncation=True,
                    max_length=limit,
                    return_tensors="pt",
                ).to(device)
                hidden = model(**batch).last_hidden_state
                mask = batch["attention_mask"].unsqueeze(-1).to(hidden.dtype)
                if self.pooling == "cls":
                    pooled = hidden[:, 0]
                elif self.pooling == "max":
                    pooled = hidden.masked_fill(mask == 0, float("-inf")).max(dim=1).values
                else:
                    pooled = (hidden * mask).sum(dim=1) / mask.sum(dim=1).clamp(min=1e-9)
                parts.append(pooled.float().cpu().numpy())
        return np.concatenate(parts) if parts else np.zeros((0, 0), dtype=np.float32)

    def describe(self) -> dict[str, str]:
        return {"encoder": self.name_or_path, "pooling": self.pooling, "max_length": str(self.max_length)}


def rdass_columns(
    encoder: SentenceEncoder,
    predictions: Sequence[str],
    references: Sequence[Sequence[str]],
    sources: Sequence[str] | None,
    multi_reference: str,
) -> dict[str, np.ndarray]:
    """Per-example rdass_pr = s(p, r), rdass_pd = s(p, d), rdass = their mean (without documents only rdass_pr).
    With several references s(p, r) is their max or mean (`multi_reference`); blank predictions score 0 on both
    terms (an empty summary has no meaning to compare)."""
    texts = list(dict.fromkeys([*predictions, *(r for refs in references for r in refs), *(sources or [])]))
    vectors = encoder.encode(texts)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    vectors = vectors / np.where(norms > 0, norms, 1.0)  # unit rows: a dot product is the cosine
    row = {text: vectors[k] for k, text in enumerate(texts)}
    reduce = np.max if multi_reference == "max" else np.mean
    blank = np.array([is_blank(p) for p in predictions])
    pr = np.array([reduce([float(row[p] @ row[r]) for r in refs]) for p, refs in zip(predictions, references)])
    columns = {"rdass_pr": np.where(blank, 0.0, pr)}
    if sources is not None:
        pd = np.array([float(row[p] @ row[d]) for p, d in zip(predictions, sources)])
        columns["rdass_pd"] = np.where(blank, 0.0, pd)
        columns["rdass"] = (columns["rdass_pr"] + columns["rdass_pd"]) / 2
    return columns
