"""The JSON API: one endpoint per NewsIndex call, each answering exactly what the command line
prints with `--format json` for the same options (results.py's to_dict). Options that cannot work
together are refused (400), as on the command line, never silently ignored."""

from __future__ import annotations

from typing import List, Optional

from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse, StreamingResponse

from .service import Service, ServiceError

router = APIRouter(prefix="/api")

SOURCE = Query(None, description="Only this source (repeatable)", max_length=200)
SINCE = Query(None, description="From this day (inclusive): 2024-02-01, 2024-02, 7d, yesterday", max_length=100)
UNTIL = Query(None, description="Through this day (inclusive)", max_length=100)
MATCH = Query("all", description="all: every word required; any: rank articles with any of the words",
              max_length=10)
DATE_ORDER = Query(None, description="dmy|mdy: how to read a date such as 4.3.1987", max_length=10)
LENIENT = Query(False, description="Search the words of a query that cannot be parsed")


def service(request: Request) -> Service:
    return request.app.state.service


def check_query(svc: Service, *queries: str) -> None:
    most = svc.limits.max_query_chars
    for q in queries:
        if len(q) > most:
            raise ServiceError(400, "bad_query", f"`q` is {len(q):,} characters long; at most {most:,} are read")


def refuse(first: str, second: str, why: str) -> ServiceError:
    return ServiceError(400, "bad_query", f"`{first}` and `{second}` cannot be used together: {why}")


@router.get("/search", summary="Search (the body is what `newssearch query --format json` prints)")
async def search(request: Request,
                 q: str = Query("*", description="The query (README: query language); * lists everything"),
                 limit: Optional[int] = Query(None, ge=1, description="Hits per page [default 10]"),
                 page: Optional[int] = Query(None, ge=1, description="Page number [default 1]"),
                 sort: Optional[str] = Query(None, description="relevance|newest|oldest", max_length=20),
                 since: Optional[str] = SINCE, until: Optional[str] = UNTIL,
                 source: Optional[List[str]] = SOURCE,
                 facet: Optional[List[str]] = Query(None, description="Count all matches by source|author|month|year"),
                 match: str = MATCH,
                 sample: Optional[int] = Query(None, ge=1, description="A random sample of N matching articles"),
                 seed: Optional[int] = Query(None, description="Seed of the sample [default 0]"),
                 snippets: int = Query(2, ge=0, le=10, description="Fragments per hit"),
                 collapse: bool = Query(True, description="Fold near copies of a story into its best hit"),
                 lenient: bool = LENIENT, date_order: Optional[str] = DATE_ORDER):
    svc = service(request)
    check_query(svc, q)
    if seed is not None and sample is None:
        raise ServiceError(400, "bad_query", "`seed` needs `sample` (it chooses which random sample)")
    if sample is not None:
        for name, given in (("page", page), ("limit", limit), ("sort", sort)):
            if given is not None:
                raise refuse("sample", name, "a sample is shown whole, newest first (`seed` draws another)")
    size = limit or sample or 10
    if size > svc.limits.max_limit:
        name = "limit" if limit else "sample"
        raise ServiceError(400, "bad_query", f"`{name}` must be at most {svc.limits.max_limit}")
    if size * (page or 1) > svc.limits.max_depth:
        raise ServiceError(400, "bad_query", f"`page` * `limit` must be at most {svc.limits.max_depth:,} "
                                             "(/api/export streams every match)")
    result = await svc.call(lambda ix: ix.search(
        q, limit=size, page=page or 1, sort=sort, since=since, until=until, sources=source or (),
        snippets=snippets, strict=not lenient, facets=facet or (), sample=sample, seed=seed or 0,
        collapse=collapse, date_order=date_order, match=match))
    return result.to_dict()


@router.get("/articles/{article_id:path}/similar", summary="Articles most like one article (`newssearch similar`)")
async def similar(request: Request, article_id: str, limit: int = Query(10, ge=1)):
    svc = service(request)
    if limit > svc.limits.max_limit:
        raise ServiceError(400, "bad_query", f"`limit` must be at most {svc.limits.max_limit}")
    return (await svc.call(lambda ix: ix.similar(article_id, limit=limit))).to_dict()


@router.get("/articles/{article_id:path}/copies", summary="An article's near copies (`newssearch show --copies`)")
async def copies(request: Request, article_id: str):
    return (await service(request).call(lambda ix: ix.copies(article_id))).to_dict()


@router.get("/articles/{article_id:path}", summary="Every stored field of one article (`newssearch show`)")
async def article(request: Request, article_id: str):
    return await service(request).call(lambda ix: ix.get(article_id))


@router.get("/stats", summary="Articles, date range, sources and size (`newssearch stats`)")
async def stats(request: Request):
    return (await service(request).call(lambda ix: ix.stats())).to_dict()


@router.get("/timeline", summary="Matching articles per period (`newssearch timeline`)")
async def timeline(request: Request,
                   q: List[str] = Query(["*"], description="One or more queries, compared side by side"),
                   by: Optional[str] = Query(None, description="day|week|month|year [default: from the span]",
                                             max_length=10),
                   since: Optional[str] = SINCE, until: Optional[str] = UNTIL, source: Optional[List[str]] = SOURCE,
                   match: str = MATCH, date_order: Optional[str] = DATE_ORDER):
    svc = service(request)
    check_query(svc, *q)
    if len(q) > svc.limits.max_timeline_queries:
        raise ServiceError(400, "bad_query", f"at most {svc.limits.max_timeline_queries} queries (`q`) at once")
    found = await svc.call(lambda ix: ix.timeline(q, by=by, since=since, until=until, sources=source or (),
                                                  date_order=date_order, match=match))
    return found.to_dict()


@router.get("/terms", summary="The most characteristic words and phrases of the matches (`newssearch terms`)")
async def terms(request: Request, q: str = Query(..., description="The query"),
                top: int = Query(20, ge=1, description="How many words and how many phrases"),
                since: Optional[str] = SINCE, until: Optional[str] = UNTIL, source: Optional[List[str]] = SOURCE,
                match: str = MATCH, date_order: Optional[str] = DATE_ORDER):
    svc = service(request)
    check_query(svc, q)
    if top > svc.limits.max_top:
        raise ServiceError(400, "bad_query", f"`top` must be at most {svc.limits.max_top}")
    found = await svc.call(lambda ix: ix.terms(q, top=top, since=since, until=until, sources=source or (),
                                               date_order=date_order, match=match))
    return found.to_dict()


EXPORT_TYPES = {"jsonl": "application/x-ndjson; charset=utf-8", "csv": "text/csv; charset=utf-8"}


@router.get("/export", summary="Every matching article, streamed (`newssearch query --all`)",
            response_class=StreamingResponse)
async def export(request: Request, q: str = Query("*", description="The query"),
                 format: str = Query("jsonl", description="jsonl|csv", max_length=10),
                 sort: Optional[str] = Query(None, description="newest|oldest [default newest]", max_length=20),
                 since: Optional[str] = SINCE, until: Optional[str] = UNTIL, source: Optional[List[str]] = SOURCE,
                 snippets: int = Query(0, ge=0, le=10, description="Fragments per article"),
                 match: str = MATCH, lenient: bool = LENIENT, date_order: Optional[str] = DATE_ORDER):
    from ..cli.render import render_stream

    svc = service(request)
    check_query(svc, q)
    if format not in EXPORT_TYPES:
        raise ServiceError(400, "bad_query", f"`format` must be jsonl or csv, not {format!r}")
    if sort == "relevance":
        raise refuse("export", "sort=relevance", "an export streams every match by date (newest or oldest)")
    total, chunks = await svc.stream(
        lambda ix: ix.export(q, since=since, until=until, sources=source or (), sort=sort, snippets=snippets,
                             strict=not lenient, date_order=date_order, match=match),
        lambda total, hits, out: render_stream(total, hits, format, out))
    filename = f"newssearch-export.{format}"
    return StreamingResponse(chunks, media_type=EXPORT_TYPES[format],
                             headers={"X-Total-Count": str(total),
                                      "Content-Disposition": f'attachment; filename="{filename}"'})


@router.get("/{rest:path}", include_in_schema=False)
async def unknown(rest: str):
    raise ServiceError(404, "not_found", "no such endpoint; the endpoints are listed at /docs")


def json_error(status: int, kind: str, message: str) -> JSONResponse:
    return JSONResponse({"error": {"kind": kind, "message": message}}, status_code=status)
