"""Entry point: `python run.py [group=choice ...] [key=value ...]` (see conf/config.yaml and README.md)."""

import logging
import math
import sys
from pathlib import Path

import hydra
from hydra.core.hydra_config import HydraConfig
from hydra.types import RunMode
from omegaconf import DictConfig

from summarizer.analysis.multirun_summary import record_job_failure
from summarizer.config import check_command_line, register_configs
from summarizer.distributed import agree_on_run_stamp
from summarizer.errors import ConfigError, ResumeRefused, SummarizerError
from summarizer.training.resume import interrupted_message

register_configs()
log = logging.getLogger("run")


@hydra.main(config_path="conf", config_name="config", version_base="1.3")
def main(cfg: DictConfig) -> float:
    from summarizer.pipeline import run  # imported here so `--help` and config errors stay fast

    hydra_cfg = HydraConfig.get()
    run_dir = Path(hydra_cfg.runtime.output_dir)
    try:
        return run(cfg)
    except KeyboardInterrupt:
        print(f"\n{interrupted_message(run_dir, list(hydra_cfg.overrides.task))}", file=sys.stderr)  # past any progress bar
        sys.exit(130)
    except Exception as error:
        if not isinstance(error, ResumeRefused):  # that directory is another run's: leave it as it was
            record_job_failure(run_dir, error)  # error.txt: the run directory says it failed, and why
        if hydra_cfg.mode == RunMode.MULTIRUN:
            # One failed job is a row of the sweep's summary; the other jobs go on, and the sweep exits with
            # status 1 at the end (summarizer.analysis.multirun_summary).
            log.exception("This job failed; the multirun goes on.")
            return math.nan
        if isinstance(error, SummarizerError):
            log.error("%s", error)  # our own message says what to do; no traceback wall
            sys.exit(1)
        raise


if __name__ == "__main__":
    try:
        check_command_line(sys.argv[1:])  # an unknown key gets our hint, not Hydra's "use +key"
    except ConfigError as error:
        print(f"error: {error}", file=sys.stderr)
        sys.exit(1)
    agree_on_run_stamp()  # torchrun / accelerate launch: one run directory for all processes
    main()
