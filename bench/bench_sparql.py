"""SPARQL benchmark: our endpoint against raw pyoxigraph and rdflib-endpoint, in one run.

``python -m bench.bench_sparql`` (about 5–10 minutes on 2 cores):

1. generates the England-scale graph (:mod:`bench.generate`), or reuses the
   cached N-Triples file under ``bench/results/``;
2. loads it with the store API (``store.load_source(..., validate=False)``)
   into an embedded store beside it, with the bundled ontology and seed;
3. serves that store with ``oversight serve`` on 127.0.0.1 and times each
   analyst query through our HTTP endpoint and directly on pyoxigraph (the same
   files opened read-only, results serialised to SPARQL JSON), interleaved so
   both see the same machine load; target: HTTP within 1.5× of pyoxigraph;
4. loads a simple look-up at 10 concurrent connections (wrk when installed,
   else httpx), each run at most 20 s, against our service, a minimal
   FastAPI + pyoxigraph app and rdflib-endpoint serving the same triples from
   an rdflib ``Graph``; targets: throughput ≥ 10× rdflib-endpoint, p95 < 20 ms;
5. reads the resident memory of our server (all its processes); target < 1 GiB;
6. prints a Markdown table with the ratios and writes it, with the raw numbers,
   to ``bench/results/bench_sparql.json``.

The same module serves the two baselines in subprocesses
(``--serve-rdflib FILE.nt`` and ``--serve-minimal STORE_DIR``).

>>> sorted(ANALYST_QUERIES)[:3]
['arrangements-by-frequency', 'as-required-only', 'councils-without-termly-rsc']
>>> "MINUS" in ANALYST_QUERIES["as-required-only"].sparql
True
"""

from __future__ import annotations

import argparse
import gc
import hashlib
import json
import re
import shutil
import sys
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import httpx

from bench.generate import (
    BENCH_SOURCE,
    GENERATOR_VERSION,
    REFERENCE_DATE,
    write_ntriples,
)
from bench.harness import (
    MAX_LOAD_SECONDS,
    LoadResult,
    Row,
    ServerProcess,
    format_bytes,
    format_table,
    measure_load,
    peak_rss_bytes,
    summarise,
    tree_rss_bytes,
    wrk_available,
)
from bench.world import Plan
from ontology.namespaces import PREFIXES
from service.settings import default_query_workers

__all__ = [
    "ANALYST_QUERIES",
    "RESULTS_DIR",
    "AnalystQuery",
    "lookup_query",
    "main",
    "prologue",
]

RESULTS_DIR = Path(__file__).resolve().parent / "results"
"""Cached graphs, stores and result files (gitignored)."""

JSON_RESULTS = "application/sparql-results+json"
QUERY_RATIO_TARGET = 1.5
THROUGHPUT_RATIO_TARGET = 10.0
P95_TARGET = 0.020
RSS_TARGET = 1024**3
LOOKUP_KEYS = 1_000
"""Look-ups cycle through this many schools: more than rdflib-endpoint's 128-query cache."""


@dataclass(frozen=True, slots=True)
class AnalystQuery:
    """A question an analyst asks of the whole of England."""

    title: str
    sparql: str


_STALE_BEFORE = REFERENCE_DATE.replace(year=REFERENCE_DATE.year - 3).isoformat()

ANALYST_QUERIES: dict[str, AnalystQuery] = {
    "scrutiny-committee-oversight": AnalystQuery(
        "What every children's scrutiny committee oversees, and how often",
        """SELECT ?council ?committee ?kind ?overseen ?freq WHERE {
  ?committee a ov:ScrutinyCommittee ; ov:council ?council .
  ?r ov:overseer ?committee ; ov:kind ?kind ; ov:overseen ?overseen .
  OPTIONAL { ?r ov:statedFrequency ?freq }
}""",
    ),
    "arrangements-by-frequency": AnalystQuery(
        "Every arrangement in England counted by kind and stated frequency",
        """SELECT ?kind ?freq (COUNT(?r) AS ?arrangements) WHERE {
  ?r ov:kind ?kind .
  OPTIONAL { ?r ov:statedFrequency ?freq }
} GROUP BY ?kind ?freq ORDER BY ?kind DESC(?arrangements)""",
    ),
    "councils-without-termly-rsc": AnalystQuery(
        "Councils with no recorded termly meeting with their Regional Director",
        """SELECT ?council ?name WHERE {
  ?council a ov:LocalAuthority ; rdfs:label ?name .
  MINUS {
    ?r ov:kind kind:meetsWith ; ov:statedFrequency freq:termly ; ov:party ?rsc , ?post .
    ?rsc a ov:RegionalSchoolsCommissioner .
    ?post a ov:Post ; ov:council ?council .
  }
} ORDER BY ?name""",
    ),
    "as-required-only": AnalystQuery(
        'Bodies overseen only "as required"',
        """SELECT DISTINCT ?body ?name WHERE {
  ?r ov:overseen ?body ; ov:statedFrequency freq:asRequired .
  MINUS { ?other ov:overseen ?body ; ov:statedFrequency ?f . FILTER(?f != freq:asRequired) }
  ?body rdfs:label ?name
} ORDER BY ?name""",
    ),
    "stale-evidence": AnalystQuery(
        "Arrangements whose newest evidence is more than three years old, by kind",
        f"""SELECT ?kind (COUNT(?r) AS ?stale) WHERE {{
  {{ SELECT ?r (MAX(?date) AS ?newest) WHERE {{
       ?r ov:hasEvidence/ov:document/dcterms:date ?date }} GROUP BY ?r }}
  FILTER(?newest < "{_STALE_BEFORE}"^^xsd:date)
  ?r ov:kind ?kind
}} GROUP BY ?kind ORDER BY DESC(?stale)""",
    ),
    "trusts-and-councils": AnalystQuery(
        "Academy trusts and the councils their schools are in (the 500 most spread)",
        """SELECT ?trust ?name (COUNT(DISTINCT ?council) AS ?councils) (COUNT(?school) AS ?schools)
WHERE { ?school org:memberOf ?trust ; ov:council ?council . ?trust rdfs:label ?name . }
GROUP BY ?trust ?name ORDER BY DESC(?councils) DESC(?schools) ?trust LIMIT 500""",
    ),
    "declared-interest-conflicts": AnalystQuery(
        "Members with a declared interest in a body their committee scrutinises",
        """SELECT ?member ?committee ?body WHERE {
  ?member ov:declaredInterestIn ?body ; ov:memberOf ?committee .
  ?committee ov:scrutinises ?body .
}""",
    ),
    "hand-offs-to-nobody": AnalystQuery(
        "Hand-offs to a Regional Director who has no arrangement with the trust",
        """SELECT ?council ?trust ?to WHERE {
  ?r ov:kind kind:hasNoInfluenceOver ; ov:actor ?council ; ov:target ?trust ; ov:handedTo ?to .
  MINUS { ?o ov:overseer ?to ; ov:overseen ?trust . ?to a ov:RegionalSchoolsCommissioner }
  MINUS { ?m ov:party ?to , ?trust . ?to a ov:RegionalSchoolsCommissioner }
}""",
    ),
}
"""The analyst queries timed by the benchmark, in forms Oxigraph runs fast (``MINUS``)."""


def prologue() -> str:
    """The PREFIX lines every benchmark query starts with.

    >>> prologue().splitlines()[0]
    'PREFIX ov: <https://w3id.org/oversight/def#>'
    """
    return "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIXES.items())


def lookup_query(key: str) -> str:
    """The simple look-up used for throughput: every property of one body.

    >>> lookup_query("school/100138")
    'SELECT ?p ?o WHERE { <https://w3id.org/oversight/id/school/100138> ?p ?o }'
    """
    return f"SELECT ?p ?o WHERE {{ <{PREFIXES['id']}{key}> ?p ?o }}"


# --------------------------------------------------------------------------- set-up


@dataclass(frozen=True, slots=True)
class _Config:
    seed: int
    scale: float
    results_dir: Path
    connections: int
    duration: float
    repeat: int
    rdflib: bool
    minimal: bool
    rebuild: bool

    @property
    def stem(self) -> str:
        return f"england-seed{self.seed}-scale{self.scale:g}-v{GENERATOR_VERSION}"


def _say(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _graph_file(cfg: _Config, notes: dict[str, Any]) -> Path:
    nt = cfg.results_dir / f"{cfg.stem}.nt"
    if nt.exists() and not cfg.rebuild:
        _say(f"reusing {nt}")
        return nt
    _say(f"generating the graph (seed {cfg.seed}, scale {cfg.scale:g}) ...")
    report = write_ntriples(nt, seed=cfg.seed, scale=cfg.scale)
    notes["generate"] = {
        "records": report.records,
        "triples": report.triples,
        "seconds": round(report.seconds, 2),
        "records_per_s": round(report.records_per_second),
        "triples_per_s": round(report.triples_per_second),
    }
    _say(
        f"generated {report.records:,} records → {report.triples:,} triples in "
        f"{report.seconds:.1f} s ({report.records_per_second:,.0f} records/s)"
    )
    return nt


def _store_dir(cfg: _Config, nt: Path, notes: dict[str, Any]) -> Path:
    from pyoxigraph import NamedNode, Quad, RdfFormat, parse

    from graph.store import SourceSpec, open_store
    from loaders.bootstrap import ensure_bundled_data

    data_dir = cfg.results_dir / f"{cfg.stem}-store"
    sha = _sha256(nt)
    if data_dir.exists() and not cfg.rebuild:
        with open_store(data_dir) as store:
            loaded = {s.name: s for s in store.sources()}
        if BENCH_SOURCE in loaded and loaded[BENCH_SOURCE].sha256 == sha:
            _say(f"reusing the store in {data_dir} ({loaded[BENCH_SOURCE].triples:,} triples)")
            notes["store_triples"] = loaded[BENCH_SOURCE].triples
            return data_dir
    shutil.rmtree(data_dir, ignore_errors=True)
    _say(f"loading {nt.name} into an embedded store with store.load_source ...")
    graph = NamedNode(f"{PREFIXES['id']}source/{BENCH_SOURCE}")
    spec = SourceSpec(
        name=BENCH_SOURCE,
        title=f"England-scale benchmark graph (seed {cfg.seed}, scale {cfg.scale:g})",
        loader="bench.generate",
        loader_version=GENERATOR_VERSION,
        input=nt.name,
        sha256=sha,
    )
    with open_store(data_dir) as store:
        ensure_bundled_data(store)
        quads = (
            Quad(t.subject, t.predicate, t.object, graph)
            for t in parse(path=str(nt), format=RdfFormat.N_TRIPLES)
        )
        report = store.load_source(spec, quads, validate=False)
    notes["store_load"] = {
        "triples": report.triples,
        "seconds": round(report.seconds, 2),
        "triples_per_s": round(report.triples / report.seconds),
    }
    notes["store_triples"] = report.triples
    _say(f"loaded {report.triples:,} triples in {report.seconds:.1f} s")
    return data_dir


# --------------------------------------------------------------------------- timing


def _direct(db: Any, sparql: str) -> bytes:
    from pyoxigraph import QueryResultsFormat

    result = db.query(sparql, use_default_graph_as_union=True)
    return bytes(result.serialize(format=QueryResultsFormat.JSON))


def _http(client: httpx.Client, url: str, sparql: str) -> bytes:
    response = client.get(url, params={"query": sparql}, headers={"Accept": JSON_RESULTS})
    if response.status_code != 200:
        raise RuntimeError(f"{url} answered {response.status_code}: {response.text[:500]}")
    return response.content


def _rows(body: bytes) -> int:
    return len(json.loads(body)["results"]["bindings"])


def _time_queries(
    cfg: _Config, data_dir: Path, server: ServerProcess, notes: dict[str, Any]
) -> list[Row]:
    import pyoxigraph

    db = pyoxigraph.Store.read_only(str(data_dir))
    url = server.url("/sparql")
    rows = []
    with httpx.Client(timeout=120.0) as client:
        for name, query in ANALYST_QUERIES.items():
            sparql = prologue() + query.sparql
            direct_rows = _rows(_direct(db, sparql))  # warm-up both, and check they agree
            http_rows = _rows(_http(client, url, sparql))
            for _ in range(default_query_workers() - 1):  # idle workers take turns: warm each
                _http(client, url, sparql)
            if direct_rows != http_rows:
                raise RuntimeError(f"{name}: pyoxigraph gave {direct_rows} rows, HTTP {http_rows}")
            direct: list[float] = []
            http: list[float] = []
            for _ in range(cfg.repeat):  # interleaved: both see the same machine load
                started = time.perf_counter()
                _direct(db, sparql)
                direct.append(time.perf_counter() - started)
                started = time.perf_counter()
                _http(client, url, sparql)
                http.append(time.perf_counter() - started)
            ours, raw = summarise(http), summarise(direct)
            ratio = ours.p50 / raw.p50
            notes.setdefault("queries", {})[name] = {
                "rows": http_rows,
                "http_s": [round(x, 5) for x in http],
                "pyoxigraph_s": [round(x, 5) for x in direct],
            }
            rows.append(
                Row(
                    name=f"query: {name}",
                    n=cfg.repeat,
                    p50=ours.p50,
                    p95=ours.p95,
                    value=f"{http_rows} rows",
                    baseline=f"pyoxigraph {raw.p50 * 1000:,.1f} ms",
                    ratio=ratio,
                    target=f"≤ {QUERY_RATIO_TARGET}×",
                    passed=ratio <= QUERY_RATIO_TARGET,
                )
            )
            _say(
                f"  {name}: {http_rows} rows, HTTP {ours.p50 * 1000:,.1f} ms, "
                f"pyoxigraph {raw.p50 * 1000:,.1f} ms ({ratio:.2f}×)"
            )
    del db
    gc.collect()
    return rows


def _lookup_urls(server: ServerProcess, schools: Sequence[str]) -> list[str]:
    url = server.url("/sparql")
    return [f"{url}?{urlencode({'query': prologue() + lookup_query(k)})}" for k in schools]


def _load(cfg: _Config, urls: list[str], label: str) -> LoadResult:
    for url in (urls[0], urls[-1]):
        check = httpx.get(url, headers={"Accept": JSON_RESULTS}, timeout=30)
        if check.status_code != 200 or _rows(check.content) == 0:
            raise RuntimeError(f"{label}: look-up answered {check.status_code}: {check.text[:300]}")
    result = measure_load(
        urls,
        connections=cfg.connections,
        duration=cfg.duration,
        headers={"Accept": JSON_RESULTS},
    )
    _say(
        f"  {label}: {result.throughput:,.0f} req/s, p50 {result.p50 * 1000:.1f} ms, "
        f"p95 {result.p95 * 1000:.1f} ms, {result.errors} errors ({result.tool})"
    )
    return result


def _loads(cfg: _Config, server: ServerProcess, label: str, *, repeated: bool) -> _Loads:
    schools = [s.key for s in Plan(seed=cfg.seed, scale=cfg.scale).schools[:LOOKUP_KEYS]]
    urls = _lookup_urls(server, schools)
    varied = _load(cfg, urls, f"{label}, {len(urls):,} different schools")
    same = _load(cfg, urls[:1], f"{label}, one query repeated") if repeated else None
    return _Loads(varied, same)


@dataclass(frozen=True, slots=True)
class _Loads:
    varied: LoadResult
    repeated: LoadResult | None


def _brief(result: LoadResult | None) -> dict[str, Any] | None:
    return None if result is None else {k: v for k, v in asdict(result).items() if k != "latencies"}


# --------------------------------------------------------------------------- servers


def _ours(data_dir: Path) -> ServerProcess:
    script = Path(sys.executable).parent / "oversight"
    if not script.exists():
        raise RuntimeError(f"{script} is missing: install the project (pip install -e .)")
    cmd = [
        str(script),
        "serve",
        "--data-dir",
        str(data_dir),
        "--host",
        "127.0.0.1",
        "--port",
        "{port}",
        "--log-level",
        "warning",
    ]
    ready = "/sparql?" + urlencode({"query": "ASK {}"})
    return ServerProcess(cmd, ready_path=ready, startup_timeout=180)


def _wait_for_projection(server: ServerProcess, timeout: float = 600) -> None:
    """Wait until the service's start-up projection build is over: time the steady state."""
    deadline = time.monotonic() + timeout
    while httpx.get(server.url("/health"), timeout=30).json()["projection"] == "building":
        if time.monotonic() > deadline:
            raise RuntimeError(f"the projection was still building after {timeout:g} s")
        time.sleep(0.5)


def _module_server(*args: str) -> ServerProcess:
    cmd = [sys.executable, "-m", "bench.bench_sparql", *args, "--port", "{port}"]
    return ServerProcess(
        cmd, ready_path="/health", startup_timeout=600, cwd=Path(__file__).resolve().parent.parent
    )


def serve_rdflib(nt: Path, port: int) -> None:
    """Load *nt* into an rdflib ``Graph`` and serve it with rdflib-endpoint on 127.0.0.1."""
    import rdflib
    import uvicorn
    from rdflib_endpoint import SparqlEndpoint

    started = time.perf_counter()
    graph = rdflib.Graph()
    graph.parse(str(nt), format="nt")
    seconds = time.perf_counter() - started
    print(f"BENCH-LOADED {len(graph)} {seconds:.2f} {peak_rss_bytes()}", flush=True)
    app = SparqlEndpoint(
        graph=graph,
        path="/sparql",
        cors_enabled=False,
        public_url=f"http://127.0.0.1:{port}/sparql",
    )
    app.add_api_route("/health", lambda: {"ok": True})
    uvicorn.run(app, host="127.0.0.1", port=port, log_level="warning", access_log=False)


def serve_minimal(data_dir: Path, port: int) -> None:
    """The smallest honest FastAPI + pyoxigraph endpoint, for reference."""
    import pyoxigraph
    import uvicorn
    from fastapi import FastAPI, Response

    db = pyoxigraph.Store.read_only(str(data_dir))
    app = FastAPI()

    @app.get("/sparql")
    def sparql(query: str) -> Response:
        return Response(_direct(db, query), media_type=JSON_RESULTS)

    app.add_api_route("/health", lambda: {"ok": True})
    uvicorn.run(app, host="127.0.0.1", port=port, log_level="warning", access_log=False)


# --------------------------------------------------------------------------- main


def _run(cfg: _Config) -> tuple[list[Row], dict[str, Any]]:
    notes: dict[str, Any] = {
        "seed": cfg.seed,
        "scale": cfg.scale,
        "connections": cfg.connections,
        "duration_s": cfg.duration,
        "load_tool": "wrk" if wrk_available() else "httpx",
    }
    cfg.results_dir.mkdir(parents=True, exist_ok=True)
    nt = _graph_file(cfg, notes)
    data_dir = _store_dir(cfg, nt, notes)
    rows: list[Row] = []

    _say("starting oversight serve ...")
    with _ours(data_dir) as server:
        _wait_for_projection(server)
        _say(
            f"  ready in {server.started_in:.1f} s; timing {len(ANALYST_QUERIES)} analyst "
            f"queries × {cfg.repeat} (HTTP and pyoxigraph, interleaved)"
        )
        rows += _time_queries(cfg, data_dir, server, notes)
        _say(f"look-up load, {cfg.connections} connections, {cfg.duration:g} s per run")
        ours = _loads(cfg, server, "oversight serve", repeated=True)
        rss, peak = tree_rss_bytes(server.pid), peak_rss_bytes(server.pid)
        notes["ours"] = {"varied": _brief(ours.varied), "repeated": _brief(ours.repeated),
                         "rss": rss, "peak_rss_main": peak}  # fmt: skip

    minimal: _Loads | None = None
    if cfg.minimal:
        with _module_server("--serve-minimal", str(data_dir)) as server:
            minimal = _loads(cfg, server, "minimal FastAPI + pyoxigraph", repeated=False)
            notes["minimal"] = _brief(minimal.varied)

    rdflib: _Loads | None = None
    rdflib_rss = 0
    if cfg.rdflib:
        _say("starting rdflib-endpoint (parsing the graph into an rdflib Graph) ...")
        with _module_server("--serve-rdflib", str(nt)) as server:
            found = re.search(r"BENCH-LOADED (\d+) ([\d.]+) (\d+)", server.log_tail(200))
            if found:
                notes["rdflib_load"] = {
                    "triples": int(found[1]),
                    "seconds": float(found[2]),
                    "peak_rss": int(found[3]),
                }
                _say(
                    f"  rdflib parsed {int(found[1]):,} triples in {float(found[2]):.0f} s "
                    f"(peak {format_bytes(int(found[3]))})"
                )
            rdflib = _loads(cfg, server, "rdflib-endpoint", repeated=True)
            rdflib_rss = tree_rss_bytes(server.pid)
            notes["rdflib"] = {"varied": _brief(rdflib.varied),
                               "repeated": _brief(rdflib.repeated), "rss": rdflib_rss}  # fmt: skip
    rows += _lookup_rows(cfg, ours, minimal, rdflib, notes)
    rows.append(
        Row(
            name=f"resident memory of our server at {notes.get('store_triples', 0):,} triples",
            value=f"RSS {format_bytes(rss)}",
            baseline=f"rdflib-endpoint {format_bytes(rdflib_rss)}" if rdflib_rss else "",
            ratio=rss / rdflib_rss if rdflib_rss else None,
            target="< 1 GiB",
            passed=rss < RSS_TARGET,
        )
    )
    return rows, notes


def _load_row(name: str, result: LoadResult, **extra: Any) -> Row:
    return Row(name=name, n=result.requests, p50=result.p50, p95=result.p95,
               throughput=result.throughput, **extra)  # fmt: skip


def _lookup_rows(
    cfg: _Config,
    ours: _Loads,
    minimal: _Loads | None,
    rdflib: _Loads | None,
    notes: dict[str, Any],
) -> list[Row]:
    keys, conn = f"×{LOOKUP_KEYS:,} schools", f"{ours.varied.tool}, {cfg.connections} conn"
    base = rdflib.varied if rdflib else None
    ratio = ours.varied.throughput / base.throughput if base and base.throughput else None
    errors = ours.varied.errors
    rows = [
        _load_row(
            f"look-up {keys}, ours ({conn})",
            ours.varied,
            value=f"{errors} errors",
            baseline=f"rdflib-endpoint {base.throughput:,.0f}/s" if base else "skipped",
            ratio=ratio,
            target=f"≥ {THROUGHPUT_RATIO_TARGET:g}×",
            passed=None if ratio is None else ratio >= THROUGHPUT_RATIO_TARGET and not errors,
        ),
        Row(
            name=f"look-up {keys}, ours: p95 latency",
            p95=ours.varied.p95,
            target=f"p95 < {P95_TARGET * 1000:g} ms",
            passed=ours.varied.p95 < P95_TARGET,
        ),
    ]
    if minimal:
        rows.append(
            _load_row(
                f"look-up {keys}, minimal FastAPI + pyoxigraph (reference)",
                minimal.varied,
                baseline="ours ÷ minimal →",
                ratio=ours.varied.throughput / minimal.varied.throughput,
            )
        )
    if rdflib:
        load = notes.get("rdflib_load", {})
        rows.append(
            _load_row(
                f"look-up {keys}, rdflib-endpoint (baseline)",
                rdflib.varied,
                value=f"parse {load.get('seconds', 0):.0f} s",
            )
        )
    if ours.repeated and rdflib and rdflib.repeated:
        same = ours.repeated.throughput / rdflib.repeated.throughput
        rows.append(
            _load_row(
                "look-up, one query repeated, ours (rdflib-endpoint caches its parse)",
                ours.repeated,
                baseline=f"rdflib-endpoint {rdflib.repeated.throughput:,.0f}/s",
                ratio=same,
            )
        )
    return rows


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m bench.bench_sparql",
        description="Our SPARQL endpoint against raw pyoxigraph and rdflib-endpoint.",
    )
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--scale", type=float, default=1.0, help="1.0 = England (≥ 1M triples)")
    parser.add_argument("--results-dir", type=Path, default=RESULTS_DIR)
    parser.add_argument("--connections", type=int, default=10)
    parser.add_argument(
        "--duration",
        type=float,
        default=10.0,
        help=f"seconds per load run (≤ {MAX_LOAD_SECONDS:g})",
    )
    parser.add_argument("--repeat", type=int, default=9, help="timed runs per analyst query")
    parser.add_argument(
        "--no-rdflib", dest="rdflib", action="store_false", help="skip the rdflib-endpoint baseline"
    )
    parser.add_argument(
        "--no-minimal",
        dest="minimal",
        action="store_false",
        help="skip the minimal FastAPI + pyoxigraph reference",
    )
    parser.add_argument("--rebuild", action="store_true", help="regenerate the cached graph")
    parser.add_argument("--serve-rdflib", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--serve-minimal", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--port", type=int, help=argparse.SUPPRESS)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmark; exit status 0 when every target is met, 1 otherwise.

    >>> main(["--duration", "99"])
    Traceback (most recent call last):
    ...
    SystemExit: 2
    """
    parser = _parser()
    args = parser.parse_args(argv)
    if args.serve_rdflib or args.serve_minimal:
        if not args.port:
            parser.error("--port is needed to serve")
        if args.serve_rdflib:
            serve_rdflib(args.serve_rdflib, args.port)
        else:
            serve_minimal(args.serve_minimal, args.port)
        return 0
    if not 0 < args.duration <= MAX_LOAD_SECONDS:
        parser.error(f"--duration must be in (0, {MAX_LOAD_SECONDS:g}]")
    cfg = _Config(
        seed=args.seed,
        scale=args.scale,
        results_dir=args.results_dir,
        connections=args.connections,
        duration=args.duration,
        repeat=args.repeat,
        rdflib=args.rdflib,
        minimal=args.minimal,
        rebuild=args.rebuild,
    )
    started = time.perf_counter()
    rows, notes = _run(cfg)
    title = (
        f"SPARQL benchmark: {notes.get('store_triples', 0):,} triples, seed {cfg.seed}, "
        f"scale {cfg.scale:g}, {notes['load_tool']} at {cfg.connections} connections"
    )
    table = format_table(rows, title=title)
    print("\n" + table + "\n")
    notes["rows"] = [asdict(r) for r in rows]
    notes["table"] = table
    notes["seconds"] = round(time.perf_counter() - started, 1)
    out = cfg.results_dir / "bench_sparql.json"
    out.write_text(json.dumps(notes, indent=2, default=str))
    _say(f"done in {notes['seconds']:.0f} s; results in {out}")
    return 0 if all(r.passed is not False for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
