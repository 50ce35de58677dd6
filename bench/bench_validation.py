"""How fast a load is checked against the SHACL shapes, against pySHACL and the bare store.

The England-scale graph of :mod:`bench.generate` (about a million triples at the
default scale, production-shaped because it goes through the one mapper) is
validated by :func:`graph.validation.validate_quads`: the quads and the ontology
go into an in-memory pyoxigraph store and the shapes run as SPARQL.

Baselines, measured in the same run:

* the bare ``pyoxigraph.Store().extend`` of the same quads: the floor, since
  validation must at least index the data once (ratio = validation / floor);
* pySHACL (:func:`graph.validation.validate_with_pyshacl`, the reference) on a
  small graph of about 20,000 triples made by the same generator, next to the
  fast validator on that same graph; both must report the same violations.

Targets: validation at ≥ 150,000 triples per CPU-second and at most 3× the floor
(so that it fits, with parsing, mapping and writing, in the 100,000 triples/s
end-to-end budget of a national load); at least 20× faster than pySHACL; the
same (node, shape, path) violations as pySHACL. Rates are per CPU-second of this
process (wall times are shown too) because the machine may be shared.

Run: ``python -m bench.bench_validation [--scale 0.55] [--sample-scale 0.01] [--seed 1]``

>>> throughput(1_000_000, 4.0)
250000.0
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable, Sequence
from typing import TypeVar

from pyoxigraph import Quad, Store

from bench.generate import generate_quads
from bench.harness import Row, format_bytes, format_table, peak_rss_bytes
from graph.store import Violation
from graph.validation import validate_quads, validate_with_pyshacl

__all__ = ["main", "throughput", "timed"]

TARGET_TRIPLES_PER_CPU_SECOND = 150_000.0
TARGET_FLOOR_RATIO = 3.0
TARGET_SPEEDUP_OVER_PYSHACL = 20.0

_T = TypeVar("_T")


def throughput(triples: int, seconds: float) -> float:
    """Triples per second (0 when no time was measured)."""
    return triples / seconds if seconds > 0 else 0.0


def timed(fn: Callable[[], _T]) -> tuple[_T, float, float]:
    """Call *fn*; return its result, wall seconds and CPU seconds of this process.

    >>> result, wall, cpu = timed(lambda: sum(range(1000)))
    >>> result, wall >= 0, cpu >= 0
    (499500, True, True)
    """
    wall, cpu = time.perf_counter(), time.process_time()
    result = fn()
    return result, time.perf_counter() - wall, time.process_time() - cpu


def _keys(violations: list[Violation]) -> set[tuple[str, str, str | None]]:
    return {(v.focus_node, v.shape, v.path) for v in violations}


def _load_floor(quads: list[Quad]) -> None:
    Store().extend(quads)


def _measure_large(seed: int, scale: float) -> list[Row]:
    """Validate the generated graph at *scale*; compare with loading it into a bare store."""
    quads = list(generate_quads(seed=seed, scale=scale))
    n = len(quads)
    print(f"{n:,} triples generated (seed {seed}, scale {scale})", flush=True)
    validate_quads(quads[:2000])  # warm-up: parse and compile the shapes once
    _, floor_wall, floor_cpu = timed(lambda: _load_floor(quads))
    found, wall, cpu = timed(lambda: validate_quads(quads))
    per_second = throughput(n, cpu)
    ratio = cpu / floor_cpu if floor_cpu else None
    return [
        Row("Store().extend (floor)", n=n, p50=floor_wall, throughput=throughput(n, floor_cpu),
            value=f"cpu {floor_cpu:.2f} s"),
        Row("validate_quads", n=n, p50=wall, throughput=per_second,
            value=f"cpu {cpu:.2f} s, {len(found)} violations", baseline="floor", ratio=ratio,
            target=f"≥ {TARGET_TRIPLES_PER_CPU_SECOND:,.0f}/cpu-s, ≤ {TARGET_FLOOR_RATIO}× floor",
            passed=per_second >= TARGET_TRIPLES_PER_CPU_SECOND
            and ratio is not None and ratio <= TARGET_FLOOR_RATIO),
    ]  # fmt: skip


def _measure_sample(seed: int, scale: float) -> list[Row]:
    """Validate a small generated graph with both validators; compare time and results."""
    sample = list(generate_quads(seed=seed, scale=scale))
    s = len(sample)
    fast, fast_wall, fast_cpu = timed(lambda: validate_quads(sample))
    reference, ref_wall, ref_cpu = timed(lambda: validate_with_pyshacl(sample))
    speedup = ref_cpu / fast_cpu if fast_cpu else float("inf")
    return [
        Row("pySHACL (sample)", n=s, p50=ref_wall, throughput=throughput(s, ref_cpu),
            value=f"cpu {ref_cpu:.2f} s, {len(reference)} violations"),
        Row("validate_quads (sample)", n=s, p50=fast_wall, throughput=throughput(s, fast_cpu),
            value=f"cpu {fast_cpu:.2f} s, {len(fast)} violations", baseline="pySHACL",
            ratio=speedup, target=f"≥ {TARGET_SPEEDUP_OVER_PYSHACL:.0f}× faster",
            passed=speedup >= TARGET_SPEEDUP_OVER_PYSHACL),
        Row("same violations as pySHACL", n=len(fast), target="identical",
            passed=_keys(fast) == _keys(reference)),
    ]  # fmt: skip


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmark and print its table; 0 when every target is met."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=float, default=0.55, help="about 1M triples at 0.55")
    parser.add_argument("--sample-scale", type=float, default=0.01, help="pySHACL sample")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    rows = _measure_large(args.seed, args.scale)
    rows += _measure_sample(args.seed, args.sample_scale)
    rows.append(Row("peak memory", value=format_bytes(peak_rss_bytes())))
    print(format_table(rows, title="SHACL validation"))
    return 0 if all(r.passed is not False for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
