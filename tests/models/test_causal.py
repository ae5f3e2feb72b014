"""The decoder-only family: prompts (instruction, chat template, document cut to fit), labels, padding, pad token,
the context-window guard, LoRA adapters and the QLoRA refusal on CPU."""

from __future__ import annotations

import pytest
import torch
from datasets import Dataset, DatasetDict
from omegaconf import OmegaConf
from tokenizers import Tokenizer, models, pre_tokenizers
from transformers import PreTrainedTokenizerFast

from summarizer import guards
from summarizer.data.features import IGNORE_INDEX, tokenize_prompt_batch, tokenize_splits
from summarizer.errors import ConfigError
from summarizer.models import adapters, causal
from summarizer.models.build import build_model_and_tokenizer
from summarizer.models.families import get_family
from summarizer.models.prompt import document_room, prompt_parts, summarization_prompt
from summarizer.models.summary import format_summary, parameters_by_block
from tests.conftest import KOREAN_EXAMPLES, compose_config

TEXTS = [e["document"] + " " + e["summary"] for e in KOREAN_EXAMPLES] * 10
# ChatML, as Qwen's template renders it, with a variable a caller passes through chat_template_kwargs.
CHATML = (
    "{% for m in messages %}<|im_start|>{{ m.role }}\n{{ m.content }}<|im_end|>\n{% endfor %}"
    "{% if add_generation_prompt %}<|im_start|>assistant\n{% if not thinking %}<think></think>{% endif %}{% endif %}"
)


def build(preset: str = "tiny_causal", **changes):
    cfg = compose_config([f"model={preset}"]).model
    settings = dict(
        family=cfg.family, name_or_path=cfg.name_or_path, architecture=OmegaConf.to_container(cfg.architecture),
        tokenizer_vocab_size=cfg.tokenizer_vocab_size, source_prefix=cfg.source_prefix,
        max_source_length=cfg.max_source_length, training_texts=lambda: TEXTS,
        prompt=OmegaConf.to_container(cfg.prompt),
    )  # fmt: skip
    settings.update(changes)
    return build_model_and_tokenizer(**settings)


@pytest.fixture(scope="module")
def tiny():
    return build()


def chat_tokenizer() -> PreTrainedTokenizerFast:
    """A word-level tokenizer with ChatML special tokens and a chat template, and no pad token (like many LLMs')."""
    words = ["<|im_start|>", "<|im_end|>", "<think></think>", "<unk>", "user", "assistant", "\n", "요약하세요.", "가", "나"]
    backend = Tokenizer(models.WordLevel({w: i for i, w in enumerate(words)}, unk_token="<unk>"))
    backend.pre_tokenizer = pre_tokenizers.WhitespaceSplit()
    tokenizer = PreTrainedTokenizerFast(tokenizer_object=backend, eos_token="<|im_end|>", unk_token="<unk>",
                                        additional_special_tokens=["<|im_start|>", "<think></think>"])
    tokenizer.chat_template = CHATML
    return tokenizer


def parts(tokenizer, max_source_length=64, **changes):
    settings = dict(instruction="요약하세요.", user_template="{instruction}\n\n{document}", use_chat_template=True,
                    plain_answer_prefix="\n\n요약:", chat_template_kwargs={})
    settings.update(changes)
    return prompt_parts(tokenizer, **settings, max_source_length=max_source_length)


def test_tiny_causal_is_about_tiny_barts_size_and_carries_its_prompt(tiny):
    model, tokenizer = tiny
    bart, _ = build_model_and_tokenizer(
        family="bart", name_or_path=None, architecture=OmegaConf.to_container(compose_config(["model=tiny_bart"]).model.architecture),
        tokenizer_vocab_size=4000, source_prefix="", max_source_length=256, training_texts=lambda: TEXTS,
    )  # fmt: skip
    causal_size, bart_size = (sum(p.numel() for p in m.parameters()) for m in (model, bart))
    assert 0.8 < causal_size / bart_size < 1.2, (causal_size, bart_size)
    assert model.get_input_embeddings().num_embeddings == len(tokenizer)
    assert tokenizer.padding_side == "left" and tokenizer.pad_token_id == model.config.pad_token_id
    prompt = summarization_prompt(model)
    assert prompt["max_source_length"] == 256
    # no chat template: <s> instruction \n\n document \n\n요약:
    assert prompt["prefix_ids"][0] == tokenizer.bos_token_id
    assert "다음 뉴스 기사를" in tokenizer.decode(prompt["prefix_ids"])
    assert tokenizer.decode(prompt["suffix_ids"]).strip() == "요약:"


def test_the_chat_template_wraps_the_instruction_and_passes_its_settings():
    tokenizer = chat_tokenizer()
    plain = parts(tokenizer)
    decode = tokenizer.convert_ids_to_tokens
    assert decode(plain["prefix_ids"])[:3] == ["<|im_start|>", "user", "요약하세요."]
    # the assistant's turn opens after the document: generation continues from there
    assert decode(plain["suffix_ids"]) == ["<|im_end|>", "<|im_start|>", "assistant", "<think></think>"]
    thinking = parts(tokenizer, chat_template_kwargs={"thinking": True})
    assert "<think></think>" not in decode(thinking["suffix_ids"])
    without = parts(tokenizer, use_chat_template=False)
    assert "<|im_start|>" not in decode(without["prefix_ids"] + without["suffix_ids"])


def test_a_tokenizer_without_pad_token_pads_with_eos_on_the_left():
    tokenizer = chat_tokenizer()
    assert tokenizer.pad_token is None
    causal.prepare_tokenizer(tokenizer)
    assert tokenizer.pad_token_id == tokenizer.eos_token_id and tokenizer.padding_side == "left"


def test_the_document_is_cut_never_the_instruction_nor_the_answer(tiny):
    model, tokenizer = tiny
    prompt = dict(summarization_prompt(model), max_source_length=96)
    document = " ".join(KOREAN_EXAMPLES[0]["document"] for _ in range(5))
    batch = {"document": [document, "짧은 기사."], "summary": [KOREAN_EXAMPLES[0]["summary"]] * 2}
    kwargs = dict(prefix_ids=prompt["prefix_ids"], suffix_ids=prompt["suffix_ids"], max_source_length=96,
                  max_target_length=8)
    train = tokenize_prompt_batch(batch, tokenizer, **kwargs, with_answer=True)
    generate = tokenize_prompt_batch(batch, tokenizer, **kwargs, with_answer=False)
    long_prompt = generate["input_ids"][0]
    assert len(long_prompt) == 96  # cut to the budget ...
    assert long_prompt[: len(prompt["prefix_ids"])] == prompt["prefix_ids"]  # ... after the instruction
    assert long_prompt[-len(prompt["suffix_ids"]) :] == prompt["suffix_ids"]  # ... before the answer starts
    assert generate["source_length"][0] > 96  # the report sees the uncut prompt length
    assert len(generate["input_ids"][1]) < 96  # a short document is not padded
    # training: prompt + summary + EOS, only the summary's tokens (and EOS) are labels
    ids, labels = train["input_ids"][0], train["labels"][0]
    answer = labels[len(long_prompt) :]
    assert ids[: len(long_prompt)] == long_prompt and len(ids) == len(labels)
    assert set(labels[: len(long_prompt)]) == {IGNORE_INDEX}
    assert answer == ids[len(long_prompt) :] and answer[-1] == tokenizer.eos_token_id and len(answer) == 8
    # generation: the prompt alone, the reference's tokens as labels
    assert generate["labels"][0] == answer


def test_only_the_training_split_gets_the_answer_in_its_inputs(tiny):
    model, tokenizer = tiny
    splits = DatasetDict({name: Dataset.from_list(KOREAN_EXAMPLES) for name in ("train", "validation")})
    features, _ = tokenize_splits(splits, tokenizer, "", 256, 64, prompt=summarization_prompt(model))
    for row in range(len(KOREAN_EXAMPLES)):
        train, validation = features["train"][row], features["validation"][row]
        assert train["input_ids"][: len(validation["input_ids"])] == validation["input_ids"]
        assert train["input_ids"][len(validation["input_ids"]) :] == validation["labels"]


def test_an_instruction_longer_than_the_budget_is_a_clear_error():
    with pytest.raises(ConfigError, match="no room for the document"):
        parts(chat_tokenizer(), max_source_length=6)


def test_prompt_and_summary_must_fit_the_context_window_together(tiny):
    model, _ = tiny
    family = get_family("causal")
    guards.check_lengths(model, family, 448, 64)  # 512 positions
    with pytest.raises(ConfigError, match=r"max_source_length \+ model.max_target_length=513"):
        guards.check_lengths(model, family, 449, 64)


def test_lora_trains_a_few_percent_and_merges_back_into_a_plain_model():
    model, tokenizer = build()
    wrapped = adapters.apply_adapters(model, method="lora", r=4, alpha=8, dropout=0.0, target_modules="all-linear",
                                      decoder_only=True)  # fmt: skip
    rows = parameters_by_block(wrapped)
    trainable, total = sum(r.trainable for r in rows), sum(r.total for r in rows)
    assert 0 < trainable < 0.2 * total
    assert {"embed_tokens", "layers"} <= {r.block for r in rows}  # blocks of the base model, not "base_model"
    assert f"trainable: {trainable:,} of {total:,}" in format_summary(wrapped, "lora")
    generator = torch.Generator().manual_seed(0)  # seeded: N(0, 1) adapters made fp32 rounding flaky at 1e-4
    with torch.no_grad():  # a trained adapter (B is zero at first, which would make merging a no-op)
        for name, parameter in wrapped.named_parameters():
            if "lora_B" in name:
                parameter.copy_(0.1 * torch.randn(parameter.shape, generator=generator))
    ids = torch.tensor([summarization_prompt(model)["prefix_ids"]])
    expected = wrapped(input_ids=ids).logits
    with wrapped.disable_adapter():  # precondition: the adapters change the output, so merging them must count
        assert not torch.allclose(wrapped(input_ids=ids).logits, expected, rtol=1e-4, atol=1e-4)
    merged = adapters.merge_adapters(wrapped)
    assert not adapters.has_adapters(merged) and not any("lora" in name for name, _ in merged.named_parameters())
    torch.testing.assert_close(merged(input_ids=ids).logits, expected, rtol=1e-4, atol=1e-4)


@pytest.mark.skipif(torch.cuda.is_available(), reason="the refusal is for machines without CUDA")
def test_qlora_without_cuda_is_refused_before_anything_loads():
    with pytest.raises(ConfigError, match="needs a CUDA GPU"):
        adapters.check_method_possible("qlora")


def test_an_unknown_peft_method_is_refused():
    with pytest.raises(ConfigError, match="peft.method='dora'"):
        adapters.check_method_possible("dora")


def test_document_room_is_the_budget_left_by_the_template(tiny):
    prompt = summarization_prompt(tiny[0])
    assert document_room(prompt) == 256 - len(prompt["prefix_ids"]) - len(prompt["suffix_ids"]) > 150
