"""One run: `run(cfg)` prepares data, model and trainer, then runs the mode (`train`, `evaluate` or `sweep`).

Each mode is a short list of steps; every step records what it computed in the run directory (mirrored to W&B)
as soon as it exists, so a crash later in the run loses nothing already computed.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import yaml
from accelerate.utils import broadcast_object_list
from datasets import Dataset, DatasetDict
from hydra.core.hydra_config import HydraConfig
from hydra.types import RunMode
from omegaconf import DictConfig, OmegaConf
from transformers import DataCollatorForSeq2Seq, GenerationConfig, PreTrainedModel, PreTrainedTokenizerBase, set_seed

from summarizer import guards
from summarizer.analysis.multirun_summary import ERROR_FILE, sweep_group
from summarizer.analysis.run_figures import log_figures_to_wandb, save_run_figures
from summarizer.analysis.runs import parse_overrides
from summarizer.config import check_config
from summarizer.data.loading import load_data, prepare_features, training_texts
from summarizer.data.report import DataReport
from summarizer.distributed import process_state
from summarizer.errors import ConfigError
from summarizer.generation.settings import build_generation_config
from summarizer.generation.sweep import SweepResult, SweepSetting, apply_setting, sweep_length_penalties
from summarizer.hub import resolve_model_path
from summarizer.inference import declare_pipeline, write_pipeline_code
from summarizer.instantiate import build
from summarizer.metrics.names import is_score
from summarizer.models import adapters
from summarizer.models.build import build_model_and_tokenizer
from summarizer.models.families import get_family
from summarizer.models.prompt import summarization_prompt
from summarizer.models.summary import format_summary
from summarizer.tracking.environment import describe_environment
from summarizer.tracking.run_directory import RunDirectory
from summarizer.tracking.wandb_run import log_predictions_table, log_sweep, previous_run_id, wandb_run
from summarizer.training.arguments import build_training_arguments, optimizer_cls_and_kwargs
from summarizer.training.callbacks import MarkCompleteCheckpoints, RecordTraining
from summarizer.training.resume import check_resumable, checkpoint_step, last_complete_checkpoint, resume_requested
from summarizer.training.throughput import grouped_batches, pad_multiple, training_cost
from summarizer.training.trainer import SummarizationTrainer

log = logging.getLogger(__name__)

# The settings a score was decoded with (those a generation preset can set), for metrics.json.
DECODING_FIELDS = ("num_beams", "length_penalty", "early_stopping", "no_repeat_ngram_size", "repetition_penalty",
                   "min_length", "max_length", "do_sample", "temperature", "top_p", "top_k", "num_return_sequences")


@dataclass
class Prepared:
    features: DatasetDict  # tokenized
    model: PreTrainedModel
    tokenizer: PreTrainedTokenizerBase
    data_report: DataReport


def run(cfg: DictConfig) -> float:
    """Run `cfg.mode`; return `cfg.objective` on the validation split (at the length-penalty sweep's best setting
    when it ran), the figure Hydra sweepers optimise."""
    check_config(cfg)  # before any data or model work: a misspelt argument fails in a second
    if cfg.mode.name != "train" and cfg.model.name_or_path is None:
        raise ConfigError(f"mode={cfg.mode.name} scores a saved model: set model.name_or_path=<run directory or model directory>.")
    with process_state().main_process_first():  # the main process sets half-written checkpoints aside
        check_resume(cfg)  # before anything is written: never rewrite another run's files
    set_seed(cfg.seed)
    with open_run_directory(cfg) as run_dir:
        prepared = prepare(cfg, run_dir)
        trainer = build_trainer(cfg, prepared, run_dir)
        validation = MODES[cfg.mode.name](cfg, trainer, prepared, run_dir)
    if cfg.objective not in validation:
        raise ConfigError(f"objective={cfg.objective!r} is not among the computed metrics: {sorted(validation)}.")
    return float(validation[cfg.objective])


def train(cfg: DictConfig, trainer: SummarizationTrainer, prepared: Prepared, run_dir: RunDirectory) -> dict:
    """Fine-tune, sweep the length penalty on validation, then score validation and test with its choice."""
    train_model(cfg, trainer, prepared.features, run_dir)
    if cfg.sweep.enabled:
        run_sweep(cfg, trainer, prepared, run_dir)
    return evaluate(cfg, trainer, prepared, run_dir)


def evaluate(cfg: DictConfig, trainer: SummarizationTrainer, prepared: Prepared, run_dir: RunDirectory) -> dict:
    """Score a saved model on validation and test with its generation settings."""
    validation = score_split(trainer, prepared.features["validation"], "final", "validation", run_dir, cfg)
    score_test_and_finish(cfg, trainer, prepared, run_dir)
    return validation


def sweep(cfg: DictConfig, trainer: SummarizationTrainer, prepared: Prepared, run_dir: RunDirectory) -> dict:
    """Sweep a saved model's length penalty on validation, then score test with the best setting."""
    best = run_sweep(cfg, trainer, prepared, run_dir)
    score_test_and_finish(cfg, trainer, prepared, run_dir)
    return best


MODES = {"train": train, "evaluate": evaluate, "sweep": sweep}


def check_resume(cfg: DictConfig) -> None:
    """With `resume=...`, stop unless `check_resumable` accepts the run directory and this config."""
    if not resume_requested(cfg.resume):
        return
    if cfg.mode.name != "train":
        raise ConfigError(f"resume={cfg.resume} continues training; mode={cfg.mode.name} does not train. Drop resume.")
    run_dir = Path(cfg.paths.output_dir)
    saved = run_dir / "config.yaml"
    saved = yaml.safe_load(saved.read_text(encoding="utf-8")) if saved.is_file() else None
    current = yaml.safe_load(OmegaConf.to_yaml(cfg, resolve=True))  # the form config.yaml is written in
    check_resumable(cfg.resume, run_dir, cfg.run_name, current, saved)


@contextmanager
def open_run_directory(cfg: DictConfig) -> Iterator[RunDirectory]:
    """The run directory with the config and environment written, and its W&B run open while the run lasts."""
    state = process_state()
    run_dir = RunDirectory(cfg.paths.output_dir, is_main_process=state.is_main_process)
    if resume_requested(cfg.resume) and state.is_main_process:  # the killed attempt's error is stale now
        (run_dir.path / ERROR_FILE).unlink(missing_ok=True)
    run_dir.write_config(cfg)
    run_dir.write_json("environment.json", describe_environment())
    log.info("Run directory: %s", run_dir.path)
    with wandb_run(
        enabled=cfg.logger.backend == "wandb" and state.is_main_process,
        mode=cfg.logger.mode,
        project=cfg.logger.project,
        entity=cfg.logger.entity,
        group=tracking_group(cfg.logger.group),
        name=cfg.run_name,
        tags=list(cfg.tags),
        config=OmegaConf.to_container(cfg, resolve=True),
        dir=str(run_dir.path),
        continue_id=previous_run_id(run_dir.path) if resume_requested(cfg.resume) else None,
    ) as run_dir.wandb:
        yield run_dir


def prepare(cfg: DictConfig, run_dir: RunDirectory) -> Prepared:
    """Load and clean the data, build model and tokenizer, tokenize, and run the guards."""
    state = process_state()
    model_cfg = cfg.model
    adapters.check_method_possible(cfg.peft.method)  # peft=qlora on a machine without CUDA stops here
    # An unreachable Hub fails here, before any data work; the model is then loaded from what this found.
    resolved = resolve_model_path(model_cfg.name_or_path) if model_cfg.name_or_path is not None else None
    with state.main_process_first():  # the other processes read every `map` result from the datasets cache
        splits, data_report = load_data(cfg.data, lead_baseline=state.is_main_process)
    with state.main_process_first():  # a from-scratch tokenizer is trained once, by the main process
        model, tokenizer = build_model_and_tokenizer(
            family=model_cfg.family,
            name_or_path=resolved,
            architecture=OmegaConf.to_container(model_cfg.architecture) if model_cfg.architecture else None,
            tokenizer_vocab_size=model_cfg.tokenizer_vocab_size,
            source_prefix=model_cfg.source_prefix,
            max_source_length=model_cfg.max_source_length,
            freeze_embeddings=model_cfg.freeze_embeddings,
            freeze_encoder=model_cfg.freeze_encoder,
            gradient_checkpointing=model_cfg.gradient_checkpointing,
            training_texts=lambda: training_texts(splits),
            tokenizer_dir=run_dir.path / "tokenizer",
            prompt=OmegaConf.to_container(model_cfg.prompt, resolve=True),
            quantize_4bit=cfg.peft.method == "qlora",
        )
    model = adapters.apply_adapters(
        model, **{k: v for k, v in OmegaConf.to_container(cfg.peft, resolve=True).items() if k != "merge_on_save"},
        decoder_only=get_family(model_cfg.family).decoder_only, gradient_checkpointing=model_cfg.gradient_checkpointing,
    )  # fmt: skip
    summary = format_summary(model, f"Model {model_cfg.name} ({model.__class__.__name__}):")
    log.info("\n%s", summary)
    run_dir.write_text("model_summary.txt", summary)
    guards.check_lengths(model, get_family(model_cfg.family), model_cfg.max_source_length, model_cfg.max_target_length)
    with state.main_process_first():
        features, truncation = prepare_features(
            splits, tokenizer, data_report, source_prefix=model_cfg.source_prefix,
            max_source_length=model_cfg.max_source_length, max_target_length=model_cfg.max_target_length,
            filters=cfg.data.filters, num_proc=cfg.data.num_proc, prompt=summarization_prompt(model),
        )  # fmt: skip
    guards.check_token_ids(model, tokenizer, features)
    log.info("\n%s", guards.format_truncation(truncation, model_cfg.max_source_length, model_cfg.max_target_length))
    log.info("\n%s", data_report.format())
    run_dir.write_json("data_report.json", data_report.to_dict())
    run_dir.write_text("data_report.txt", data_report.format())
    data_report.log_to_wandb(run_dir.wandb)
    return Prepared(features, model, tokenizer, data_report)


def build_trainer(cfg: DictConfig, prepared: Prepared, run_dir: RunDirectory) -> SummarizationTrainer:
    model = adapters.base_model(prepared.model)
    generation_config = build_generation_config(
        model.generation_config, generation_settings(cfg), lengths_include_prompt=not model.config.is_encoder_decoder
    )
    model.generation_config = generation_config
    args = build_training_arguments(
        OmegaConf.to_container(cfg.trainer, resolve=True),
        output_dir=str(run_dir.checkpoints_dir),
        learning_rate=cfg.optimizer.lr,
        weight_decay=cfg.optimizer.weight_decay,
        scheduler=cfg.scheduler.name,
        warmup_ratio=cfg.scheduler.warmup_ratio,
        warmup_steps=cfg.scheduler.warmup_steps,
        precision=cfg.model.precision,
        fp16_safe=get_family(cfg.model.family).fp16_safe,
        generation_config=generation_config,
        report_to=["wandb"] if run_dir.wandb is not None else [],
        run_name=cfg.run_name,
        objective=cfg.objective,
    )
    speed = cfg.speed
    collator = DataCollatorForSeq2Seq(
        prepared.tokenizer, model=prepared.model, pad_to_multiple_of=pad_multiple(speed.pad_to_multiple_of, args.device)
    )
    return SummarizationTrainer(
        model=prepared.model,
        args=args,
        train_dataset=prepared.features["train"],
        eval_dataset=prepared.features["validation"],
        processing_class=prepared.tokenizer,
        data_collator=collator,
        optimizer_cls_and_kwargs=optimizer_cls_and_kwargs(
            cfg.optimizer.cls, cfg.optimizer.lr, OmegaConf.to_container(cfg.optimizer.kwargs, resolve=True),
            fused=speed.fused_optimizer and args.device.type == "cuda",
        ),
        length_grouped=grouped_batches(speed.length_grouped, args.device),
        length_pool_batches=speed.length_pool_batches,
        length_target_batches=speed.length_target_batches,
        token_weighted_loss=speed.token_weighted_loss,
        scorer=build(cfg.metrics, sentence_boundaries=cfg.data.sentence_boundaries),  # Lsum reads the data's
        on_nonfinite_loss=cfg.on_nonfinite_loss.name,
        callbacks=[RecordTraining(run_dir), MarkCompleteCheckpoints()],
    )


def generation_settings(cfg: DictConfig) -> dict[str, Any]:
    """The generation preset's settings. A saved model (mode=evaluate / sweep) decodes with its own
    generation_config.json (the sweep's choice), changed only by what the command line gives: `generation=<preset>`
    or `generation.<key>=...`. The log says where each setting came from."""
    preset = OmegaConf.to_container(cfg.generation, resolve=True)
    if cfg.mode.name == "train":
        return preset
    # the keys and groups the command line overrides (none when the config was composed in Python)
    given = set(parse_overrides(list(HydraConfig.get().overrides.task))) if HydraConfig.initialized() else set()
    if "generation" not in given:
        preset = {key: value for key, value in preset.items() if f"generation.{key}" in given}
    changed = {key: value for key, value in preset.items() if value is not None and key != "name"}
    log.info("Decoding with %s's generation_config.json%s.", cfg.model.name_or_path,
             f", changed on the command line: {changed}" if changed else " as saved")
    return preset


def train_model(cfg: DictConfig, trainer: SummarizationTrainer, features: DatasetDict, run_dir: RunDirectory) -> None:
    """Score the untrained model on test, train (or resume training), and save the model."""
    checkpoint = last_complete_checkpoint(run_dir.checkpoints_dir) if resume_requested(cfg.resume) else None
    if cfg.evaluate_untrained and not (checkpoint and "untrained" in run_dir.read_metrics()):
        score_split(trainer, features["test"], "untrained", "test", run_dir, cfg)
    if checkpoint is not None:
        log.info("Resuming from %s", checkpoint)
        run_dir.forget_after_step(checkpoint_step(checkpoint))
    trainer.train(resume_from_checkpoint=str(checkpoint) if checkpoint else None)
    # parameters, trainable parameters, real tokens/s, padding and peak memory: what the run tables compare runs by
    run_dir.record_metrics("training", "train", training_cost(trainer.model, trainer.throughput_history, trainer.args.device))
    save_model(trainer, run_dir, cfg.peft.merge_on_save)


def score_split(
    trainer: SummarizationTrainer, dataset: Dataset, stage: str, split: str, run_dir: RunDirectory, cfg: DictConfig
) -> dict[str, Any]:
    """Generate for a split, score it, and record the scores and predictions before anything else runs."""
    prefix = f"{stage}_{split}"
    output = trainer.predict(dataset, metric_key_prefix=prefix)
    scores = {key.removeprefix(f"{prefix}_"): value for key, value in output.metrics.items()}
    scores["info"] = trainer.last_scored.score.info
    scores["generation"] = {name: getattr(trainer.model.generation_config, name, None) for name in DECODING_FIELDS}
    run_dir.record_metrics(stage, split, scores)
    records = trainer.last_scored.records()
    is_final_test = (stage, split) == ("final", "test")
    run_dir.write_jsonl("predictions.jsonl" if is_final_test else f"predictions_{split}_{stage}.jsonl", records)
    run_dir.log(f"{stage}/{split}", scores)
    log_predictions_table(run_dir.wandb, f"{stage}/{split}/predictions", records, cfg.logger.predictions_table_rows)
    blank = int(scores.get("empty_pred_count", 0))
    log.info("%s %s: %s%s", stage, split, _headline(scores), f" ({blank} blank predictions, each scored 0)" if blank else "")
    if scores.get("empty_pred_share", 0) > 0.5:
        log.warning(
            "%s %s: %.0f%% of the predictions are empty, so every score is near 0. Expected for an untrained model "
            "or a smoke run (debug=default trains 4 steps: the model has only learned to end at once); train "
            "longer (trainer.max_steps) for real summaries.", stage, split, 100 * scores["empty_pred_share"],
        )  # fmt: skip
    return scores


def score_test_and_finish(cfg: DictConfig, trainer: SummarizationTrainer, prepared: Prepared, run_dir: RunDirectory) -> None:
    """Score the test split once, with the chosen settings; then the learning check and the figures."""
    test = score_split(trainer, prepared.features["test"], "final", "test", run_dir, cfg)
    record_learning_check(run_dir)
    if run_dir.is_main_process:  # PNGs in <run dir>/figures (never raises), and to W&B
        log_figures_to_wandb(run_dir.wandb, save_run_figures(run_dir.path))
    run_dir.summarize("final/test", test)


def run_sweep(cfg: DictConfig, trainer: SummarizationTrainer, prepared: Prepared, run_dir: RunDirectory) -> dict:
    """Sweep the length penalty on the validation split (never on test), make the best setting the model's own,
    record all; return the best row's scores."""
    state = process_state()
    result = None
    if state.is_main_process:
        result = sweep_length_penalties(
            trainer.model, prepared.tokenizer, prepared.features["validation"], trainer.model.generation_config,
            trainer.scorer,
            length_penalties=list(cfg.sweep.length_penalties),
            metric=cfg.sweep.metric,
            num_beams=list(cfg.sweep.num_beams) if cfg.sweep.num_beams else None,
            no_repeat_ngram_sizes=list(cfg.sweep.no_repeat_ngram_sizes) if cfg.sweep.no_repeat_ngram_sizes else None,
            batch_size=cfg.sweep.batch_size,
            device=trainer.args.device,
            one_pass=cfg.sweep.one_pass.value,
        )
        record_sweep(result, prepared.features["validation"], run_dir)
    state.wait_for_everyone()
    chosen = (result.best.setting, result.best.metrics) if result else None
    if state.num_processes > 1:  # the main process's choice on every process
        chosen = broadcast_object_list([chosen])[0]
    best, best_scores = chosen
    apply_setting(trainer.model.generation_config, best)
    if cfg.mode.name == "train":
        save_generation_config(best, run_dir)
    else:  # never rewrite the model directory a decode-only sweep was pointed at
        run_dir.write_json("best_generation_config.json", trainer.model.generation_config.to_diff_dict())
    log.info("Best by %s: %s (length_penalty %s)", cfg.sweep.metric, best.label(), best.length_penalty)
    return best_scores


def record_sweep(result: SweepResult, split: Dataset, run_dir: RunDirectory) -> None:
    """sweep.csv / sweep.json / sweep_predictions.jsonl in the run directory, and W&B table and charts."""
    table = result.table()
    best = result.best
    run_dir.write_csv("sweep.csv", table)
    run_dir.write_json("sweep.json", {"metric": result.metric, "best": best.flat(), "rows": table, "decoding": result.decoding})
    ids = list(split["id"])
    run_dir.write_jsonl(
        "sweep_predictions.jsonl",
        [{**asdict(row.setting), "id": example_id, "prediction": prediction}
         for row in result.rows for example_id, prediction in zip(ids, row.predictions)],
    )
    run_dir.record_metrics("sweep", "validation", {"metric": result.metric, "best": best.flat()})
    log_sweep(run_dir.wandb, "sweep", table, [key for key in table[0] if is_score(key)] + ["mean_length_tokens"])
    run_dir.summarize("sweep/best", best.flat())


def save_generation_config(setting: SweepSetting, run_dir: RunDirectory) -> None:
    """Put the sweep's choice in the saved model's generation_config.json, so pipelines decode with it. Starts
    from the file saved after training: the Trainer's evaluation loop has since filled the in-memory config with
    every library default."""
    if run_dir.is_main_process:
        saved = GenerationConfig.from_pretrained(str(run_dir.model_dir))
        apply_setting(saved, setting)
        saved.save_pretrained(str(run_dir.model_dir))


def save_model(trainer: SummarizationTrainer, run_dir: RunDirectory, merge_adapters: bool = True) -> None:
    """Model, tokenizer, generation config and summarization pipeline in one directory. A model trained with
    adapters also saves them in `adapter/`; merged (`merge_adapters`), the model trains, is scored and is saved
    as a plain transformers model from then on."""
    if adapters.has_adapters(trainer.model):
        if run_dir.is_main_process:
            adapters.save_adapter(trainer.model, run_dir.model_dir)
        if merge_adapters:
            trainer.model = trainer.model_wrapped = adapters.merge_adapters(trainer.model)
        else:  # the PEFT layout: adapter files, and the generation config peft does not write
            adapters.base_model(trainer.model).generation_config.save_pretrained(str(run_dir.model_dir))
    declare_pipeline(trainer.model)
    trainer.save_model(str(run_dir.model_dir))  # gathers sharded weights; writes on the main process only
    if run_dir.is_main_process:
        write_pipeline_code(run_dir.model_dir)
    log.info("Saved the model to %s", run_dir.model_dir)


def record_learning_check(run_dir: RunDirectory) -> None:
    """Print and store untrained vs trained test scores: the evidence that the run learned."""
    metrics = run_dir.read_metrics() if run_dir.is_main_process else {}
    before, after = metrics.get("untrained", {}).get("test"), metrics.get("final", {}).get("test")
    if not before or not after:
        return
    rows = {name: {"untrained": before[name], "trained": value} for name, value in after.items()
            if is_score(name) and isinstance(value, (int, float)) and name in before}
    metrics["learning_check"] = rows
    run_dir.write_json("metrics.json", metrics)
    lines = ["Test split, untrained -> trained:"]
    lines += [f"  {name:<16} {row['untrained']:6.2f} -> {row['trained']:6.2f}" for name, row in rows.items()]
    print("\n".join(lines))
    if run_dir.wandb is not None:
        run_dir.wandb.summary.update({f"learning_check/{name}": row for name, row in rows.items()})


def tracking_group(configured: str | None) -> str | None:
    """The W&B group: the configured one; in a Hydra multirun, the sweep, so its jobs are grouped."""
    if configured is not None or not HydraConfig.initialized() or HydraConfig.get().mode != RunMode.MULTIRUN:
        return configured
    return sweep_group(Path(HydraConfig.get().sweep.dir), None)


def _headline(scores: dict[str, Any]) -> str:
    return ", ".join(f"{k} {v:.2f}" for k, v in scores.items() if is_score(k) and isinstance(v, float))
