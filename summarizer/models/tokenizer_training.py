"""Train a BPE tokenizer for models built from scratch (tiny_bart, tiny_t5, transformer_base).

Hand-assembled from `tokenizers` parts because no stock trainer gives all of: NFC normalisation (NFD
Hangul from macOS files must tokenize like NFC), SentencePiece-style word boundaries (`▁`), and byte
fallback, so that a syllable never seen in training becomes its UTF-8 bytes and decodes back, instead
of `<unk>` silently dropping Hangul.
"""

from __future__ import annotations

import json
from collections.abc import Iterable

from tokenizers import Tokenizer, decoders, models, normalizers, pre_tokenizers, processors, trainers
from transformers import PreTrainedTokenizerFast

SPECIAL_TOKENS = {"bos_token": "<s>", "pad_token": "<pad>", "eos_token": "</s>", "unk_token": "<unk>", "mask_token": "<mask>"}
BYTE_TOKENS = [f"<0x{byte:02X}>" for byte in range(256)]


def train_bpe_tokenizer(texts: Iterable[str], vocab_size: int, add_bos: bool, model_max_length: int) -> PreTrainedTokenizerFast:
    """A fast tokenizer whose `tokenizer(text)` gives `<s> text </s>` (add_bos, BART) or `text </s>` (T5).

    `vocab_size` is an upper bound: on a small corpus BPE runs out of merges earlier, so size the model's
    embeddings from `len(tokenizer)`.
    """
    backend = Tokenizer(models.BPE(unk_token=SPECIAL_TOKENS["unk_token"], byte_fallback=True))
    backend.normalizer = normalizers.NFC()
    backend.pre_tokenizer = pre_tokenizers.Metaspace()
    backend.decoder = decoders.Sequence(
        [decoders.Replace("▁", " "), decoders.ByteFallback(), decoders.Fuse(), decoders.Strip(" ", 1, 0)]
    )
    trainer = trainers.BpeTrainer(
        vocab_size=max(vocab_size - len(BYTE_TOKENS), 1),
        special_tokens=list(SPECIAL_TOKENS.values()),
        show_progress=False,
    )
    backend.train_from_iterator(texts, trainer)
    state = json.loads(backend.to_str())
    for token in BYTE_TOKENS:  # the 256 <0xNN> tokens byte fallback needs; the trainer cannot add them
        state["model"]["vocab"].setdefault(token, len(state["model"]["vocab"]))
    backend = Tokenizer.from_str(json.dumps(state))
    backend.post_processor = source_template(add_bos, SPECIAL_TOKENS["bos_token"], SPECIAL_TOKENS["eos_token"], backend.token_to_id)
    return PreTrainedTokenizerFast(tokenizer_object=backend, model_max_length=model_max_length, **SPECIAL_TOKENS)


def source_template(add_bos: bool, bos: str, eos: str, token_to_id) -> processors.TemplateProcessing:
    """`<s> $A </s>` or `$A </s>`: the special tokens every source gets, in training and at inference."""
    single = f"{bos} $A {eos}" if add_bos else f"$A {eos}"
    pair = f"{single} $B {eos}"
    tokens = [bos, eos] if add_bos else [eos]
    return processors.TemplateProcessing(single=single, pair=pair, special_tokens=[(t, token_to_id(t)) for t in tokens])
