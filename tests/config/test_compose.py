"""Every config file composes, and the schema rejects what it should."""

from __future__ import annotations

import pytest
from hydra.errors import ConfigCompositionException
from omegaconf import OmegaConf

from summarizer import config
from summarizer.models.families import get_family
from tests.conftest import CONF, compose_config

SKIP_GROUPS = {"hydra"}  # Hydra's own group, composed by every run


def group_choices() -> list[tuple[str, str]]:
    pairs = []
    for group_dir in sorted(p for p in CONF.iterdir() if p.is_dir() and p.name not in SKIP_GROUPS):
        for file in sorted(group_dir.glob("*.yaml")):
            pairs.append((group_dir.name, file.stem))
    return pairs


@pytest.mark.parametrize(("group", "choice"), group_choices(), ids=lambda value: str(value))
def test_every_config_file_composes_and_resolves(group, choice, tmp_path):
    cfg = compose_config([f"{group}={choice}"], output_dir=tmp_path)
    # Resolving every interpolation catches references to keys that do not exist.
    OmegaConf.to_container(cfg, resolve=True, throw_on_missing=group != "data")


# The typed groups and their schemas (conf/data/ is checked with the data schemas).
SCHEMAS = {"model": config.ModelConfig, "peft": config.PeftSettings, "optimizer": config.OptimizerConfig,
           "scheduler": config.SchedulerConfig, "generation": config.GenerationSettings, "sweep": config.SweepConfig,
           "logger": config.LoggerConfig}  # fmt: skip


@pytest.mark.parametrize("group", sorted(SCHEMAS))
def test_presets_state_only_what_differs_from_the_schema(group):
    """Issue 12: every default has one home, the schema; a preset repeating one would hide a later change there."""
    defaults = OmegaConf.to_container(OmegaConf.structured(SCHEMAS[group]), resolve=False)
    for preset in sorted((CONF / group).glob("*.yaml")):
        for key, value in OmegaConf.to_container(OmegaConf.load(preset), resolve=False).items():
            assert value != defaults.get(key, "???"), f"{preset}: {key}={value!r} is already the schema's default"


def test_every_group_of_the_design_exists():
    for group in ("data", "model", "optimizer", "scheduler", "generation", "trainer", "logger", "metrics",
                  "sweep", "paths", "hydra", "debug", "experiment"):
        assert (CONF / group).is_dir(), group


def test_the_default_run_is_tiny_bart_on_the_bundled_sample_with_wandb(tmp_path):
    cfg = compose_config([], output_dir=tmp_path)
    assert cfg.model.name == "tiny_bart"
    assert cfg.data.name == "ko_news_sample"
    assert cfg.logger.backend == "wandb"
    assert cfg.generation.name == "beam4"
    assert cfg.optimizer.name == "adamw"


def test_a_misspelt_key_on_the_command_line_fails_at_compose_time():
    with pytest.raises(ConfigCompositionException, match="max_source_lenght"):
        compose_config(["model.max_source_lenght=256"])


def test_a_misspelt_key_in_a_config_file_fails_and_names_the_file(tmp_path):
    (tmp_path / "model").mkdir()
    preset = (CONF / "model" / "tiny_bart.yaml").read_text().replace("max_source_length", "max_source_lenght")
    (tmp_path / "model" / "typo.yaml").write_text(preset)
    with pytest.raises(ConfigCompositionException, match=r"(?s)model/typo.*max_source_lenght"):
        compose_config([f"hydra.searchpath=[file://{tmp_path}]", "model=typo"])


def test_a_wrong_type_fails_at_compose_time():
    with pytest.raises(ConfigCompositionException):
        compose_config(["model.max_source_length=long"])


def test_optimizer_learning_rate_follows_the_model_preset_unless_overridden(tmp_path):
    assert compose_config(["model=kobart"]).optimizer.lr == pytest.approx(5e-5)
    assert compose_config(["model=kobart", "optimizer.lr=1e-4"]).optimizer.lr == pytest.approx(1e-4)


def test_t5_presets_are_never_fp16_safe_and_carry_a_prefix():
    for name in ("tiny_t5", "ket5_small", "ket5_base", "long_ket5", "mt5_small"):
        cfg = compose_config([f"model={name}"])
        assert cfg.model.family == "t5"
        assert get_family(cfg.model.family).fp16_safe is False
        assert cfg.model.source_prefix
    assert get_family(compose_config(["model=kobart"]).model.family).fp16_safe is True


def test_debug_preset_turns_the_logger_off_and_shortens_training():
    cfg = compose_config(["debug=default"])
    assert cfg.logger.backend == "none"
    assert 0 < cfg.trainer.max_steps <= 10
    assert cfg.data.max_train_samples <= 100
