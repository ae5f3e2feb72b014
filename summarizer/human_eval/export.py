"""All ratings of a study to CSV or JSONL: one row per rating, in system terms (A/B), flags as booleans."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from summarizer.human_eval.errors import HumanEvalError
from summarizer.human_eval.store import Store


def export_ratings(store: Store, name: str, path: str | Path) -> int:
    """Write the study's ratings to `path` (format from its suffix, .csv or .jsonl); returns the row count."""
    path = Path(path)
    kind = path.suffix.lstrip(".").lower()
    if kind not in ("csv", "jsonl"):
        raise HumanEvalError(f"{path}: export writes .csv or .jsonl, not {path.suffix or 'a file without suffix'}")
    rows = store.ratings(name)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as handle:
        if kind == "jsonl":
            handle.writelines(json.dumps(row, ensure_ascii=False) + "\n" for row in rows)
        elif rows:
            writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
            writer.writeheader()
            writer.writerows(rows)
    return len(rows)
