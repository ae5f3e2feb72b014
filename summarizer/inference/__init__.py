"""Using a trained model: the `summarization` pipeline saved with it (`transformers.pipeline`), and loading it."""

from __future__ import annotations

import shutil
from pathlib import Path

from transformers import PreTrainedModel, pipeline

from summarizer.inference import summarization_pipeline

TASK = "summarization"
_MODULE_FILE = Path(summarization_pipeline.__file__)


def declare_pipeline(model: PreTrainedModel) -> None:
    """Name the pipeline in the model's config, so the next `save_pretrained` writes it to config.json."""
    auto_class = "AutoModelForSeq2SeqLM" if model.config.is_encoder_decoder else "AutoModelForCausalLM"
    model.config.custom_pipelines = {TASK: {"impl": f"{_MODULE_FILE.stem}.SummarizationPipeline", "pt": [auto_class]}}


def write_pipeline_code(directory: str | Path) -> None:
    """Copy the pipeline's module next to the weights (custom pipelines are loaded from the model dir)."""
    shutil.copy(_MODULE_FILE, Path(directory) / _MODULE_FILE.name)


def load_summarizer(directory: str | Path, **kwargs):
    """The saved pipeline: `load_summarizer(dir)("기사 본문 ...")[0]["summary_text"]`. trust_remote_code runs the
    pipeline file saved in that directory (written by this repo)."""
    return pipeline(TASK, model=str(directory), trust_remote_code=True, **kwargs)
