"""Typed schemas for the Hydra config, its resolvers, and the check a run makes before any work.

The schemas make a misspelt key or a wrong type fail at compose time, not an hour into a run, and hold every
default: `conf/*.yaml` state only what a choice changes. `trainer` stays an untyped dict (some of its
Seq2SeqTrainingArguments fields are Union-typed, which OmegaConf cannot type); `check_config` checks it.
"""

from __future__ import annotations

import dataclasses
import difflib
import inspect
import typing
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path
from typing import Any

from hydra import compose, initialize_config_dir
from hydra.core.config_store import ConfigStore
from hydra.core.override_parser.overrides_parser import OverridesParser
from hydra.errors import OverrideParseException
from hydra.utils import get_object
from omegaconf import MISSING, DictConfig, OmegaConf

from summarizer.data.schema import CleaningConfig, DataReportConfig, FiltersConfig
from summarizer.distributed import rank_suffix, run_stamp
from summarizer.errors import ConfigError
from summarizer.training.arguments import check_trainer_keys
from summarizer.training.resume import find_resumable_run, resume_requested

CONF_DIR = Path(__file__).resolve().parents[1] / "conf"  # the Hydra groups, for hints (absent when pip-installed)


@dataclass
class DataConfig:
    name: str = MISSING
    # A `_target_` node: a function returning a DatasetDict of (id, document, summary) splits.
    source: Any = MISSING
    max_train_samples: int | None = None
    max_eval_samples: int | None = None
    max_test_samples: int | None = None
    # Processes for `datasets.map` (cleaning, filters, tokenization); null = in-process.
    num_proc: int | None = None
    # Where sentences end, for Lead-k, the oracle and ROUGE-Lsum: `kiwi` (Kiwi's splitter) or `newlines` (a
    # text's lines are its sentences: for sources that give sentence lists, joined with newlines; needs
    # cleaning.keep_newlines). The run's scorer is built with it (summarizer.pipeline).
    sentence_boundaries: str = "kiwi"
    # Defaults from their schemas (summarizer/data/schema.py), so the data YAMLs do not repeat them.
    cleaning: CleaningConfig = field(default_factory=CleaningConfig)
    filters: FiltersConfig = field(default_factory=FiltersConfig)
    report: DataReportConfig = field(default_factory=DataReportConfig)


@dataclass
class PromptConfig:
    """Decoder-only models only (model.family=causal): how a document becomes a prompt (summarizer.models.prompt)."""

    instruction: str = "다음 뉴스 기사를 세 문장 이내로 요약하세요."
    user_template: str = "{instruction}\n\n{document}"  # the user turn; {instruction} and {document} are filled in
    use_chat_template: bool = True  # when the tokenizer has one; else BOS + user_template + plain_answer_prefix
    plain_answer_prefix: str = "\n\n요약:"
    chat_template_kwargs: dict[str, Any] = field(default_factory=dict)  # e.g. {enable_thinking: false} for Qwen3


@dataclass
class ModelConfig:
    name: str = MISSING
    family: str = MISSING  # bart | t5: decides the family quirks (summarizer.models.families)
    # A Hub id or a local directory; null builds a fresh model from `architecture`.
    name_or_path: str | None = None
    architecture: dict[str, Any] | None = None
    # From-scratch models only: size of the BPE tokenizer trained on the training split.
    tokenizer_vocab_size: int = 4000
    source_prefix: str = ""
    # The learning rate this family is usually fine-tuned with; optimizers read it by interpolation.
    learning_rate: float = MISSING
    max_source_length: int = 512
    max_target_length: int = 128
    precision: str = "auto"  # auto (bf16 on GPUs that have it, else fp32) | fp32 | bf16 | fp16 (never for T5)
    freeze_embeddings: bool = False
    freeze_encoder: bool = False
    gradient_checkpointing: bool = False
    prompt: PromptConfig = field(default_factory=PromptConfig)
    # The modules LoRA adapts in this family (peft.target_modules reads it): peft's "all-linear" = every linear
    # layer but the output head.
    lora_target_modules: Any = "all-linear"


@dataclass
class PeftSettings:
    """conf/peft/: parameter-efficient fine-tuning (summarizer.models.adapters)."""

    method: str = MISSING  # none | lora | qlora (LoRA on a 4-bit base model: CUDA and bitsandbytes)
    r: int = 16
    alpha: int = 32
    dropout: float = 0.05
    target_modules: Any = "${model.lora_target_modules}"
    # Save the base model with the adapters merged in (loads without peft) besides the adapter itself.
    merge_on_save: bool = True


@dataclass
class OptimizerConfig:
    name: str = MISSING
    cls: str = MISSING  # import path of a torch.optim.Optimizer subclass
    lr: float = "${model.learning_rate}"  # each model preset carries its usual rate; override with optimizer.lr=...
    # Applied to every weight except biases and LayerNorm/RMSNorm weights (the Trainer's grouping).
    weight_decay: float = 0.0
    kwargs: dict[str, Any] = field(default_factory=dict)


@dataclass
class SchedulerConfig:
    name: str = MISSING  # linear | cosine | constant | any transformers SchedulerType
    warmup_ratio: float = 0.0
    warmup_steps: int = 0  # wins over warmup_ratio when > 0


@dataclass
class GenerationSettings:
    """The subset of `transformers.GenerationConfig` a preset sets; null keeps the model's value."""

    name: str = MISSING
    num_beams: int | None = None
    max_new_tokens: int | None = None
    min_new_tokens: int | None = None
    length_penalty: float | None = None
    no_repeat_ngram_size: int | None = None
    repetition_penalty: float | None = None
    early_stopping: Any | None = None  # true | false | "never"
    do_sample: bool | None = None
    temperature: float | None = None
    top_p: float | None = None
    top_k: int | None = None
    num_return_sequences: int | None = None


class OnePass(Enum):
    """sweep.one_pass (an Enum, so a typo fails at compose time); see summarizer.generation.one_pass_sweep."""

    auto = "auto"  # one beam-search pass for all penalties where that is exact, on a tested transformers release
    force = "force"  # the one pass also on a transformers release its exactness tests have not run on
    off = "off"  # one generate call per penalty


@dataclass
class SweepConfig:
    enabled: bool = True
    length_penalties: list[float] = field(default_factory=list)
    num_beams: list[int] | None = None  # a list crosses the sweep with these beam counts
    no_repeat_ngram_sizes: list[int] | None = None  # a list crosses the sweep with these n-gram blockings
    metric: str = "${objective}"  # the best setting by this metric is saved in the model's generation_config.json
    one_pass: OnePass = OnePass.auto
    batch_size: int = 64


@dataclass
class LoggerConfig:
    backend: str = MISSING  # wandb | none
    project: str = "korean-summarization"
    entity: str | None = None
    group: str | None = None
    # online | offline | disabled; null = online when logged in (WANDB_API_KEY or `wandb login`), else offline.
    mode: str | None = None
    predictions_table_rows: int = 100  # rows of each predictions table in W&B


@dataclass
class SpeedConfig:
    """Training-throughput levers, each measured on its own by benchmarks/bench_train.py (benchmarks/RESULTS.md)."""

    # Batches of similar length (summarizer/training/batching.py) | false: random batches. auto: on CUDA only, where
    # the GPU check measured 1.85x real tokens/s with held-out loss within 1%; on CPU grouping is 1.2-1.5x faster but
    # tiny_bart's held-out loss after 200 steps ends 5-10% worse in every seed measured, so CPU runs keep random
    # batches and the default run its figures (benchmarks/RESULTS.md, "Training throughput").
    length_grouped: Any = "auto"
    length_pool_batches: int = 50  # batches per pool sorted by source length: fewer mixes lengths more, more pads less
    length_target_batches: int = 4  # then runs of this many batches sorted by target length (1: source order only)
    # Each step's loss divided by an average step's label tokens, not its own: equal weight per token across grouped
    # batches (summarizer/training/throughput.py). Measured with grouping by benchmarks/bench_train.py (b-tokweight).
    token_weighted_loss: bool = False
    pad_to_multiple_of: Any = "auto"  # auto: 8 on CUDA (tensor-core shapes), none on CPU (padding costs there) | int | null
    fused_optimizer: bool = True  # fused=True for a torch optimizer that has it (AdamW, Adam), on CUDA


@dataclass
class PathsConfig:
    output_dir: str = MISSING


class Mode(Enum):
    """What a run does (see summarizer.pipeline)."""

    train = "train"  # fine-tune, sweep the length penalty on validation, score validation and test
    evaluate = "evaluate"  # score a saved model (model.name_or_path) on validation and test
    sweep = "sweep"  # sweep a saved model's length penalty on validation, then score test


class NonFiniteLoss(Enum):
    """What a NaN / infinite training loss does (an Enum, so a typo fails at compose time)."""

    stop = "stop"  # raise, naming the step and the last good checkpoint
    skip = "skip"  # skip that optimizer step and go on


@dataclass
class RunConfig:
    mode: Mode = Mode.train
    seed: int = 42
    run_name: str = MISSING
    tags: list[str] = field(default_factory=list)
    evaluate_untrained: bool = True  # score the untrained model on test too, so every run shows what it learned
    # null | true (the latest run of this run_name with checkpoints) | a run directory: continue training there,
    # in that run's directory, from its last complete checkpoint.
    resume: Any = None
    on_nonfinite_loss: NonFiniteLoss = NonFiniteLoss.stop
    # Metric returned to Hydra sweepers (and used to pick the best checkpoint / penalty).
    objective: str = MISSING
    data: DataConfig = MISSING
    model: ModelConfig = MISSING
    peft: PeftSettings = MISSING
    optimizer: OptimizerConfig = MISSING
    scheduler: SchedulerConfig = MISSING
    generation: GenerationSettings = MISSING
    trainer: dict[str, Any] = field(default_factory=dict)
    metrics: Any = MISSING
    sweep: SweepConfig = MISSING
    speed: SpeedConfig = field(default_factory=SpeedConfig)
    logger: LoggerConfig = MISSING
    paths: PathsConfig = MISSING


def check_config(cfg: DictConfig) -> None:
    """Bind every `_target_` node's keys, and the optimizer's, to the signature of what they build, without
    building anything (torchtune's config validation, minus the instantiation); check the `trainer` keys. A
    misspelt argument then fails in a second, naming the key, instead of after data and model were built."""
    _check_no_missing_values(cfg)
    _check_schema_keys(cfg)
    for path, node in _dict_nodes(cfg):
        if "_target_" in node:
            arguments = [key for key in node if not str(key).startswith("_")]
            _bind(path, str(node._target_), arguments, partial=bool(node.get("_partial_", False)))
    optimizer = cfg.optimizer
    _bind("optimizer.kwargs", optimizer.cls, ["params", "lr", *optimizer.kwargs], partial=False)
    check_trainer_keys(OmegaConf.to_container(cfg.trainer))


def check_command_line(overrides: Sequence[str]) -> None:
    """An unknown key under a schema (`data.path=...`) fails here with the project's own message. Hydra would answer
    "To append to your config use +data.path", which adds a key that nothing reads."""
    overrides = [o for o in overrides if "=" in o and not o.startswith("-")]  # not Hydra's flags (-m, --cfg job)
    try:
        parsed = OverridesParser.create().parse_overrides(overrides)
    except OverrideParseException:
        return  # a syntax error: Hydra says where
    for override in parsed:
        key = override.key_or_group
        if override.is_add() or override.is_force_add() or override.is_delete() or override.is_hydra_override():
            continue
        if "." not in key or "/" in key:  # a group choice (data=local, hydra/launcher=joblib)
            continue
        schema: Any = RunConfig
        for depth, name in enumerate(key.split(".")):
            hints = typing.get_type_hints(schema)
            if name not in hints:
                raise ConfigError(_unknown_key_message(key, depth, schema, overrides))
            schema = hints[name]
            if not dataclasses.is_dataclass(schema):
                break  # a free-form node (data.source, trainer, metrics): checked once composed (check_config)


def _unknown_key_message(key: str, depth: int, schema: Any, overrides: Sequence[str]) -> str:
    """Name the key and the keys it may have meant, among those the chosen presets have (composed without it)."""
    parent = ".".join(key.split(".")[:depth])
    name = key.split(".")[depth]
    leaves = [f"{parent}.{f.name}" if parent else f.name for f in dataclasses.fields(schema)]
    everywhere: list[str] = []
    try:
        with initialize_config_dir(str(CONF_DIR), version_base="1.3"):
            composed = compose("config", overrides=[o for o in overrides if o.split("=")[0].lstrip("+~") != key])
        leaves += list(_leaf_keys(OmegaConf.select(composed, parent) if parent else composed, parent))
        everywhere = list(_leaf_keys(composed, ""))
    except Exception:  # the hint is a courtesy: a config that does not compose fails on its own later
        pass
    tails = {leaf: leaf.rsplit(".", 1)[-1] for leaf in dict.fromkeys(leaves)}
    close = difflib.get_close_matches(name, tails.values(), n=3)
    near = [leaf for leaf, tail in tails.items() if tail in close]
    if any(word in name.lower() for word in _PATH_WORDS):  # a path: point at the keys that take one
        near += [leaf for leaf, tail in tails.items() if _takes_path(tail) and leaf not in near]
    near = near or [leaf for leaf in everywhere if leaf.rsplit(".", 1)[-1] == name]  # model.lr -> optimizer.lr
    hint = f" Did you mean {', '.join(near[:4])}?" if near else ""
    if key.startswith("data.") and not any(".source." in leaf for leaf in near) and _takes_path(name.lower()):
        hint += (" The chosen data preset reads no path: for your own files use data=local "
                 "data.source.train=<file> (conf/data/local.yaml), or another preset in conf/data/.")
    return f"{key} is not a key of {schema.__name__}.{hint} (Hydra's +{key} would add a key that nothing reads.)"


# Words that make an unknown key a path (data.path, data.data_dir), and the keys that take one (conf/data/*.yaml).
_PATH_WORDS = ("path", "dir", "file", "folder", "root")


def _takes_path(name: str) -> bool:
    return name in ("root", "train", "validation", "test") or name.endswith(_PATH_WORDS)


def _leaf_keys(node: Any, path: str) -> Iterator[str]:
    """Dotted keys of a config subtree's values (not its `_target_`s), without resolving interpolations."""
    for parent, mapping in _dict_nodes(node, path):
        for key in mapping:
            child = mapping._get_node(key)
            if not str(key).startswith("_") and not (isinstance(child, DictConfig) and not child._is_missing()):
                yield f"{parent}.{key}" if parent else str(key)


def _check_no_missing_values(cfg: DictConfig) -> None:
    """A `???` left anywhere fails here, naming the key and how to set it, not as a traceback mid-run."""
    missing = [f"{path}.{key}" if path else str(key) for path, node in _dict_nodes(cfg) for key in node
               if node._get_node(key)._is_missing()]
    if not missing:
        return
    key, group = missing[0], CONF_DIR / missing[0].split(".")[0]
    presets = sorted(p.stem for p in group.glob("*.yaml")) if group.is_dir() else []
    hint = f", or choose a preset that sets it: {key.split('.')[0]}={'|'.join(presets)}" if presets else ""
    others = f" (also unset: {', '.join(missing[1:])})" if len(missing) > 1 else ""
    raise ConfigError(f"{key} has no value (???){others}. Set it: python run.py {key}=<value>{hint}.")


def _check_schema_keys(cfg: DictConfig) -> None:
    """Keys added with `+group.key=...` bypass the schemas' compose-time check: reject those a schema lacks."""
    for path, node in _dict_nodes(cfg):
        schema = OmegaConf.get_type(node)
        if not dataclasses.is_dataclass(schema):
            continue
        known = [f.name for f in dataclasses.fields(schema)]
        for key in (key for key in node if key not in known):
            near = difflib.get_close_matches(str(key), known, n=3)
            hint = f" Did you mean {', '.join(f'{path}.{name}' if path else name for name in near)}?" if near else ""
            raise ConfigError(f"{f'{path}.' if path else ''}{key} is not a key of {schema.__name__}.{hint}")


def _dict_nodes(node: Any, path: str = "") -> Iterator[tuple[str, DictConfig]]:
    """Every mapping in the config with its dotted path, without resolving interpolations or touching `???`."""
    if not isinstance(node, DictConfig):
        return
    yield path, node
    for key in node:
        if not node._get_node(key)._is_missing() and not OmegaConf.is_interpolation(node, key):
            yield from _dict_nodes(node[key], f"{path}.{key}" if path else str(key))


def _bind(path: str, target: str, arguments: list[str], partial: bool) -> None:
    try:
        signature = inspect.signature(get_object(target))
    except Exception as error:
        raise ConfigError(f"{path}: {target!r} cannot be imported ({error}).") from error
    placeholders = dict.fromkeys(arguments)
    try:
        signature.bind_partial(**placeholders) if partial else signature.bind(**placeholders)
    except TypeError as error:
        known = list(signature.parameters)
        wrong = next((key for key in arguments if key not in known), None)
        if wrong is None or any(p.kind is p.VAR_KEYWORD for p in signature.parameters.values()):
            raise ConfigError(f"{path}: the arguments {arguments} do not fit {target}: {error}.") from error
        near = difflib.get_close_matches(wrong, known, n=3)
        hint = f" Did you mean {', '.join(f'{path}.{name}' for name in near)}?" if near else ""
        raise ConfigError(f"{path}.{wrong} is not an argument of {target}.{hint}") from error


def register_configs() -> None:
    """Make the schema available to `conf/config.yaml`'s defaults list (`- run_schema`), and the resolvers
    the Hydra settings use (`${run_stamp:}`, `${rank_suffix:}`, see summarizer.distributed)."""
    ConfigStore.instance().store(name="run_schema", node=RunConfig)
    for resolver in (run_stamp, rank_suffix, sqlite_url, resume_run_dir, hydra_subdir):
        OmegaConf.register_new_resolver(resolver.__name__, resolver, replace=True)


def sqlite_url(path: str) -> str:
    """`${sqlite_url:multirun/optuna.db}`: a SQLite URL whose folder exists (SQLite will not create it)."""
    file = Path(path).expanduser().resolve()
    file.parent.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{file}"


def resume_run_dir(resume, run_name: str, fresh_dir: str) -> str:
    """Hydra's run directory (a resolver in conf/hydra/default.yaml): the run being resumed, else a fresh one."""
    if not resume_requested(resume):
        return fresh_dir
    if resume is True:  # none to resume: the pipeline says why each run of that name is not resumable, and stops
        return str(find_resumable_run(run_name) or fresh_dir)
    return str(Path(str(resume)).expanduser())


def hydra_subdir(resume) -> str:
    """Where Hydra writes its own record of an invocation (`hydra.output_subdir`): `.hydra`, but a separate
    `.hydra-resumed-<stamp>` when resuming, so the resumed run keeps the overrides it was started with."""
    if not resume_requested(resume):
        return ".hydra"
    return f".hydra-resumed-{run_stamp().replace('/', '_')}"
