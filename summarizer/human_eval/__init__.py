"""Blind pairwise human evaluation of two runs: study creation (`study`), the store (`store`, `schema`), the
rating app (`app`, `static/`), the statistics (`stats`) and their report (`report`); `python -m
summarizer.human_eval --help` lists the commands."""
