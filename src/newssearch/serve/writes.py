"""`newssearch serve --allow-indexing`: POST /api/articles adds articles (the JSON records
`index` reads: an object or an array of them) for a client that sends the server's token as
`Authorization: Bearer TOKEN`. Without the flag this route does not exist (the server answers
405: read-only). Bodies are size-limited; one write at a time, waiting for another writer as
`index --wait` does; the answer is what `index --format json` prints."""

from __future__ import annotations

import asyncio
import hmac
import json

from fastapi import APIRouter, Request

from .service import Service, ServiceError

router = APIRouter(prefix="/api")
MAX_BODY = 16 * 2**20  # bytes of JSON in one request (the size of the largest record `index` reads)
MAX_ARTICLES = 10_000  # in one request


def check_token(request: Request, token: str) -> None:
    given = request.headers.get("authorization", "")
    scheme, _, value = given.partition(" ")
    if scheme.lower() != "bearer" or not hmac.compare_digest(value.strip().encode(), token.encode()):
        raise ServiceError(401, "unauthorized", "send the server's token as `Authorization: Bearer TOKEN`")


async def read_json(request: Request):
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > MAX_BODY:
        raise ServiceError(413, "too_large", f"a request may carry at most {MAX_BODY // 2**20} MiB of articles")
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > MAX_BODY:
            raise ServiceError(413, "too_large", f"a request may carry at most {MAX_BODY // 2**20} MiB of articles")
    try:
        data = json.loads(body)
    except (ValueError, UnicodeDecodeError, RecursionError) as exc:
        raise ServiceError(400, "bad_input", f"the body is not JSON: {exc}") from None
    records = data if isinstance(data, list) else [data]
    if not records or not all(isinstance(r, dict) for r in records):
        raise ServiceError(400, "bad_input", "the body must be an article (a JSON object) or an array of them")
    if len(records) > MAX_ARTICLES:
        raise ServiceError(413, "too_large", f"at most {MAX_ARTICLES:,} articles a request")
    return records


@router.post("/articles", summary="Add articles (with --allow-indexing and the token; `newssearch index`)")
async def add_articles(request: Request):
    svc: Service = request.app.state.service
    check_token(request, request.app.state.token)
    records = await read_json(request)
    loop = asyncio.get_running_loop()
    report = await loop.run_in_executor(svc.writer, lambda: svc.writable().add_articles(records))
    return report.to_dict()
