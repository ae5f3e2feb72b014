"""A `summarization` pipeline, saved next to every model this repo trains.

transformers 5 removed its SummarizationPipeline (PR #43256); this file restores one as a custom pipeline, copied
into the model directory and named in config.json (`custom_pipelines`), so that `pipeline("summarization",
model="<run dir>/model", trust_remote_code=True)` summarizes with the model's tokenizer, source prefix
(`config.prefix`) and generation config. It runs from the model directory alone: it imports nothing from this repo.
A decoder-only model's config carries its prompt as token ids (`summarization_prompt`, from summarizer.models.prompt):
the document is cut to fit between them as in training, and only the tokens generated after the prompt are decoded.
"""

from __future__ import annotations

from transformers import Pipeline


class SummarizationPipeline(Pipeline):
    """text (or a list of texts) -> [{"summary_text": ...}], as the transformers 4 pipeline returned."""

    def __call__(self, texts, **kwargs):
        """One text gives [{"summary_text"}]; a list gives one such dict per text (not nested lists)."""
        results = super().__call__(texts, **kwargs)
        if isinstance(texts, list) and all(len(result) == 1 for result in results):
            return [result[0] for result in results]
        return results

    def _sanitize_parameters(self, **kwargs):
        preprocess = {key: kwargs.pop(key) for key in ("truncation", "max_source_length") if key in kwargs}
        postprocess = {key: kwargs.pop(key) for key in ("clean_up_tokenization_spaces",) if key in kwargs}
        return preprocess, kwargs, postprocess  # everything else goes to generate()

    def preprocess(self, text: str, truncation: bool = True, max_source_length: int | None = None):
        prompt = getattr(self.model.config, "summarization_prompt", None)
        if prompt is not None:
            return _prompt_inputs(self.tokenizer, prompt, text, max_source_length)
        prefix = getattr(self.model.config, "prefix", None) or ""
        return self.tokenizer(
            prefix + text,
            truncation=truncation,
            max_length=max_source_length or self.tokenizer.model_max_length,
            return_tensors="pt",
        )

    def _forward(self, model_inputs, **generate_kwargs):
        output_ids = self.model.generate(**model_inputs, **generate_kwargs)
        if not self.model.config.is_encoder_decoder:  # the prompt comes back first: keep what was generated
            output_ids = output_ids[:, model_inputs["input_ids"].shape[-1] :]
        return {"output_ids": output_ids}

    def postprocess(self, model_outputs, clean_up_tokenization_spaces: bool = False):
        return [
            {"summary_text": self.tokenizer.decode(ids, skip_special_tokens=True,
                                                   clean_up_tokenization_spaces=clean_up_tokenization_spaces).strip()}
            for ids in model_outputs["output_ids"]
        ]


def _prompt_inputs(tokenizer, prompt: dict, text: str, max_source_length: int | None):
    """prefix + document (cut to the prompt's budget) + suffix, as in training (summarizer.data.features)."""
    import torch

    prefix, suffix = list(prompt["prefix_ids"]), list(prompt["suffix_ids"])
    room = (max_source_length or prompt["max_source_length"]) - len(prefix) - len(suffix)
    document = tokenizer(text, add_special_tokens=False)["input_ids"][: max(room, 0)]
    ids = torch.tensor([prefix + document + suffix], dtype=torch.long)
    return {"input_ids": ids, "attention_mask": torch.ones_like(ids)}
