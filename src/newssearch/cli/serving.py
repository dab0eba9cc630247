"""`newssearch serve`: the JSON API and the search page (newssearch.serve), imported only when
the command runs, so the command line starts as fast without the server's packages and a core
install without them says in one line what to install."""

from __future__ import annotations

import os
from pathlib import Path
from typing import List, Optional

import typer

from ..errors import NewsSearchError
from .app import IndexesOpt, _err, app


@app.command("serve")
def serve_cmd(
    index: List[Path] = IndexesOpt,
    host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on (0.0.0.0: every network)"),
    port: int = typer.Option(8000, "--port", min=1, max=65535, help="Port to listen on"),
    threads: Optional[int] = typer.Option(None, "--threads", min=1, max=64,
                                          help="Threads answering queries [default: 2 per core, at most 8]"),
    workers: int = typer.Option(1, "--workers", "-j", min=1, max=32,
                                help="Server processes (each with its own threads) [default: 1]"),
    time_budget: float = typer.Option(10.0, "--time-budget", min=0.1, max=3600,
                                      help="Seconds a request may take before it is answered 503"),
    allow_indexing: bool = typer.Option(False, "--allow-indexing",
                                        help="Accept POST /api/articles from clients with the token in "
                                             "$NEWSSEARCH_TOKEN (Authorization: Bearer TOKEN)"),
):
    """Serve the JSON API and the search page over HTTP (read-only; 127.0.0.1 unless --host)."""
    try:
        import fastapi  # noqa: F401
        import jinja2  # noqa: F401
        import uvicorn  # noqa: F401
    except ImportError as exc:
        raise NewsSearchError(f"newssearch serve needs {exc.name}: pip install 'newssearch[serve]'") from None
    from ..serve.app import MIN_TOKEN

    token = os.environ.get("NEWSSEARCH_TOKEN", "").strip() if allow_indexing else None
    if token is not None and len(token) < MIN_TOKEN:
        raise NewsSearchError(f"--allow-indexing needs a token of at least {MIN_TOKEN} characters in $NEWSSEARCH_TOKEN "
                              "(e.g. NEWSSEARCH_TOKEN=$(python -c 'import secrets; print(secrets.token_urlsafe())'))")
    from .. import api
    from ..serve import serve
    from ..serve.service import Limits

    if token is not None and host not in ("127.0.0.1", "localhost", "::1"):
        _err(f"warning: --allow-indexing on {host}: the token crosses the network in clear text "
             "unless a TLS proxy is in front")
    where: Path | list[Path] = api.default_index_dir()
    if index:
        where = index[0] if len(index) == 1 else index
    if isinstance(where, list):  # several, searched as one: read-only, each must be there
        if token is not None:
            raise NewsSearchError("--allow-indexing needs one --index: articles are written to one index "
                                  f"(given {len(where)})")
        api.NewsIndex.open(where).close()  # a missing or outdated one: said now, in one line
    elif not api.NewsIndex.exists(where):
        _err(f"warning: no index at {where} yet: requests are answered 503 until `newssearch index` makes one")
    serve(where, host=host, port=port, threads=threads, limits=Limits(time_budget=time_budget), token=token,
          workers=workers)
