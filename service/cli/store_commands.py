"""Store commands: ``sources``, ``remove`` and ``query``.

``oversight sources`` lists what is loaded, ``oversight remove NAME`` drops a
source, ``oversight query`` runs SPARQL (SELECT → rows as a table, CSV or JSON;
ASK → ``true``/``false``; CONSTRUCT/DESCRIBE → Turtle). The default graph of a
query is the union of every source graph.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer
from pyoxigraph import (
    BlankNode,
    Literal,
    NamedNode,
    QueryBoolean,
    QuerySolutions,
    RdfFormat,
    Triple,
    serialize,
)

from graph.store import SourceNotFound, StoreError
from ontology.namespaces import PREFIXES
from service.cli.common import OutputFormat, app, console, err_console, open_cli_store, print_rows

__all__ = ["format_term", "query_command", "remove_command", "sources_command"]

SOURCE_COLUMNS = ("name", "title", "triples", "loaded at", "loader", "version")

FormatOption = Annotated[OutputFormat, typer.Option("--format", "-f", help="table, csv or json.")]


def _fail(message: str) -> typer.Exit:
    err_console.print(message, markup=False, highlight=False, soft_wrap=True)
    return typer.Exit(1)


def format_term(term: object, *, short: bool) -> str | None:
    """A result term as text: IRIs (as ``prefix:name`` when *short*), literal values, ``_:b``.

    >>> format_term(NamedNode("https://w3id.org/oversight/id/la/380"), short=True)
    'id:la/380'
    >>> format_term(NamedNode("https://w3id.org/oversight/id/la/380"), short=False)
    'https://w3id.org/oversight/id/la/380'
    >>> format_term(Literal("termly"), short=True), format_term(None, short=True)
    ('termly', None)
    """
    if term is None:
        return None
    if isinstance(term, NamedNode):
        if short:
            for prefix, namespace in PREFIXES.items():
                local = term.value[len(namespace) :]
                if term.value.startswith(namespace) and local and "#" not in local:
                    return f"{prefix}:{local}"
        return term.value
    if isinstance(term, Literal):
        return term.value
    if isinstance(term, BlankNode):
        return f"_:{term.value}"
    return str(term)


@app.command("sources")
def sources_command(ctx: typer.Context, fmt: FormatOption = OutputFormat.table) -> None:
    """List the loaded sources: name, title, triple count, when and by which loader."""
    with open_cli_store(ctx, bootstrap=False) as store:
        try:
            found = store.sources()
        except StoreError as exc:
            raise _fail(str(exc)) from exc
    rows = [
        (
            s.name,
            s.title,
            s.triples,
            s.loaded_at.isoformat(timespec="seconds"),
            s.loader,
            s.loader_version,
        )
        for s in found
    ]
    print_rows(SOURCE_COLUMNS, rows, fmt, title="Sources")


@app.command("remove")
def remove_command(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="Name of the source (see `oversight sources`).")],
) -> None:
    """Remove a source: drop its named graph and its provenance."""
    with open_cli_store(ctx, bootstrap=False) as store:
        try:
            triples = {s.name: s.triples for s in store.sources()}
            store.remove_source(name)
        except SourceNotFound as exc:
            known = ", ".join(sorted(triples)) or "none"
            raise _fail(f"no source named {name!r} (loaded: {known})") from exc
        except StoreError as exc:
            raise _fail(str(exc)) from exc
    console.print(f"removed source {name} ({triples.get(name, 0)} triples)", markup=False)


def _read_query(sparql: str | None, file: Path | None) -> str:
    if sparql is not None and file is not None:
        raise _fail("give the query as an argument or with --file, not both")
    if file is not None:
        return sys.stdin.read() if str(file) == "-" else file.read_text(encoding="utf-8")
    if sparql is None:
        raise _fail("give a SPARQL query, or --file FILE (--file - reads standard input)")
    return sparql


@app.command("query")
def query_command(
    ctx: typer.Context,
    sparql: Annotated[str | None, typer.Argument(help="The SPARQL query.")] = None,
    file: Annotated[
        Path | None,
        typer.Option("--file", help="Read the query from this file (- for standard input)."),
    ] = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """Run a SPARQL query over the union of all sources.

    SELECT prints rows (table, csv or json), ASK prints true or false,
    CONSTRUCT and DESCRIBE print Turtle.
    """
    text = _read_query(sparql, file)
    with open_cli_store(ctx) as store:
        try:
            result = store.query(text)
            if isinstance(result, QuerySolutions):
                columns = [v.value for v in result.variables]
                short = fmt is OutputFormat.table
                rows = [[format_term(row[c], short=short) for c in columns] for row in result]
            elif not isinstance(result, QueryBoolean):
                triples: list[Triple] = list(result)
        except SyntaxError as exc:
            raise _fail(f"invalid SPARQL: {exc}") from exc
        except StoreError as exc:
            raise _fail(str(exc)) from exc
    if isinstance(result, QueryBoolean):
        typer.echo("true" if bool(result) else "false")
    elif isinstance(result, QuerySolutions):
        print_rows(columns, rows, fmt)
    else:
        turtle = serialize(triples, format=RdfFormat.TURTLE, prefixes=PREFIXES) or b""
        sys.stdout.write(turtle.decode())
