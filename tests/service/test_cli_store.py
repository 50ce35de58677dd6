"""``oversight sources``, ``remove`` and ``query``: in-process with CliRunner, and once for real."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from pyoxigraph import Literal, NamedNode, Quad, RdfFormat, parse
from typer.testing import CliRunner

from graph.store import SourceSpec, open_store
from ontology.identifiers import key_to_iri
from service.cli import app

LABEL = NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
NO_SEED = {"OVERSIGHT_LOAD_SEED": "false", "OVERSIGHT_DATA_DIR": None}


def _quads(prefix: str, n: int) -> list[Quad]:
    return [
        Quad(NamedNode(key_to_iri(f"test/{prefix}-{i}")), LABEL, Literal(f"{prefix} {i}"))
        for i in range(n)
    ]


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    """An embedded store with two sources: ``alpha`` (3 triples) and ``beta`` (2)."""
    path = tmp_path / "store"
    with open_store(path) as store:
        store.load_source(
            SourceSpec(name="alpha", title="Alpha, first", loader="tests", loader_version="2"),
            _quads("alpha", 3),
            validate=False,
        )
        store.load_source(SourceSpec(name="beta", title="Beta"), _quads("beta", 2), validate=False)
    return path


def run(data_dir: Path, *args: str, input: str | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, ["--data-dir", str(data_dir), *args], env=NO_SEED, input=input)
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr


# --- sources ----------------------------------------------------------------------------


def test_sources_as_csv_and_json(data_dir: Path) -> None:
    code, out, _ = run(data_dir, "sources", "--format", "csv")
    assert code == 0
    rows = list(csv.reader(io.StringIO(out)))
    assert rows[0] == ["name", "title", "triples", "loaded at", "loader", "version"]
    assert [r[:3] + r[4:] for r in rows[1:]] == [
        ["alpha", "Alpha, first", "3", "tests", "2"],
        ["beta", "Beta", "2", "manual", "0"],
    ]

    code, out, _ = run(data_dir, "sources", "--format", "json")
    listed = json.loads(out)
    assert [(s["name"], s["triples"]) for s in listed] == [("alpha", 3), ("beta", 2)]
    assert listed[0]["loaded at"].startswith("20")


def test_sources_table(data_dir: Path) -> None:
    code, out, _ = run(data_dir, "sources")
    assert code == 0
    assert "alpha" in out and "beta" in out and "triples" in out


def test_sources_of_an_empty_store_does_not_load_anything(tmp_path: Path) -> None:
    code, out, _ = run(tmp_path / "empty", "sources", "--format", "json")
    assert code == 0 and json.loads(out) == []


# --- remove -----------------------------------------------------------------------------


def test_remove_drops_the_source(data_dir: Path) -> None:
    code, out, _ = run(data_dir, "remove", "alpha")
    assert code == 0 and "removed source alpha (3 triples)" in out
    _, out, _ = run(data_dir, "sources", "--format", "json")
    assert [s["name"] for s in json.loads(out)] == ["beta"]
    _, out, _ = run(data_dir, "query", "ASK { ?s ?p 'alpha 0' }")
    assert out.strip() == "false"


def test_remove_unknown_source_fails_and_lists_known_ones(data_dir: Path) -> None:
    code, _, err = run(data_dir, "remove", "gamma")
    assert code == 1
    assert "no source named 'gamma' (loaded: alpha, beta)" in err


# --- query ------------------------------------------------------------------------------

SELECT = (
    "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "
    "SELECT ?thing ?label WHERE { ?thing rdfs:label ?label } ORDER BY ?label"
)


def test_select_as_csv_json_and_table(data_dir: Path) -> None:
    code, out, _ = run(data_dir, "query", SELECT, "--format", "csv")
    assert code == 0
    rows = list(csv.reader(io.StringIO(out)))
    assert rows[0] == ["thing", "label"]
    assert rows[1] == [key_to_iri("test/alpha-0"), "alpha 0"]
    assert len(rows) == 6

    _, out, _ = run(data_dir, "query", SELECT, "--format", "json")
    assert json.loads(out)[-1] == {"thing": key_to_iri("test/beta-1"), "label": "beta 1"}

    _, out, _ = run(data_dir, "query", SELECT)
    assert "id:test/alpha-0" in out  # tables shorten IRIs with the project prefixes


def test_ask_prints_true_or_false(data_dir: Path) -> None:
    assert run(data_dir, "query", "ASK { ?s ?p 'beta 1' }")[1].strip() == "true"
    assert run(data_dir, "query", "ASK { ?s ?p 'nothing' }")[1].strip() == "false"


def test_construct_prints_turtle(data_dir: Path) -> None:
    query = (
        "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "
        "CONSTRUCT { ?s rdfs:comment ?o } WHERE { ?s rdfs:label ?o FILTER(STRSTARTS(?o, 'beta')) }"
    )
    code, out, _ = run(data_dir, "query", query)
    assert code == 0 and "@prefix rdfs:" in out
    triples = {(t.subject.value, t.object.value) for t in parse(out, format=RdfFormat.TURTLE)}
    assert triples == {(key_to_iri("test/beta-0"), "beta 0"), (key_to_iri("test/beta-1"), "beta 1")}


def test_query_from_file_and_stdin(data_dir: Path, tmp_path: Path) -> None:
    path = tmp_path / "q.rq"
    path.write_text("ASK { ?s ?p 'alpha 2' }", encoding="utf-8")
    assert run(data_dir, "query", "--file", str(path))[1].strip() == "true"
    piped = run(data_dir, "query", "--file", "-", input="ASK { ?s ?p 'zzz' }")
    assert piped[1].strip() == "false"


def test_bad_query_and_bad_arguments_fail_clearly(data_dir: Path, tmp_path: Path) -> None:
    code, _, err = run(data_dir, "query", "SELEC * WHERE { ?s ?p ?o }")
    assert code == 1 and err.startswith("invalid SPARQL:")
    code, _, err = run(data_dir, "query")
    assert code == 1 and "give a SPARQL query" in err
    path = tmp_path / "q.rq"
    path.write_text("ASK {}", encoding="utf-8")
    code, _, err = run(data_dir, "query", "ASK {}", "--file", str(path))
    assert code == 1 and "not both" in err


def test_query_bootstraps_the_bundled_data_into_an_empty_store() -> None:
    result = CliRunner().invoke(
        app,
        [
            "--memory",
            "query",
            "SELECT ?g WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g",
            "--format",
            "json",
        ],
        env={"OVERSIGHT_LOAD_SEED": "true"},
    )
    assert result.exit_code == 0, result.output
    graphs = {row["g"] for row in json.loads(result.stdout)}
    assert {key_to_iri("source/ontology"), key_to_iri("source/seed")} <= graphs


# --- the real command -------------------------------------------------------------------


def test_real_oversight_command(data_dir: Path) -> None:
    exe = Path(sys.executable).with_name("oversight")
    assert exe.exists(), "the project is not installed (pip install -e .)"
    env = {**os.environ, "OVERSIGHT_LOAD_SEED": "false"}
    base = [str(exe), "--data-dir", str(data_dir)]

    listed = subprocess.run(
        [*base, "sources", "--format", "json"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=True,
    )
    assert [s["name"] for s in json.loads(listed.stdout)] == ["alpha", "beta"]

    removed = subprocess.run(
        [*base, "remove", "beta"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=True,
    )
    assert "removed source beta" in removed.stdout

    failed = subprocess.run(
        [*base, "remove", "beta"], capture_output=True, text=True, env=env, timeout=120
    )
    assert failed.returncode == 1 and "no source named 'beta'" in failed.stderr
