"""The batched model endpoint: LitServe collects the requests that arrive together (up to `max_batch_size`, waiting
at most `batch_timeout`) and hands them to `predict` as one list. In its batched loop an exception in
`decode_request`, `predict` or `encode_response` fails every request of the batch, so nothing here raises for one
request's sake: requests reach this endpoint already checked by /v1/summarize, and a group whose settings still do
not fit together gets its own error answer."""

# No `from __future__ import annotations`: LitServe reads decode_request's annotation as the body type.
import logging
from collections import defaultdict
from typing import Any

import litserve as ls

from summarizer.errors import ConfigError
from summarizer.generation.settings import build_generation_config
from summarizer.serving.decoding import summarize_texts
from summarizer.serving.loading import ServedModel, load_model
from summarizer.serving.schemas import GenerateRequest

log = logging.getLogger(__name__)
GENERATE_PATH = "/internal/generate"
# What an answer reports as "the decoding settings used" (the generation config's names).
REPORTED = ("num_beams", "length_penalty", "max_length", "min_length", "no_repeat_ngram_size", "early_stopping")


class SummarizerAPI(ls.LitAPI):
    def __init__(self, served: ServedModel, generate_batch_size: int, **kwargs):
        super().__init__(api_path=GENERATE_PATH, **kwargs)
        self.served = served
        self.generate_batch_size = generate_batch_size

    def setup(self, device: str) -> None:
        self.model, self.tokenizer = load_model(self.served, device)

    def decode_request(self, request: GenerateRequest) -> dict[str, Any]:
        return {"texts": request.texts, "decoding": request.decoding.model_dump(exclude_none=True)}

    def predict(self, requests: list[dict[str, Any]] | dict[str, Any]) -> list[dict[str, Any]] | dict[str, Any]:
        """One `generate` pass per distinct decoding setting among the batch's requests. With max_batch_size=1
        (batching off) LitServe passes one request, not a list, and takes one answer back."""
        if isinstance(requests, dict):
            return self.predict([requests])[0]
        groups: dict[tuple, list[int]] = defaultdict(list)
        for index, request in enumerate(requests):
            groups[tuple(sorted(request["decoding"].items()))].append(index)
        answers: list[dict[str, Any]] = [{} for _ in requests]
        for key, members in groups.items():
            group = self.decode_group(dict(key), [requests[index]["texts"] for index in members])
            for index, answer in zip(members, group):
                answers[index] = {**answer, "batch_size": len(requests)}
        return answers

    def decode_group(self, overrides: dict[str, Any], texts_per_request: list[list[str]]) -> list[dict[str, Any]]:
        """One answer per request of a group sharing `overrides`: their summaries, or the error they share."""
        try:
            config = build_generation_config(self.model.generation_config, overrides)
        except ConfigError as error:
            return [{"error": str(error), "status": 422} for _ in texts_per_request]
        try:
            results = summarize_texts(
                self.model, self.tokenizer, [text for texts in texts_per_request for text in texts], config,
                source_prefix=self.served.source_prefix, max_source_length=self.served.max_source_length,
                batch_size=self.generate_batch_size,
            )  # fmt: skip
        except Exception:  # one group's failure (e.g. out of memory) must not fail the other groups' requests
            log.exception("generate failed with the settings %s", overrides)
            return [{"error": "The model failed on this request; the server log has the details.", "status": 500}
                    for _ in texts_per_request]  # fmt: skip
        reported = {name: getattr(config, name, None) for name in REPORTED}
        answers = []
        for texts in texts_per_request:
            answers.append({"summaries": results[: len(texts)], "decoding": reported})
            results = results[len(texts):]
        return answers
