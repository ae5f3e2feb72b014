"""The interface the training pipeline relies on: names, shapes, the Hydra config, one
tokenization per text, clear errors."""

from __future__ import annotations

import inspect
import json
from pathlib import Path

import pytest
from hydra.utils import instantiate
from omegaconf import OmegaConf

from summarizer.metrics.scorer import ScoreResult, SummaryScorer
from summarizer.metrics.tokenizers import Characters, KiwiMorphemes

CONF = Path(__file__).resolve().parents[2] / "conf" / "metrics"
PREDS = ["정부는 올해 예산을 늘렸다. 국회가 승인했다.", "", "내일은 비가 온다"]
REFS = ["정부가 예산을 늘렸다.", "정답 요약", "내일 비가 오겠다"]
DOCS = ["정부는 올해 예산을 늘렸다고 밝혔다. 국회가 이를 승인했다.", "문서", "기상청은 내일 비가 온다고 밝혔다."]

DEFAULT_KEYS = [
    *(f"{t}_kiwi{s}" for s in ("", "_precision", "_recall") for t in ("rouge1", "rouge2", "rougeL", "rougeLsum")),
    "bleu_char",
    *(f"bleu_char_individual_{n}" for n in (1, 2, 3, 4)),
    *(f"bleu_char_cumulative_{n}" for n in (1, 2, 3)),
    "chrf_pp",
    "chrf",
    "pred_len_morphs_mean",
    "pred_len_morphs_median",
    "pred_len_chars_mean",
    "pred_len_chars_median",
    "ref_len_morphs_mean",
    "ref_len_chars_mean",
    "len_ratio_morphs",
    "len_ratio_chars",
    "empty_pred_count",
    "empty_pred_share",
    "rep_3gram_rate",
    "rep_3gram_pred_share",
    "distinct_1",
    "distinct_2",
]
NOVELTY_KEYS = ["novel_1gram_ratio", "novel_2gram_ratio", "novel_3gram_ratio"]
FAITHFULNESS_KEYS = [f"unsupported_{kind}_{figure}" for kind in ("numbers", "names") for figure in ("share", "mean")]


def test_default_config_produces_exactly_these_keys(scorer_default):
    result = scorer_default.score(PREDS, REFS)
    assert isinstance(result, ScoreResult)
    assert list(result.corpus) == DEFAULT_KEYS
    assert list(scorer_default.score(PREDS, REFS, DOCS).corpus) == DEFAULT_KEYS + NOVELTY_KEYS + FAITHFULNESS_KEYS


def test_per_example_aligned_with_inputs_and_info_reproducible(scorer_default):
    result = scorer_default.score(PREDS, REFS, DOCS)
    assert len(result.per_example) == len(PREDS)
    assert {"rouge1_kiwi", "rouge2_kiwi", "rougeL_kiwi", "rougeLsum_kiwi"} <= set(result.per_example[0])
    assert result.per_example[1]["rouge1_kiwi"] == 0.0 and result.per_example[1]["empty_pred"] == 1.0
    assert result.info["kiwipiepy_version"] == result.info["tokenizers"]["kiwi"]["kiwipiepy"] != "not installed"
    assert "tok:char" in result.info["sacrebleu_signatures"]["bleu_char"]
    json.dumps(result.to_dict(per_example=True), allow_nan=False)  # JSON-ready, NaN-free


@pytest.mark.parametrize("name", ["default", "full", "dacon"])
def test_config_files_state_only_what_differs_from_the_constructor(name):
    """The constructor is the one home of the defaults (each documented in its docstring); a file sets others."""
    path = CONF / f"{name}.yaml"
    cfg = OmegaConf.to_container(OmegaConf.load(path))
    params = dict(list(inspect.signature(SummaryScorer.__init__).parameters.items())[1:])
    assert cfg.pop("_target_") == "summarizer.metrics.scorer.SummaryScorer"
    for key, value in cfg.items():
        default = params[key].default
        assert key in params and (list(value) if isinstance(value, list) else value) != (
            list(default) if isinstance(default, tuple) else default
        ), f"{path.name}: {key} repeats the constructor's default"
    assert all(f"- {name}:" in SummaryScorer.__doc__ for name in params if name != "seed")
    for line in path.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith(("#", " ", "_target_")):
            assert "#" in line, f"{path.name}: setting without a comment: {line}"


def test_default_config_instantiates_to_the_default_scorer(scorer_default):
    scorer = instantiate(OmegaConf.load(CONF / "default.yaml"))
    assert isinstance(scorer, SummaryScorer)
    assert scorer.score(PREDS, REFS).corpus == scorer_default.score(PREDS, REFS).corpus


def test_each_text_is_tokenized_once_per_call_and_remembered_across_calls(monkeypatch):
    analysed, chars = [], []
    analyze, spans = KiwiMorphemes.analyze, Characters.tokenize_spans
    monkeypatch.setattr(
        KiwiMorphemes, "analyze", lambda self, texts, **kw: (analysed.extend(texts), analyze(self, texts, **kw))[1]
    )
    monkeypatch.setattr(Characters, "tokenize_spans", lambda self, text: (chars.append(text), spans(self, text))[1])
    scorer = SummaryScorer(rouge_tokenizers=("kiwi", "char"))
    scorer.score(PREDS, REFS, DOCS)
    assert sorted(analysed) == sorted(set(PREDS + REFS + DOCS))  # one Kiwi pass: sentences + morphemes
    assert sorted(chars) == sorted(set(PREDS + REFS))  # each text through the char tokenizer once, for all types
    analysed.clear()
    chars.clear()
    scorer.score(["새 예측", *PREDS[1:]], REFS, DOCS)
    assert analysed == ["새 예측"] and chars == ["새 예측"]  # references and documents are remembered


def test_kiwi_is_loaded_once_and_shared():
    a, b = SummaryScorer(), SummaryScorer(rouge_tokenizers=("char",))
    a.score(PREDS, REFS)
    b.score(PREDS, REFS)
    assert a._kiwi.kiwi is b._kiwi.kiwi


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"rouge_tokenizers": ("spacy",)}, "unknown ROUGE tokenizer 'spacy'"),
        ({"rouge_types": ("rougeW",)}, "unknown ROUGE type 'rougeW'"),
        ({"multi_reference": "min"}, "multi_reference must be one of"),
        ({"bootstrap_samples": -1}, "bootstrap_samples must be >= 0"),
    ],
)
def test_bad_settings_are_clear_errors(kwargs, message):
    with pytest.raises(ValueError, match=message):
        SummaryScorer(**kwargs)


@pytest.mark.parametrize(
    "args, error, message",
    [
        ((["a", "b"], ["a"]), ValueError, "2 predictions but 1 references"),
        (("a", ["a"]), TypeError, "not a single string"),
        (([None], ["a"]), TypeError, r"predictions\[0\] is NoneType"),
        (([], []), ValueError, "nothing to score"),
        ((["a"], [[]]), ValueError, r"references\[0\] is an empty list"),
        ((["a"], ["a"], ["d1", "d2"]), ValueError, "1 predictions but 2 sources"),
    ],
)
def test_bad_inputs_are_clear_errors(scorer_default, args, error, message):
    with pytest.raises(error, match=message):
        scorer_default.score(*args)
