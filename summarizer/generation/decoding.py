"""Generated token ids to summary text: the one decode that evaluation, prediction and the sweep share.

`clean_up_tokenization_spaces` is off: it is an English-WordPiece heuristic (" ." -> ".", " 's" -> "'s")
that some Unigram tokenizers (mT5, KE-T5) still enable in their tokenizer_config.json. Left to the
tokenizer, the length-penalty sweep would choose on text spaced differently from the final predictions.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from transformers import PreTrainedTokenizerBase


def decode_summaries(tokenizer: PreTrainedTokenizerBase, token_ids: np.ndarray | Sequence[Sequence[int]]) -> list[str]:
    """One stripped text per row; special tokens dropped, negative ids (the evaluation loop's -100 padding)
    read as padding. Rows may be an array or lists of different lengths."""
    pad = tokenizer.pad_token_id
    if isinstance(token_ids, np.ndarray):
        rows = np.where(token_ids < 0, pad, token_ids)
    else:
        rows = [[pad if token < 0 else token for token in row] for row in token_ids]
    texts = tokenizer.batch_decode(rows, skip_special_tokens=True, clean_up_tokenization_spaces=False)
    return [text.strip() for text in texts]
