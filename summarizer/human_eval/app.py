"""The rating app (`python -m summarizer.human_eval serve`): the Korean rating page and its JSON API. The page
only ever learns "left" and "right"; which system is which stays in the store. Every error is a 4xx/503 answer
with a message (`detail`), never a traceback, and the server stays up."""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from pydantic import BaseModel, Field

from summarizer.analysis.fonts import korean_web_font
from summarizer.human_eval.errors import HumanEvalError
from summarizer.human_eval.schema import FLAGS
from summarizer.human_eval.store import Store

STATIC = Path(__file__).parent / "static"


class JoinRequest(BaseModel):
    annotator: str


class RatingRequest(BaseModel):
    annotator: str
    example_id: str
    preference: str = Field(description="left | right | tie")
    flags_left: list[str] = []
    flags_right: list[str] = []
    comment: str = ""


def create_app(store: Store) -> FastAPI:
    app = FastAPI(title="요약 블라인드 평가 (human evaluation)")
    app.mount("/static", StaticFiles(directory=STATIC), name="static")

    @app.exception_handler(HumanEvalError)
    async def _known(request: Request, error: HumanEvalError) -> JSONResponse:
        return JSONResponse({"detail": str(error)}, status_code=error.status)

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, error: RequestValidationError) -> JSONResponse:
        fields = "; ".join(f"{'.'.join(map(str, e['loc'][1:])) or 'body'}: {e['msg']}" for e in error.errors())
        return JSONResponse({"detail": f"malformed request ({fields})"}, status_code=422)

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, error: Exception) -> JSONResponse:
        return JSONResponse({"detail": f"server error: {type(error).__name__}: {error}"}, status_code=500)

    @app.get("/", include_in_schema=False)
    def page() -> FileResponse:
        return FileResponse(STATIC / "index.html", media_type="text/html; charset=utf-8")

    @app.get("/fonts/NanumGothic.ttf", include_in_schema=False)
    def font() -> Response:
        """NanumGothic from the project's own dependencies: Hangul on a rater's machine without Korean fonts,
        with nothing fetched from the internet."""
        data = korean_web_font()
        if data is None:
            raise HumanEvalError("NanumGothic is not installed (pip install koreanize-matplotlib); system fonts are used")
        return Response(data, media_type="font/ttf", headers={"Cache-Control": "max-age=86400"})

    @app.get("/api/studies")
    def studies() -> dict:
        return {"studies": store.study_names(), "flags": FLAGS}

    @app.post("/api/studies/{name}/annotators")
    def join(name: str, body: JoinRequest) -> dict:
        return asdict(store.join(name, body.annotator))

    @app.get("/api/studies/{name}/next")
    def next_item(name: str, annotator: str) -> dict:
        item = store.next_item(name, annotator)
        return {"progress": asdict(store.progress(name, annotator)), "item": asdict(item) if item else None}

    @app.post("/api/studies/{name}/ratings")
    def rate(name: str, body: RatingRequest) -> dict:
        status = store.submit(name, body.annotator, body.example_id, body.preference, body.flags_left, body.flags_right,
                              body.comment)
        return {"status": status, "progress": asdict(store.progress(name, body.annotator))}

    return app
