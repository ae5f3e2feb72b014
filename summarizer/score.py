"""Score summaries from files: `python -m summarizer.score --predictions P --references R [--sources S]`.

Each file is plain text (one example per line) or JSONL (`.jsonl`, field chosen by --*-field).
Prints a table, or JSON with --json. `--compare P2` adds a paired bootstrap test of P2 against P;
`--baselines` adds Lead-k and the greedy extractive oracle (needs --sources). All logic lives in
`summarizer.metrics`; this module only reads arguments and prints.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence

from summarizer.metrics.io import InputError, check_aligned, merge_references, read_texts
from summarizer.metrics.names import DEFAULT_BLEU_TOKENIZE
from summarizer.metrics.rdass import DEFAULT_RDASS_ENCODER
from summarizer.metrics.text import is_blank
from summarizer.metrics.tokenizers import ROUGE_TOKENIZERS, SENTENCE_BOUNDARIES


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m summarizer.score", description=__doc__.split("\n\n")[0])
    p.add_argument("--predictions", required=True, help="system summaries, one per line (or JSONL)")
    p.add_argument(
        "--references", required=True, nargs="+", help="reference summaries; several files = several references"
    )
    p.add_argument("--sources", help="documents (enable novelty diagnostics, RDASS's document term, baselines)")
    p.add_argument("--compare", metavar="P2", help="second system's summaries: paired bootstrap test of P2 against P")
    p.add_argument(
        "--tokenizer", nargs="+", default=["kiwi"], choices=[*ROUGE_TOKENIZERS, "dacon"],
        help="ROUGE tokenizer(s) (default kiwi)",
    )  # fmt: skip
    p.add_argument("--rouge-types", nargs="+", default=["rouge1", "rouge2", "rougeL", "rougeLsum"])
    p.add_argument(
        "--bleu-tokenize", default=DEFAULT_BLEU_TOKENIZE,
        help=f"sacrebleu tokenizer: {DEFAULT_BLEU_TOKENIZE} (default, as runs: needs no dictionary, so figures compare "
        "across machines), ko-mecab (the usual Korean BLEU, needs mecab-ko), 13a, none, auto (ko-mecab when installed)",
    )  # fmt: skip
    p.add_argument("--no-chrf", action="store_true", help="skip chrF and chrF++")
    p.add_argument("--no-diagnostics", action="store_true")
    p.add_argument("--multi-reference", choices=["max", "mean"], default="max")
    p.add_argument(
        "--bootstrap", type=int, default=1000, metavar="N",
        help="bootstrap resamples for intervals and --compare (0 = none)",
    )  # fmt: skip
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--rdass", action="store_true", help=f"add RDASS with {DEFAULT_RDASS_ENCODER} (needs the Hub once)")
    p.add_argument("--rdass-encoder", metavar="ID_OR_DIR", help="add RDASS with this sentence encoder")
    p.add_argument("--baselines", action="store_true", help="also score Lead-k and the greedy oracle (needs --sources)")
    p.add_argument("--lead-k", type=int, default=3)
    p.add_argument(
        "--sentence-boundaries", choices=SENTENCE_BOUNDARIES, default="kiwi",
        help="where sentences end for ROUGE-Lsum and the baselines: kiwi (Kiwi's splitter; a newline also ends one) "
        "or newlines (a text's own lines, e.g. a corpus's sentence lists; Kiwi for texts without a newline)",
    )  # fmt: skip
    p.add_argument(
        "--format", choices=["auto", "text", "jsonl"], default="auto", help="input format (auto: by extension)"
    )
    p.add_argument("--pred-field", default="prediction", help="JSONL field of predictions (default: prediction)")
    p.add_argument(
        "--ref-field", default="reference", help="JSONL field of references, string or list (default: reference)"
    )
    p.add_argument("--src-field", default="source", help="JSONL field of documents (default: source)")
    p.add_argument("--json", action="store_true", help="print JSON instead of a table")
    p.add_argument("--per-example", action="store_true", help="with --json, include per-example scores")
    return p


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        predictions = read_texts(args.predictions, args.pred_field, args.format)
        reference_files = [read_texts(r, args.ref_field, args.format, allow_lists=True) for r in args.references]
        sources = read_texts(args.sources, args.src_field, args.format) if args.sources else None
        other = read_texts(args.compare, args.pred_field, args.format) if args.compare else None
        named = [(args.predictions, predictions), *zip(args.references, reference_files)]
        named += [(name, texts) for name, texts in ((args.sources, sources), (args.compare, other)) if name]
        check_aligned(named)
        if args.baselines and sources is None:
            raise InputError("--baselines needs --sources (the documents to extract from)")
    except InputError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    references = merge_references(reference_files)

    from summarizer.metrics.baselines import lead_k
    from summarizer.metrics.scorer import SummaryScorer
    from summarizer.metrics.tables import format_comparison, format_results

    scorer = SummaryScorer(
        rouge_tokenizers=tuple(args.tokenizer),
        rouge_types=tuple(args.rouge_types),
        bleu_tokenize=args.bleu_tokenize,
        chrf=not args.no_chrf,
        diagnostics=not args.no_diagnostics,
        multi_reference=args.multi_reference,
        bootstrap_samples=args.bootstrap,
        seed=args.seed,
        rdass_encoder=args.rdass_encoder or (DEFAULT_RDASS_ENCODER if args.rdass else None),
        sentence_boundaries=args.sentence_boundaries,
    )
    results = {"system": scorer.score(predictions, references, sources)}
    comparison = None
    if other is not None:
        results["compare"] = scorer.score(other, references, sources)
        comparison = scorer.paired_test(results["system"], results["compare"])
    if args.baselines:
        sentences = scorer.sentences(sources)
        results[f"lead{args.lead_k}"] = scorer.score(lead_k(sentences, args.lead_k), references, sources)
        oracle = scorer.oracle(sources, references)
        results["oracle"] = scorer.score(oracle, references, sources)

    for path, texts in ((args.predictions, predictions), (args.compare, other)):
        blank = sum(is_blank(text) for text in texts or [])  # diagnostics' empty_pred_count, which may be off
        if blank:  # scored 0 everywhere: say so, or a low figure hides that nothing was predicted
            print(f"note: {blank} of {len(texts)} predictions in {path} are blank; each scores 0.", file=sys.stderr)
    if args.json:
        payload = {name: result.to_dict(per_example=args.per_example) for name, result in results.items()}
        payload["files"] = {name: getattr(args, name) for name in ("predictions", "references", "sources", "compare")}
        if comparison is not None:
            payload["paired_test"] = {"a": args.predictions, "b": args.compare, "metrics": comparison}
        print(json.dumps(payload, ensure_ascii=False, indent=2, allow_nan=False))
    else:
        print(format_results(results))
        if comparison is not None:
            print(f"\npaired bootstrap, A = {args.predictions}, B = {args.compare}:")
            print(format_comparison(comparison, "A", "B"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
