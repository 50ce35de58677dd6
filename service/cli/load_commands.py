"""Commands for the arrangements format: ``load seed``, ``load arrangements``, ``validate``.

Each command does its work through :mod:`loaders.arrangements` and
:mod:`loaders.bootstrap`; this module only parses options and prints.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from graph.store import LoadReport, StoreError
from loaders.arrangements import ArrangementsError, ProgressHook, parse_arrangements
from loaders.bootstrap import ONTOLOGY_SOURCE, ensure_ontology, load_seed
from ontology.identifiers import is_key, slugify
from service.cli.common import app, console, err_console, load_app, open_cli_store

__all__ = ["load_arrangements_command", "load_seed_command", "validate_command"]

FolderArgument = Annotated[
    Path,
    typer.Argument(
        exists=True, file_okay=False, dir_okay=True, readable=True, help="Arrangements folder."
    ),
]


def _bar() -> Progress:
    return Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("quads"),
        TimeElapsedColumn(),
        console=err_console,
        transient=True,
    )


def _hook(progress: Progress, description: str) -> ProgressHook:
    task = progress.add_task(description, total=None)

    def hook(done: int, total: int) -> None:
        progress.update(task, completed=done, total=total)

    return hook


def _report(report: LoadReport) -> None:
    verb = "replaced" if report.replaced else "loaded"
    console.print(
        f"{verb} source [bold]{report.source.name}[/bold]: {report.triples} triples "
        f"in {report.seconds:.2f} s",
        soft_wrap=True,
    )


def _refuse(exc: Exception) -> typer.Exit:
    err_console.print(str(exc), markup=False, highlight=False, soft_wrap=True)
    return typer.Exit(1)


@load_app.command("seed")
def load_seed_command(ctx: typer.Context) -> None:
    """(Re)load the curated seed graph (and the ontology if it is missing)."""
    with open_cli_store(ctx, bootstrap=False) as store:
        try:
            ontology = ensure_ontology(store)
            if ontology is not None:
                _report(ontology)
            with _bar() as progress:
                report = load_seed(store, progress=_hook(progress, "seed"))
        except (ArrangementsError, StoreError) as exc:
            raise _refuse(exc) from exc
    _report(report)


@load_app.command("arrangements")
def load_arrangements_command(
    ctx: typer.Context,
    folder: FolderArgument,
    name: Annotated[
        str | None,
        typer.Option("--name", help="Source name (default: the folder's name as a slug)."),
    ] = None,
) -> None:
    """Check an arrangements folder and load it as one source, atomically."""
    from loaders.arrangements import load_arrangements

    source = name or slugify(folder.resolve().name)
    if not source or "/" in source or not is_key(source):
        raise _refuse(ValueError(f"not a usable source name: {source!r} (use --name)"))
    if source == ONTOLOGY_SOURCE:
        raise _refuse(ValueError(f"the source name {source!r} is reserved"))
    try:
        arrangements = parse_arrangements(folder)
    except ArrangementsError as exc:
        raise _refuse(exc) from exc
    with open_cli_store(ctx) as store:
        try:
            with _bar() as progress:
                report = load_arrangements(
                    store, folder, name=source, progress=_hook(progress, source)
                )
        except (ArrangementsError, StoreError) as exc:
            raise _refuse(exc) from exc
    _report(report)
    summary = ", ".join(f"{n} {what}" for what, n in arrangements.summary().items())
    console.print(f"  {summary}", soft_wrap=True)


@app.command("validate")
def validate_command(
    folder: FolderArgument,
    corpus: Annotated[
        Path | None,
        typer.Option(
            "--corpus",
            exists=True,
            file_okay=False,
            help="Folder of the documents' texts: check every evidence sentence is verbatim.",
        ),
    ] = None,
) -> None:
    """Check an arrangements folder without loading it: print every problem, exit 1 if any."""
    try:
        arrangements = parse_arrangements(folder)
    except ArrangementsError as exc:
        raise _refuse(exc) from exc
    if corpus is not None:
        from loaders.corpus import check_evidence

        issues = check_evidence(arrangements.records, corpus)
        if issues:
            lines = "\n".join(f"  {issue}" for issue in issues)
            raise _refuse(ValueError(f"{len(issues)} evidence problem(s):\n{lines}"))
    summary = ", ".join(f"{n} {what}" for what, n in arrangements.summary().items())
    console.print(f"{folder}: OK ({summary})", soft_wrap=True, markup=False)
