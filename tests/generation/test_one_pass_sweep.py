"""The one-pass length-penalty sweep must return, token for token, what separate ``model.generate`` calls return."""

from __future__ import annotations

import functools
import logging
import warnings

import pytest
import torch
import transformers
from packaging.specifiers import SpecifierSet
from transformers import (
    BartConfig,
    BartForConditionalGeneration,
    GenerationConfig,
    T5Config,
    T5ForConditionalGeneration,
)

from summarizer.generation import one_pass_sweep
from summarizer.generation.one_pass_sweep import (
    PATH_ONE_PASS,
    PATH_SEPARATE_CALLS,
    TESTED_TRANSFORMERS,
    can_sweep_in_one_pass,
    decode_for_length_penalties,
    generate_for_length_penalties,
    untested_transformers,
)
from tests.generation.rising_eos import finished_lengths, rising_eos

VOCAB_SIZE = 40
PENALTIES = (0.0, -1.0, 0.5, 1.0, 2.5, -0.3)
EARLY_STOPPING_MODES = (True, False, "never")

pytestmark = pytest.mark.filterwarnings("ignore::UserWarning")


# Per regime, the rising-EOS fixture's (start, slope); "steep" ends most hypotheses within a few steps.
EOS_REGIMES = {"rising": (-4.0, 0.8), "slow": (-3.0, 0.5), "steep": (-2.0, 1.5)}


@functools.cache
def tiny_model(kind: str, seed: int):
    torch.manual_seed(seed)
    if kind == "bart":
        model = BartForConditionalGeneration(
            BartConfig(
                vocab_size=VOCAB_SIZE, d_model=64, encoder_layers=2, decoder_layers=2, encoder_attention_heads=4,
                decoder_attention_heads=4, encoder_ffn_dim=128, decoder_ffn_dim=128, max_position_embeddings=128,
                init_std=0.1,
            )  # fmt: skip
        )
    else:
        model = T5ForConditionalGeneration(
            T5Config(d_model=64, d_ff=128, num_layers=2, num_heads=4, d_kv=16, vocab_size=VOCAB_SIZE)
        )
        model.generation_config.decoder_start_token_id = 0  # T5's config value; built from config it is unset
    return model.eval()


def eos_processor(model, regime: str = "rising", eos_token_id=None):
    """The rising-EOS logits processor for ``model`` (or for the given EOS ids)."""
    start, slope = EOS_REGIMES[regime]
    eos = eos_token_id if eos_token_id is not None else model.generation_config.eos_token_id
    return rising_eos(eos, start, slope)


def padded_batch(model, seed: int, lengths=(9, 6, 4, 9)):
    """Random sources of the given lengths, right-padded, with their attention mask."""
    generator = torch.Generator().manual_seed(seed)
    width = max(lengths)
    input_ids = torch.randint(3, VOCAB_SIZE, (len(lengths), width), generator=generator)
    attention_mask = torch.zeros_like(input_ids)
    for row, length in enumerate(lengths):
        attention_mask[row, :length] = 1
    input_ids[attention_mask == 0] = model.generation_config.pad_token_id
    return input_ids, attention_mask


def reference_generate(model, input_ids, attention_mask, length_penalty, logits_processor=None, **config):
    """What a separate generate call returns for one penalty."""
    return model.generate(
        input_ids,
        attention_mask=attention_mask,
        generation_config=GenerationConfig(
            length_penalty=length_penalty, return_dict_in_generate=True, output_scores=True, **config
        ),
        logits_processor=logits_processor,
    )


def assert_hypotheses_end_at_several_lengths(rows, eos_token_id, minimum: int = 2) -> None:
    """The precondition of every exactness test: if all hypotheses ended at one length (say, all cut at the
    maximum), every penalty would pick the same output and "sweep == generate" would hold for any sweep."""
    lengths = set(finished_lengths(rows, eos_token_id))
    assert len(lengths) >= minimum, (
        f"the rising-EOS fixture no longer makes hypotheses finish at several lengths (finished lengths {lengths}): "
        "the exactness check would be vacuous"
    )


def assert_sweep_matches_generate(
    model, input_ids, attention_mask, penalties=PENALTIES, regime="rising", **config
) -> set[str]:
    """Compare every penalty against its own generate call; return the distinct outputs seen (to prove penalties bite)."""
    eos = config.get("eos_token_id", model.generation_config.eos_token_id)
    processor = eos_processor(model, regime, eos)
    sweep = generate_for_length_penalties(
        model, input_ids, attention_mask, GenerationConfig(**config), penalties, logits_processor=processor
    )
    assert list(sweep) == [float(lp) for lp in penalties]
    distinct, rows = set(), []
    for lp in penalties:
        expected = reference_generate(model, input_ids, attention_mask, lp, processor, **config)
        got = sweep[float(lp)]
        assert torch.equal(got.sequences, expected.sequences), f"length_penalty={lp} {config}"
        expected_scores = getattr(expected, "sequences_scores", None)
        if expected_scores is None:
            assert got.sequences_scores is None
        else:
            torch.testing.assert_close(got.sequences_scores, expected_scores, rtol=1e-5, atol=1e-5)
        distinct.add(str(expected.sequences.tolist()))
        rows.extend(expected.sequences)
    if config.get("num_beams", 1) > 1:  # greedy search is one generate call by construction: no penalty to guard
        assert_hypotheses_end_at_several_lengths(rows, eos)
    return distinct


# --- exactness: the representative fast grid (one seed); the slow grid adds seeds and a second EOS regime ----------


FAST_GRID = [
    (num_beams, no_repeat_ngram_size, early_stopping)
    for num_beams in (1, 4)
    for no_repeat_ngram_size in (0, 3)
    # greedy search ignores early_stopping: one mode is enough in the fast grid (the slow grid runs all)
    for early_stopping in (EARLY_STOPPING_MODES if num_beams > 1 else (False,))
]


@pytest.mark.parametrize("num_beams, no_repeat_ngram_size, early_stopping", FAST_GRID)
@pytest.mark.parametrize("kind", ["bart", "t5"])
def test_sweep_matches_separate_generate_calls(kind, num_beams, no_repeat_ngram_size, early_stopping):
    model = tiny_model(kind, seed=0)
    input_ids, attention_mask = padded_batch(model, seed=0)
    assert_sweep_matches_generate(
        model, input_ids, attention_mask, num_beams=num_beams, no_repeat_ngram_size=no_repeat_ngram_size,
        early_stopping=early_stopping, max_new_tokens=15,
    )  # fmt: skip


@pytest.mark.slow
@pytest.mark.parametrize("eos_regime", sorted(EOS_REGIMES))
@pytest.mark.parametrize("seed", [1, 2, 3, 4])
@pytest.mark.parametrize("early_stopping", EARLY_STOPPING_MODES)
@pytest.mark.parametrize("no_repeat_ngram_size", [0, 3])
@pytest.mark.parametrize("num_beams", [1, 4])
@pytest.mark.parametrize("kind", ["bart", "t5"])
def test_sweep_matches_separate_generate_calls_exhaustive(
    kind, num_beams, no_repeat_ngram_size, early_stopping, seed, eos_regime
):
    model = tiny_model(kind, seed=seed)
    input_ids, attention_mask = padded_batch(model, seed=seed, lengths=(11, 3, 7, 11, 5))
    assert_sweep_matches_generate(
        model, input_ids, attention_mask, penalties=PENALTIES + (2.0, -2.0, 5.0), regime=eos_regime, num_beams=num_beams,
        no_repeat_ngram_size=no_repeat_ngram_size, early_stopping=early_stopping, max_new_tokens=18,
    )  # fmt: skip


@pytest.mark.parametrize("kind", ["bart", "t5"])
def test_penalties_change_the_output_in_the_fixture(kind):
    """Guards the grid above: if penalties never changed the result, exactness would be trivially true."""
    model = tiny_model(kind, seed=0)
    input_ids, attention_mask = padded_batch(model, seed=0)
    distinct = assert_sweep_matches_generate(model, input_ids, attention_mask, num_beams=4, max_new_tokens=15)
    assert len(distinct) >= 3


@pytest.mark.parametrize(
    "config",
    [
        pytest.param({"max_length": 12}, id="max_length"),
        pytest.param({}, id="defaults-20-new-tokens"),
        pytest.param({"max_new_tokens": 14, "min_length": 9}, id="min_length"),
        pytest.param({"max_new_tokens": 14, "min_new_tokens": 11}, id="min_new_tokens"),
        pytest.param({"max_new_tokens": 12, "repetition_penalty": 1.3}, id="repetition_penalty"),
        pytest.param({"max_new_tokens": 12, "num_return_sequences": 3}, id="num_return_sequences"),
        pytest.param({"max_new_tokens": 12, "num_return_sequences": 4, "early_stopping": True}, id="return-all"),
        pytest.param({"max_new_tokens": 12, "eos_token_id": [5, 7]}, id="two-eos-tokens"),
    ],
)
@pytest.mark.parametrize("kind", ["bart", "t5"])
def test_length_and_processor_settings_stay_exact(kind, config):
    model = tiny_model(kind, seed=1)
    input_ids, attention_mask = padded_batch(model, seed=1)
    assert_sweep_matches_generate(model, input_ids, attention_mask, num_beams=4, **config)


def test_bart_forced_bos_and_eos_stay_exact():
    model = tiny_model("bart", seed=2)
    input_ids, attention_mask = padded_batch(model, seed=2)
    assert_sweep_matches_generate(
        model, input_ids, attention_mask, num_beams=4, max_new_tokens=12, forced_bos_token_id=0, forced_eos_token_id=2
    )


def test_penalties_are_deduplicated_and_keyed_by_float():
    model = tiny_model("bart", seed=0)
    input_ids, attention_mask = padded_batch(model, seed=0)
    sweep = generate_for_length_penalties(
        model, input_ids, attention_mask, GenerationConfig(num_beams=4, max_new_tokens=8), [1, 1.0, 2]
    )
    assert list(sweep) == [1.0, 2.0]


# --- which settings may be swept in one pass --------------------------------------------------------------------


@pytest.mark.parametrize(
    "config, reason_word",
    [
        ({"num_beams": 4, "do_sample": True}, "sampling"),
        ({"do_sample": True}, "sampling"),
        ({"num_beams": 4, "num_beam_groups": 2, "diversity_penalty": 0.5}, "group"),
        ({"num_beams": 4, "force_words_ids": [[5]]}, "constrained"),
        ({"num_beams": 4, "max_time": 1.0}, "max_time"),
        ({"penalty_alpha": 0.6, "top_k": 4}, "contrastive"),
    ],
)
def test_settings_that_cannot_be_exact_are_refused_with_a_reason(config, reason_word):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        supported, reason = can_sweep_in_one_pass(GenerationConfig(**config))
    assert not supported
    assert reason_word in reason


@pytest.mark.parametrize("config", [{}, {"num_beams": 4}, {"num_beams": 4, "early_stopping": "never"}])
def test_deterministic_search_is_swept_in_one_pass(config):
    supported, reason = can_sweep_in_one_pass(GenerationConfig(**config))
    assert supported and reason


def test_generate_for_length_penalties_refuses_sampling():
    model = tiny_model("bart", seed=0)
    input_ids, attention_mask = padded_batch(model, seed=0)
    with pytest.raises(ValueError, match="sampling"):
        generate_for_length_penalties(
            model, input_ids, attention_mask, GenerationConfig(num_beams=4, do_sample=True), [1.0, 2.0]
        )


# --- decoding a whole split -----------------------------------------------------------------------------------------


def random_features(seed: int, lengths) -> list[dict]:
    generator = torch.Generator().manual_seed(seed)
    return [{"input_ids": torch.randint(3, VOCAB_SIZE, (n,), generator=generator).tolist()} for n in lengths]


def count_encoder_calls(model):
    calls = []
    handle = model.get_encoder().register_forward_hook(lambda *args: calls.append(1))
    return calls, handle


def strip_after_eos(row: list[int], eos_token_id: int) -> list[int]:
    if eos_token_id in row[1:]:
        return row[: row.index(eos_token_id, 1) + 1]
    return row


@pytest.mark.parametrize("kind", ["bart", "t5"])
def test_decode_returns_each_feature_what_generate_returns_for_it(kind):
    """batch_size=1: no padding, so each feature must get exactly its own single-item generate result, in order."""
    model = tiny_model(kind, seed=0)
    features = random_features(0, lengths=[5, 9, 3, 7])
    config = GenerationConfig(num_beams=4, max_new_tokens=12, early_stopping="never")
    pad, eos = model.generation_config.pad_token_id, model.generation_config.eos_token_id
    processor = eos_processor(model)
    results, info = decode_for_length_penalties(
        model, features, config, [0.0, 1.0, 2.5], batch_size=1, pad_token_id=pad, logits_processor=processor
    )
    assert info["path"] == PATH_ONE_PASS
    for lp in (0.0, 1.0, 2.5):
        for feature, got in zip(features, results[lp]):
            expected = reference_generate(
                model, torch.tensor([feature["input_ids"]]), None, lp, processor, num_beams=4, max_new_tokens=12,
                early_stopping="never",
            ).sequences[0].tolist()  # fmt: skip
            assert got == expected
    assert_hypotheses_end_at_several_lengths([row for rows in results.values() for row in rows], eos)


def test_decode_sorts_by_source_length_and_restores_the_order():
    """Batches are formed longest-first; each padded batch must match generate on that batch, back in input order."""
    model = tiny_model("bart", seed=3)
    lengths = [3, 11, 6, 8, 2, 9, 5]
    features = random_features(3, lengths)
    config = GenerationConfig(num_beams=4, max_new_tokens=12)
    pad, eos = model.generation_config.pad_token_id, model.generation_config.eos_token_id
    processor = eos_processor(model)
    calls, handle = count_encoder_calls(model)
    try:
        results, info = decode_for_length_penalties(
            model, features, config, PENALTIES, batch_size=3, pad_token_id=pad, logits_processor=processor
        )
    finally:
        handle.remove()
    assert info["path"] == PATH_ONE_PASS and info["num_batches"] == 3 and info["sorted_by_source_length"]
    assert len(calls) == 3, "the encoder runs once per batch for the whole sweep"

    longest_first = sorted(range(len(features)), key=lambda i: -lengths[i])
    for start in range(0, len(features), 3):
        indices = longest_first[start : start + 3]
        batch_lengths = [lengths[i] for i in indices]
        input_ids = torch.full((len(indices), max(batch_lengths)), pad)
        attention_mask = torch.zeros_like(input_ids)
        for row, i in enumerate(indices):
            input_ids[row, : lengths[i]] = torch.tensor(features[i]["input_ids"])
            attention_mask[row, : lengths[i]] = 1
        for lp in PENALTIES:
            expected = reference_generate(
                model, input_ids, attention_mask, lp, processor, num_beams=4, max_new_tokens=12
            )
            for row, i in enumerate(indices):
                assert results[lp][i] == strip_after_eos(expected.sequences[row].tolist(), eos)
    assert_hypotheses_end_at_several_lengths([row for rows in results.values() for row in rows], eos)


def test_decode_with_num_return_sequences_returns_them_consecutively():
    model = tiny_model("t5", seed=1)
    features = random_features(1, lengths=[4, 7, 5])
    config = GenerationConfig(num_beams=4, num_return_sequences=2, max_new_tokens=10)
    processor = eos_processor(model, "steep")
    results, _ = decode_for_length_penalties(
        model, features, config, [0.5, 2.0], batch_size=2, pad_token_id=0, logits_processor=processor
    )
    for lp in (0.5, 2.0):
        assert len(results[lp]) == 6
        expected = reference_generate(
            model, torch.tensor([features[1]["input_ids"]]), None, lp, processor, num_beams=4,
            num_return_sequences=2, max_new_tokens=10,
        ).sequences.tolist()  # fmt: skip
        assert results[lp][2:4] == [strip_after_eos(row, 1) for row in expected]
    assert_hypotheses_end_at_several_lengths([row for rows in results.values() for row in rows], 1)


def test_decode_greedy_is_one_pass_shared_by_all_penalties():
    model = tiny_model("bart", seed=0)
    features = random_features(0, lengths=[5, 8])
    results, info = decode_for_length_penalties(
        model, features, GenerationConfig(max_new_tokens=10), [0.0, 2.0], batch_size=2, pad_token_id=1
    )
    assert info["path"] == PATH_ONE_PASS and "greedy" in info["reason"]
    assert results[0.0] == results[2.0]


def test_decode_falls_back_to_separate_calls_for_sampling_and_says_why():
    model = tiny_model("bart", seed=0)
    features = random_features(0, lengths=[5, 8, 3])
    calls, handle = count_encoder_calls(model)
    try:
        torch.manual_seed(0)
        results, info = decode_for_length_penalties(
            model, features, GenerationConfig(num_beams=2, do_sample=True, max_new_tokens=8), [0.0, 1.0, 2.0],
            batch_size=2, pad_token_id=1,
        )  # fmt: skip
    finally:
        handle.remove()
    assert info["path"] == PATH_SEPARATE_CALLS and "sampling" in info["reason"]
    assert len(calls) == 2, "even separate calls reuse one encoder run per batch"
    assert all(len(results[lp]) == 3 and all(row[0] == 2 for row in results[lp]) for lp in (0.0, 1.0, 2.0))
    assert info["seconds_total"] >= info["seconds_encoder"] > 0


def decode_both_ways(model, features, config, one_pass: str):
    """(the ``one_pass`` mode's results and info, the default mode's results and info, encoder calls of the first)"""
    processor = eos_processor(model)
    calls, handle = count_encoder_calls(model)
    try:
        first = decode_for_length_penalties(
            model, features, GenerationConfig(**config), PENALTIES, batch_size=2, pad_token_id=1, one_pass=one_pass,
            logits_processor=processor,
        )  # fmt: skip
    finally:
        handle.remove()
    default = decode_for_length_penalties(
        model, features, GenerationConfig(**config), PENALTIES, batch_size=2, pad_token_id=1,
        logits_processor=processor,
    )  # fmt: skip
    return first, default, len(calls)


@pytest.mark.parametrize("config", [{"num_beams": 4, "max_new_tokens": 10}, {"max_new_tokens": 10}])
def test_decode_makes_separate_calls_when_one_pass_is_off_with_the_same_results(config):
    model = tiny_model("bart", seed=2)
    features = random_features(2, lengths=[5, 8, 3])
    (separate, info), (together, together_info), encoder_calls = decode_both_ways(model, features, config, "off")
    assert info["path"] == PATH_SEPARATE_CALLS and "one_pass=off" in info["reason"]
    assert together_info["path"] == PATH_ONE_PASS
    assert encoder_calls == 2, "separate calls still reuse one encoder run per batch"
    assert separate == together
    if config.get("num_beams", 1) > 1:
        assert_hypotheses_end_at_several_lengths([row for rows in together.values() for row in rows], 2)
        assert len({str(rows) for rows in together.values()}) > 1, "the penalties must change the output here"


# --- the fence: one pass only on the transformers releases it was proved exact on ------------------------------------


def test_the_installed_transformers_is_a_tested_release():
    """The lock installs a release inside TESTED_TRANSFORMERS (tests/test_lock.py), so runs take the one pass."""
    assert untested_transformers() is None, untested_transformers()


@pytest.mark.parametrize("version", ["5.22.2", "5.25.1", "5.26.0", "6.0.0"])
def test_releases_outside_the_tested_range_are_named_with_the_way_out(version):
    reason = untested_transformers(version)
    assert f"transformers {version}" in reason and str(TESTED_TRANSFORMERS) in reason
    assert "sweep.one_pass=force" in reason


def test_an_untested_release_decodes_with_separate_calls_and_warns_once(monkeypatch, caplog):
    monkeypatch.setattr(one_pass_sweep, "TESTED_TRANSFORMERS", SpecifierSet("<1"))
    one_pass_sweep._warn_once.cache_clear()
    model = tiny_model("bart", seed=2)
    features = random_features(2, lengths=[5, 8, 3])
    config = {"num_beams": 4, "max_new_tokens": 10}
    with caplog.at_level(logging.WARNING, logger=one_pass_sweep.__name__):
        (fenced, info), (again, again_info), encoder_calls = decode_both_ways(model, features, config, "auto")
    assert info["path"] == again_info["path"] == PATH_SEPARATE_CALLS
    assert f"transformers {transformers.__version__}" in info["reason"]
    assert [record.getMessage() for record in caplog.records].count(f"Length-penalty sweep: {info['reason']}.") == 1
    (forced, forced_info), _, _ = decode_both_ways(model, features, config, "force")
    assert forced_info["path"] == PATH_ONE_PASS and "sweep.one_pass=force" in forced_info["reason"]
    assert forced == fenced == again
    assert len({str(rows) for rows in fenced.values()}) > 1, "the penalties must change the output here"


def test_an_unknown_one_pass_mode_is_refused():
    model = tiny_model("bart", seed=2)
    with pytest.raises(ValueError, match="one_pass=True is not one of"):
        decode_for_length_penalties(model, random_features(2, [4]), None, [1.0], batch_size=1, pad_token_id=1, one_pass=True)
