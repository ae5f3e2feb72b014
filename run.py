"""Entry point: `python run.py [group=choice ...] [key=value ...]` (see conf/config.yaml and README.md)."""

import logging
import math
import sys

import hydra
from hydra.core.hydra_config import HydraConfig
from hydra.types import RunMode
from omegaconf import DictConfig

from summarizer.analysis.multirun_summary import record_job_failure
from summarizer.config import register_configs
from summarizer.distributed import agree_on_run_stamp
from summarizer.errors import SummarizerError

register_configs()
log = logging.getLogger("run")


@hydra.main(config_path="conf", config_name="config", version_base="1.3")
def main(cfg: DictConfig) -> float:
    from summarizer.pipeline import run  # imported here so `--help` and config errors stay fast

    try:
        return run(cfg)
    except Exception as error:
        if HydraConfig.get().mode == RunMode.MULTIRUN:
            # One failed job is a row of the sweep's summary (error.txt in its run directory); the other
            # jobs go on, and the sweep exits with status 1 at the end (summarizer.analysis.multirun_summary).
            log.exception("This job failed; the multirun goes on.")
            record_job_failure(HydraConfig.get().runtime.output_dir, error)
            return math.nan
        if isinstance(error, SummarizerError):
            log.error("%s", error)  # our own message says what to do; no traceback wall
            sys.exit(1)
        raise


if __name__ == "__main__":
    agree_on_run_stamp()  # torchrun / accelerate launch: one run directory for all processes
    main()
