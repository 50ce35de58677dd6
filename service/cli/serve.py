"""``oversight serve``: the SPARQL endpoint (and the rest of the web service) under uvicorn.

Every option has an ``OVERSIGHT_*`` environment twin (see
:class:`service.settings.Settings`); options win over the environment.
Tokens given with ``--token`` are visible to other users of the machine in
the process list: on a shared host prefer ``OVERSIGHT_TOKENS``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from service.cli.common import app, err_console, settings_of
from service.settings import Role, Settings

__all__ = ["parse_token", "serve"]

_ROLES: tuple[Role, ...] = ("read", "write")


def parse_token(value: str) -> tuple[str, Role]:
    """``ROLE:TOKEN`` → ``(token, role)``; the error never repeats the token.

    >>> parse_token("write:s3cret")
    ('s3cret', 'write')
    >>> try:
    ...     parse_token("admin:s3cret")
    ... except typer.BadParameter as error:
    ...     print(error)
    expected ROLE:TOKEN with ROLE read or write (got role 'admin')
    """
    role, sep, token = value.partition(":")
    role = role.strip().lower()
    if not sep or not token:
        raise typer.BadParameter("expected ROLE:TOKEN, e.g. write:<token>")
    if role not in _ROLES:
        raise typer.BadParameter(f"expected ROLE:TOKEN with ROLE read or write (got role {role!r})")
    return token, role


@app.command()
def serve(
    ctx: typer.Context,
    host: Annotated[
        str | None, typer.Option(help="Address to listen on (default 127.0.0.1).")
    ] = None,
    port: Annotated[int | None, typer.Option(help="Port to listen on (default 8000).")] = None,
    data_dir: Annotated[
        Path | None,
        typer.Option("--data-dir", help="Folder of the embedded store (created if missing)."),
    ] = None,
    token: Annotated[
        list[str] | None,
        typer.Option(
            "--token",
            metavar="ROLE:TOKEN",
            help="A bearer token and its role (read or write); repeatable. A write token "
            "enables SPARQL Update; any read token makes queries need a token.",
        ),
    ] = None,
    query_timeout: Annotated[
        float | None, typer.Option(help="Seconds a query may run (default 30).")
    ] = None,
    max_rows: Annotated[
        int | None, typer.Option(help="Most rows (or triples) per answer (default 10000).")
    ] = None,
    workers: Annotated[
        int | None,
        typer.Option("--workers", "--query-workers", help="Queries run in parallel."),
    ] = None,
    cors_origin: Annotated[
        list[str] | None,
        typer.Option("--cors-origin", help="An origin allowed by CORS; repeatable (off if none)."),
    ] = None,
    allow_service_host: Annotated[
        list[str] | None,
        typer.Option(
            "--allow-service-host",
            help="A host SERVICE and LOAD may reach; repeatable (both refused if none).",
        ),
    ] = None,
    seed: Annotated[
        bool,
        typer.Option(
            "--seed/--no-seed", help="Load the ontology and the seed graph into an empty store."
        ),
    ] = True,
    log_level: Annotated[str, typer.Option(help="uvicorn log level.")] = "info",
) -> None:
    """Serve the SPARQL endpoint, the query editor and the API over HTTP."""
    import uvicorn

    from service.app import create_app

    base = settings_of(ctx)
    overrides: dict[str, Any] = {
        "host": host,
        "port": port,
        "data_dir": data_dir,
        "query_timeout": query_timeout,
        "max_rows": max_rows,
        "query_workers": workers,
        "cors_origins": cors_origin or None,
        "service_allowlist": allow_service_host or None,
    }
    values = base.model_dump()
    values.update({k: v for k, v in overrides.items() if v is not None})
    values["load_seed"] = base.load_seed and seed
    if token:
        values["tokens"] = {**base.tokens, **dict(parse_token(t) for t in token)}
    settings = Settings(**values)
    where = "memory" if settings.store_backend == "memory" else str(settings.data_dir)
    if settings.store_backend == "remote":
        where = settings.remote_query_url or "remote"
    err_console.print(
        f"Oversight Graph on http://{settings.host}:{settings.port}/sparql (store: {where}; "
        f"query limit {settings.query_timeout:g} s, {settings.max_rows} rows; updates "
        f"{'need a write token' if 'write' in settings.tokens.values() else 'disabled'})"
    )
    uvicorn.run(
        create_app(settings),
        host=settings.host,
        port=settings.port,
        log_level=log_level,
        access_log=log_level.lower() in ("trace", "debug", "info"),  # else uvicorn drops them
    )
