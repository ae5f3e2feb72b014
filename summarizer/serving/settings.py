"""The typed schema of conf/serve.yaml: a misspelt key fails when the config is composed. The values (and the
comments saying why) live in conf/serve.yaml; the schema only types them."""

from __future__ import annotations

from dataclasses import dataclass, field

from hydra.core.config_store import ConfigStore
from omegaconf import MISSING


@dataclass
class Range:
    min: float = MISSING
    max: float = MISSING


@dataclass
class UrlSettings:
    timeout_s: float = MISSING
    max_bytes: int = MISSING
    max_redirects: int = MISSING
    min_article_chars: int = MISSING
    user_agent: str = MISSING


@dataclass
class ServeSettings:
    model: str | None = MISSING
    outputs_dir: str = MISSING
    host: str = MISSING
    port: int = MISSING
    accelerator: str = MISSING
    max_batch_size: int = MISSING
    batch_timeout_s: float = MISSING
    generate_batch_size: int = MISSING
    request_timeout_s: float = MISSING
    graceful_timeout_s: float = MISSING
    max_texts: int = MISSING
    max_chars: int = MISSING
    allow_private_urls: bool = MISSING
    url: UrlSettings = field(default_factory=UrlSettings)
    decoding_limits: dict[str, Range] = field(default_factory=dict)
    log_level: str = MISSING


@dataclass
class ServeConfig:
    serve: ServeSettings = field(default_factory=ServeSettings)


def register_serve_schema() -> None:
    """`- serve_schema` in conf/serve.yaml's defaults list."""
    ConfigStore.instance().store(name="serve_schema", node=ServeConfig)
