"""The store API, the same suite against every back-end (see ``conftest.store``)."""

from __future__ import annotations

import base64
import importlib.util
import json
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path

import pytest
from pyoxigraph import (
    BlankNode,
    DefaultGraph,
    Literal,
    NamedNode,
    Quad,
    QueryBoolean,
    QuerySolutions,
    QueryTriples,
    RdfFormat,
    serialize,
)

from graph.backends import OxigraphStore, RemoteError, RemoteStore, StoreInUse
from graph.backends.metadata import is_staging_iri, pending_iri, staging_iri
from graph.store import (
    METADATA_GRAPH,
    LoadReport,
    NTriples,
    RemoteConfig,
    SourceLoad,
    SourceNotFound,
    SourceSpec,
    Store,
    StoreError,
    ValidationFailed,
    open_store,
)
from ontology.identifiers import key_to_iri, source_iri
from ontology.namespaces import DCTERMS, OV, PROV, RDF, RDFS, SD

LABEL = NamedNode(str(RDFS.label))
SEEALSO = NamedNode(str(RDFS.seeAlso))


def thing(i: int) -> NamedNode:
    return NamedNode(key_to_iri(f"test/thing-{i}"))


def labels(count: int, *, prefix: str = "label", graph: NamedNode | None = None) -> list[Quad]:
    """*count* distinct ``thing-i rdfs:label "<prefix> i"`` quads."""
    g = graph or DefaultGraph()
    return [Quad(thing(i), LABEL, Literal(f"{prefix} {i}"), g) for i in range(count)]


def snapshot(store: Store) -> tuple[list[tuple[str, int, datetime]], list[tuple[str, ...]]]:
    """Everything observable: the sources and every quad of every graph, sorted."""
    rows = store.query(
        "SELECT ?g ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } }", union_default_graph=False
    )
    assert isinstance(rows, QuerySolutions)
    quads = sorted(tuple(str(row[v]) for v in ("g", "s", "p", "o")) for row in rows)
    sources = [(s.name, s.triples, s.loaded_at) for s in store.sources()]
    return sources, quads


def graph_names(store: Store) -> set[str]:
    rows = store.query("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
    assert isinstance(rows, QuerySolutions)
    return {str(row["g"].value) for row in rows}


def count(store: Store, graph: str) -> int:
    rows = store.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}")
    assert isinstance(rows, QuerySolutions)
    return int(next(iter(rows))["n"].value)


def failing_after(quads: list[Quad], n: int) -> Iterator[Quad]:
    """Yield *n* quads, then blow up as a broken loader would."""
    for i, quad in enumerate(quads):
        if i == n:
            raise RuntimeError("the source file is truncated")
        yield quad


SPEC = SourceSpec(
    name="sample",
    title="Sample source",
    loader="tests",
    loader_version="1.2",
    input="tests/data/sample.csv",
    sha256="ab" * 32,
)


# --- load, list, replace, remove --------------------------------------------------------


def test_load_lists_source_with_counts_and_provenance(store: Store) -> None:
    before = datetime.now(UTC) - timedelta(seconds=5)
    report = store.load_source(SPEC, labels(5), validate=False)

    assert report.triples == 5 and not report.replaced and report.seconds >= 0
    (info,) = store.sources()
    assert info == report.source
    assert (info.name, info.graph, info.title) == ("sample", source_iri("sample"), SPEC.title)
    assert (info.loader, info.loader_version, info.triples) == ("tests", "1.2", 5)
    assert (info.input, info.sha256) == (SPEC.input, SPEC.sha256)
    assert before < info.loaded_at <= datetime.now(UTC)

    prov = store.query(
        f"""SELECT ?title ?n ?activity ?agent ?input ?sha WHERE {{ GRAPH <{METADATA_GRAPH}> {{
          <{SPEC.graph}> a <{PROV.Entity}>, <{SD.NamedGraph}> ;
             <{DCTERMS.title}> ?title ; <{OV.tripleCount}> ?n ;
             <{DCTERMS.source}> ?input ; <{OV.sha256}> ?sha ;
             <{PROV.wasGeneratedBy}> ?activity .
          ?activity a <{PROV.Activity}> ; <{PROV.wasAssociatedWith}> ?agent .
        }} }}"""
    )
    assert isinstance(prov, QuerySolutions)
    (row,) = list(prov)
    assert row["title"].value == SPEC.title and row["n"].value == "5"
    assert row["input"].value == SPEC.input and row["sha"].value == SPEC.sha256
    assert row["agent"].value == key_to_iri("loader/tests")


def test_quads_from_any_graph_land_in_the_source_graph(store: Store) -> None:
    other = NamedNode("http://example.org/elsewhere")
    quads = labels(3) + labels(2, prefix="other", graph=other)
    store.load_source(SPEC, quads, validate=False)

    assert count(store, SPEC.graph) == 5
    assert graph_names(store) == {SPEC.graph, METADATA_GRAPH}


def test_duplicate_quads_are_counted_once(store: Store) -> None:
    report = store.load_source(SPEC, labels(4) + labels(4), validate=False)
    assert report.triples == 4 == store.sources()[0].triples


def test_empty_source_is_listed_with_zero_triples(store: Store) -> None:
    report = store.load_source(SPEC, [], validate=False)
    assert report.triples == 0
    assert [(s.name, s.triples) for s in store.sources()] == [("sample", 0)]


def test_reload_replaces_the_old_triples(store: Store) -> None:
    store.load_source(SPEC, labels(6, prefix="old"), validate=False)
    report = store.load_source(SPEC, labels(2, prefix="new"), validate=False)

    assert report.replaced and report.triples == 2
    assert [(s.name, s.triples) for s in store.sources()] == [("sample", 2)]
    assert not store.query("ASK { ?s ?p 'old 0' }")
    assert store.query("ASK { ?s ?p 'new 1' }")
    assert count(store, SPEC.graph) == 2
    # one description, one activity: the old metadata is gone too
    acts = store.query(f"SELECT ?a {{ GRAPH <{METADATA_GRAPH}> {{ ?a a <{PROV.Activity}> }} }}")
    assert isinstance(acts, QuerySolutions)
    assert len(list(acts)) == 1


def test_sources_are_listed_in_name_order(store: Store) -> None:
    for name in ["zeta", "alpha", "mid"]:
        store.load_source(SourceSpec(name=name, title=name.title()), labels(1), validate=False)
    assert [s.name for s in store.sources()] == ["alpha", "mid", "zeta"]


def test_remove_drops_graph_and_metadata(store: Store) -> None:
    store.load_source(SPEC, labels(3), validate=False)
    keep = SourceSpec(name="keep", title="Kept")
    store.load_source(keep, labels(2, prefix="kept"), validate=False)

    store.remove_source("sample")

    assert [s.name for s in store.sources()] == ["keep"]
    assert count(store, SPEC.graph) == 0
    assert count(store, keep.graph) == 2
    mentions = store.query(f"ASK {{ GRAPH <{METADATA_GRAPH}> {{ ?x ?p <{SPEC.graph}> }} }}")
    described = store.query(f"ASK {{ GRAPH <{METADATA_GRAPH}> {{ <{SPEC.graph}> ?p ?o }} }}")
    assert not mentions and not described


def test_remove_unknown_source_raises(store: Store) -> None:
    with pytest.raises(SourceNotFound) as caught:
        store.remove_source("never-loaded")
    assert isinstance(caught.value, KeyError) and isinstance(caught.value, StoreError)


def test_titles_with_quotes_and_newlines_round_trip(store: Store) -> None:
    spec = SourceSpec(name="odd", title='Minutes "2017"\nand } { braces', loader="o'brien")
    store.load_source(spec, labels(1), validate=False)
    (info,) = store.sources()
    assert (info.title, info.loader) == (spec.title, spec.loader)


def test_blank_nodes_keep_their_identity_across_upload_chunks(store: Store) -> None:
    node = BlankNode()
    quads = [Quad(node, LABEL, Literal("first"))]
    quads += labels(45_000)  # more than one upload chunk of the remote store
    quads.append(Quad(node, SEEALSO, Literal("last")))
    store.load_source(SPEC, quads, validate=False)

    rows = store.query(f"SELECT ?x WHERE {{ ?x <{LABEL.value}> 'first' ; <{SEEALSO.value}> ?y }}")
    assert isinstance(rows, QuerySolutions)
    assert len(list(rows)) == 1
    assert store.sources()[0].triples == 45_002


def test_progress_reports_quads_written(store: Store) -> None:
    seen: list[int] = []
    store.load_source(SPEC, labels(25_000), validate=False, progress=seen.append)
    assert seen == [10_000, 20_000, 25_000]


# --- failed loads leave the store exactly as it was -------------------------------------


def test_exception_inside_the_quads_leaves_store_unchanged(store: Store) -> None:
    store.load_source(SPEC, labels(30, prefix="original"), validate=False)
    store.load_source(SourceSpec(name="other", title="Other"), labels(4), validate=False)
    before = snapshot(store)
    generation = store.generation()

    replacement = labels(30_000, prefix="replacement")
    with pytest.raises(RuntimeError, match="truncated"):
        store.load_source(SPEC, failing_after(replacement, 15_000), validate=False)
    with pytest.raises(RuntimeError, match="truncated"):
        store.load_source(
            SourceSpec(name="new", title="New"), failing_after(replacement, 100), validate=False
        )

    assert snapshot(store) == before
    assert store.generation() == generation
    assert graph_names(store) == {SPEC.graph, source_iri("other"), METADATA_GRAPH}


def test_bad_quad_term_leaves_store_unchanged(store: Store) -> None:
    store.load_source(SPEC, labels(3), validate=False)
    before = snapshot(store)
    with pytest.raises((TypeError, AttributeError)):
        store.load_source(SPEC, [*labels(2), "not a quad"], validate=False)  # type: ignore[list-item]
    assert snapshot(store) == before


def test_validation_failure_leaves_store_unchanged(store: Store) -> None:
    if importlib.util.find_spec("graph.validation") is None:
        pytest.skip("graph.validation (SHACL) is not written yet")
    store.load_source(SPEC, labels(3), validate=False)
    before = snapshot(store)
    relationship = NamedNode(key_to_iri("relationship/broken"))
    broken = [  # a relationship with no kind, actor or target
        Quad(relationship, NamedNode(str(RDF.type)), NamedNode(str(OV.Relationship))),
        Quad(relationship, LABEL, Literal("broken")),
    ]
    with pytest.raises(ValidationFailed) as caught:
        store.load_source(SPEC, broken, validate=True)
    assert caught.value.source == "sample" and caught.value.violations
    with pytest.raises(ValidationFailed):
        store.load_source(SourceSpec(name="fresh", title="Fresh"), broken, validate=True)
    assert snapshot(store) == before


def as_text(quads: list[Quad], *, per_chunk: int) -> list[str | bytes]:
    """*quads* as N-Triples chunks of *per_chunk* lines, alternately str and bytes."""
    chunks: list[str | bytes] = []
    for n, i in enumerate(range(0, len(quads), per_chunk)):
        text = serialize([q.triple for q in quads[i : i + per_chunk]], format=RdfFormat.N_TRIPLES)
        chunks.append(text if n % 2 else text.decode())
    return chunks


def test_ntriples_text_loads_as_its_quads_do(store: Store, tmp_path: Path) -> None:
    def data(store: Store) -> list[tuple[str, ...]]:
        return [q for q in snapshot(store)[1] if q[0] == f"<{SPEC.graph}>"]

    quads = labels(2_500, prefix='text "quoted"\n')
    seen: list[int] = []
    text = NTriples(as_text(quads, per_chunk=1_000))
    first = store.load_source(SPEC, text, progress=seen.append)
    by_text = data(store)
    assert (first.triples, seen, len(by_text)) == (2_500, [1_000, 2_000, 2_500], 2_500)
    again = store.load_source(SPEC, NTriples(as_text(quads[:10], per_chunk=4)), validate=False)
    assert (again.triples, again.replaced, count(store, SPEC.graph)) == (10, True, 10)
    with open_store(tmp_path / "by-quads") as other:
        other.load_source(SPEC, quads, validate=False)
        assert data(other) == by_text


def test_bad_ntriples_text_leaves_store_unchanged(store: Store) -> None:
    store.load_source(SourceSpec(name="other", title="Other"), labels(4), validate=False)
    before = snapshot(store)
    good = as_text(labels(300), per_chunk=100)
    bad = [*good, "<https://w3id.org/oversight/id/x> <urn:p> unquoted .\n"]
    for spec in (SPEC, SourceSpec(name="other", title="Other")):  # a first load, a reload
        with pytest.raises((SyntaxError, StoreError)):
            store.load_source(spec, NTriples(bad), validate=False)
        assert snapshot(store) == before
    broken = serialize([q.triple for q in _broken_relationship()], format=RdfFormat.N_TRIPLES)
    with pytest.raises(ValidationFailed):
        store.load_source(SPEC, NTriples([*good, broken]), validate=True)
    assert snapshot(store) == before


def _broken_relationship() -> list[Quad]:
    relationship = NamedNode(key_to_iri("relationship/broken"))
    return [  # a relationship with no kind, actor or target
        Quad(relationship, NamedNode(str(RDF.type)), NamedNode(str(OV.Relationship))),
        Quad(relationship, LABEL, Literal("broken")),
    ]


def _unreadable() -> list[Quad]:
    raise StoreError("the file cannot be read")


def test_a_batch_loads_each_source_atomically_and_in_order(store: Store) -> None:
    store.load_source(SourceSpec(name="old", title="Old"), labels(2), validate=False)
    batch = [
        SourceLoad(SourceSpec(name="first", title="First"), lambda: labels(50, prefix="one")),
        SourceLoad(SourceSpec(name="broken", title="Broken"), _broken_relationship),
        SourceLoad(SourceSpec(name="unreadable", title="Unreadable"), _unreadable),
        SourceLoad(SourceSpec(name="old", title="Old again"), lambda: labels(3, prefix="new")),
        SourceLoad(SourceSpec(name="last", title="Last"), lambda: labels(7, prefix="seven")),
    ]
    outcomes = list(store.load_sources(batch, validate=True))
    assert [load.spec.name for load, _ in outcomes] == [b.spec.name for b in batch]
    reports = {load.spec.name: outcome for load, outcome in outcomes}
    assert isinstance(reports["broken"], ValidationFailed)
    assert isinstance(reports["unreadable"], StoreError)
    assert {n: r.triples for n, r in reports.items() if isinstance(r, LoadReport)} == {
        "first": 50,
        "old": 3,
        "last": 7,
    }
    assert reports["old"].replaced and not reports["first"].replaced  # type: ignore[union-attr]
    assert {s.name: s.triples for s in store.sources()} == {"first": 50, "old": 3, "last": 7}
    assert graph_names(store) == {source_iri(n) for n in ("first", "old", "last")} | {
        METADATA_GRAPH
    }
    if isinstance(store, OxigraphStore):  # no marker of a load in flight is left behind
        assert not [g for g in store.db.named_graphs() if is_staging_iri(g.value)]


def test_conforming_data_passes_validation(store: Store) -> None:
    if importlib.util.find_spec("graph.validation") is None:
        pytest.skip("graph.validation (SHACL) is not written yet")
    report = store.load_source(SPEC, labels(3), validate=True)
    assert report.triples == 3 and [s.name for s in store.sources()] == ["sample"]


def test_staging_graph_name_is_unique_and_under_the_source() -> None:
    first, second = staging_iri(SPEC.graph), staging_iri(SPEC.graph)
    assert first != second and first.startswith(SPEC.graph + "/staging/")


# --- queries ----------------------------------------------------------------------------


def _subjects(result: object) -> set[str]:
    assert isinstance(result, QuerySolutions)
    return {str(row["s"].value) for row in result}


def test_default_graph_is_the_union_unless_graphs_are_named(store: Store) -> None:
    a, b = SourceSpec(name="a", title="A"), SourceSpec(name="b", title="B")
    store.load_source(a, [Quad(thing(1), LABEL, Literal("in a"))], validate=False)
    store.load_source(b, [Quad(thing(2), LABEL, Literal("in b"))], validate=False)
    query = f"SELECT ?s WHERE {{ ?s <{LABEL.value}> ?o }}"

    assert _subjects(store.query(query)) == {thing(1).value, thing(2).value}
    assert _subjects(store.query(query, union_default_graph=False)) == set()
    assert _subjects(store.query(query, default_graphs=[a.graph])) == {thing(1).value}
    named = store.query(
        f"SELECT ?s WHERE {{ GRAPH ?g {{ ?s <{LABEL.value}> ?o }} }}", named_graphs=[b.graph]
    )
    assert _subjects(named) == {thing(2).value}


def test_query_result_types_are_pyoxigraph_types(store: Store) -> None:
    store.load_source(SPEC, labels(2), validate=False)
    ask = store.query("ASK { ?s ?p 'label 1' }")
    assert isinstance(ask, QueryBoolean) and bool(ask)
    construct = store.query(
        f"CONSTRUCT {{ ?s <{SEEALSO.value}> ?o }} WHERE {{ ?s <{LABEL.value}> ?o }}"
    )
    assert isinstance(construct, QueryTriples)
    triples = list(construct)
    assert {t.object.value for t in triples} == {"label 0", "label 1"}
    assert all(t.predicate == SEEALSO for t in triples)
    select = store.query(f"SELECT ?o WHERE {{ ?s <{LABEL.value}> ?o }} ORDER BY ?o")
    assert isinstance(select, QuerySolutions)
    assert [v.value for v in select.variables] == ["o"]
    assert [row["o"] for row in select] == [Literal("label 0"), Literal("label 1")]


def test_bad_query_raises_syntax_error(store: Store) -> None:
    with pytest.raises(SyntaxError) as caught:
        store.query("SELEC ?s WHERE { ?s ?p ?o }")
    assert str(caught.value)
    with pytest.raises(SyntaxError):
        store.update("INSERT DATA { <urn:a> <urn:b> ")


def test_update_writes_in_the_store(store: Store) -> None:
    store.update("INSERT DATA { GRAPH <urn:g> { <urn:a> <urn:b> 'c' } }")
    assert store.query("ASK { <urn:a> <urn:b> 'c' }")


# --- generation -------------------------------------------------------------------------


def test_generation_changes_on_load_and_remove_not_on_query(store: Store) -> None:
    empty = store.generation()
    assert store.generation() == empty

    store.load_source(SPEC, labels(2), validate=False)
    loaded = store.generation()
    assert loaded != empty

    store.query("SELECT * WHERE { ?s ?p ?o }")
    assert store.generation() == loaded

    store.load_source(SPEC, labels(2), validate=False)  # same data, new load
    reloaded = store.generation()
    assert reloaded not in {loaded, empty}

    store.remove_source("sample")
    assert store.generation() not in {loaded, reloaded}


# --- embedded store ---------------------------------------------------------------------


def test_embedded_store_keeps_sources_across_reopen(tmp_path: Path) -> None:
    with open_store(tmp_path) as store:
        store.load_source(SPEC, labels(7), validate=False)
        before = snapshot(store)
    with open_store(tmp_path) as store:
        assert store.backend == "embedded"
        assert snapshot(store) == before


def test_open_drops_staging_graphs_left_by_a_killed_load(tmp_path: Path) -> None:
    with open_store(tmp_path) as store:
        store.load_source(SPEC, labels(3), validate=False)
        before = snapshot(store)
        assert isinstance(store, OxigraphStore)
        leftover = NamedNode(staging_iri(SPEC.graph))
        store.db.bulk_extend(labels(50, prefix="half-loaded", graph=leftover))
    with open_store(tmp_path) as store:
        assert isinstance(store, OxigraphStore)
        assert store.recovered == [leftover.value]
        assert snapshot(store) == before


def test_open_drops_an_uncommitted_first_load(tmp_path: Path) -> None:
    with open_store(tmp_path) as store:
        store.load_source(SPEC, labels(3), validate=False)
        before = snapshot(store)
        assert isinstance(store, OxigraphStore)
        fresh = source_iri("fresh")
        marker = NamedNode(pending_iri(fresh))
        store.db.add_graph(marker)
        store.db.bulk_extend(labels(40, prefix="fresh", graph=NamedNode(fresh)))
    with open_store(tmp_path) as store:
        assert isinstance(store, OxigraphStore)
        assert store.recovered == [marker.value]
        assert snapshot(store) == before
        assert {g.value for g in store.db.named_graphs()} == {SPEC.graph, METADATA_GRAPH}


def test_first_and_later_loads_on_disk_agree(tmp_path: Path) -> None:
    def split(quads: list[tuple[str, ...]]) -> tuple[list[tuple[str, ...]], int]:
        data = [q for q in quads if q[0] == f"<{SPEC.graph}>"]
        return data, sum(1 for q in quads if q[0] == f"<{METADATA_GRAPH}>")

    with open_store(tmp_path) as store:
        first = store.load_source(SPEC, labels(5), validate=False)  # bulk into a new graph
        data_first, meta_first = split(snapshot(store)[1])
        again = store.load_source(SPEC, labels(5), validate=False)  # staging graph + MOVE
        data_again, meta_again = split(snapshot(store)[1])
    assert (first.triples, first.replaced, again.triples, again.replaced) == (5, False, 5, True)
    assert len(data_first) == 5 and data_again == data_first
    assert meta_again == meta_first == 15  # 13 PROV triples + input + sha256


def test_second_process_gets_a_clear_error(tmp_path: Path) -> None:
    script = (
        "import sys\nfrom graph.store import open_store, StoreError\n"
        "try:\n    open_store(sys.argv[1])\n"
        "except StoreError as e:\n    print(type(e).__name__, e)\n"
    )
    with open_store(tmp_path):
        done = subprocess.run(
            [sys.executable, "-c", script, str(tmp_path)],
            capture_output=True,
            text=True,
            timeout=60,
            check=True,
        )
        with pytest.raises(StoreInUse, match="already open in this process"):
            open_store(tmp_path)
    assert done.stdout.strip() == (
        f"StoreInUse the store at {tmp_path} is in use by another process — "
        "is `oversight serve` running?"
    )
    with open_store(tmp_path) as store:  # closed stores release the lock
        assert store.sources() == []


def test_closed_store_refuses_work(tmp_path: Path) -> None:
    store = open_store(tmp_path)
    store.close()
    with pytest.raises(StoreError, match="closed"):
        store.sources()


def test_open_store_needs_exactly_one_target() -> None:
    with pytest.raises(ValueError, match="exactly one"):
        open_store()
    with pytest.raises(ValueError, match="exactly one"):
        open_store("/tmp/x", memory=True)


# --- remote store -----------------------------------------------------------------------


def test_unreachable_server_is_a_remote_error() -> None:
    with socket.socket() as sock:  # a port nobody listens on
        sock.bind(("127.0.0.1", 0))
        base = f"http://127.0.0.1:{sock.getsockname()[1]}"
    with (
        RemoteStore(RemoteConfig(f"{base}/query", f"{base}/update", timeout=5)) as store,
        pytest.raises(RemoteError, match="cannot reach"),
    ):
        store.sources()


class _AuthHandler(BaseHTTPRequestHandler):
    """A SPARQL endpoint answering every ASK with true, for user ``analyst`` only."""

    expected = "Basic " + base64.b64encode(b"analyst:s3cret").decode()
    seen: list[str | None] = []  # noqa: RUF012 - shared with the test on purpose

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        auth = self.headers.get("Authorization")
        type(self).seen.append(auth)
        if auth != self.expected:
            self.send_response(401)
            self.send_header("WWW-Authenticate", 'Basic realm="sparql"')
            self.end_headers()
            return
        body = json.dumps({"head": {}, "boolean": True}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/sparql-results+json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


def test_remote_sends_basic_auth_and_never_shows_the_password() -> None:
    server = HTTPServer(("127.0.0.1", 0), _AuthHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{server.server_address[1]}/sparql"
    try:
        good = RemoteConfig(url, url, username="analyst", password="s3cret")
        with RemoteStore(good) as store:
            assert bool(store.query("ASK { ?s ?p ?o }"))
            assert "s3cret" not in repr(store) and "s3cret" not in repr(good)
        bad = RemoteConfig(url, url, username="analyst", password="wrong")
        with RemoteStore(bad) as store, pytest.raises(RemoteError, match="401") as caught:
            store.query("ASK { ?s ?p ?o }")
        assert "wrong" not in str(caught.value)
    finally:
        server.shutdown()
        server.server_close()
    assert _AuthHandler.seen[0] == _AuthHandler.expected
