"""Our ROUGE is rouge_score's: the fast LCS picks the same subsequences, and on ASCII text the
whitespace tokenizer gives rouge_score's own numbers on the same inputs."""

from __future__ import annotations

import random

import pytest
from rouge_score import rouge_scorer

from summarizer.metrics.lcs import lcs_length, lcs_ref_indices
from summarizer.metrics.rouge import summary_level_lcs
from summarizer.metrics.scorer import SummaryScorer


def _random_tokens(rng: random.Random, alphabet: str, longest: int) -> list[str]:
    return [rng.choice(alphabet) for _ in range(rng.randint(0, longest))]


def _py_rouge_marked(ref, hyp):
    """py-rouge's `_lcs` + `_mark_lcs` (the Dacon metric's), transcribed as the reference for ties:
    at a mismatch it goes up when vals[i-1][j] >= vals[i][j-1]."""
    m, n = len(ref), len(hyp)
    vals = [[0] * (n + 1) for _ in range(m + 1)]
    dirs = [[""] * (n + 1) for _ in range(m + 1)]
    for i in range(1, m + 1):
        for j in range(1, n + 1):
            if ref[i - 1] == hyp[j - 1]:
                vals[i][j], dirs[i][j] = vals[i - 1][j - 1] + 1, "|"
            elif vals[i - 1][j] >= vals[i][j - 1]:
                vals[i][j], dirs[i][j] = vals[i - 1][j], "^"
            else:
                vals[i][j], dirs[i][j] = vals[i][j - 1], "<"
    marked, i, j = [], m, n
    while i and j:
        if dirs[i][j] == "|":
            i, j = i - 1, j - 1
            marked.append(i)
        elif dirs[i][j] == "^":
            i -= 1
        else:
            j -= 1
    return sorted(marked)


def test_lcs_matches_rouge_score_and_py_rouge_on_random_ties():
    rng = random.Random(0)
    for _ in range(3000):
        ref, can = _random_tokens(rng, "abcd", 14), _random_tokens(rng, "abcd", 14)
        table = rouge_scorer._lcs_table(ref, can)
        assert lcs_length(ref, can) == table[-1][-1]
        if ref and can:
            assert lcs_ref_indices(ref, can) == rouge_scorer.lcs_ind(ref, can), (ref, can)
            assert lcs_ref_indices(ref, can) == _py_rouge_marked(ref, can), (ref, can)


def test_lcs_on_long_sequences_beyond_one_machine_word():
    rng = random.Random(1)
    ref, can = _random_tokens(rng, "가나다라마", 300), _random_tokens(rng, "가나다라마", 300)
    assert lcs_length(ref, can) == rouge_scorer._lcs_table(ref, can)[-1][-1]
    assert lcs_ref_indices(ref, can) == rouge_scorer.lcs_ind(ref, can)


def test_rouge_l_and_lsum_equal_rouge_score_functions():
    rng = random.Random(2)
    for _ in range(500):
        ref = [_random_tokens(rng, "abcde", 8) for _ in range(rng.randint(1, 3))]
        can = [_random_tokens(rng, "abcde", 8) for _ in range(rng.randint(1, 3))]
        flat_ref, flat_can = [t for s in ref for t in s], [t for s in can for t in s]
        assert summary_level_lcs([flat_ref], [flat_can]) == rouge_scorer._score_lcs(flat_ref, flat_can)
        assert summary_level_lcs(ref, can) == rouge_scorer._summary_level_lcs(ref, can)


WORDS = ["the", "cat", "sat", "on", "mat", "dog", "ran", "fast", "It's", "U.S.", "well-known", "A", "B2", "x"]


def _ascii_text(rng: random.Random) -> str:
    lines = []
    for _ in range(rng.randint(1, 3)):
        words = [rng.choice(WORDS) for _ in range(rng.randint(1, 9))]
        lines.append(" ".join(words) + rng.choice(["", ",", ";", "!"]))
    return "\n".join(lines)


def test_ascii_whitespace_equals_rouge_score_default():
    """On ASCII, lower-cased [a-z0-9] runs are exactly what rouge_score's DefaultTokenizer keeps."""
    rng = random.Random(3)
    predictions = [_ascii_text(rng) for _ in range(60)]
    references = [_ascii_text(rng) for _ in range(60)]
    types = ["rouge1", "rouge2", "rougeL", "rougeLsum"]
    scorer = SummaryScorer(rouge_tokenizers=("whitespace",), bleu_tokenize=None, chrf=False, diagnostics=False)
    ours = scorer.score(predictions, references)
    theirs = rouge_scorer.RougeScorer(types)
    for index, (pred, ref) in enumerate(zip(predictions, references)):
        expected = theirs.score(ref, pred)
        row = ours.per_example[index]
        for rouge_type in types:
            assert row[f"{rouge_type}_whitespace"] == pytest.approx(100 * expected[rouge_type].fmeasure, abs=1e-9)
            assert row[f"{rouge_type}_whitespace_precision"] == pytest.approx(
                100 * expected[rouge_type].precision, abs=1e-9
            )
            assert row[f"{rouge_type}_whitespace_recall"] == pytest.approx(100 * expected[rouge_type].recall, abs=1e-9)
