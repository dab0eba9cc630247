"""The ASGI app: the JSON API (routes.py), the search page (pages.py), the static files, the
error answers and the security headers. Errors are one JSON line {"error": {"kind", "message"}}
under /api (pages answer them as a page), never a stack trace."""

from __future__ import annotations

import logging
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from starlette.exceptions import HTTPException
from starlette.staticfiles import StaticFiles

from ..errors import InputError, NewsSearchError
from . import pages, routes
from .service import Limits, Service, ServiceError, error_status

HERE = Path(__file__).resolve().parent
log = logging.getLogger("newssearch.serve")

HEADERS = {
    # no inline script or style: the page's script and style are files of ours
    "Content-Security-Policy": ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                                "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"),
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Cross-Origin-Opener-Policy": "same-origin",
}


MIN_TOKEN = 16  # characters


def create_app(index_dir=None, *, limits: Limits | None = None, threads: int | None = None,
               token: str | None = None) -> FastAPI:
    """`token`: POST /api/articles adds articles for a client that sends it (else read-only); at
    least MIN_TOKEN characters (InputError), surrounding spaces ignored as in the request's header."""
    if token is not None:
        token = token.strip()
        if len(token) < MIN_TOKEN:
            raise InputError(f"`token` must be at least {MIN_TOKEN} characters long (one guessed by trying "
                             "is not a token)", params=("token",))
    svc = Service(index_dir, limits, threads)

    @asynccontextmanager
    async def lifespan(app):
        yield
        svc.close()

    app = FastAPI(title="newssearch", version=_version(), lifespan=lifespan, docs_url=None, redoc_url=None,
                  description="Full-text search for news archives. Every endpoint answers the JSON the command "
                              "line prints with --format json; errors are {\"error\": {\"kind\", \"message\"}}.")
    app.state.service = svc
    app.state.token = token
    if token:
        from . import writes

        app.include_router(writes.router)
    app.include_router(routes.router)
    app.include_router(pages.router)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")

    @app.middleware("http")
    async def security_headers(request: Request, call_next):
        response = await call_next(request)
        for name, value in HEADERS.items():
            response.headers.setdefault(name, value)
        return response

    def answer(request: Request, status: int, kind: str, message: str):
        if request.url.path.startswith("/api/") or request.url.path == "/openapi.json":
            response = routes.json_error(status, kind, message)
        else:
            response = pages.error_page(request, status, message)
        response.headers.update(HEADERS)  # also on a 500, answered outside the middleware
        return response

    @app.exception_handler(NewsSearchError)
    async def library_error(request: Request, exc: NewsSearchError):
        return answer(request, *error_status(exc))

    @app.exception_handler(ServiceError)
    async def service_error(request: Request, exc: ServiceError):
        return answer(request, exc.status, exc.kind, exc.message)

    @app.exception_handler(RequestValidationError)
    async def bad_parameter(request: Request, exc: RequestValidationError):
        return answer(request, 400, "bad_parameter", _said(exc))

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException):
        kind = {404: "not_found", 405: "method_not_allowed"}.get(exc.status_code, "http")
        read_only = "GET only" + ("" if request.app.state.token else
                                  " (newssearch serve --allow-indexing adds POST /api/articles)")
        message = {404: "not found", 405: f"not allowed here: {read_only}"}.get(exc.status_code, str(exc.detail))
        response = answer(request, exc.status_code, kind, message)
        if exc.headers:
            response.headers.update(exc.headers)
        return response

    @app.exception_handler(Exception)
    async def internal_error(request: Request, exc: Exception):  # a bug of ours: logged, never shown
        log.exception("internal error answering %s", request.url.path)
        return answer(request, 500, "internal", f"internal error: {type(exc).__name__} (see the server's log)")

    return app


def from_environment() -> FastAPI:
    """The app of a worker process started by `serve(workers=N)`, configured by its parent."""
    import json
    import os

    from . import CONFIG

    config = json.loads(os.environ[CONFIG])
    limits = Limits(**config["limits"]) if config.get("limits") else None
    return create_app(config["index_dir"], limits=limits, threads=config["threads"], token=config["token"])


def _said(exc: RequestValidationError) -> str:
    """A parameter FastAPI refused, in one line: "`limit`: Input should be greater than or equal to 1"."""
    errors = exc.errors()
    if not errors:
        return "bad request"
    first = errors[0]
    where = [str(p) for p in first.get("loc", ()) if p not in ("query", "path", "body")]
    name = f"`{where[-1]}`: " if where else ""
    return f"{name}{first.get('msg', 'invalid value')}"


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("newssearch")
    except PackageNotFoundError:
        return "0"
