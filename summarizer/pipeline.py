"""One run, top to bottom: data -> model -> guards -> trainer -> train -> evaluate -> save -> figures.

`run(cfg)` is what `run.py` calls. Each step is a small function, so a notebook or a test can call the
steps it needs. Every figure is written to the run directory as soon as it exists.
"""

from __future__ import annotations

import logging
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import torch
from accelerate.utils import broadcast_object_list
from datasets import DatasetDict
from hydra.core.hydra_config import HydraConfig
from hydra.types import RunMode
from omegaconf import DictConfig, OmegaConf
from transformers import DataCollatorForSeq2Seq, GenerationConfig, PreTrainedModel, PreTrainedTokenizerBase, set_seed

from summarizer import guards
from summarizer.analysis.multirun_summary import sweep_group
from summarizer.analysis.run_figures import log_figures_to_wandb, save_run_figures
from summarizer.data.features import tokenize_splits
from summarizer.data.loading import apply_token_filters, load_data, training_texts
from summarizer.data.report import DataReport
from summarizer.distributed import process_state
from summarizer.errors import ConfigError
from summarizer.generation.settings import build_generation_config
from summarizer.generation.sweep import SweepResult, SweepSetting, apply_setting, sweep_length_penalties
from summarizer.hub import resolve_model_path
from summarizer.inference import declare_pipeline, write_pipeline_code
from summarizer.instantiate import build
from summarizer.metrics.names import is_number, is_score
from summarizer.models.build import build_model_and_tokenizer
from summarizer.models.families import get_family
from summarizer.models.summary import format_summary
from summarizer.tracking.environment import describe_environment
from summarizer.tracking.run_directory import RunDirectory
from summarizer.tracking.wandb_run import log_predictions_table, log_sweep, wandb_run
from summarizer.training.arguments import build_training_arguments, optimizer_cls_and_kwargs
from summarizer.training.callbacks import MarkCompleteCheckpoints, RecordEvaluationsDuringTraining, RecordTrainingLog
from summarizer.training.resume import checkpoint_step, checkpoint_to_resume
from summarizer.training.trainer import SummarizationTrainer

log = logging.getLogger(__name__)

# train: fine-tune, then evaluate and sweep | evaluate: score a saved model | sweep: decode-only sweep of a saved model
MODES = ("train", "evaluate", "sweep")


DECODING_FIELDS = ("num_beams", "length_penalty", "early_stopping", "no_repeat_ngram_size", "repetition_penalty",
                   "min_length", "max_length", "do_sample", "temperature", "top_p", "top_k", "num_return_sequences")


@dataclass
class Prepared:
    features: DatasetDict  # tokenized
    model: PreTrainedModel
    tokenizer: PreTrainedTokenizerBase
    data_report: DataReport


def run(cfg: DictConfig) -> float:
    """Train and/or evaluate as configured; return `cfg.objective` on the validation split (at the best
    setting of the length-penalty sweep when it ran), the figure Hydra sweepers optimise."""
    if cfg.mode not in MODES:
        raise ConfigError(f"mode={cfg.mode!r} is not one of {MODES}.")
    if cfg.mode != "train" and cfg.model.name_or_path is None:
        raise ConfigError(f"mode={cfg.mode} scores a saved model: set model.name_or_path=<run directory or model directory>.")
    set_seed(cfg.seed)
    state = process_state()
    run_dir = RunDirectory(cfg.paths.output_dir, is_main_process=state.is_main_process)
    run_dir.write_config(cfg)
    run_dir.write_json("environment.json", describe_environment())
    log.info("Run directory: %s", run_dir.path)
    use_wandb = cfg.logger.backend == "wandb" and state.is_main_process
    with wandb_run(
        enabled=use_wandb,
        mode=cfg.logger.mode,
        project=cfg.logger.project,
        entity=cfg.logger.entity,
        group=tracking_group(cfg.logger.group),
        name=cfg.run_name,
        tags=list(cfg.tags),
        config=OmegaConf.to_container(cfg, resolve=True),
        run_dir=run_dir.path,
    ) as tracker:
        prepared = prepare(cfg, run_dir)
        if tracker is not None:
            prepared.data_report.log_to_wandb(tracker)
        trainer = build_trainer(cfg, prepared, run_dir, report_to=["wandb"] if use_wandb else [])
        rows = cfg.logger.predictions_table_rows
        features = prepared.features
        if cfg.mode == "train":
            train_model(cfg, trainer, features, run_dir, tracker)
        objective_figures = {}
        if cfg.mode == "sweep" or (cfg.mode == "train" and cfg.sweep.enabled):
            objective_figures = run_sweep(cfg, trainer, prepared, run_dir, tracker)  # the best setting's figures
        if cfg.mode in ("train", "evaluate"):
            # After the sweep, so validation and test are both scored with the setting it chose.
            objective_figures = score_split(trainer, features["validation"], "final", "validation", run_dir, tracker, rows)
        test = score_split(trainer, features["test"], "final", "test", run_dir, tracker, rows)
        report_learning(run_dir, tracker)
        if run_dir.is_main_process:  # PNGs in <run dir>/figures (never raises), and to W&B
            log_figures_to_wandb(tracker, save_run_figures(run_dir.path))
        if tracker is not None:
            tracker.summary.update({f"final/test/{k}": v for k, v in test.items() if is_number(v)})
    return objective_value(objective_figures, cfg.objective)


def train_model(cfg: DictConfig, trainer: SummarizationTrainer, features: DatasetDict, run_dir: RunDirectory, tracker) -> None:
    """Score the untrained model on test, train (or resume training), and save the model."""
    with process_state().main_process_first():  # the main process sets half-written checkpoints aside
        checkpoint = checkpoint_to_resume(cfg.resume, run_dir.path)
    if cfg.evaluate_untrained and not (checkpoint and "untrained" in run_dir.read_metrics()):
        score_split(trainer, features["test"], "untrained", "test", run_dir, tracker, cfg.logger.predictions_table_rows)
    if checkpoint is not None:
        log.info("Resuming from %s", checkpoint)
        run_dir.forget_after_step(checkpoint_step(checkpoint))
    trainer.train(resume_from_checkpoint=str(checkpoint) if checkpoint else None)
    save_model(trainer, run_dir)


def prepare(cfg: DictConfig, run_dir: RunDirectory) -> Prepared:
    """Load and clean the data, build model and tokenizer, tokenize, and run the guards."""
    state = process_state()
    # An unreachable Hub fails here, before any data work; the model is then loaded from what this found.
    resolved = resolve_model_path(cfg.model.name_or_path) if cfg.model.name_or_path is not None else None
    with state.main_process_first():  # the other processes read every `map` result from the datasets cache
        splits, data_report = load_data(cfg.data, lead_baseline=state.is_main_process)
    model_cfg = cfg.model
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
        )
    summary = format_summary(model, f"Model {model_cfg.name} ({model.__class__.__name__}):")
    log.info("\n%s", summary)
    run_dir.write_text("model_summary.txt", summary)
    family = get_family(model_cfg.family)
    guards.check_lengths(model, family, model_cfg.max_source_length, model_cfg.max_target_length)
    with state.main_process_first():
        features, _ = tokenize_splits(
            splits, tokenizer, model_cfg.source_prefix, model_cfg.max_source_length, model_cfg.max_target_length,
            num_proc=cfg.data.num_proc,
        )
        features = apply_token_filters(features, cfg.data.filters, data_report)  # no-op unless token bounds are set
    truncation = data_report.add_token_statistics(features, model_cfg.max_source_length, model_cfg.max_target_length)
    guards.check_token_ids(model, tokenizer, features)
    log.info("\n%s", guards.report_truncation(truncation, model_cfg.max_source_length, model_cfg.max_target_length))
    log.info("\n%s", data_report.format())
    run_dir.write_json("data_report.json", data_report.to_dict())
    run_dir.write_text("data_report.txt", data_report.format())
    return Prepared(features, model, tokenizer, data_report)


def build_trainer(cfg: DictConfig, prepared: Prepared, run_dir: RunDirectory, report_to: list[str]) -> SummarizationTrainer:
    generation_config = build_generation_config(
        prepared.model.generation_config, OmegaConf.to_container(cfg.generation, resolve=True)
    )
    prepared.model.generation_config = generation_config
    args = build_training_arguments(
        OmegaConf.to_container(cfg.trainer, resolve=True),
        output_dir=str(run_dir.checkpoints_dir),
        learning_rate=cfg.optimizer.lr,
        weight_decay=cfg.optimizer.weight_decay,
        scheduler=cfg.scheduler.name,
        warmup_ratio=cfg.scheduler.warmup_ratio,
        warmup_steps=cfg.scheduler.warmup_steps,
        precision=cfg.model.precision,
        fp16_safe=cfg.model.fp16_safe,
        generation_config=generation_config,
        report_to=report_to,
        run_name=cfg.run_name,
        objective=cfg.objective,
    )
    collator = DataCollatorForSeq2Seq(
        prepared.tokenizer, model=prepared.model, pad_to_multiple_of=8 if torch.cuda.is_available() else None
    )
    return SummarizationTrainer(
        model=prepared.model,
        args=args,
        train_dataset=prepared.features["train"],
        eval_dataset=prepared.features["validation"],
        processing_class=prepared.tokenizer,
        data_collator=collator,
        optimizer_cls_and_kwargs=optimizer_cls_and_kwargs(
            cfg.optimizer.cls, cfg.optimizer.lr, OmegaConf.to_container(cfg.optimizer.kwargs, resolve=True)
        ),
        scorer=build(cfg.metrics),
        on_nonfinite_loss=cfg.on_nonfinite_loss.name,
        callbacks=[RecordTrainingLog(run_dir), RecordEvaluationsDuringTraining(run_dir), MarkCompleteCheckpoints()],
    )


def score_split(
    trainer: SummarizationTrainer, dataset, stage: str, split: str, run_dir: RunDirectory, tracker, table_rows: int = 0
) -> dict[str, Any]:
    """Generate for a split, score it, and write the figures and predictions before anything else runs."""
    prefix = f"{stage}_{split}"
    output = trainer.predict(dataset, metric_key_prefix=prefix)
    figures = {key.removeprefix(f"{prefix}_"): value for key, value in output.metrics.items()}
    figures["info"] = trainer.last_scored.score.info
    figures["generation"] = decoding_settings(trainer.model.generation_config)
    run_dir.record_metrics(stage, split, figures)
    records = trainer.last_scored.records()
    is_final_test = (stage, split) == ("final", "test")
    run_dir.write_jsonl("predictions.jsonl" if is_final_test else f"predictions_{split}_{stage}.jsonl", records)
    if tracker is not None:
        tracker.log({f"{stage}/{split}/{key}": value for key, value in figures.items() if isinstance(value, (int, float))})
        log_predictions_table(tracker, f"{stage}/{split}/predictions", records, table_rows)
    log.info("%s %s: %s", stage, split, _headline(figures))
    return figures


def run_sweep(cfg: DictConfig, trainer: SummarizationTrainer, prepared: Prepared, run_dir: RunDirectory, tracker) -> dict:
    """Sweep the length penalty on the validation split, make the best setting the model's own, record all.

    Returns the best row's figures: the validation objective of the run. The test split is scored
    afterwards, once, with the chosen setting (never chosen on test).
    """
    state = process_state()
    if cfg.sweep.split != "validation":
        raise ConfigError(f"sweep.split={cfg.sweep.split!r}: the sweep chooses settings, so it runs on validation only.")
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
        record_sweep(result, prepared.features["validation"], run_dir, tracker)
    state.wait_for_everyone()
    best, best_figures = broadcast_object((result.best.setting, result.best.metrics) if result else None)
    apply_setting(trainer.model.generation_config, best)
    if cfg.mode == "train":
        save_generation_config(best, run_dir)
    else:  # never rewrite the model directory a decode-only sweep was pointed at
        run_dir.write_json("best_generation_config.json", trainer.model.generation_config.to_diff_dict())
    log.info("Best by %s: %s (length_penalty %s)", cfg.sweep.metric, best.label(), best.length_penalty)
    return best_figures


def record_sweep(result: SweepResult, split, run_dir: RunDirectory, tracker) -> None:
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
    charted = [key for key in table[0] if is_score(key)]
    log_sweep(tracker, "sweep", table, charted + ["mean_length_tokens"])
    if tracker is not None:
        tracker.summary.update({f"sweep/best/{key}": value for key, value in best.flat().items() if is_number(value)})


def save_generation_config(setting: SweepSetting, run_dir: RunDirectory) -> None:
    """Put the sweep's choice in the saved model's generation_config.json, so pipelines decode with it.

    Starts from the file as saved after training: the in-memory config has meanwhile been filled with
    every library default by the Trainer's evaluation loop.
    """
    if run_dir.is_main_process:
        saved = GenerationConfig.from_pretrained(str(run_dir.model_dir))
        apply_setting(saved, setting)
        saved.save_pretrained(str(run_dir.model_dir))


def save_model(trainer: SummarizationTrainer, run_dir: RunDirectory) -> None:
    """Model, tokenizer, generation config and summarization pipeline in one directory."""
    declare_pipeline(trainer.model)
    trainer.save_model(str(run_dir.model_dir))  # gathers sharded weights; writes on the main process only
    if run_dir.is_main_process:
        write_pipeline_code(run_dir.model_dir)
    log.info("Saved the model to %s", run_dir.model_dir)


def report_learning(run_dir: RunDirectory, tracker) -> None:
    """Print and store untrained vs trained test figures: the evidence that the run learned."""
    metrics = run_dir.read_metrics() if run_dir.is_main_process else {}
    before, after = metrics.get("untrained", {}).get("test"), metrics.get("final", {}).get("test")
    if not before or not after:
        return
    rows = {}
    for name in (key for key in after if is_score(key)):
        if isinstance(after[name], (int, float)) and name in before:
            rows[name] = {"untrained": before[name], "trained": after[name]}
    metrics["learning_check"] = rows
    run_dir.write_json("metrics.json", metrics)
    lines = ["Test split, untrained -> trained:"]
    lines += [f"  {name:<16} {row['untrained']:6.2f} -> {row['trained']:6.2f}" for name, row in rows.items()]
    print("\n".join(lines))
    if tracker is not None:
        tracker.summary.update({f"learning_check/{name}": row for name, row in rows.items()})


def tracking_group(configured: str | None) -> str | None:
    """The W&B group: the configured one; in a Hydra multirun, the sweep, so its jobs are grouped."""
    if configured is not None or not HydraConfig.initialized() or HydraConfig.get().mode != RunMode.MULTIRUN:
        return configured
    return sweep_group(Path(HydraConfig.get().sweep.dir), None)


def objective_value(figures: dict[str, Any], objective: str) -> float:
    if objective not in figures:
        raise ConfigError(f"objective={objective!r} is not among the computed metrics: {sorted(figures)}.")
    return float(figures[objective])


def broadcast_object(value: Any) -> Any:
    """The main process's value on every process (a no-op in a single process)."""
    if process_state().num_processes == 1:
        return value
    return broadcast_object_list([value])[0]


def decoding_settings(config: GenerationConfig) -> dict[str, Any]:
    """The settings a score was decoded with (those a generation preset can set), for metrics.json."""
    return {name: getattr(config, name, None) for name in DECODING_FIELDS}


def _headline(figures: dict[str, Any]) -> str:
    shown = {
        k: v for k, v in figures.items()
        if is_score(k) and isinstance(v, float)
    }
    return ", ".join(f"{k} {v:.2f}" for k, v in shown.items())
