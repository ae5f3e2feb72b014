"""Blind pairwise human evaluation of two runs: `python -m summarizer.human_eval --help` lists the commands."""
