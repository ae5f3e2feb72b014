"""Unsupported numbers and names: each normalisation rule on hand-written Korean, and the check validated on the
bundled corpus (faithful references are not flagged; one swapped number or name per summary is)."""

from __future__ import annotations

import re

import pytest

from summarizer.data.sources.local import bundled_news
from summarizer.metrics.faithfulness import describe, unsupported_names, unsupported_numbers
from summarizer.metrics.korean_numbers import number_mentions, value_key
from summarizer.metrics.scorer import SummaryScorer


def values(text: str) -> list[float]:
    return [mention.value for mention in number_mentions(text)]


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("관객 1만5천 명", [15_000]),
        ("1.5만 명", [15_000]),
        ("15,000명", [15_000]),
        ("예산 7천420억 원", [742_000_000_000]),
        ("교역액 843억4천만 달러", [84_340_000_000]),
        ("3조 2천억 원", [3_200_000_000_000]),
        ("1천200억 원", [120_000_000_000]),
        ("코스피는 2,493.23으로", [2_493.23]),
        ("금리 3.5%", [3.5]),
        ("0.25%포인트 올랐다", [0.25]),
        ("남구가 -0.25%로", [0.25]),  # the sign is often a word (하락): dropped
        ("21일 발표했다", [21]),
        ("2026년 3월", [2026, 3]),
        ("한 명과 두 개", [1, 2]),
        ("열 곳에서", [10]),
        ("관객 10만 20대 비율", [100_000, 20]),  # a plain number after a space is another number
        ("세대 간 한 대학의 세 번째 발표", []),  # native numerals only as counts: 세대, 한 대학, 세 번째 are not
        ("갤럭시 S24와 5G 요금제", []),  # digits inside a Latin name are part of it
    ],
)
def test_korean_numbers_read_to_their_values(written, expected):
    assert values(written) == pytest.approx(expected)


def test_two_spellings_of_one_value_share_a_key():
    assert value_key(values("843.4억")[0]) == value_key(values("843억4천만")[0])


def test_a_number_is_supported_by_its_value_whatever_the_spelling():
    document = "올해 관객은 1만5천 명으로 지난해보다 두 배 늘었고, 코스피는 52.80포인트 오른 2,493.23에 마감했다."
    assert unsupported_numbers("관객 15,000명, 코스피 52.80포인트 상승", document) == []
    assert unsupported_numbers("관객 2배 증가", document) == []  # 두 배 = 2
    assert unsupported_numbers("코스피가 25.80포인트 올랐다", document) == ["25.80"]  # ROUGE barely sees this
    assert unsupported_numbers("관객 1만6천 명, 1만6천 명", document) == ["1만6천"]  # each value once


def test_names_match_without_particles_spaces_or_case():
    document = "서울시는 OpenAI와 협약을 맺었다. 청년 월세 지원도 늘린다."
    assert unsupported_names(["서울시", "openai", "청년월세"], document) == []
    assert unsupported_names(["부산시", "서울시", "부산시"], document) == ["부산시"]


def test_scorer_reports_unsupported_items_per_example_and_share_per_corpus(scorer_default):
    document = "11월 수출이 501억8천만 달러로 17.9% 늘었다. 김민지 산업통상자원부 장관은 지원을 약속했다."
    faithful = "11월 수출은 17.9% 증가한 501억8천만 달러였다."
    invented = "11월 수출은 19.7% 증가한 510억 달러였다고 김민수 장관이 밝혔다."
    result = scorer_default.score([faithful, invented], [faithful, faithful], [document, document])
    assert result.unsupported == [{"numbers": [], "names": []}, {"numbers": ["19.7", "510억"], "names": ["김민수"]}]
    assert result.corpus["unsupported_numbers_share"] == pytest.approx(0.5)
    assert result.corpus["unsupported_numbers_mean"] == pytest.approx(1.0)
    assert result.corpus["unsupported_names_share"] == pytest.approx(0.5)
    assert result.to_dict(per_example=True)["per_example"][1]["unsupported"]["names"] == ["김민수"]
    assert describe(result.unsupported[1]) == "numbers: 19.7, 510억 · names: 김민수"
    without_documents = scorer_default.score([invented], [faithful])
    assert without_documents.unsupported is None and "unsupported_numbers_share" not in without_documents.corpus


# --- validation on the bundled corpus -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def corpus():
    test = bundled_news()["test"]
    return list(test["document"])[:200], list(test["summary"])[:200]


@pytest.fixture(scope="module")
def names_scorer() -> SummaryScorer:
    return SummaryScorer(rouge_types=("rouge1",), bleu_tokenize=None, chrf=False)


def swap_number(summary: str, document: str, pool: list[str]) -> str | None:
    """`summary` with its first number that the document supports replaced by another example's number whose value
    the document lacks; None when it has none."""
    known = {value_key(m.value) for m in number_mentions(document)}
    for mention in number_mentions(summary):
        if value_key(mention.value) in known:
            other = next(o for o in pool if value_key(values(o)[0]) not in known)
            return re.sub(rf"(?<![\d.,]){re.escape(mention.text)}(?![\d.,])", other, summary, count=1)
    return None


def swap_name(summary: str, document: str, names: list[str], pool: list[str], kiwi) -> tuple[str | None, int]:
    """`summary` with its first name that the document has replaced by another example's name that the document
    lacks and that Kiwi reads as a name in its new sentence (a swap is name for name); and how many candidates
    Kiwi did not read as a name there (its recall, reported, not hidden)."""
    compact, rejected = "".join(document.split()), 0
    for name in (n for n in names if n in summary and n in compact):
        for other in (o for o in pool if o not in compact and name not in o and o not in name):
            swapped = summary.replace(name, other, 1)
            if other in {n for sentence in kiwi.analyze([swapped])[0] for n in sentence.names}:
                return swapped, rejected
            rejected += 1
    return None, rejected


def flagged_share(scorer: SummaryScorer, perturbed: list[tuple[str, str]]) -> float:
    result = scorer.score([p for p, _ in perturbed], [p for p, _ in perturbed], [d for _, d in perturbed])
    return sum(bool(u["numbers"] or u["names"]) for u in result.unsupported) / len(perturbed)


def test_bundled_references_are_faithful_and_a_swapped_number_or_name_is_flagged(corpus, names_scorer):
    documents, summaries = corpus
    faithful = names_scorer.score(summaries, summaries, documents)
    # by construction every number and name of a reference comes from its document
    assert faithful.corpus["unsupported_numbers_share"] == 0.0
    assert faithful.corpus["unsupported_names_share"] <= 0.01

    sentences = names_scorer._store.kiwi_sentences(summaries)
    names = [[n for s in sentences[text] for n in s.names] for text in summaries]
    numbers_pool = [m.text for text in summaries for m in number_mentions(text) if len(m.text) >= 2]
    names_pool = list(dict.fromkeys(n for group in names for n in group if len(n) >= 2))
    number_swaps, name_swaps, rejected = [], [], 0
    for index, (summary, document) in enumerate(zip(summaries, documents)):
        shift = 7 * index  # each example draws its replacement from another place in the pool
        swapped = swap_number(summary, document, numbers_pool[shift % len(numbers_pool):] + numbers_pool)
        if swapped is not None:
            number_swaps.append((swapped, document))
        pool = names_pool[shift % len(names_pool):] + names_pool
        swapped, misses = swap_name(summary, document, names[index], pool, names_scorer._kiwi)
        rejected += misses
        if swapped is not None:
            name_swaps.append((swapped, document))
    # the precondition: most summaries have a number, and many a name, to swap
    assert len(number_swaps) >= 0.8 * len(summaries) and len(name_swaps) >= 0.5 * len(summaries)
    assert flagged_share(names_scorer, number_swaps) >= 0.95
    assert flagged_share(names_scorer, name_swaps) >= 0.95, f"{rejected} candidates Kiwi did not read as names"
