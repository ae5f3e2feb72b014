"""Serve a trained summarizer: `python serve.py [serve.model=<run or model dir>] [serve.port=8000]` (conf/serve.yaml).

The page is at http://127.0.0.1:8000/, the API docs at /docs; see README.md ("Serving").
"""

import logging
import sys

import hydra
from omegaconf import DictConfig, OmegaConf

from summarizer.errors import SummarizerError
from summarizer.serving.settings import register_serve_schema

register_serve_schema()
log = logging.getLogger("serve")


@hydra.main(config_path="conf", config_name="serve", version_base="1.3")
def main(cfg: DictConfig) -> None:
    from summarizer.serving.server import serve  # imported here so `--help` and config errors stay fast

    try:
        serve(OmegaConf.to_container(cfg.serve, resolve=True))
    except SummarizerError as error:
        log.error("%s", error)  # our own message says what to do
        sys.exit(1)


if __name__ == "__main__":
    main()
