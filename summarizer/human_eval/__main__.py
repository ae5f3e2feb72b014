"""Blind pairwise human evaluation of two runs.

    python -m summarizer.human_eval create --name kobart-vs-t5 --runs outputs/A outputs/B --n 100 --seed 0
    python -m summarizer.human_eval serve --db sqlite:///outputs/human_eval.db --port 8010
    python -m summarizer.human_eval report --name kobart-vs-t5 --out outputs/human_eval
    python -m summarizer.human_eval export --name kobart-vs-t5 --out outputs/human_eval/kobart-vs-t5.csv

Every command takes --db (any SQLAlchemy URL; default a SQLite file, outputs/human_eval.db).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from summarizer.human_eval.errors import HumanEvalError
from summarizer.human_eval.stats import SAMPLES
from summarizer.human_eval.store import DEFAULT_URL, Store, masked
from summarizer.human_eval.study import SAMPLINGS


def create(args: argparse.Namespace) -> None:
    from summarizer.human_eval.study import paired_examples, sample, shuffled

    systems, examples = paired_examples(*args.runs)
    chosen, sampling = sample(examples, args.n, args.seed, args.sampling)
    Store(args.db).create_study(args.name, systems, shuffled(chosen, args.seed), seed=args.seed, sampling=sampling)
    print(f"study {args.name!r}: {len(chosen)} of {len(examples)} shared test examples ({sampling} sampling, seed {args.seed}); "
          f"A = {systems[0][0]}, B = {systems[1][0]}; stored in {masked(args.db)}")


def serve(args: argparse.Namespace) -> None:
    import uvicorn

    from summarizer.human_eval.app import create_app

    store = Store(args.db)
    print(f"rating page: http://{args.host}:{args.port}/  (studies: {store.study_names()}; store {masked(args.db)})")
    uvicorn.run(create_app(store), host=args.host, port=args.port, log_level="warning")


def report(args: argparse.Namespace) -> None:
    from summarizer.human_eval.report import build_report, preference_table, write_report

    result = build_report(Store(args.db), args.name, args.samples, args.seed)
    paths = write_report(result, args.out)
    print(preference_table(result))
    print("wrote " + ", ".join(str(path) for path in paths.values()))


def export(args: argparse.Namespace) -> None:
    from summarizer.human_eval.export import export_ratings

    rows = export_ratings(Store(args.db), args.name, args.out)
    print(f"wrote {rows} ratings to {args.out}")


def parser() -> argparse.ArgumentParser:
    main = argparse.ArgumentParser(prog="python -m summarizer.human_eval", description=__doc__,
                                   formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = main.add_subparsers(dest="command", required=True)
    db = argparse.ArgumentParser(add_help=False)
    db.add_argument("--db", default=DEFAULT_URL, help=f"SQLAlchemy database URL (default {DEFAULT_URL})")

    sub = commands.add_parser("create", parents=[db], help="create a study from two runs' test predictions")
    sub.add_argument("--name", required=True)
    sub.add_argument("--runs", nargs=2, required=True, metavar=("RUN_A", "RUN_B"), help="two run directories")
    sub.add_argument("--n", type=int, default=100, help="examples to rate (all shared ones when fewer)")
    sub.add_argument("--seed", type=int, default=0, help="sampling, presentation order and left/right draws")
    sub.add_argument("--sampling", choices=SAMPLINGS, default="stratified",
                     help="stratified by document length (default) or uniformly random")
    sub.set_defaults(run=create)

    sub = commands.add_parser("serve", parents=[db], help="serve the rating page")
    sub.add_argument("--host", default="127.0.0.1")
    sub.add_argument("--port", type=int, default=8010)
    sub.set_defaults(run=serve)

    sub = commands.add_parser("report", parents=[db], help="statistics: human_eval_<name>.json/.md/.png")
    sub.add_argument("--name", required=True)
    sub.add_argument("--out", default="outputs/human_eval", help="directory for the report files")
    sub.add_argument("--samples", type=int, default=SAMPLES, help="bootstrap resamples")
    sub.add_argument("--seed", type=int, default=0, help="bootstrap seed")
    sub.set_defaults(run=report)

    sub = commands.add_parser("export", parents=[db], help="every rating to .csv or .jsonl")
    sub.add_argument("--name", required=True)
    sub.add_argument("--out", required=True, help="a .csv or .jsonl file")
    sub.set_defaults(run=export)
    return main


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        args.run(args)
    except HumanEvalError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
