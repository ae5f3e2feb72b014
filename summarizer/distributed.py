"""What processes of one multi-process run (torchrun / accelerate launch) must agree on before Hydra starts.

Hydra names the run directory from the clock, and ranks start a few hundred milliseconds apart, so
left alone each rank would write into its own `outputs/<time>` directory. Rank 0 picks the time stamp
and hands it to the others over the process group (which the Trainer then reuses), before any config
is composed; the `run_stamp` resolver in `conf/hydra/default.yaml` reads it.
"""

from __future__ import annotations

import os
from datetime import datetime

STAMP_VARIABLE = "SUMMARIZER_RUN_STAMP"
STAMP_FORMAT = "%Y-%m-%d/%H-%M-%S"


def process_state():
    """Accelerate's view of this process (rank, main or not), with the process group initialised.

    Without an accelerator, Accelerate only forms a multi-process (gloo) group when told it is on CPU;
    otherwise every torchrun process believes it is alone and the main one.
    """
    import torch
    from accelerate import PartialState

    return PartialState(cpu=not torch.accelerator.is_available())


def agree_on_run_stamp() -> None:
    """In a multi-process launch, give every rank rank 0's time stamp (no-op in a single process)."""
    if int(os.environ.get("WORLD_SIZE", "1")) <= 1 or os.environ.get(STAMP_VARIABLE):
        return
    from accelerate.utils import broadcast_object_list

    state = process_state()  # initialises the process group the Trainer will then use
    stamp = [datetime.now().strftime(STAMP_FORMAT) if state.is_main_process else None]
    os.environ[STAMP_VARIABLE] = broadcast_object_list(stamp)[0]


def run_stamp() -> str:
    """The run's time stamp: agreed across ranks when launched with several processes, else now (once)."""
    if not os.environ.get(STAMP_VARIABLE):
        os.environ[STAMP_VARIABLE] = datetime.now().strftime(STAMP_FORMAT)
    return os.environ[STAMP_VARIABLE]


def rank_suffix() -> str:
    """'' on rank 0, '-rank<N>' elsewhere: per-rank log files in the shared run directory."""
    rank = int(os.environ.get("RANK", "0"))
    return "" if rank == 0 else f"-rank{rank}"
