"""The batched model endpoint: LitServe collects the requests that arrive together (up to `max_batch_size`,
waiting at most `batch_timeout`) and hands them to `predict` as one list.

In LitServe's batched loop an exception in `decode_request`, `predict` or `encode_response` fails every request of
the batch, so nothing here raises for one request's sake: requests reach this endpoint already checked by
/v1/summarize, and a group whose settings still do not fit together gets its own error answer.
"""

# No `from __future__ import annotations`: LitServe reads decode_request's annotation as the body type.
import time
from collections import defaultdict
from typing import Any

import litserve as ls

from summarizer.errors import ConfigError
from summarizer.serving.decoding import generation_config_for, reported_settings, summarize_texts
from summarizer.serving.loading import ServedModel, load_model
from summarizer.serving.schemas import GenerateRequest

GENERATE_PATH = "/internal/generate"


class SummarizerAPI(ls.LitAPI):
    def __init__(self, served: ServedModel, generate_batch_size: int, **kwargs):
        super().__init__(api_path=GENERATE_PATH, **kwargs)
        self.served = served
        self.generate_batch_size = generate_batch_size

    def setup(self, device: str) -> None:
        self.model, self.tokenizer = load_model(self.served, device)

    def decode_request(self, request: GenerateRequest) -> dict[str, Any]:
        return {"texts": request.texts, "decoding": dict(request.decoding), "arrived": time.perf_counter()}

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
            try:
                config = generation_config_for(self.model.generation_config, dict(key))
            except ConfigError as error:
                for index in members:
                    answers[index] = {"error": str(error), "status": 422}
                continue
            texts = [text for index in members for text in requests[index]["texts"]]
            results = summarize_texts(
                self.model, self.tokenizer, texts, config, source_prefix=self.served.source_prefix,
                max_source_length=self.served.max_source_length, batch_size=self.generate_batch_size,
            )  # fmt: skip
            for index in members:
                count = len(requests[index]["texts"])
                answers[index] = {"summaries": results[:count], "decoding": reported_settings(config)}
                results = results[count:]
        for request, answer in zip(requests, answers):
            answer.update(batch_size=len(requests), generate_ms=1000 * (time.perf_counter() - request["arrived"]))
        return answers

    def unbatch(self, output: list[dict[str, Any]]) -> list[dict[str, Any]]:
        return output

    def encode_response(self, output: dict[str, Any]) -> dict[str, Any]:
        return output
