"""The search page, the article view, the query help and the API reference, rendered on the
server (Jinja2, escaping everything by default) from the same NewsIndex calls as the API. The
URL holds the whole search (a GET form), so a search can be bookmarked and shared; the page's one
small script only adds keyboard shortcuts, everything works without it."""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader, select_autoescape

from ..errors import NewsSearchError
from . import markup
from .service import Service, error_status

router = APIRouter(include_in_schema=False)
PAGE_SIZE = 10
env = Environment(loader=FileSystemLoader(Path(__file__).resolve().parent / "templates"),
                  autoescape=select_autoescape(default=True, default_for_string=True))
env.globals.update(marked=markup.marked, search_url=markup.search_url, article_url=markup.article_url,
                   safe_link=markup.safe_link)

FIELDS = ("q", "since", "until", "source", "match", "sort", "page")
SORTS = (("", "best first (newest for *)"), ("relevance", "relevance"), ("newest", "newest first"),
         ("oldest", "oldest first"))


def render(name: str, code: int = 200, **context) -> HTMLResponse:
    return HTMLResponse(env.get_template(name).render(**context), status_code=code)


def error_page(request: Request, status: int, message: str) -> HTMLResponse:
    return render("error.html", status, status=status, message=message)


def _form(request: Request) -> dict:
    qp = request.query_params
    form = {name: (qp.get(name) or "").strip() for name in FIELDS if name != "source"}
    form["source"] = [s for s in qp.getlist("source") if s][:20]
    return form


def _too_long(form: dict, most: int) -> str | None:
    """What the page refuses, as the API does: never a query cut short and run as another one."""
    for name in FIELDS:
        if name != "source" and len(form[name]) > most:
            return f"the {name} field is {len(form[name]):,} characters long; at most {most:,} are read"
    if any(len(s) > 200 for s in form["source"]):
        return "a source name is at most 200 characters long"
    return None


@router.get("/", response_class=HTMLResponse)
async def search_page(request: Request):
    svc: Service = request.app.state.service
    form = _form(request)
    searched = any(form[k] for k in ("q", "since", "until", "source"))
    context = {"form": form, "sorts": SORTS, "result": None, "chart": None, "error": None, "stats": None,
               "pages": 0}
    too_long = _too_long(form, svc.limits.max_query_chars)
    if too_long:
        form = {name: value[:200] if isinstance(value, str) else [v[:200] for v in value]
                for name, value in form.items()}
        context.update(form=form, error=too_long)
        return render("search.html", 400, **context)
    try:
        page = int(form["page"] or 1)
        if not 1 <= page <= svc.limits.max_depth // PAGE_SIZE:
            raise ValueError
    except ValueError:
        context["error"] = f"page must be a number from 1 to {svc.limits.max_depth // PAGE_SIZE:,}"
        return render("search.html", 400, **context)
    q = form["q"] or "*"
    try:
        if not searched:
            context["stats"] = (await svc.call(lambda ix: ix.stats())).to_dict()
            return render("search.html", **context)
        filters = dict(since=form["since"] or None, until=form["until"] or None, sources=form["source"],
                       match=form["match"] or "all")
        result = await svc.call(lambda ix: ix.search(q, limit=PAGE_SIZE, page=page, sort=form["sort"] or None,
                                                      facets=("source", "month"), **filters))
        timeline = await svc.call(lambda ix: ix.timeline([q], **filters))
    except NewsSearchError as exc:
        status, _, message = error_status(exc)
        context["error"] = message
        return render("search.html", status, **context)
    context.update(result=result, chart=markup.timeline_svg(timeline),
                   pages=max(1, -(-result.total // PAGE_SIZE)))
    return render("search.html", **context)


@router.get("/article/{article_id:path}", response_class=HTMLResponse)
async def article_page(request: Request, article_id: str):
    svc: Service = request.app.state.service
    article = await svc.call(lambda ix: ix.get(article_id))
    similar = await svc.call(lambda ix: ix.similar(article_id, limit=5, snippets=1))
    copies = await svc.call(lambda ix: ix.copies(article_id))
    paragraphs = [p for p in (article.get("body") or "").split("\n\n") if p.strip()]
    return render("article.html", article=article, paragraphs=paragraphs, similar=similar, copies=copies)


@router.get("/help", response_class=HTMLResponse)
async def help_page():
    return render("help.html")


@router.get("/docs", response_class=HTMLResponse)
async def docs_page(request: Request):
    """The API reference, read from the OpenAPI document (/openapi.json), without a script."""
    spec = request.app.openapi()
    endpoints = [(path, method.upper(), op)
                 for path, ops in spec.get("paths", {}).items() for method, op in ops.items()]
    return render("docs.html", endpoints=endpoints, spec=spec)
