"""`check_config`: every `_target_` node's keys, the optimizer's and the trainer's are bound to the signatures of
what they build before any data or model work, with a "did you mean" naming the full key."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from summarizer.config import check_command_line, check_config
from summarizer.errors import ConfigError
from summarizer.pipeline import run
from tests.conftest import FAST, compose_config


def test_the_shipped_configs_pass():
    for overrides in ([], ["data=local", "data.source.train=x.jsonl"], ["metrics=full"], ["optimizer=adafactor"]):
        check_config(compose_config(overrides))


@pytest.mark.parametrize(
    "overrides, message",
    [
        (["data=local", "data.source.train=x.jsonl", "+data.source.documnet_column=body"],
         r"data\.source\.documnet_column is not an argument of summarizer\.data\.sources\.local\.local_files\. "
         r"Did you mean data\.source\.document_column"),
        (["+metrics.rouge_tokenizer=[kiwi]"], r"metrics\.rouge_tokenizer is not an argument .*Did you mean metrics\.rouge_tokenizers"),
        (["+optimizer.kwargs.betaz=[0.9,0.99]"], r"optimizer\.kwargs\.betaz is not an argument of torch\.optim\.AdamW\. Did you mean optimizer\.kwargs\.betas"),
        (["metrics._target_=summarizer.metrics.nothing.Scorer"], r"metrics: 'summarizer\.metrics\.nothing\.Scorer' cannot be imported"),
        (["+trainer.num_train_epoch=2"], r"trainer\.num_train_epoch is not a Seq2SeqTrainingArguments field\. Did you mean num_train_epochs"),
        # `+key=` is Hydra's own hint for a misspelt key: a typed group rejects the added key all the same
        (["+model.max_source_lenght=10"], r"model\.max_source_lenght is not a key of ModelConfig\. Did you mean model\.max_source_length"),
        (["+data.cleaning.unicode_normalise=NFC"], r"data\.cleaning\.unicode_normalise is not a key of CleaningConfig"),
        (["+sweep.lenght_penalties=[1.0]"], r"sweep\.lenght_penalties is not a key of SweepConfig\. Did you mean sweep\.length_penalties"),
        (["model.learning_rate=???"], r"^model\.learning_rate has no value \(\?\?\?\)\. Set it: python run\.py model\.learning_rate=<value>, "
         r"or choose a preset that sets it: model=.*kobart.*tiny_bart"),
        (["data.source=???", "model.name=???"], r"^data\.source has no value \(\?\?\?\) \(also unset: model\.name\)"),
    ],
)
def test_a_misspelt_argument_names_the_key_and_the_fix(overrides, message):
    with pytest.raises(ConfigError, match=message):
        check_config(compose_config(overrides))


def test_a_run_checks_before_it_writes_or_loads_anything(tmp_path):
    run_dir = tmp_path / "run"
    with pytest.raises(ConfigError, match="metrics.rouge_tokenizer is not an argument"):
        run(compose_config(FAST + ["+metrics.rouge_tokenizer=[kiwi]"], output_dir=run_dir))
    assert not run_dir.exists()


@pytest.mark.parametrize(
    "argv, message",
    [
        # a path under `data` points at the chosen preset's path keys, not at Hydra's "+data.path"
        (["data=sci_news", "data.path=/data/sci"], r"^data\.path is not a key of DataConfig\. Did you mean data\.source\.root\?"),
        (["data=local", "data.dir=/data"], r"Did you mean data\.source\.train, data\.source\.validation, data\.source\.test\?"),
        (["data.path=/data/x.jsonl"], r"The chosen data preset reads no path: for your own files use data=local data\.source\.train=<file>"),
        (["data.cleaning.nfcc=false"], r"data\.cleaning\.nfcc is not a key of CleaningConfig\. Did you mean data\.cleaning\.nfc\?"),
        (["model.lr=1e-4"], r"model\.lr is not a key of ModelConfig\. Did you mean optimizer\.lr\?"),  # another group's key
    ],
)
def test_an_unknown_key_on_the_command_line_gets_the_projects_hint_not_hydras(argv, message):
    with pytest.raises(ConfigError, match=message) as error:
        check_command_line(["-m", *argv])  # Hydra's own flags pass through
    assert "would add a key that nothing reads" in str(error.value)


def test_known_keys_added_keys_group_choices_and_free_form_nodes_pass_the_command_line_check():
    check_command_line(["data=sci_news", "data.source.root=/x", "data.cleaning.nfc=false", "+data.extra=1",
                        "trainer.anything=1", "model.architecture.d_model=64", "hydra.run.dir=/tmp/x",
                        "hydra/launcher=joblib", "seed=1,2", "--cfg", "job"])  # fmt: skip


def test_run_py_prints_the_hint_in_one_line(tmp_path):
    result = subprocess.run([sys.executable, "run.py", "data=sci_news", "data.path=/data/sci"], capture_output=True,
                            text=True, cwd=Path(__file__).parents[2], timeout=120)  # fmt: skip
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        "error: data.path is not a key of DataConfig. Did you mean data.source.root? "
        "(Hydra's +data.path would add a key that nothing reads.)"
    ]
