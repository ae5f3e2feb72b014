"""Build (model, tokenizer) from a Hub id, a local or run directory, or an architecture config."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from transformers import (
    AutoConfig,
    AutoModelForCausalLM,
    AutoModelForSeq2SeqLM,
    AutoTokenizer,
    PreTrainedModel,
    PreTrainedTokenizerBase,
)

from summarizer.errors import ConfigError
from summarizer.hub import ResolvedModel, resolve_model_path
from summarizer.models import causal
from summarizer.models.families import Family, get_family
from summarizer.models.prompt import CONFIG_KEY, prompt_parts
from summarizer.models.tokenizer_training import source_template, train_bpe_tokenizer

log = logging.getLogger(__name__)
_TOKENIZER_SETTINGS = "summarizer_tokenizer_settings.json"  # what a from-scratch tokenizer was trained with


def build_model_and_tokenizer(
    *,
    family: str,
    name_or_path: str | ResolvedModel | None,
    architecture: dict[str, Any] | None,
    tokenizer_vocab_size: int,
    source_prefix: str,
    max_source_length: int,
    freeze_embeddings: bool = False,
    freeze_encoder: bool = False,
    gradient_checkpointing: bool = False,
    training_texts: Callable[[], Iterable[str]] | None = None,
    tokenizer_dir: str | Path | None = None,
    prompt: dict[str, Any] | None = None,
    quantize_4bit: bool = False,
) -> tuple[PreTrainedModel, PreTrainedTokenizerBase]:
    """A model of the family's kind and a tokenizer whose `tokenizer(text)` is exactly the training source format
    (`build_tokenizer`). The source prefix is stored in `model.config.prefix`, where summarization pipelines look, and
    a decoder-only model's prompt (`prompt`: the model.prompt settings, see summarizer.models.prompt) in its config."""
    model_family = get_family(family)
    if name_or_path is None and architecture is None:
        raise ConfigError("model.name_or_path is null, so model.architecture (and training data) must be given.")
    if model_family.decoder_only and prompt is None:
        raise ConfigError("A decoder-only model needs model.prompt (the instruction and templates).")
    resolved = _resolve(name_or_path)
    tokenizer = build_tokenizer(
        family=family, name_or_path=resolved, tokenizer_vocab_size=tokenizer_vocab_size,
        max_source_length=max_source_length, training_texts=training_texts, tokenizer_dir=tokenizer_dir,
    )  # fmt: skip
    if model_family.decoder_only:
        causal.prepare_tokenizer(tokenizer)  # before a model takes its pad id from it
    if resolved is None:
        model = model_from_architecture(architecture, tokenizer, model_family)
    elif model_family.decoder_only:
        model = causal.load_pretrained(resolved, quantize_4bit)
    else:
        model = AutoModelForSeq2SeqLM.from_pretrained(resolved.path, local_files_only=resolved.local_files_only)
    if model_family.decoder_only:
        causal.set_special_ids(model, tokenizer)
        setattr(model.config, CONFIG_KEY, prompt_parts(tokenizer, **prompt, max_source_length=max_source_length))
    model.config.prefix = source_prefix
    _freeze(model, embeddings=freeze_embeddings, encoder=freeze_encoder and not model_family.decoder_only)
    if gradient_checkpointing:
        model.gradient_checkpointing_enable()
        model.config.use_cache = False
    return model, tokenizer


def build_tokenizer(
    *,
    family: str,
    name_or_path: str | ResolvedModel | None,
    tokenizer_vocab_size: int,
    max_source_length: int,
    training_texts: Callable[[], Iterable[str]] | None = None,
    tokenizer_dir: str | Path | None = None,
) -> PreTrainedTokenizerBase:
    """The checkpoint's tokenizer with the family's source template, or for a model built from scratch a BPE
    trained on `training_texts` (called only then). With `tokenizer_dir`, a tokenizer saved there with the same
    settings is loaded instead, and a trained one is saved there (so the processes of a multi-process run share
    one vocabulary: the main process trains it first); one saved with other settings is trained anew.
    `name_or_path` may already be resolved (`resolve_model_path`), so the Hub is probed once per run."""
    model_family = get_family(family)
    resolved = _resolve(name_or_path)
    if resolved is not None:
        tokenizer = AutoTokenizer.from_pretrained(resolved.path, local_files_only=resolved.local_files_only)
        if not model_family.decoder_only:  # prompts are tokenized without the tokenizer's special tokens
            ensure_source_template(tokenizer, model_family)
        tokenizer.model_max_length = max_source_length
        return tokenizer
    if training_texts is None:
        raise ConfigError("model.name_or_path is null, so the tokenizer is trained: training data must be given.")
    settings = {"family": family, "vocab_size": tokenizer_vocab_size,
                "source_starts_with_bos": model_family.source_starts_with_bos, "max_source_length": max_source_length}
    tokenizer = _saved_tokenizer(tokenizer_dir, settings)
    if tokenizer is None:
        tokenizer = train_bpe_tokenizer(
            training_texts(), tokenizer_vocab_size, model_family.source_starts_with_bos, max_source_length
        )
        if tokenizer_dir is not None:
            tokenizer.save_pretrained(str(tokenizer_dir))
            (Path(tokenizer_dir) / _TOKENIZER_SETTINGS).write_text(json.dumps(settings), encoding="utf-8")
    return tokenizer


def _freeze(model: PreTrainedModel, embeddings: bool, encoder: bool) -> None:
    """Stop gradients to the token and position embeddings and/or the whole encoder (a common trick for small data
    or to save memory). The output projection of BART/T5 is tied to the input embeddings, so it freezes with them."""
    if embeddings:
        model.get_input_embeddings().requires_grad_(False)
        for stack in (model.get_encoder(), model.get_decoder()):
            for name, module in stack.named_children():
                if name in ("embed_tokens", "embed_positions"):
                    module.requires_grad_(False)
    if encoder:
        model.get_encoder().requires_grad_(False)


def _resolve(name_or_path: str | ResolvedModel | None) -> ResolvedModel | None:
    if name_or_path is None or isinstance(name_or_path, ResolvedModel):
        return name_or_path
    return resolve_model_path(name_or_path)


def _saved_tokenizer(tokenizer_dir: str | Path | None, settings: dict[str, Any]) -> PreTrainedTokenizerBase | None:
    """The tokenizer saved in `tokenizer_dir` when it was trained with `settings`, else None."""
    if tokenizer_dir is None or not (Path(tokenizer_dir) / "tokenizer.json").is_file():
        return None
    try:
        saved = json.loads((Path(tokenizer_dir) / _TOKENIZER_SETTINGS).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        saved = None
    if saved != settings:
        log.warning("The tokenizer in %s was trained with %s, not %s: training a new one.", tokenizer_dir, saved, settings)
        return None
    return AutoTokenizer.from_pretrained(str(tokenizer_dir))


def model_from_architecture(
    architecture: dict[str, Any], tokenizer: PreTrainedTokenizerBase, family: Family
) -> PreTrainedModel:
    """A randomly initialised model of the family's kind whose vocabulary and special ids come from the tokenizer."""
    settings = dict(architecture)
    model_type = settings.pop("model_type")
    special = {f"{name}_token_id": getattr(tokenizer, f"{name}_token_id") for name in ("pad", "bos", "eos")}
    special["vocab_size"] = len(tokenizer)
    if family.decoder_only:
        return AutoModelForCausalLM.from_config(AutoConfig.for_model(model_type, **special, **settings))
    decoder_start = tokenizer.eos_token_id if family.decoder_start == "eos" else tokenizer.pad_token_id
    config = AutoConfig.for_model(
        model_type, **special, decoder_start_token_id=decoder_start, is_encoder_decoder=True, **settings
    )
    if hasattr(config, "forced_eos_token_id"):
        config.forced_eos_token_id = tokenizer.eos_token_id
    return AutoModelForSeq2SeqLM.from_config(config)


def ensure_source_template(tokenizer: PreTrainedTokenizerBase, family: Family) -> None:
    """Make `tokenizer(text)` add the family's special tokens when the checkpoint's tokenizer does not.

    KoBART's tokenizer encodes bare text (its model card wraps inputs in <s> ... </s> by hand); installing
    the template on the tokenizer means training, evaluation and a saved pipeline all see the same input.
    """
    ids = tokenizer("가")["input_ids"]
    wants_bos = family.source_starts_with_bos and tokenizer.bos_token_id is not None
    has_bos = ids[:1] == [tokenizer.bos_token_id]
    has_eos = ids[-1:] == [tokenizer.eos_token_id]
    if (has_bos or not wants_bos) and has_eos:
        return
    backend = getattr(tokenizer, "backend_tokenizer", None)
    if backend is None:
        raise ConfigError(
            f"The tokenizer of this {family.name} model does not add {tokenizer.eos_token!r} to sources and is not "
            "a fast tokenizer whose template can be fixed; save it as a fast tokenizer (tokenizer.json) first."
        )
    backend.post_processor = source_template(
        wants_bos, tokenizer.bos_token, tokenizer.eos_token, tokenizer.convert_tokens_to_ids
    )
    log.info("Installed the %s source template on the tokenizer (it added no special tokens).", family.name)
