"""`newssearch serve`: the JSON API and the search page over HTTP (the "present" stage beside
cli/). Every endpoint is one NewsIndex call answered with results.py's JSON contract; the pages
are rendered on the server from the same results. This face stays light: FastAPI, Jinja2 and
uvicorn are imported only by `create_app` and `serve`."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from fastapi import FastAPI

    from .service import Limits


def create_app(index_dir=None, *, limits: "Limits | None" = None, threads: int | None = None,
               token: str | None = None) -> "FastAPI":
    """The ASGI app serving the index at `index_dir` (default: $NEWSSEARCH_INDEX or ./index; a
    list of folders: those indexes searched as one, read-only), read-only unless a `token` is
    given (POST /api/articles then adds articles for a client that sends it). The index may not
    exist yet: requests are then answered 503 until one does."""
    from .app import create_app as create

    return create(index_dir, limits=limits, threads=threads, token=token)


def serve(index_dir=None, *, host: str = "127.0.0.1", port: int = 8000, limits: "Limits | None" = None,
          threads: int | None = None, token: str | None = None, workers: int = 1) -> None:
    """Serve until interrupted, logging one line per request. `workers` > 1 starts that many
    processes (each opens the index read-only and has its own threads), for more throughput than
    one Python process gives."""
    import uvicorn

    if workers <= 1:
        uvicorn.run(create_app(index_dir, limits=limits, threads=threads, token=token), host=host, port=port,
                    log_level="info", server_header=False)
        return
    import json
    import os
    from dataclasses import asdict

    # the worker processes import the app by name: it reads what to serve from the environment
    where = [str(p) for p in index_dir] if isinstance(index_dir, list) else index_dir and str(index_dir)
    os.environ[CONFIG] = json.dumps({"index_dir": where, "threads": threads,
                                     "token": token, "limits": asdict(limits) if limits else None})
    uvicorn.run("newssearch.serve.app:from_environment", factory=True, workers=workers, host=host, port=port,
                log_level="info", server_header=False)


CONFIG = "NEWSSEARCH_SERVE_CONFIG"


__all__ = ["create_app", "serve"]
