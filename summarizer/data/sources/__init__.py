"""Data sources: each returns a DatasetDict with exactly train/validation/test splits of (id, document, summary)
strings, chosen by `data.source._target_` in `conf/data/*.yaml` (its other keys are the function's arguments)."""
