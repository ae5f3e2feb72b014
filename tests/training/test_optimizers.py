"""Each optimizer preset builds its class through the Trainer, with no decay on biases and norms."""

from __future__ import annotations

import pytest
from hydra.utils import get_class
from omegaconf import OmegaConf

from summarizer.pipeline import build_trainer, prepare
from summarizer.tracking.run_directory import RunDirectory
from tests.conftest import FAST, compose_config


@pytest.fixture(scope="module")
def prepared(tmp_path_factory):
    cfg = compose_config(FAST + ["data.max_train_samples=16"], output_dir=tmp_path_factory.mktemp("run"))
    return prepare(cfg, RunDirectory(cfg.paths.output_dir))


@pytest.mark.parametrize("optimizer", ["adamw", "adam", "adafactor", "sgd", "rmsprop", "adagrad"])
def test_optimizer_class_rate_and_decay_groups(optimizer, prepared, tmp_path):
    cfg = compose_config(FAST + [f"optimizer={optimizer}"], output_dir=tmp_path)
    trainer = build_trainer(cfg, prepared, RunDirectory(tmp_path))
    built = trainer.create_optimizer()
    assert type(built) is get_class(cfg.optimizer.cls)
    decayed, not_decayed = built.param_groups
    assert decayed["weight_decay"] == cfg.optimizer.weight_decay and not_decayed["weight_decay"] == 0.0
    assert decayed["lr"] == pytest.approx(cfg.optimizer.lr)
    names = {id(p): n for n, p in trainer.model.named_parameters()}
    assert all("bias" in names[id(p)] or "norm" in names[id(p)].lower() for p in not_decayed["params"])
    assert any("layer_norm" in names[id(p)] for p in not_decayed["params"])
    for key, value in cfg.optimizer.kwargs.items():
        assert decayed[key] == (tuple(value) if OmegaConf.is_list(value) else value)
