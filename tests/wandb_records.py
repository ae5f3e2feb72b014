"""Read an offline W&B run (`<dir>/wandb/offline-run-*/run-*.wandb`) back into Python, for the tests.

Offline runs write no `wandb-summary.json`, and wandb 0.31 no longer ships a reader for its own `.wandb` files, so
the tests that check what a run logged use this one (the package itself never reads W&B files: every figure is in
the run directory). The format: a 7-byte header (`:W&B`, 2 magic bytes, a version byte), then LevelDB-log framing:
32 KiB blocks of records, each with a 7-byte header (CRC-32C, little-endian length, type: 1 full, 2 first, 3 middle,
4 last), whose payloads are `wandb_internal_pb2.Record` protobufs.
"""

from __future__ import annotations

import json
import struct
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

BLOCK_SIZE = 32 * 1024
FILE_HEADER = 7
RECORD_HEADER = 7
FULL, FIRST, MIDDLE, LAST = 1, 2, 3, 4


@dataclass
class OfflineRun:
    directory: Path
    config: dict[str, Any] = field(default_factory=dict)
    history: list[dict[str, Any]] = field(default_factory=list)  # one dict per logged step
    summary: dict[str, Any] = field(default_factory=dict)

    def logged(self, key: str) -> list[Any]:
        """Every value logged under `key`, in order."""
        return [row[key] for row in self.history if key in row]

    def table(self, key: str) -> dict[str, Any]:
        """The last table logged under `key`, as {"columns": [...], "data": [[...], ...]}."""
        path = self.logged(f"{key}/path")[-1]  # nested keys arrive flattened: <key>/path, <key>/nrows, ...
        return json.loads((self.directory / "files" / path).read_text(encoding="utf-8"))


def find_offline_runs(root: str | Path) -> list[Path]:
    return sorted(Path(root).glob("**/offline-run-*"))


def read_offline_run(run_directory: str | Path) -> OfflineRun:
    from wandb.proto import wandb_internal_pb2

    directory = Path(run_directory)
    (data_file,) = directory.glob("run-*.wandb")
    run = OfflineRun(directory)
    for payload in _payloads(data_file.read_bytes()):
        record = wandb_internal_pb2.Record()
        record.ParseFromString(payload)
        kind = record.WhichOneof("record_type")
        if kind == "history":
            run.history.append(_values(record.history.item))
        elif kind == "config":
            run.config.update(_values(record.config.update))
        elif kind == "summary":
            run.summary.update(_values(record.summary.update))
        elif kind == "run":
            run.config.update(_values(record.run.config.update))
    return run


def _values(items) -> dict[str, Any]:
    return {item.key or "/".join(item.nested_key): json.loads(item.value_json) for item in items}


def _payloads(data: bytes):
    """Reassemble record payloads from the block framing."""
    position, pending = FILE_HEADER, b""
    while position + RECORD_HEADER <= len(data):
        left_in_block = BLOCK_SIZE - position % BLOCK_SIZE
        if left_in_block < RECORD_HEADER:  # the writer pads the tail of a block with zeros
            position += left_in_block
            continue
        _checksum, length, kind = struct.unpack_from("<IHB", data, position)
        position += RECORD_HEADER
        chunk = data[position : position + length]
        position += length
        if kind == FULL:
            yield chunk
        elif kind == FIRST:
            pending = chunk
        elif kind == MIDDLE:
            pending += chunk
        elif kind == LAST:
            yield pending + chunk
            pending = b""
        else:  # zero padding at the end of the file
            break
