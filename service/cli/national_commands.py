"""National open data: ``oversight load national`` and ``oversight coverage``.

``load national DIR`` loads every national source found in *DIR*
(see :mod:`loaders.national`) with a progress bar, each into its own named
graph, then prints what was read, loaded, skipped and rejected. It exits with
status 1 when a file was refused or a source failed (the rest still loads).
``coverage`` prints, per source, what the store holds against what the source's
rows said, and lists the rejected rows.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich import box
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
)
from rich.table import Column, Table

from loaders.national import LoadObserver, NationalSummary, SourceResult, load_national
from loaders.national.base import NationalSource
from loaders.national.coverage import SourceCoverage, coverage
from loaders.national.pipeline import SOURCES
from service.cli.common import (
    OutputFormat,
    app,
    console,
    err_console,
    load_app,
    open_cli_store,
    print_rows,
)

__all__ = ["coverage_command", "load_national_command", "summary_table"]

SHOWN_REJECTS = 10


class _Bar(LoadObserver):
    """Draws one overall bar over the sources and a counter for each source.

    A source may start reading before the one before it has finished writing, so
    each source keeps its own line.
    """

    def __init__(self, progress: Progress, sources: int) -> None:
        self.progress = progress
        self.overall = progress.add_task("national sources", total=sources, quads=0)
        self.tasks: dict[str, TaskID] = {}

    def started(self, source: NationalSource, files: list[str]) -> None:
        self.tasks[source.name] = self.progress.add_task(f"{source.name}", total=None, quads=0)

    def advanced(self, source: NationalSource, quads: int) -> None:
        if source.name in self.tasks:
            self.progress.update(self.tasks[source.name], quads=quads)

    def finished(self, result: SourceResult) -> None:
        if result.name in self.tasks:
            mark = "[green]✓[/]" if result.loaded else "[red]✗[/]"
            self.progress.update(
                self.tasks[result.name],
                description=f"{mark} {result.name}",
                quads=result.triples,
                total=1,
                completed=1,
            )
        self.progress.advance(self.overall)


def summary_table(summary: NationalSummary) -> Table:
    """One row per source: loaded?, triples, seconds, rows read / kept / skipped / rejected.

    Narrow enough for an 80-column terminal, where the source name is never cut.
    """
    names = [r.name.removeprefix("national-") for r in summary.results]
    table = Table(
        Column("source", no_wrap=True),
        "ok",
        *(Column(h, justify="right") for h in ("triples", "s", "read", "kept", "skipped")),
        Column("rejected", justify="right"),
        title="National sources (national-…): triples, seconds, rows",
        box=box.SIMPLE_HEAD,
        collapse_padding=True,
        pad_edge=False,
    )
    for name, r in zip(names, summary.results, strict=True):
        audit = r.audit
        table.add_row(
            name,
            "yes" if r.loaded else "[red]no[/]",
            f"{r.triples:,}",
            f"{r.seconds:.1f}",
            f"{audit.rows_read:,}" if audit else "",
            f"{audit.rows_loaded:,}" if audit else "",
            f"{sum(audit.skipped.values()):,}" if audit else "",
            f"{audit.rejected_total or 0:,}" if audit else "",
        )
    return table


def _report(summary: NationalSummary) -> None:
    console.print(summary_table(summary))
    for r in summary.results:
        if r.message:
            err_console.print(f"[red]{r.name} not loaded:[/] {r.message}")
        audit = r.audit
        if audit is None:
            continue
        if audit.skipped:
            why = "; ".join(f"{n:,} {reason}" for reason, n in sorted(audit.skipped.items()))
            console.print(f"{r.name}: skipped {why}")
        if audit.rejects:
            total = audit.rejected_total or len(audit.rejects)
            console.print(f"[yellow]{r.name}: {total:,} row(s) rejected[/]")
            for issue in audit.rejects[:SHOWN_REJECTS]:
                console.print(f"  {issue}")
            if total > SHOWN_REJECTS:
                more = total - SHOWN_REJECTS
                console.print(f"  ... and {more:,} more: see `oversight coverage --all`")
    for message in summary.refused:
        err_console.print(f"[red]refused:[/] {message}")
    if summary.ignored:
        console.print(f"not recognised (ignored): {', '.join(summary.ignored)}")
    console.print(f"{summary.triples:,} triples loaded")


@load_app.command("national")
def load_national_command(
    ctx: typer.Context,
    data_dir: Annotated[
        Path,
        typer.Argument(
            metavar="DIR",
            exists=True,
            file_okay=False,
            help="Folder of national open data (searched recursively for .csv and .ods).",
        ),
    ],
    validate: Annotated[
        bool, typer.Option("--validate/--no-validate", help="Check SHACL shapes before commit.")
    ] = True,
    only: Annotated[
        list[str] | None,
        typer.Option("--only", help="Load only this source (repeatable), e.g. national-ofsted."),
    ] = None,
) -> None:
    """Load councils, trusts, schools, hubs, Ofsted judgements and neighbours from DIR."""
    with (
        open_cli_store(ctx) as store,
        Progress(
            SpinnerColumn(),
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.fields[quads]:>10,} quads"),
            TimeElapsedColumn(),
            console=console,
            transient=False,
        ) as progress,
    ):
        wanted = set(only) if only else None
        unknown = (wanted or set()) - {s.name for s in SOURCES}
        if unknown:
            raise typer.BadParameter(f"unknown source(s): {', '.join(sorted(unknown))}")
        count = len(wanted) if wanted else len(SOURCES)
        observer = _Bar(progress, count)
        summary = load_national(store, data_dir, validate=validate, only=wanted, observer=observer)
    _report(summary)
    if not summary.ok:
        raise typer.Exit(1)


def _coverage_rows(found: list[SourceCoverage]) -> list[list[object]]:
    rows: list[list[object]] = []
    for cover in found:
        for line in cover.lines:
            rows.append(
                [
                    cover.name,
                    line.category,
                    line.found,
                    line.expected,
                    f"{line.found}/{line.expected}" if line.found is not None else "",
                    cover.rows_rejected,
                ]
            )
    return rows


@app.command("coverage")
def coverage_command(
    ctx: typer.Context,
    fmt: Annotated[OutputFormat, typer.Option("--format", help="table, csv or json.")] = (
        OutputFormat.table
    ),
    show_all: Annotated[
        bool, typer.Option("--all", help="List every rejected row kept, not the first ten.")
    ] = False,
) -> None:
    """Counts per kind of body and relationship against the source row counts."""
    with open_cli_store(ctx, bootstrap=False) as store:
        found = coverage(store)
    if not found:
        err_console.print("no national source is loaded: run `oversight load national` first")
        raise typer.Exit(1)
    columns = ["source", "what", "in store", "expected", "coverage", "rejected rows"]
    print_rows(columns, _coverage_rows(found), fmt, title="Coverage of national sources")
    if fmt is not OutputFormat.table:
        return
    for cover in found:
        if cover.skipped:
            why = "; ".join(f"{n:,} {reason}" for reason, n in cover.skipped.items())
            console.print(f"{cover.name}: skipped {why}")
        if not cover.rejects:
            continue
        console.print(f"[yellow]{cover.name}: {cover.rows_rejected:,} row(s) rejected[/]")
        shown = cover.rejects if show_all else cover.rejects[:SHOWN_REJECTS]
        for issue in shown:
            console.print(f"  {issue}")
        hidden = cover.rows_rejected - len(shown)
        if hidden > 0:
            console.print(f"  ... and {hidden:,} more" + ("" if show_all else " (--all)"))
