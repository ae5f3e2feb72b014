"""Entry point: `python run.py [group=choice ...] [key=value ...]` (see conf/config.yaml and README.md)."""

import logging
import sys

import hydra
from hydra.core.hydra_config import HydraConfig
from hydra.types import RunMode
from omegaconf import DictConfig

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
    except SummarizerError as error:
        log.error("%s", error)
        if HydraConfig.get().mode == RunMode.MULTIRUN:
            raise  # Hydra records the failed job and goes on with the others
        sys.exit(1)


if __name__ == "__main__":
    agree_on_run_stamp()  # torchrun / accelerate launch: one run directory for all processes
    main()
