"""The tokenizer trained for from-scratch models never loses Hangul."""

from __future__ import annotations

import unicodedata

from transformers import AutoTokenizer

from summarizer.models.tokenizer_training import train_bpe_tokenizer
from tests.conftest import KOREAN_EXAMPLES

TEXTS = [example["document"] for example in KOREAN_EXAMPLES] * 20


def test_round_trip_keeps_every_character_including_syllables_never_seen_in_training():
    tokenizer = train_bpe_tokenizer(TEXTS, vocab_size=600, add_bos=True, model_max_length=128)
    text = "똠양꿍을 먹은 홍길동은 ABC 12.5%를 냈다."  # 똠, 꿍, 홍 ... never in TEXTS
    assert not set("똠꿍홍") & set("".join(TEXTS))
    ids = tokenizer(text)["input_ids"]
    assert tokenizer.unk_token_id not in ids
    assert tokenizer.decode(ids, skip_special_tokens=True) == text


def test_nfd_input_tokenizes_like_nfc():
    tokenizer = train_bpe_tokenizer(TEXTS, vocab_size=600, add_bos=True, model_max_length=128)
    text = "서울시는 주거 지원"
    nfd = unicodedata.normalize("NFD", text)
    assert nfd != text
    assert tokenizer(nfd)["input_ids"] == tokenizer(text)["input_ids"]


def test_bart_style_sources_are_wrapped_in_bos_eos_and_t5_style_end_with_eos():
    bart = train_bpe_tokenizer(TEXTS, vocab_size=600, add_bos=True, model_max_length=128)
    t5 = train_bpe_tokenizer(TEXTS, vocab_size=600, add_bos=False, model_max_length=128)
    bart_ids, t5_ids = bart("서울시")["input_ids"], t5("서울시")["input_ids"]
    assert bart_ids[0] == bart.bos_token_id and bart_ids[-1] == bart.eos_token_id
    assert t5_ids[0] != t5.bos_token_id and t5_ids[-1] == t5.eos_token_id
    assert bart("서울시", add_special_tokens=False)["input_ids"] == bart_ids[1:-1]


def test_saved_tokenizer_loads_back_with_the_same_behaviour(tmp_path):
    tokenizer = train_bpe_tokenizer(TEXTS, vocab_size=600, add_bos=True, model_max_length=128)
    tokenizer.save_pretrained(tmp_path)
    loaded = AutoTokenizer.from_pretrained(tmp_path)
    text = "대전시 교육청은 똠양꿍"
    assert loaded(text)["input_ids"] == tokenizer(text)["input_ids"]
    assert loaded.model_max_length == 128
    assert loaded.pad_token_id == tokenizer.pad_token_id
