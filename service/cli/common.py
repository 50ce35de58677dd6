"""What every CLI command shares: the Typer apps, global options and output."""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from graph.store import Store
from service.settings import Settings, open_configured_store

__all__ = [
    "OutputFormat",
    "app",
    "console",
    "err_console",
    "load_app",
    "open_cli_store",
    "print_rows",
    "settings_of",
]

app = typer.Typer(
    name="oversight",
    help="Oversight Graph: who scrutinises whom, how often, on what evidence.",
    no_args_is_help=True,
    add_completion=False,
)
load_app = typer.Typer(help="Load sources into the store (each into its own named graph).")
app.add_typer(load_app, name="load")

console = Console()
err_console = Console(stderr=True)


class OutputFormat(StrEnum):
    """How tabular output is printed."""

    table = "table"
    csv = "csv"
    json = "json"


@app.callback()
def main(
    ctx: typer.Context,
    data_dir: Annotated[
        Path | None,
        typer.Option(
            "--data-dir",
            envvar="OVERSIGHT_DATA_DIR",
            help="Folder of the embedded store (default: a per-user data folder).",
        ),
    ] = None,
    memory: Annotated[
        bool, typer.Option("--memory", help="Use a throw-away in-memory store.")
    ] = False,
) -> None:
    """Global options, shared by every command."""
    overrides: dict[str, Any] = {}
    if data_dir is not None:
        overrides["data_dir"] = data_dir
    if memory:
        overrides["store_backend"] = "memory"
    ctx.obj = Settings(**overrides)


def settings_of(ctx: typer.Context) -> Settings:
    """The settings built by the global options."""
    settings = ctx.find_root().obj
    assert isinstance(settings, Settings)
    return settings


@contextmanager
def open_cli_store(ctx: typer.Context, *, bootstrap: bool = True) -> Iterator[Store]:
    """Open the configured store; with *bootstrap*, load the ontology and seed if empty."""
    settings = settings_of(ctx)
    with open_configured_store(settings) as store:
        if bootstrap and settings.load_seed:
            from loaders.bootstrap import ensure_bundled_data

            ensure_bundled_data(store)
        yield store


def print_rows(
    columns: Sequence[str], rows: Sequence[Sequence[Any]], fmt: OutputFormat, *, title: str = ""
) -> None:
    """Print rows as a rich table, CSV or JSON (a list of objects)."""
    if fmt is OutputFormat.json:
        json.dump(
            [dict(zip(columns, r, strict=True)) for r in rows], sys.stdout, indent=2, default=str
        )
        sys.stdout.write("\n")
    elif fmt is OutputFormat.csv:
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(columns)
        writer.writerows(rows)
    else:
        table = Table(*columns, title=title or None, show_lines=False)
        for row in rows:
            table.add_row(*("" if v is None else str(v) for v in row))
        console.print(table)
