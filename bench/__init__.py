"""Benchmarks: one command each, printing numbers and ratios against a baseline
measured in the same run (see ``bench/README.md``).

* :mod:`bench.generate` — a seeded England-scale graph (≥ 1M triples) as records;
* :mod:`bench.harness` — timing, percentiles, result tables, memory, HTTP load;
* :mod:`bench.bench_sparql` — the SPARQL service against raw pyoxigraph and
  rdflib-endpoint.
"""

__all__: list[str] = []
