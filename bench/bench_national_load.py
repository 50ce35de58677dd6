"""How fast ALL of ``../shared/data`` loads end to end, against pyoxigraph alone.

Each phase runs in its own Python process, so its peak memory (``ru_maxrss``) is
its own:

* ``parse+map`` — discover the files, build the council index, read every row,
  build records and map them to N-Triples text (as ``load_national`` does),
  without a store (the loaders' own cost);
* ``end to end`` — ``load_national`` into a fresh embedded (on-disk) store: the
  number the target is about (with SHACL validation unless ``--no-validate``);
* ``end to end, no SHACL`` — the same without validation, to show its share;
* ``end to end, in memory`` — the same into the in-memory store, to show the
  share of the on-disk commit;
* ``baseline`` — ``pyoxigraph.Store.bulk_load`` of the same triples, written
  beforehand as one N-Triples file, into a fresh on-disk store.

Run: ``python -m bench.bench_national_load [--data-dir ../shared/data]``.
Prints triples, seconds, triples per second, peak RSS, the ratio to the
baseline's rate, and whether the targets (≥ 100,000 triples/s end to end,
peak memory < 1 GiB) are met.

>>> format_row("baseline", 1_170_000, 3.0, 512 * 1024**2, 1.0)
'| baseline | 1,170,000 | 3.00 | 390,000 | 512 MiB | 1.00× |'
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

__all__ = ["PHASES", "format_row", "main", "run_phase"]

PHASES = ("dump", "map", "load", "load-novalidate", "load-memory", "baseline")
TARGET_RATE = 100_000
TARGET_RSS = 1024**3
DEFAULT_DATA = Path(__file__).resolve().parents[2] / "shared" / "data"


def _peak_rss() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def _text(data_dir: Path) -> Iterator[str]:
    """Every source's triples as the pipeline maps them: chunks of N-Triples text."""
    from loaders.mapper import to_ntriples
    from loaders.national import councils, discover
    from loaders.national.base import Context
    from loaders.national.pipeline import SOURCES, source_records
    from loaders.national.tables import RowLog

    inputs = discover(data_dir)
    context = Context()
    council_log = RowLog(councils.SOURCE.name)
    context.councils = councils.build_index(inputs, council_log)
    for source in SOURCES:
        if not source.ready(inputs):
            continue
        log = council_log if source is councils.SOURCE else RowLog(source.name)
        yield from to_ntriples(source_records(source, inputs, context, log))


def run_phase(phase: str, data_dir: Path, work: Path) -> dict[str, float]:
    """Run one phase in this process; return triples, seconds and peak RSS."""
    import pyoxigraph

    nt = work / "national.nt"
    started = time.perf_counter()
    if phase == "dump":
        count = 0
        with nt.open("w", encoding="utf-8", newline="") as out:
            for chunk in _text(data_dir):
                out.write(chunk)
                count += chunk.count("\n")
    elif phase == "map":
        count = sum(chunk.count("\n") for chunk in _text(data_dir))
    elif phase in ("load", "load-novalidate", "load-memory"):
        from graph.store import open_store
        from loaders.national import load_national

        where = {"memory": True} if phase == "load-memory" else {"path": work / f"store-{phase}"}
        with open_store(**where) as store:
            summary = load_national(store, data_dir, validate=phase != "load-novalidate")
        failed = [r.name for r in summary.results if not r.loaded]
        if failed:
            raise SystemExit(f"sources not loaded: {failed}")
        count = summary.triples
    elif phase == "baseline":
        raw = pyoxigraph.Store(str(work / "store-baseline"))
        raw.bulk_load(path=str(nt), format=pyoxigraph.RdfFormat.N_TRIPLES)
        raw.flush()
        count = len(raw)
    else:
        raise SystemExit(f"unknown phase {phase!r}")
    return {"triples": count, "seconds": time.perf_counter() - started, "rss": _peak_rss()}


def format_row(name: str, triples: float, seconds: float, rss: float, ratio: float) -> str:
    """One Markdown table row."""
    rate = triples / seconds if seconds else 0.0
    return (
        f"| {name} | {triples:,.0f} | {seconds:.2f} | {rate:,.0f} | "
        f"{rss / 1024**2:,.0f} MiB | {ratio:.2f}× |"
    )


def _child(phase: str, data_dir: Path, work: Path) -> dict[str, float]:
    out = subprocess.run(
        [
            sys.executable,
            "-m",
            "bench.bench_national_load",
            "--phase",
            phase,
            "--data-dir",
            str(data_dir),
            "--work",
            str(work),
        ],
        check=True,
        capture_output=True,
        text=True,
    )
    result: dict[str, float] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def main(argv: list[str] | None = None) -> int:
    """Run every phase, print the table and the verdict; exit 1 when a target is missed."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data-dir", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--phase", choices=PHASES, help=argparse.SUPPRESS)
    parser.add_argument("--work", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--no-validate", action="store_true", help="Skip the SHACL phase.")
    args = parser.parse_args(argv)
    if args.phase:
        print(json.dumps(run_phase(args.phase, args.data_dir, args.work)))
        return 0
    if not args.data_dir.is_dir():
        print(f"{args.data_dir} is absent: nothing to measure", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="bench-national-") as tmp:
        work = Path(tmp)
        _child("dump", args.data_dir, work)
        baseline = _child("baseline", args.data_dir, work)
        phases = [("parse+map (no store)", "map")]
        if not args.no_validate:
            phases.append(("end to end (embedded, SHACL)", "load"))
        phases.append(("end to end (embedded, no SHACL)", "load-novalidate"))
        if not args.no_validate:
            phases.append(("end to end (in memory, SHACL)", "load-memory"))
        results = {name: _child(phase, args.data_dir, work) for name, phase in phases}
    base_rate = baseline["triples"] / baseline["seconds"]
    print("| phase | triples | seconds | triples/s | peak RSS | vs baseline |")
    print("|---|---|---|---|---|---|")
    print(
        format_row(
            "baseline: pyoxigraph bulk_load N-Triples",
            baseline["triples"],
            baseline["seconds"],
            baseline["rss"],
            1.0,
        )
    )
    for name, r in results.items():
        rate = r["triples"] / r["seconds"]
        print(format_row(name, r["triples"], r["seconds"], r["rss"], rate / base_rate))
    headline = results[phases[1][0]]
    rate = headline["triples"] / headline["seconds"]
    ok_rate, ok_rss = rate >= TARGET_RATE, headline["rss"] < TARGET_RSS
    print(
        f"\n{phases[1][0]}: {rate:,.0f} triples/s (target ≥ {TARGET_RATE:,}): "
        f"{'pass' if ok_rate else 'FAIL'}; peak RSS {headline['rss'] / 1024**2:,.0f} MiB "
        f"(target < 1024 MiB): {'pass' if ok_rss else 'FAIL'}"
    )
    return 0 if ok_rate and ok_rss else 1


if __name__ == "__main__":
    raise SystemExit(main())
