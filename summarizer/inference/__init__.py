"""Using a trained model: the `summarization` pipeline saved with it."""

from summarizer.inference.saving import declare_pipeline, load_summarizer, write_pipeline_code

__all__ = ["declare_pipeline", "load_summarizer", "write_pipeline_code"]
