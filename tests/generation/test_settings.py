"""Generation presets become one GenerationConfig that every generate call uses."""

from __future__ import annotations

import pytest
from omegaconf import OmegaConf
from transformers import GenerationConfig

from summarizer.errors import ConfigError
from summarizer.generation.settings import build_generation_config, clear_unused_mode_fields

MODEL_DEFAULTS = GenerationConfig(decoder_start_token_id=2, eos_token_id=2, pad_token_id=1, forced_eos_token_id=2)


def preset(name: str, **changes) -> dict:
    settings = OmegaConf.to_container(OmegaConf.load(f"conf/generation/{name}.yaml"))
    settings["max_new_tokens"] = 64  # the preset interpolates model.max_target_length
    settings.update(changes)
    return settings


def test_bertsum_keeps_every_setting_and_the_model_token_ids():
    config = build_generation_config(MODEL_DEFAULTS, preset("bertsum"))
    assert config.length_penalty == 2.0
    assert config.no_repeat_ngram_size == 3
    assert config.num_beams == 4
    assert config.min_length == 11 and config.max_length == 65  # new tokens + the decoder start token
    assert config.max_new_tokens is None and config.min_new_tokens is None
    assert (config.decoder_start_token_id, config.eos_token_id, config.forced_eos_token_id) == (2, 2, 2)


def test_greedy_clears_beam_settings_a_checkpoint_may_carry():
    cnn_like = GenerationConfig(eos_token_id=2, num_beams=4, length_penalty=2.0, early_stopping=True, max_new_tokens=142)
    config = build_generation_config(cnn_like, preset("greedy"))
    assert config.num_beams == 1
    assert config.length_penalty is None and config.early_stopping is None
    assert config.max_length == 65 and config.max_new_tokens is None


def test_sampling_keeps_its_settings():
    config = build_generation_config(MODEL_DEFAULTS, preset("sampling"))
    assert config.do_sample and config.temperature == 0.8 and config.top_p == 0.9 and config.num_return_sequences == 3


def test_more_sequences_than_beams_is_a_config_error():
    with pytest.raises(ConfigError, match="num_return_sequences=5 exceeds generation.num_beams=4"):
        build_generation_config(MODEL_DEFAULTS, preset("beam4", num_return_sequences=5))


def test_inconsistent_settings_are_a_config_error():
    with pytest.raises(ConfigError, match="do not fit together"):
        build_generation_config(MODEL_DEFAULTS, preset("beam4", temperature=0.7))


def test_unused_mode_fields_are_cleared_unless_kept():
    sampling_leftovers = dict(temperature=0.7, top_p=0.9, top_k=20)
    greedy = GenerationConfig(num_beams=1, length_penalty=2.0, early_stopping=True, **sampling_leftovers)
    clear_unused_mode_fields(greedy)
    assert (greedy.length_penalty, greedy.early_stopping, greedy.temperature, greedy.top_p, greedy.top_k) == (None,) * 5
    greedy.validate(strict=True)

    beams = GenerationConfig(num_beams=4, length_penalty=2.0, early_stopping=True, **sampling_leftovers)
    clear_unused_mode_fields(beams, keep=["top_k"])
    assert (beams.length_penalty, beams.early_stopping) == (2.0, True)
    assert (beams.temperature, beams.top_p, beams.top_k) == (None, None, 20)

    sampling = GenerationConfig(do_sample=True, length_penalty=2.0, **sampling_leftovers)
    clear_unused_mode_fields(sampling)
    assert sampling.length_penalty is None and (sampling.temperature, sampling.top_p, sampling.top_k) == (0.7, 0.9, 20)
    sampling.validate(strict=True)
