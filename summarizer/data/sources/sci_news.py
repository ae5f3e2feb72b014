"""sci-news-sum-kr-50 (theeluwin, conf/data/sci_news.yaml): one JSON file per article, {"title", "sentences": [...],
"summaries": [0, 2, 5]}. Document and reference keep the corpus's sentences, one a line (they have no final periods,
so a splitter would re-cut them); the corpus has no splits, so all three are cut, seeded. Read by hand
(`Dataset.from_generator`) to check indices per file and name the file on error.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from datasets import DatasetDict

from summarizer.data.sources.common import fill_missing_splits, from_json_files, json_files, read_json_file
from summarizer.errors import DataError


def sci_news(
    root: str,
    include_title: bool = False,
    validation_ratio: float = 0.2,
    test_ratio: float = 0.2,
    seed: int = 42,
) -> DatasetDict:
    """(id = file name without .json, document = [title +] sentences, summary = the chosen sentences)."""
    files = json_files(Path(root).expanduser(), "data.source.root")
    train = from_json_files(_records, files, include_title=include_title)
    return fill_missing_splits({"train": train}, {"validation": validation_ratio, "test": test_ratio}, seed)


def _records(files: list[str], stamps: list, include_title: bool, code: str = "") -> Iterator[dict[str, str]]:
    """`stamps` and `code` are unused: they are part of the `datasets` cache key."""
    for file in map(Path, files):
        record = read_json_file(file)
        if not isinstance(record, dict) or not {"sentences", "summaries"} <= set(record):
            found = sorted(record) if isinstance(record, dict) else type(record).__name__
            raise DataError(
                f'{file}: not the sci-news-sum-kr-50 layout (expected "sentences" and "summaries"); keys found: {found}.'
            )
        sentences, chosen = record["sentences"], record["summaries"]
        if not isinstance(sentences, list) or not all(isinstance(s, str) for s in sentences):
            raise DataError(f'{file}: "sentences" must be a list of strings.')
        if not isinstance(chosen, list):
            raise DataError(f'{file}: "summaries" must be a list of sentence indices, got {type(chosen).__name__}.')
        bad = [i for i in chosen if not isinstance(i, int) or isinstance(i, bool) or not 0 <= i < len(sentences)]
        if bad:
            raise DataError(
                f"{file}: summary indices {bad} are outside the {len(sentences)} sentences "
                f'(valid: 0..{len(sentences) - 1}); fix "summaries" in this file.'
            )
        title = [record.get("title") or ""] if include_title else []
        # One sentence a line: the corpus's own boundaries (data.sentence_boundaries=newlines in sci_news.yaml).
        document = "\n".join(s.strip() for s in [*title, *sentences] if s.strip())
        summary = "\n".join(sentences[i].strip() for i in sorted(set(chosen)))
        yield {"id": file.stem, "document": document, "summary": summary}
