"""Reading predictions, references and documents from files, with errors that say where and how to fix. Plain text:
one example per line (an empty line is an empty prediction). JSONL (`.jsonl`, `.ndjson`, or `fmt="jsonl"`): one JSON
object per line, the text under a field; a reference field may hold a list of strings (several references)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

JSONL_SUFFIXES = (".jsonl", ".ndjson")


class InputError(ValueError):
    """Bad input file: the message names the file, the line and the fix."""


def _lines(path: Path) -> list[str]:
    """The file's lines, one example each."""
    if not path.is_file():
        raise InputError(f"{path}: no such file")
    try:
        text = path.read_bytes().decode("utf-8-sig")  # drops the byte-order mark of Windows editors
    except UnicodeDecodeError as error:
        data = error.object  # the bytes after the byte-order mark, which the positions count in
        line = data.count(b"\n", 0, error.start) + 1
        column = error.start - (data.rfind(b"\n", 0, error.start) + 1) + 1
        raise InputError(
            f"{path}:{line}: not valid UTF-8 (byte 0x{data[error.start]:02x} at byte column {column}). "
            f"Re-save the file as UTF-8; Korean files in CP949/EUC-KR convert with "
            f"`iconv -f CP949 -t UTF-8 {path} > {path.stem}.utf8{path.suffix}`."
        ) from None
    if not text.strip():
        raise InputError(f"{path}: file is empty; expected one example per line")
    lines = text.removesuffix("\n").split("\n")  # a final newline ends the last line, it does not start an example
    return [line.removesuffix("\r") for line in lines]


def read_texts(path: str | Path, field: str = "text", fmt: str | None = None, allow_lists: bool = False) -> list:
    """One entry per example: a string, or (with `allow_lists`, JSONL only) a list of strings."""
    path = Path(path)
    lines = _lines(path)
    if fmt not in (None, "auto", "text", "jsonl"):
        raise InputError(f"unknown format {fmt!r}; use 'text', 'jsonl' or 'auto'")
    if fmt == "text" or fmt != "jsonl" and path.suffix.lower() not in JSONL_SUFFIXES:
        return lines
    out = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            raise InputError(f'{path}:{number}: empty line in a JSONL file; write {{"{field}": ""}} for an empty text')
        try:
            record = json.loads(line)
        except json.JSONDecodeError as error:
            raise InputError(f"{path}:{number}: invalid JSON ({error.msg} at column {error.colno})") from None
        if not isinstance(record, dict) or field not in record:
            keys = ", ".join(sorted(record)) if isinstance(record, dict) else type(record).__name__
            raise InputError(
                f"{path}:{number}: no field {field!r} (found: {keys}); choose the field with the --*-field option"
            )
        value = record[field]
        several = allow_lists and isinstance(value, list) and value and all(isinstance(v, str) for v in value)
        if not (isinstance(value, str) or several):
            wanted = "a string or a non-empty list of strings" if allow_lists else "a string"
            raise InputError(f"{path}:{number}: field {field!r} is {type(value).__name__}, expected {wanted}")
        out.append(value)
    return out


def check_aligned(named: Sequence[tuple[str | Path, Sequence]]) -> None:
    """All inputs have the same number of examples, else say which file is short and where."""
    (first_name, first), *rest = named
    for name, items in rest:
        if len(items) != len(first):
            shorter, longer = (name, first_name) if len(items) < len(first) else (first_name, name)
            raise InputError(
                f"{first_name} has {len(first)} examples but {name} has {len(items)}: line "
                f"{min(len(items), len(first)) + 1} of {longer} has no counterpart in {shorter}. "
                "Every file needs exactly one example per line, in the same order."
            )


def merge_references(per_file: Sequence[Sequence]) -> list[list[str]]:
    """References from several files (or list fields) -> one list of references per example."""
    merged: list[list[str]] = [[] for _ in per_file[0]]
    for items in per_file:
        for index, value in enumerate(items):
            merged[index].extend([value] if isinstance(value, str) else value)
    return merged
