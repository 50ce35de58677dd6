"""The query editor page (``/`` and ``/query``) and its JSON twin, the saved-query API.

* ``GET /`` and ``GET /query`` — YASGUI on our ``/sparql`` endpoint beside the library
  of saved queries; ``/query?saved=<name>`` opens one straight away.
* ``GET /api/queries`` — the library: name, title, description, parameters.
* ``GET /api/queries/{name}`` — one saved query with its text; query-string
  parameters (``?council=la/856``) replace the defaults of its ``VALUES`` clauses.
* ``GET /api/queries/{name}.rq`` — the same text as ``application/sparql-query``.
* ``GET /api/prefixes`` — our prefixes as ``{"ov": "https://…"}`` (YASGUI's prefix
  completion reads them from here rather than from prefix.cc).
"""

from __future__ import annotations

import html
import json
from functools import cache
from pathlib import Path
from string import Template
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, Response
from pydantic import BaseModel

from ontology.namespaces import PREFIXES
from service.deps import get_settings
from service.routers.vendor import vendor_url
from service.saved_queries import SavedQuery, get_saved_query, load_saved_queries
from service.settings import Settings

__all__ = [
    "ParameterOut",
    "SavedQueryDetail",
    "SavedQueryList",
    "SavedQuerySummary",
    "render_library",
    "render_query_page",
    "router",
]

STATIC_DIR = Path(__file__).resolve().parents[1] / "static"
ENDPOINT = "/sparql"
QUERIES_URL = "/api/queries"
PREFIXES_URL = "/api/prefixes"
YASGUI = "@zazuko/yasgui"

router = APIRouter(tags=["saved queries"])


class ParameterOut(BaseModel):
    """A parameter of a saved query: set it with ``?<name>=<value>``."""

    name: str
    type: str
    description: str
    default: str


class SavedQuerySummary(BaseModel):
    """A saved query as listed in the library."""

    name: str
    title: str
    description: str
    parameters: list[ParameterOut]
    url: str
    text_url: str
    editor_url: str


class SavedQueryDetail(SavedQuerySummary):
    """A saved query with its text (parameters filled in when given)."""

    query: str


class SavedQueryList(BaseModel):
    """The whole library, by name."""

    queries: list[SavedQuerySummary]


def _summary(query: SavedQuery) -> dict[str, Any]:
    return {
        "name": query.name,
        "title": query.title,
        "description": query.description,
        "parameters": [
            ParameterOut(name=p.name, type=p.type, description=p.description, default=p.default)
            for p in query.parameters
        ],
        "url": f"{QUERIES_URL}/{query.name}",
        "text_url": f"{QUERIES_URL}/{query.name}.rq",
        "editor_url": f"/query?saved={query.name}",
    }


def _bound_query(name: str, request: Request) -> tuple[SavedQuery, str]:
    """The saved query and its text with the request's query-string parameters bound.

    Raises ``SavedQueryNotFound`` (404) or ``InvalidParameter`` (400), mapped in
    :mod:`service.errors`.
    """
    query = get_saved_query(name)
    return query, query.render(dict(request.query_params))


@router.get(QUERIES_URL, response_model=SavedQueryList)
def list_saved_queries() -> SavedQueryList:
    """The library of saved analyst queries.

    >>> "mutual-oversight" in [q.name for q in list_saved_queries().queries]
    True
    """
    return SavedQueryList(
        queries=[SavedQuerySummary(**_summary(q)) for q in load_saved_queries().values()]
    )


@router.get(QUERIES_URL + "/{name}.rq", response_class=Response)
def saved_query_text(name: str, request: Request) -> Response:
    """One saved query as a SPARQL file, parameters filled in from the query string.

    >>> from starlette.requests import Request
    >>> request = Request({"type": "http", "query_string": b"council=la/856", "headers": []})
    >>> response = saved_query_text("council-arrangements-by-frequency", request)
    >>> response.media_type, b"/id/la/856>" in response.body
    ('application/sparql-query; charset=utf-8', True)
    """
    _, text = _bound_query(name, request)
    return Response(text, media_type="application/sparql-query; charset=utf-8")


@router.get(QUERIES_URL + "/{name}", response_model=SavedQueryDetail)
def saved_query(name: str, request: Request) -> SavedQueryDetail:
    """One saved query with its text, parameters filled in from the query string.

    >>> from starlette.requests import Request
    >>> request = Request({"type": "http", "query_string": b"", "headers": []})
    >>> saved_query("mutual-oversight", request).title
    'Mutual oversight: pairs that oversee each other'
    """
    query, text = _bound_query(name, request)
    return SavedQueryDetail(**_summary(query), query=text)


@router.get(PREFIXES_URL)
def prefixes() -> dict[str, str]:
    """Our prefixes, prefix → namespace IRI.

    >>> prefixes()["ov"]
    'https://w3id.org/oversight/def#'
    """
    return dict(PREFIXES)


@cache
def _template() -> Template:
    return Template((STATIC_DIR / "query.html").read_text(encoding="utf-8"))


def render_library(queries: dict[str, SavedQuery]) -> str:
    """The saved queries as HTML list items: a link per query, described by its text.

    >>> from service.saved_queries import parse_saved_query
    >>> q = parse_saved_query("a-b", "# title: A & B\\n# description: <Both>\\nASK {}")
    >>> html_items = render_library({"a-b": q})
    >>> 'href="/query?saved=a-b"' in html_items
    True
    >>> '<span class="title">A &amp; B</span>' in html_items
    True
    >>> '<p class="description" id="saved-a-b-about">&lt;Both&gt;</p>' in html_items
    True
    """
    items = []
    for q in queries.values():
        name, about = html.escape(q.name), f"saved-{html.escape(q.name)}-about"
        params = ""
        if q.parameters:
            listed = "; ".join(
                f"<code>?{html.escape(p.name)}</code> {html.escape(p.description)}"
                for p in q.parameters
            )
            params = f'\n          <p class="params">Parameters: {listed}</p>'
        items.append(
            f"        <li>\n"
            f'          <a class="saved-query" href="/query?saved={name}" data-name="{name}" '
            f'aria-describedby="{about}"><span class="title">{html.escape(q.title)}</span></a>\n'
            f'          <p class="description" id="{about}">{html.escape(q.description)}</p>'
            f"{params}\n"
            f"        </li>"
        )
    return "\n".join(items)


def _script_json(data: object) -> str:
    """JSON that is safe inside a ``<script>`` element."""
    text = json.dumps(data, ensure_ascii=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def render_query_page(*, vendor_dir: Path, saved: str | None, token_required: bool) -> str:
    """The editor page's HTML; *saved* names the query to open, if any.

    >>> page = render_query_page(vendor_dir=Path("node_modules"), saved=None,
    ...                          token_required=False)
    >>> "<title>SPARQL query editor" in page and "data-name=" in page
    True
    """
    queries = load_saved_queries()
    notice = ""
    if saved is not None and saved not in queries:
        notice = (
            f'<p class="notice" role="alert">No saved query is called '
            f"“{html.escape(saved)}”. Choose one from the list.</p>"
        )
        saved = None
    title = "SPARQL query editor — Oversight Graph"
    if saved is not None:
        title = f"{queries[saved].title} — {title}"
    config = {
        "endpoint": ENDPOINT,
        "prefixes": PREFIXES,
        "prefixesUrl": PREFIXES_URL,
        "queriesUrl": QUERIES_URL,
        "saved": saved,
        "persistenceId": "oversight-graph-editor",
        "tokenRequired": token_required,
    }
    return _template().substitute(
        page_title=html.escape(title),
        endpoint=ENDPOINT,
        notice=notice,
        library=render_library(queries),
        token_hidden="" if token_required else "hidden",
        config=_script_json(config),
        yasgui_css=vendor_url(vendor_dir, YASGUI, "build/yasgui.min.css"),
        yasgui_js=vendor_url(vendor_dir, YASGUI, "build/yasgui.min.js"),
        page_css="/static/query.css",
        page_js="/static/query.js",
    )


@router.get("/", response_class=HTMLResponse, include_in_schema=False)
@router.get("/query", response_class=HTMLResponse, include_in_schema=False)
def query_page(
    settings: Annotated[Settings, Depends(get_settings)], saved: str | None = None
) -> HTMLResponse:
    """The query editor, opening the saved query *saved* when given (404 if unknown).

    >>> from service.settings import Settings
    >>> page = query_page(Settings(store_backend="memory"), saved="mutual-oversight")
    >>> page.status_code, b'"saved": "mutual-oversight"' in page.body
    (200, True)
    """
    page = render_query_page(
        vendor_dir=settings.vendor_dir, saved=saved, token_required=bool(settings.tokens)
    )
    known = saved is None or saved in load_saved_queries()
    return HTMLResponse(page, status_code=200 if known else 404)
