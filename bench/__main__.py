"""``python -m bench`` (``make bench``): run every benchmark of this folder in turn.

Each benchmark runs in its own process and prints its own table; this command
prints a one-line verdict per benchmark at the end and exits non-zero when any
missed a target or failed. ``python -m bench sparql store_load`` runs a subset.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

__all__ = ["benchmarks", "main"]


def benchmarks() -> list[str]:
    """The benchmark modules present, by short name.

    >>> "sparql" in benchmarks()
    True
    """
    folder = Path(__file__).resolve().parent
    return sorted(p.stem.removeprefix("bench_") for p in folder.glob("bench_*.py"))


def main(argv: list[str]) -> int:
    """Run the named benchmarks (all when none is named); 0 when all met their targets."""
    names = argv or benchmarks()
    unknown = sorted(set(names) - set(benchmarks()))
    if unknown:
        print(f"unknown benchmark(s): {', '.join(unknown)}; have: {', '.join(benchmarks())}")
        return 2
    verdicts = {}
    for name in names:
        print(f"\n==== bench_{name} ====", flush=True)
        verdicts[name] = subprocess.run([sys.executable, "-m", f"bench.bench_{name}"]).returncode
    print("\n" + "\n".join(f"bench_{n}: {'ok' if rc == 0 else f'exit {rc}'}"
                           for n, rc in verdicts.items()))  # fmt: skip
    return 0 if all(rc == 0 for rc in verdicts.values()) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
