"""What differs between model families, in one place.

A preset names its family (`model.family`); the rest of the code asks the family instead of testing
model names.
"""

from __future__ import annotations

from dataclasses import dataclass

from summarizer.errors import ConfigError


@dataclass(frozen=True)
class Family:
    name: str
    # BART-style sources are `<s> text </s>`; T5-style are `text </s>`. KoBART's tokenizer adds neither,
    # so the template is installed on its tokenizer (see summarizer.models.build.ensure_source_template).
    source_starts_with_bos: bool
    # The token the decoder starts from: BART uses </s>, T5 uses <pad>.
    decoder_start: str
    # Whether learned absolute positions cap the sequence length (T5's relative positions do not).
    hard_position_limit: bool
    # Whether fp16 training is safe (T5's activations overflow fp16 and the loss turns NaN).
    fp16_safe: bool
    # Decoder-only (causal LM): the source is a prompt (summarizer.models.prompt) the summary continues, so
    # prompt and summary share one context window, and only the summary's tokens are labels.
    decoder_only: bool = False


FAMILIES = {
    "bart": Family("bart", source_starts_with_bos=True, decoder_start="eos", hard_position_limit=True, fp16_safe=True),
    "t5": Family("t5", source_starts_with_bos=False, decoder_start="pad", hard_position_limit=False, fp16_safe=False),
    # Llama, Qwen3, EXAONE 4, ...: RoPE positions trained up to max_position_embeddings (the context window);
    # bf16 where the GPU has it (their checkpoints are bf16; fp16 overflows in some of them).
    "causal": Family("causal", source_starts_with_bos=True, decoder_start="none", hard_position_limit=True,
                     fp16_safe=False, decoder_only=True),
}


def get_family(name: str) -> Family:
    try:
        return FAMILIES[name]
    except KeyError:
        raise ConfigError(f"model.family={name!r} is not one of {sorted(FAMILIES)}.") from None
