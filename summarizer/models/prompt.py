"""The prompt a decoder-only model summarizes from: the instruction, the document, and the chat template.

A prompt is kept as two lists of token ids around the document: `prefix_ids` (the template's start and the
instruction) and `suffix_ids` (the rest, up to where the answer starts). The document alone is then cut to fit
the context window, never the instruction or the answer's room. The ids are stored in the model's config
(`summarization_prompt`), so training, evaluation, the sweep and the saved pipeline all build the same prompt.
"""

from __future__ import annotations

from typing import Any

from transformers import PreTrainedModel, PreTrainedTokenizerBase

from summarizer.errors import ConfigError
from summarizer.models.families import get_family

CONFIG_KEY = "summarization_prompt"
# A private-use character marks where the document goes in the rendered template; no chat template contains it.
_DOCUMENT = "\ue000"


def prompt_parts(
    tokenizer: PreTrainedTokenizerBase,
    *,
    instruction: str,
    user_template: str,
    plain_answer_prefix: str,
    use_chat_template: bool,
    chat_template_kwargs: dict[str, Any],
    max_source_length: int,
) -> dict[str, Any]:
    """{prefix_ids, suffix_ids, max_source_length}: the prompt around a document, as token ids.

    With a chat template (and `use_chat_template`), the user turn is `user_template` and the template adds the
    assistant's opening (`add_generation_prompt`); without one the prompt is BOS + `user_template` +
    `plain_answer_prefix`. `max_source_length` is the whole prompt's budget in tokens.
    """
    if "{document}" not in user_template:
        raise ConfigError(f"model.prompt.user_template={user_template!r} has no {{document}} placeholder.")
    user = user_template.format(instruction=instruction, document=_DOCUMENT)
    if use_chat_template and tokenizer.chat_template:
        text = tokenizer.apply_chat_template(
            [{"role": "user", "content": user}], tokenize=False, add_generation_prompt=True, **chat_template_kwargs
        )
    else:
        text = (tokenizer.bos_token or "") + user + plain_answer_prefix
    before, _, after = text.partition(_DOCUMENT)
    parts = {
        "prefix_ids": tokenizer(before, add_special_tokens=False)["input_ids"],
        "suffix_ids": tokenizer(after, add_special_tokens=False)["input_ids"],
        "max_source_length": max_source_length,
    }
    room = document_room(parts)
    if room < 1:
        raise ConfigError(
            f"The prompt without its document is {max_source_length - room} tokens, which leaves no room for the "
            f"document in model.max_source_length={max_source_length}: raise it or shorten model.prompt.instruction."
        )
    return parts


def document_room(parts: dict[str, Any]) -> int:
    """How many document tokens fit in the prompt."""
    return parts["max_source_length"] - len(parts["prefix_ids"]) - len(parts["suffix_ids"])


def summarization_prompt(model: PreTrainedModel) -> dict[str, Any] | None:
    """The prompt stored in the model's config; None for encoder-decoder models, which take the bare source."""
    return getattr(model.config, CONFIG_KEY, None)


def prompt_for_family(
    family_name: str, tokenizer: PreTrainedTokenizerBase, settings: dict[str, Any], max_source_length: int
) -> dict[str, Any] | None:
    """The prompt a model of this family summarizes from (None for seq2seq families), from the model.prompt
    settings: for counting tokens before a model exists (`python -m summarizer.data_report`)."""
    if not get_family(family_name).decoder_only:
        return None
    return prompt_parts(tokenizer, **settings, max_source_length=max_source_length)
