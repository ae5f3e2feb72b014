"""How long every metric family takes on 5,000 news-length Korean summary pairs.

    .venv/bin/python benchmarks/bench_metrics.py [--pairs 5000] [--seed 0] [--sources] [--tokenizers ...]

Generates its own data (seeded, so every run scores the same texts): three-sentence references
(174 characters on average, the length of Korean news summaries) and predictions that paraphrase, drop,
reorder or repeat parts of them. Scores them with every ROUGE variant (kiwi, mecab, char,
whitespace, dacon), BLEU, chrF/chrF++ and the diagnostics, then prints seconds per family,
pairs per second, and a second, warm call (references already tokenized, as at every evaluation
during training). `--sources` also passes documents of ~460 characters (novelty diagnostics).
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import statistics
import sys
import time
import warnings
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from summarizer.metrics.scorer import SummaryScorer

ORGS = ["정부", "기획재정부", "한국은행", "서울시", "국토교통부", "삼성전자", "현대자동차", "국회", "교육부", "보건복지부"]
PEOPLE = ["김민수", "이서연", "박지훈", "최유진", "정우성", "한지민", "오세훈", "윤석진"]
PLACES = ["서울", "부산", "대구", "인천", "광주", "대전", "세종", "제주"]
TOPICS = ["예산", "수출", "기준금리", "주택 가격", "청년 일자리", "반도체 투자", "전기차 보조금", "교육 과정", "의료 인력"]
VERBS = [("늘렸다", "늘린다", "확대했다"), ("줄였다", "줄인다", "축소했다"), ("동결했다", "유지한다", "묶어 뒀다")]
SENTENCES = [
    "{org}는 올해 {topic} 규모를 지난해보다 {pct}% {verb}고 {day}일 정부서울청사에서 열린 회의에서 밝혔다.",
    "{person} {org} 대변인은 {place}에서 열린 정례 브리핑에서 {topic} 정책의 세부 내용과 추진 일정을 설명했다.",
    "이번 조치로 {place} 지역에만 약 {num}억 원의 예산이 추가로 투입되고 관련 일자리도 늘어날 전망이다.",
    "전문가들은 {topic} 변화가 하반기 소비와 투자 흐름에 적지 않은 영향을 줄 것으로 내다보고 있다.",
    "{org}는 다음 달까지 관계 부처와 협의해 세부 계획을 마련한 뒤 {place}부터 단계적으로 시행할 계획이다.",
    "시민단체들은 {topic} 결정이 충분한 의견 수렴 없이 이뤄졌다며 공청회를 다시 열어야 한다고 비판했다.",
    "지난해 같은 기간 {topic} 관련 지출은 {num}억 원 수준이었으며 증가 폭은 예년보다 컸던 것으로 집계됐다.",
    "{person} 교수는 \"{topic} 정책의 효과를 객관적으로 따져 본 뒤 보완책을 내놓아야 한다\"고 말했다.",
    "{org} 관계자는 {day}일 기자들과 만나 시장 상황을 지켜보며 추가 대책도 검토하고 있다고 전했다.",
    "업계는 {topic} 방향이 확정되면서 내년 투자 계획과 채용 규모를 다시 짜는 작업에 들어갔다.",
]
FILLERS = ["한편", "특히", "또한", "이에 따라", "다만"]


def _fill(rng: random.Random, template: str, facts: dict) -> str:
    return template.format(**facts, verb=rng.choice(facts["verbs"]))


def _facts(rng: random.Random) -> dict:
    return {
        "org": rng.choice(ORGS), "person": rng.choice(PEOPLE), "place": rng.choice(PLACES),
        "topic": rng.choice(TOPICS), "pct": f"{rng.randint(1, 30)}.{rng.randint(0, 9)}",
        "num": rng.randint(10, 9000), "day": rng.randint(1, 28), "verbs": rng.choice(VERBS),
    }


def _perturb(rng: random.Random, sentence: str) -> str:
    words = sentence.split()
    action = rng.random()
    if action < 0.3 and len(words) > 4:  # drop a word
        del words[rng.randrange(len(words))]
    elif action < 0.5:  # change spacing of two words (Korean spacing varies)
        i = rng.randrange(max(1, len(words) - 1))
        words[i : i + 2] = ["".join(words[i : i + 2])]
    elif action < 0.65:
        words.insert(0, rng.choice(FILLERS))
    return " ".join(words)


def make_pairs(count: int, seed: int) -> tuple[list[str], list[str], list[str]]:
    """(predictions, references, documents), seeded."""
    rng = random.Random(seed)
    predictions, references, documents = [], [], []
    for _ in range(count):
        facts = _facts(rng)
        document = [_fill(rng, t, facts) for t in rng.sample(SENTENCES, 8)]
        summary = [_fill(rng, t, facts) for t in (SENTENCES[0], *rng.sample(SENTENCES[1:], 2))]
        prediction = [_perturb(rng, s) for s in summary]
        roll = rng.random()
        if roll < 0.15:
            prediction[1] = rng.choice(document)  # copies a document sentence instead
        elif roll < 0.25:
            prediction = prediction[:2]  # shorter
        elif roll < 0.28:
            prediction = [prediction[0] + " 다다다다 다다다다 다다다다"]  # degenerate repetition
        elif roll < 0.29:
            prediction = [""]  # empty output
        rng.shuffle(prediction) if rng.random() < 0.1 else None
        predictions.append(" ".join(prediction).strip())
        references.append(" ".join(summary))
        documents.append(" ".join(document))
    return predictions, references, documents


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pairs", type=int, default=5000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--sources", action="store_true", help="also pass documents (novelty diagnostics)")
    parser.add_argument("--tokenizers", nargs="+", default=["kiwi", "mecab", "char", "whitespace", "dacon"],
                        help="ROUGE tokenizers to score with (default: all five)")
    args = parser.parse_args()

    predictions, references, documents = make_pairs(args.pairs, args.seed)
    sources = documents if args.sources else None
    print(f"# {args.pairs} pairs, seed {args.seed}; mean characters: prediction "
          f"{statistics.mean(map(len, predictions)):.0f}, reference {statistics.mean(map(len, references)):.0f}"
          + (f", document {statistics.mean(map(len, documents)):.0f}" if sources else ""))
    print(f"# {platform.platform()}, Python {platform.python_version()}, {os.cpu_count()} CPUs")

    started = time.perf_counter()
    scorer = SummaryScorer(rouge_tokenizers=tuple(args.tokenizers), bleu_tokenize="char", chrf=True, diagnostics=True)
    scorer._kiwi.kiwi.tokenize("준비")  # load Kiwi's model now so it is not counted as scoring
    load = time.perf_counter() - started

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the dacon filter warns about the jamo it deletes
        started, cpu = time.perf_counter(), time.process_time()
        cold = scorer.score(predictions, references, sources)
        cold_total, cold_cpu = time.perf_counter() - started, time.process_time() - cpu
        shifted = predictions[1:] + predictions[:1]  # new predictions, same references: a later evaluation
        started, cpu = time.perf_counter(), time.process_time()
        warm = scorer.score(shifted, references, sources)
        warm_total, warm_cpu = time.perf_counter() - started, time.process_time() - cpu

    families = sorted(set(cold.info["timings_s"]) | set(warm.info["timings_s"]))
    print(f"\nKiwi model load (once per process): {load:.2f} s\n")
    print("| family | first call (s) | later call, references cached (s) |")
    print("|---|---:|---:|")
    for family in families:
        print(f"| {family} | {cold.info['timings_s'].get(family, 0.0):.2f} | {warm.info['timings_s'].get(family, 0.0):.2f} |")
    print(f"| **total** | **{cold_total:.2f}** | **{warm_total:.2f}** |")
    print(f"| pairs/s | {args.pairs / cold_total:.0f} | {args.pairs / warm_total:.0f} |")
    print(f"| CPU time, this process, all threads (s) | {cold_cpu:.2f} | {warm_cpu:.2f} |")
    print("\nKiwi analyses every text of a call in one batch (its own threads) before the families that use it.")
    try:
        load = os.getloadavg()
        print(f"load average during the run: {load[0]:.2f} (1 min), {load[1]:.2f} (5 min) on {os.cpu_count()} CPUs")
    except OSError:
        pass
    shown = [f"rouge1_{t}" for t in args.tokenizers] + ["bleu_char", "chrf", "rep_3gram_pred_share"]
    print("\n" + ", ".join(f"{key} {cold.corpus[key]:.3f}" for key in shown if key in cold.corpus))


if __name__ == "__main__":
    main()
