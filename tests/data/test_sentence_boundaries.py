"""Sentence boundaries a source gives survive loading and decide Lead-k, the oracle and ROUGE-Lsum.

The fixture (tests/data/fixtures/sci_news_given/) is written like sci-news-sum-kr-50: sentences without final
periods, some holding two clauses that Kiwi cuts in two, some a quoted "...다. ..." it must not cut.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from summarizer.data.loading import load_data, prepare_data
from summarizer.data.schema import CleaningConfig
from summarizer.errors import ConfigError
from summarizer.metrics.baselines import lead_k
from summarizer.metrics.scorer import SummaryScorer
from summarizer.metrics.tokenizers import KiwiMorphemes
from tests.conftest import compose_config

FIXTURE = Path(__file__).parent / "fixtures" / "sci_news_given"
ARTICLES = {path.stem: json.loads(path.read_text(encoding="utf-8")) for path in sorted(FIXTURE.glob("*.json"))}


def given_lead3(article: dict) -> str:
    return "\n".join(article["sentences"][:3])


def reference(article: dict) -> str:
    return "\n".join(article["sentences"][i] for i in sorted(article["summaries"]))


def test_kiwi_alone_would_cut_the_fixtures_sentences_elsewhere():
    """The precondition of every test below: without the given boundaries, Lead-3 is not the first 3 sentences."""
    kiwi = KiwiMorphemes()
    spaced = [" ".join(article["sentences"]) for article in ARTICLES.values()]
    cut = [[s.text for s in sentences] for sentences in kiwi.analyze(spaced)]
    differ = [name for name, article, found in zip(ARTICLES, ARTICLES.values(), cut) if found != article["sentences"]]
    assert len(differ) >= 3, differ


def test_newlines_mode_keeps_each_line_whole_and_splits_only_texts_without_one():
    kiwi = KiwiMorphemes()
    lines = "위성은 고도 500km 궤도에 진입했다 교신도 정상적으로 이뤄졌다\n이 위성은 관측 임무를 맡는다"
    plain = "줄바꿈이 없는 글이다. 두 문장으로 되어 있다."
    by_kiwi, by_lines = kiwi.analyze([lines, plain]), kiwi.analyze([lines, plain], sentence_boundaries="newlines")
    assert [s.text for s in by_lines[0]] == lines.split("\n")
    assert len(by_kiwi[0]) == 3  # Kiwi cuts the first line in two: the two modes differ on this text
    assert [s.text for s in by_lines[1]] == [s.text for s in by_kiwi[1]] == ["줄바꿈이 없는 글이다.", "두 문장으로 되어 있다."]
    # the same morphemes either way: only the grouping into sentences differs
    assert [t for s in by_lines[0] for t in s.tokens] == [t for s in by_kiwi[0] for t in s.tokens]
    with pytest.raises(ValueError, match="sentence_boundaries"):
        kiwi.analyze([plain], sentence_boundaries="paragraphs")


def test_sci_news_report_lead3_is_the_corpus_first_three_sentences(tmp_path):
    cfg = compose_config(["data=sci_news", f"data.source.root={FIXTURE}", "data.source.validation_ratio=0.2"], tmp_path)
    assert cfg.data.sentence_boundaries == "newlines"
    splits, report = load_data(cfg.data)
    scorer = SummaryScorer(rouge_tokenizers=("kiwi",), rouge_types=("rouge1", "rouge2", "rougeL"), bleu_tokenize=None,
                           chrf=False, diagnostics=False)  # fmt: skip
    checked = 0
    for split, dataset in splits.items():
        articles = [ARTICLES[name] for name in dataset["id"]]
        assert list(dataset["document"]) == ["\n".join(a["sentences"]) for a in articles]  # kept through cleaning
        expected = scorer.score([given_lead3(a) for a in articles], [reference(a) for a in articles]).corpus
        for rouge_type in ("rouge1", "rouge2", "rougeL"):
            assert report.splits[split].lead[f"{rouge_type}_kiwi"] == pytest.approx(expected[f"{rouge_type}_kiwi"], abs=0.01)
        checked += len(articles)
    assert checked == len(ARTICLES)


def test_kiwi_boundaries_on_the_same_data_give_another_lead3():
    """What the loader did before: the figure moves, so the test above can tell the two apart."""
    spaced = [" ".join(a["sentences"]) for a in ARTICLES.values()]
    scorer = SummaryScorer(rouge_tokenizers=("kiwi",), rouge_types=("rouge1",), bleu_tokenize=None, chrf=False,
                           diagnostics=False)  # fmt: skip
    kiwi_lead = lead_k(scorer.sentences(spaced), 3)
    assert kiwi_lead != [given_lead3(a) for a in ARTICLES.values()]


def test_oracle_and_lsum_use_the_given_lines():
    articles = list(ARTICLES.values())
    documents = ["\n".join(a["sentences"]) for a in articles]
    given = SummaryScorer(rouge_tokenizers=("kiwi",), bleu_tokenize=None, chrf=False, diagnostics=False,
                          sentence_boundaries="newlines")  # fmt: skip
    oracle = given.oracle(documents, [reference(a) for a in articles])
    for summary, article in zip(oracle, articles):  # whole given sentences only, never a piece of one
        assert set(summary.split("\n")) <= set(article["sentences"])
    assert oracle == [reference(a) for a in articles]  # the reference is extractive: the oracle finds it
    # ROUGE-Lsum reads the same lines on both sides
    result = given.score([documents[0]], [documents[0]])
    assert result.corpus["rougeLsum_kiwi"] == pytest.approx(100.0)
    assert result.info["rouge"]["lsum_sentences"].startswith("a text's own lines")


def test_newline_boundaries_without_keeping_newlines_is_refused_before_reading():
    with pytest.raises(ConfigError, match="keep_newlines=true"):
        prepare_data(None, cleaning=CleaningConfig(keep_newlines=False), sentence_boundaries="newlines")
    with pytest.raises(ConfigError, match="kiwi, newlines"):
        prepare_data(None, sentence_boundaries="sentences")
