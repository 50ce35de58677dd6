"""The W3C SPARQL 1.1 conformance runner: manifests read, one pytest id per test.

Reads ``../shared/w3c-sparql11/`` (the ``w3c_dir`` fixture skips when it is
absent): the 34 Protocol tests (each an ordered list of HTTP requests with the
expected status, format and boolean), the CSV/TSV and JSON results tests and
the service-description checks. Requests are replayed against the app (with
a write token, so update tests run and bad requests fail for their own reason)
after rewriting the manifest's ``/sparql/`` path prefix to our ``/sparql``.
Graph data named by ``ut:graphData`` is loaded into the named graph of its
label before each test; the results tests load ``qt:data`` into one graph,
which the union default graph exposes.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import rdflib
from fastapi.testclient import TestClient
from rdflib import RDF, Namespace
from rdflib.collection import Collection

from service.app import create_app
from service.settings import Settings

MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
QT = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-query#")
HT = Namespace("http://www.w3.org/2011/http#")
CNT = Namespace("http://www.w3.org/2011/content#")
UT = Namespace("http://www.w3.org/2009/sparql/tests/test-update#")
RDFS = Namespace("http://www.w3.org/2000/01/rdf-schema#")

WRITE_TOKEN = "w3c-write-token-1f2e3d"

_REPO = Path(__file__).resolve().parents[3]
_SHARED = Path(os.environ.get("OVERSIGHT_SHARED_DIR", _REPO.parent / "shared"))
W3C = _SHARED / "w3c-sparql11"


@dataclass(frozen=True)
class HttpRequest:
    """One request of a protocol test and the response it expects."""

    method: str
    path: str
    body: bytes | None
    headers: dict[str, str]
    statuses: tuple[str, ...]
    expected_format: str | None
    expected_boolean: bool | None


@dataclass(frozen=True)
class ProtocolCase:
    """A Protocol test: graphs to load (file, graph IRI), then requests in order."""

    name: str
    title: str
    graph_data: tuple[tuple[Path, str], ...]
    requests: tuple[HttpRequest, ...]


@dataclass(frozen=True)
class ResultsCase:
    """A results-format test: query, data, expected result file."""

    name: str
    title: str
    query: Path
    data: Path
    result: Path
    kind: str = field(default="")  # csv, tsv or json


def _items(graph: rdflib.Graph, head: object) -> list:
    return list(Collection(graph, head))  # type: ignore[arg-type]


def _manifest(path: Path) -> tuple[rdflib.Graph, list]:
    graph = rdflib.Graph().parse(path, format="turtle", publicID=path.as_uri())
    (manifest,) = graph.subjects(RDF.type, MF.Manifest)
    return graph, _items(graph, graph.value(manifest, MF.entries))


def _local(term: object) -> str:
    return str(term).rsplit("#", 1)[-1]


def protocol_cases(folder: Path = W3C) -> list[ProtocolCase]:
    """Every test of ``protocol/manifest.ttl``, in manifest order."""
    path = folder / "protocol" / "manifest.ttl"
    graph, entries = _manifest(path)
    cases = []
    for entry in entries:
        data = []
        for item in graph.objects(entry, UT.graphData):
            file = Path(str(graph.value(item, UT.graph)).removeprefix("file://"))
            data.append((file, str(graph.value(item, RDFS.label))))
        action = graph.value(entry, MF.action)
        requests = []
        for request in _items(graph, graph.value(action, HT.requests)):
            body_node = graph.value(request, HT.body)
            body = None
            if body_node is not None:
                chars = str(graph.value(body_node, CNT.chars))
                encoding = str(graph.value(body_node, CNT.characterEncoding) or "UTF-8")
                body = chars.encode(encoding.lower())
            headers = {}
            header_list = graph.value(request, HT.headers)
            if header_list is not None:
                for header in _items(graph, header_list):
                    headers[str(graph.value(header, HT.fieldName))] = str(
                        graph.value(header, HT.fieldValue)
                    )
            response = graph.value(request, HT.resp)
            boolean = graph.value(response, MF.expectedBoolean)
            fmt = graph.value(response, MF.expectedFormat)
            requests.append(
                HttpRequest(
                    method=str(graph.value(request, HT.methodName)),
                    path=str(graph.value(request, HT.absolutePath)),
                    body=body,
                    headers=headers,
                    statuses=tuple(
                        sorted(_local(s) for s in graph.objects(response, MF.expectedStatus))
                    ),
                    expected_format=None if fmt is None else str(fmt),
                    expected_boolean=None if boolean is None else boolean.toPython(),
                )
            )
        cases.append(
            ProtocolCase(
                _local(entry),
                str(graph.value(entry, MF.name)),
                tuple(sorted(data)),
                tuple(requests),
            )
        )
    return cases


def results_cases(folder: Path = W3C) -> list[ResultsCase]:
    """Every test of ``csv-tsv-res`` and ``json-res``, in manifest order."""
    cases = []
    for sub in ("csv-tsv-res", "json-res"):
        graph, entries = _manifest(folder / sub / "manifest.ttl")
        for entry in entries:
            action = graph.value(entry, MF.action)
            result = Path(str(graph.value(entry, MF.result)).removeprefix("file://"))
            kind = {".csv": "csv", ".tsv": "tsv", ".srj": "json"}[result.suffix]
            cases.append(
                ResultsCase(
                    name=_local(entry),
                    title=str(graph.value(entry, MF.name)),
                    query=Path(str(graph.value(action, QT.query)).removeprefix("file://")),
                    data=Path(str(graph.value(action, QT.data)).removeprefix("file://")),
                    result=result,
                    kind=kind,
                )
            )
    return cases


def service_description_checks(folder: Path = W3C) -> list[str]:
    """The names of the service-description tests."""
    _, entries = _manifest(folder / "service-description" / "manifest.ttl")
    return [_local(entry) for entry in entries]


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """One test id per manifest entry (a single skipped id when the folder is absent)."""
    available = (W3C / "protocol" / "manifest.ttl").is_file()
    for name, read in (
        ("protocol_case", protocol_cases),
        ("results_case", results_cases),
        ("sd_check", service_description_checks),
    ):
        if name in metafunc.fixturenames:
            if available:
                cases = read()
                ids = [c if isinstance(c, str) else c.name for c in cases]
                metafunc.parametrize(name, cases, ids=ids)
            else:
                metafunc.parametrize(name, [None], ids=["manifests-absent"])


@pytest.fixture(scope="module")
def w3c_client(w3c_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    """The app on an embedded store of its own, with a write token, no seed."""
    settings = Settings(
        store_backend="embedded",
        data_dir=tmp_path_factory.mktemp("w3c") / "store",
        load_seed=False,
        query_workers=2,
        tokens={WRITE_TOKEN: "write"},
    )
    with TestClient(create_app(settings)) as client:
        yield client


@pytest.fixture(scope="module")
def write_headers() -> dict[str, str]:
    """The Authorization header every replayed request carries."""
    return {"authorization": f"Bearer {WRITE_TOKEN}"}
