"""Path and gap commands: ``oversight path``, ``oversight chain``, ``oversight gaps``.

All three read the projection of the configured store (see :mod:`graph.paths`
and :mod:`graph.gaps`) and print a table (default), CSV or JSON::

    oversight chain la/380/multi-academy-trusts
    oversight path la/380/multi-academy-trusts national/dfe --kind meetsWith --kind scrutinises
    oversight gaps --council 380 --rule uncovered-handoff --as-of 2017-06-27 --format json

Exit status: 0 on success, 1 when a body or council is not found, 2 for bad input.
"""

from __future__ import annotations

import json
import math
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict
from datetime import date, datetime
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer

from graph import paths
from graph.errors import ExpectationsError, GraphError, InvalidQuery, NodeNotFound
from graph.gaps import gap_report, load_expectations
from graph.gaps.council_profile import resolve_council
from graph.projection import OversightView, Projection, ProjectionCache
from service.cli.common import (
    OutputFormat,
    app,
    console,
    err_console,
    open_cli_store,
    print_rows,
    settings_of,
)
from service.settings import saved_projection_folder

__all__ = ["chain_command", "gaps_command", "path_command"]


class Direction(StrEnum):
    """Which way a chain between two bodies is read."""

    auto = "auto"
    up = "up"
    down = "down"


class Severity(StrEnum):
    """Minimum severity of the gaps shown."""

    low = "low"
    medium = "medium"
    high = "high"


FormatOption = Annotated[OutputFormat, typer.Option("--format", "-f", help="table, csv or json.")]
AsOfOption = Annotated[
    datetime | None,
    typer.Option("--as-of", formats=["%Y-%m-%d"], help="Only what is valid on this date."),
]
KindOption = Annotated[
    list[str] | None,
    typer.Option("--kind", "-k", help="Only relationships of this kind (repeatable)."),
]
MinOption = Annotated[
    float | None,
    typer.Option("--min-per-year", min=0, help="Drop steps guaranteeing fewer meetings a year."),
]


@contextmanager
def _projection(ctx: typer.Context) -> Iterator[Projection]:
    """Open the store, build the projection (or read its saved copy), map errors to exit codes."""
    try:
        with open_cli_store(ctx) as store:
            saved = saved_projection_folder(settings_of(ctx))
            yield ProjectionCache(store, saved=saved).get()
    except NodeNotFound as error:
        err_console.print(f"[red]Not found:[/red] {error}")
        raise typer.Exit(1) from None
    except (InvalidQuery, ExpectationsError, ValueError) as error:
        err_console.print(f"[red]Invalid input:[/red] {error}")
        raise typer.Exit(2) from None
    except GraphError as error:
        err_console.print(f"[red]Error:[/red] {error}")
        raise typer.Exit(1) from None


def _day(value: datetime | None) -> date | None:
    return value.date() if value is not None else None


def _view(
    p: Projection, as_of: datetime | None, kinds: list[str] | None, min_per_year: float | None
) -> OversightView:
    return p.view(as_of=_day(as_of), kinds=kinds or None, min_per_year=min_per_year)


def _finite(value: Any) -> Any:
    if isinstance(value, float) and math.isinf(value):
        return None
    if isinstance(value, dict):
        return {k: _finite(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_finite(v) for v in value]
    return value


def _dump(data: Any) -> None:
    json.dump(_finite(data), sys.stdout, indent=2, default=str)
    sys.stdout.write("\n")


def _per_year(value: float | None) -> str:
    if value is None or math.isinf(value):
        return "no limit"
    return f"{value:g}"


def _chain_text(p: Projection, chain: paths.Chain) -> str:
    arrow = " ← " if chain.direction == "up" else " → "
    parts = [p.graph.nodes[chain.nodes[0]]["label"]]
    for step, node in zip(chain.steps, chain.nodes[1:], strict=True):
        how = step.kind if step.structural else f"{step.kind}, {step.frequency or 'no frequency'}"
        parts.append(f"[{how}]{arrow}{p.graph.nodes[node]['label']}")
    return " ".join(parts)


def _print_chains(
    p: Projection,
    chains: list[paths.Chain],
    fmt: OutputFormat,
    title: str,
    link: paths.WeakestLink | None,
    extra: dict[str, Any],
) -> None:
    if fmt is OutputFormat.json:
        _dump(
            {
                **extra,
                "chains": [asdict(c) for c in chains],
                "weakest_link": asdict(link) if link else None,
            }
        )
        return
    rows = [
        [i, c.length, _per_year(c.per_year), "yes" if c.reaches_top else "no", _chain_text(p, c)]
        for i, c in enumerate(chains, start=1)
    ]
    print_rows(["#", "steps", "weakest per year", "top", "chain"], rows, fmt, title=title)
    if fmt is OutputFormat.table:
        if link is not None and link.step is not None:
            console.print(
                f"Weakest link: {p.graph.nodes[link.step.overseer]['label']} — "
                f"{p.graph.nodes[link.step.overseen]['label']} ({link.step.kind}, "
                f"{link.step.frequency or 'no frequency'}): {_per_year(link.per_year)} a year, "
                f"on the chain {' / '.join(link.chain.nodes)}"
            )
        elif not chains:
            console.print("No chain found.")


@app.command("chain")
def chain_command(
    ctx: typer.Context,
    body: Annotated[
        str, typer.Argument(help="Key of the body (e.g. la/380/multi-academy-trusts).")
    ],
    cutoff: Annotated[int, typer.Option(min=1, max=paths.MAX_CUTOFF, help="Most steps.")] = 6,
    limit: Annotated[int, typer.Option(min=1, help="Most chains.")] = 20,
    kind: KindOption = None,
    min_per_year: MinOption = None,
    as_of: AsOfOption = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """Chains of accountability from a body up to the top, with the weakest link."""
    with _projection(ctx) as p:
        view = _view(p, as_of, kind, min_per_year)
        key = p.resolve(body)
        chains = paths.accountability_chains(view, key, cutoff=cutoff, limit=limit)
        link = None
        if any(c.reaches_top for c in chains):
            link = paths.weakest_link(view, key, cutoff=cutoff)
        _print_chains(
            p,
            chains,
            fmt,
            f"Chains from {p.graph.nodes[key]['label']} to the top",
            link,
            {"body": key},
        )


@app.command("path")
def path_command(
    ctx: typer.Context,
    source: Annotated[str, typer.Argument(metavar="FROM", help="Key of the first body.")],
    target: Annotated[str, typer.Argument(metavar="TO", help="Key of the second body.")],
    direction: Annotated[
        Direction, typer.Option(help="up (TO oversees FROM), down, or auto (up, else down).")
    ] = Direction.auto,
    cutoff: Annotated[int, typer.Option(min=1, max=paths.MAX_CUTOFF, help="Most steps.")] = 4,
    limit: Annotated[int, typer.Option(min=1, help="Most chains.")] = 20,
    kind: KindOption = None,
    min_per_year: MinOption = None,
    as_of: AsOfOption = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """Every chain between two bodies, shortest first, and the weakest link."""
    with _projection(ctx) as p:
        view = _view(p, as_of, kind, min_per_year)
        a, b = p.resolve(source), p.resolve(target)
        ways: list[paths.Direction] = (
            ["up", "down"]
            if direction is Direction.auto
            else ["up" if direction is Direction.up else "down"]
        )
        chains: list[paths.Chain] = []
        chosen = ways[0]
        for way in ways:
            chains = paths.all_chains(view, a, b, direction=way, cutoff=cutoff, limit=limit)
            if chains:
                chosen = way
                break
        link = paths.weakest_link(view, a, b, direction=chosen, cutoff=cutoff) if chains else None
        _print_chains(
            p,
            chains,
            fmt,
            f"Chains {a} → {b} ({chosen})",
            link,
            {"from": a, "to": b, "direction": chosen},
        )


@app.command("gaps")
def gaps_command(
    ctx: typer.Context,
    council: Annotated[
        str | None, typer.Option(help="DfE LA code or council key (380, la/380).")
    ] = None,
    rule: Annotated[list[str] | None, typer.Option(help="Only this rule (repeatable).")] = None,
    severity: Annotated[Severity | None, typer.Option(help="Minimum severity.")] = None,
    as_of: AsOfOption = None,
    expectations: Annotated[
        Path | None, typer.Option(help="Another expectations file (default: the bundled one).")
    ] = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """Oversight gaps, most severe first, with the rule and plain-English explanation."""
    with _projection(ctx) as p:
        exp = load_expectations(expectations)
        key = resolve_council(p.view(), council) if council is not None else None
        report = gap_report(
            p,
            as_of=_day(as_of),
            council=key,
            rules=rule,
            min_severity=severity.value if severity else None,
            expectations=exp,
        )
        if fmt is OutputFormat.json:
            _dump(
                {
                    "as_of": report.as_of.isoformat(),
                    "counts": report.counts,
                    "gaps": [asdict(g) for g in report.gaps],
                }
            )
            return
        rows = [
            [
                g.severity,
                g.rule,
                g.title,
                ", ".join(g.councils),
                g.explanation if fmt is OutputFormat.csv else len(g.sources),
            ]
            for g in report.gaps
        ]
        last = "explanation" if fmt is OutputFormat.csv else "sources"
        print_rows(
            ["severity", "rule", "gap", "councils", last],
            rows,
            fmt,
            title=f"Oversight gaps as of {report.as_of.isoformat()}",
        )
        if fmt is OutputFormat.table:
            counts = ", ".join(f"{k} {v}" for k, v in report.counts.items() if v)
            console.print(f"{len(report.gaps)} gaps ({counts or 'none'})")
