"""The API's request and answer bodies (they make the OpenAPI docs at /docs)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class Decoding(BaseModel):
    """Per-request decoding overrides; unset fields keep the run's own generation_config.json (the sweep's choice).
    Ranges are serve.decoding_limits (GET /v1/limits)."""

    model_config = ConfigDict(extra="forbid")
    num_beams: int | None = None
    length_penalty: float | None = None
    max_new_tokens: int | None = None
    min_length: int | None = None
    no_repeat_ngram_size: int | None = None


class SummarizeRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    text: str | None = Field(None, description="One article. Give `text` or `texts`.")
    texts: list[str] | None = Field(None, description="Several articles, summarized together.")
    decoding: Decoding = Field(default_factory=Decoding)


class SummarizeUrlRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    url: str = Field(description="An http(s) news page; its article text is extracted and summarized.")
    decoding: Decoding = Field(default_factory=Decoding)


class GenerateRequest(BaseModel):
    """The batched model endpoint's body: already checked by /v1/summarize (limits, emptiness); typed here too, so
    a malformed direct call is refused before it can join a batch."""

    model_config = ConfigDict(extra="forbid")
    texts: list[str]
    decoding: Decoding = Field(default_factory=Decoding)


class Summary(BaseModel):
    summary: str
    input_tokens: int = Field(description="Tokens of the source (with the model's prefix), before truncation.")
    truncated: bool = Field(description="The source was longer than the model's window and was cut to it.")


class SummarizeResponse(BaseModel):
    summaries: list[Summary]
    decoding: dict = Field(description="The settings these summaries were decoded with.")
    max_source_tokens: int
    model: dict = Field(description="run_dir, model_dir and the commit that trained it.")
    batch_size: int = Field(description="Requests the server decoded together with this one.")
    latency_ms: float = Field(description="From the request's arrival to its answer, in the server.")


class SummarizeUrlResponse(SummarizeResponse):
    url: str
    final_url: str = Field(description="The page's address after redirects.")
    title: str | None
    text: str = Field(description="The article text extracted from the page (what was summarized).")
