"""The public API and the page, in the HTTP process: requests are checked here (so a bad one never reaches, and
never fails, a batch), then handed to the batched model endpoint over loopback HTTP, its public interface."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path
from typing import Any

import httpx
from fastapi import APIRouter, HTTPException
from fastapi.responses import FileResponse, Response

from summarizer.analysis.fonts import korean_web_font
from summarizer.serving.articles import extract_article
from summarizer.serving.decoding import out_of_range
from summarizer.serving.fetching import FetchError, address_policy, fetch_page
from summarizer.serving.loading import ServedModel
from summarizer.serving.schemas import (
    Decoding,
    SummarizeRequest,
    SummarizeResponse,
    SummarizeUrlRequest,
    SummarizeUrlResponse,
)

STATIC_DIR = Path(__file__).resolve().parent / "static"
_ERRORS = {status: {"description": text} for status, text in (
    (403, "The URL points into a private network"), (413, "Too many texts, or a text over serve.max_chars"),
    (415, "The URL is not an HTML page"), (422, "Invalid request (the message names the field and the fix)"),
    (502, "The URL could not be fetched"), (503, "The model is not loaded yet, or the server is stopping"),
    (504, "The page or the model took too long"),
)}  # fmt: skip


def build_routes(settings: dict[str, Any], served: ServedModel, generate_url: str) -> APIRouter:
    router = APIRouter()
    client: dict[str, httpx.AsyncClient] = {}  # made in the serving process's event loop, on first use
    allowed = address_policy(settings["allow_private_urls"])

    async def generate(texts: list[str], decoding: Decoding, started: float) -> dict[str, Any]:
        if "http" not in client:
            client["http"] = httpx.AsyncClient(timeout=settings["request_timeout_s"] + 5, trust_env=False)
        payload = {"texts": texts, "decoding": decoding.model_dump(exclude_none=True)}
        try:
            answer = await client["http"].post(generate_url, json=payload)
        except httpx.TransportError as error:
            raise HTTPException(503, f"The model endpoint did not answer ({error.__class__.__name__}); "
                                     "the server may be starting or stopping. Try again.") from None
        body = answer.json()
        if answer.status_code != 200 or "error" in body:
            raise HTTPException(body.get("status", answer.status_code), body.get("error") or body.get("detail"))
        return {
            "summaries": body["summaries"], "decoding": body["decoding"], "batch_size": body["batch_size"],
            "max_source_tokens": served.max_source_length, "model": served.describe(),
            "latency_ms": round(1000 * (time.perf_counter() - started), 1),
        }  # fmt: skip

    @router.post("/v1/summarize", response_model=SummarizeResponse, responses=_ERRORS, tags=["summarize"])
    async def summarize(request: SummarizeRequest) -> dict[str, Any]:
        """Summarize `text` (one article) or `texts` (several), optionally with decoding overrides."""
        started = time.perf_counter()
        texts = checked_texts(request, settings["max_texts"], settings["max_chars"])
        check_decoding(request.decoding, settings["decoding_limits"])
        return await generate(texts, request.decoding, started)

    @router.post("/v1/summarize-url", response_model=SummarizeUrlResponse, responses=_ERRORS, tags=["summarize"])
    async def summarize_url(request: SummarizeUrlRequest) -> dict[str, Any]:
        """Fetch a news page, extract its article text (trafilatura), and summarize it."""
        started = time.perf_counter()
        check_decoding(request.decoding, settings["decoding_limits"])
        url = settings["url"]
        try:
            page = await fetch_page(request.url, timeout_s=url["timeout_s"], max_bytes=url["max_bytes"],
                                    max_redirects=url["max_redirects"], allowed=allowed,
                                    user_agent=url["user_agent"])  # fmt: skip
        except FetchError as error:
            raise HTTPException(error.status, error.message) from None
        article = await asyncio.to_thread(extract_article, page.html, page.url)
        if article is None or len(article.text) < url["min_article_chars"]:
            found = f"only {len(article.text)} characters" if article else "nothing"
            raise HTTPException(422, f"No article text on {page.url}: the extractor found {found} (at least "
                                     f"{url['min_article_chars']} needed). Paste the article's text instead.")
        text = article.text[: settings["max_chars"]]  # the model keeps less than this anyway (see `truncated`)
        answer = await generate([text], request.decoding, started)
        return {**answer, "url": request.url, "final_url": page.url, "title": article.title, "text": text}

    @router.get("/v1/limits", tags=["about"])
    async def limits() -> dict[str, Any]:
        """What a request may ask for (the page sets its inputs' ranges from this) and the model served."""
        return {"max_texts": settings["max_texts"], "max_chars": settings["max_chars"],
                "decoding": settings["decoding_limits"], "max_source_tokens": served.max_source_length,
                "model": served.describe()}  # fmt: skip

    @router.get("/healthz", tags=["about"])
    async def healthz() -> dict[str, str]:
        """Alive: the HTTP process answers (GET /readyz: the model is loaded too)."""
        return {"status": "ok"}

    @router.get("/", include_in_schema=False)
    async def page() -> FileResponse:
        return FileResponse(STATIC_DIR / "index.html")

    @router.get("/fonts/NanumGothic.ttf", include_in_schema=False)
    async def korean_font() -> Response:
        """Hangul for visitors without a Korean system font (style.css tries local fonts first)."""
        font = await asyncio.to_thread(korean_web_font)
        if font is None:
            raise HTTPException(404, "No bundled Korean font (koreanize-matplotlib is not installed).")
        return Response(font, media_type="font/ttf", headers={"Cache-Control": "max-age=86400"})

    return router


def checked_texts(request: SummarizeRequest, max_texts: int, max_chars: int) -> list[str]:
    """The request's texts, or the 4xx that says what is wrong with them."""
    if (request.text is None) == (request.texts is None):
        raise HTTPException(422, [_error(["body"], "Give exactly one of `text` (one article) or `texts` (a list).")])
    texts = [request.text] if request.text is not None else request.texts
    if not texts:
        raise HTTPException(422, [_error(["body", "texts"], "`texts` is empty: give at least one article.")])
    if len(texts) > max_texts:
        raise HTTPException(413, f"{len(texts)} texts in one request; the limit is {max_texts} (serve.max_texts).")
    field = "text" if request.text is not None else "texts"
    for index, text in enumerate(texts):
        loc = ["body", field] + ([] if field == "text" else [index])
        if not text.strip():
            raise HTTPException(422, [_error(loc, f"{_name(loc)} is empty or only whitespace: give the article.")])
        if len(text) > max_chars:
            raise HTTPException(413, f"{_name(loc)} has {len(text):,} characters; the limit is {max_chars:,} "
                                     "(serve.max_chars). Send a shorter text.")
    return texts


def check_decoding(decoding: Decoding, limits: dict[str, dict[str, float]]) -> None:
    errors = out_of_range(decoding.model_dump(), limits)
    if errors:
        raise HTTPException(422, errors)


def _error(loc: list, message: str) -> dict[str, Any]:
    return {"loc": loc, "msg": message, "type": "value_error"}


def _name(loc: list) -> str:
    return loc[1] + "".join(f"[{part}]" for part in loc[2:])
