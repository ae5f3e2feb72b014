"""Analysis of finished runs: tables, comparisons, figures; what the notebooks in notebooks/ call.

    runs.py         run / multirun directories -> pandas tables (`load_runs`)
    compare.py      ranking with bootstrap intervals, paired test, scores by document length
    predictions.py  best / worst / random examples, length and repetition diagnostics
    highlight.py    n-gram overlap of prediction, reference and document as HTML
    data.py         the data a run saw: filter counts, lengths, compression, truncation
    figures.py      matplotlib figures of all of the above (Korean labels)
    fonts.py        a Hangul-capable font for matplotlib, offline
    run_figures.py  PNGs in <run dir>/figures/ at the end of a run, and to W&B
    notebook.py     parameters of the notebooks: the latest run or multirun by default
    wandb_api.py    the same tables from W&B's public API (online only)

Nothing heavy is imported here: matplotlib loads with `figures`, transformers only for token lengths.
"""
