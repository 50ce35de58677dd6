"""The saved-query library: the header parser, parameter binding, and every bundled
query run on the seed graph with rows derived from the five council documents."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pyoxigraph import Literal, NamedNode, QuerySolutions

from graph.store import Store, open_store
from ontology.identifiers import key_to_iri
from service.saved_queries import (
    InvalidParameter,
    SavedQueryError,
    SavedQueryNotFound,
    get_saved_query,
    load_saved_queries,
    parse_saved_query,
)

HEADER = "# title: T\n# description: D\n"

# --- the header format ---------------------------------------------------------------


def test_header_fields_and_continuations() -> None:
    text = (
        "# title: Who oversees a body\n"
        "# description: Every overseer,\n"
        "#   with how often.\n"
        "#\n"
        "# param: ?body (iri): the body to look at,\n"
        "#   by key or IRI\n"
        "PREFIX id: <https://w3id.org/oversight/id/>\n"
        "# a comment inside the query is not part of the header: anything: goes\n"
        "SELECT * { VALUES ?body { id:la/380 } ?s ?p ?body }\n"
    )
    query = parse_saved_query("who", text)
    assert query.title == "Who oversees a body"
    assert query.description == "Every overseer, with how often."
    (param,) = query.parameters
    assert (param.name, param.type, param.default) == ("body", "iri", "id:la/380")
    assert param.description == "the body to look at, by key or IRI"
    assert query.text == text


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("# description: D\nASK {}", "x.rq: the header has no 'title:' line"),
        (HEADER + "# title: again\nASK {}", "x.rq: the header has more than one 'title:' line"),
        ("# title:\n# description: D\nASK {}", "x.rq: the 'title:' field is empty"),
        (HEADER + "# tilte: typo\nASK {}", "x.rq:3: unknown header field 'tilte'"),
        (HEADER + "# just words\nASK {}", "x.rq:3: header line is neither 'key: value'"),
        (HEADER + "# param: body (iri): no question mark\nASK {}", "x.rq:3: a parameter reads"),
        (HEADER + "# param: ?b (colour): x\nVALUES ?b { 1 }", "x.rq:3: parameter ?b has type"),
        (HEADER + "# param: ?b (iri): x\nASK { ?b ?p ?o }", "x.rq:3: parameter ?b needs a 'VALUES"),
        (
            HEADER + "# param: ?b (iri): x\n# param: ?b (iri): y\nASK { VALUES ?b { <urn:x> } }",
            "x.rq: a parameter is declared twice",
        ),
    ],
)
def test_header_errors_name_file_and_line(text: str, message: str) -> None:
    with pytest.raises(SavedQueryError) as caught:
        parse_saved_query("x", text, source="x.rq")
    assert str(caught.value).startswith(message)


def test_bad_names_are_refused() -> None:
    with pytest.raises(SavedQueryError, match="lower-case letters"):
        parse_saved_query("Bad Name", HEADER + "ASK {}")


# --- binding parameters ----------------------------------------------------------------

TYPED = parse_saved_query(
    "typed",
    HEADER + "# param: ?body (iri): a body\n# param: ?asOf (date): a day\n"
    "# param: ?name (string): a name\n# param: ?n (integer): a count\n"
    "SELECT * {\n  VALUES ?body { <urn:default> }\n  VALUES ?asOf { UNDEF }\n"
    '  VALUES ?name { "x" }\n  VALUES ?n { 3 }\n}\n',
)


@pytest.mark.parametrize(
    ("name", "value", "clause"),
    [
        ("body", "la/380", "VALUES ?body { <https://w3id.org/oversight/id/la/380> }"),
        ("body", "id:la/856", "VALUES ?body { <https://w3id.org/oversight/id/la/856> }"),
        ("body", "<http://example.org/b>", "VALUES ?body { <http://example.org/b> }"),
        ("body", "https://example.org/c", "VALUES ?body { <https://example.org/c> }"),
        (
            "asOf",
            "2019-01-01",
            'VALUES ?asOf { "2019-01-01"^^<http://www.w3.org/2001/XMLSchema#date> }',
        ),
        ("name", 'say "hi" }', 'VALUES ?name { "say \\"hi\\" }" }'),
        ("n", "12", "VALUES ?n { 12 }"),
    ],
)
def test_render_writes_typed_terms(name: str, value: str, clause: str) -> None:
    rendered = TYPED.render({name: value})
    assert clause in rendered
    # the other parameters keep their defaults
    assert rendered.count("VALUES") == 4


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("body", "<http://example.org/a> } ; DROP ALL ; {"),
        ("body", "not a key"),
        ("body", "nope:thing"),
        ("asOf", "2019-02-30"),
        ("n", "1; DROP ALL"),
        ("colour", "red"),
    ],
)
def test_render_refuses_values_that_do_not_fit(name: str, value: str) -> None:
    with pytest.raises(InvalidParameter):
        TYPED.render({name: value})


def test_a_string_value_cannot_escape_its_literal() -> None:
    store = open_store(memory=True)
    rendered = TYPED.render({"name": '"} } DELETE WHERE { ?s ?p ?o } #'})
    rows = list(store.query(rendered))  # it still parses: the value stayed a literal
    assert rows[0]["name"] == Literal('"} } DELETE WHERE { ?s ?p ?o } #')


# --- the bundled library -------------------------------------------------------------

LIBRARY = load_saved_queries()


def test_the_library_has_at_least_twelve_documented_queries() -> None:
    assert len(LIBRARY) >= 12
    for query in LIBRARY.values():
        assert len(query.title) >= 10, query.name
        assert len(query.description) >= 40, query.name
        assert query.text.endswith("\n"), query.name


def test_unknown_names_raise() -> None:
    with pytest.raises(SavedQueryNotFound):
        get_saved_query("nothing-like-this")


def test_a_folder_of_queries_is_read_in_name_order(tmp_path: Path) -> None:
    (tmp_path / "b-query.rq").write_text(HEADER + "ASK {}\n", encoding="utf-8")
    (tmp_path / "a-query.rq").write_text(HEADER + "ASK {}\n", encoding="utf-8")
    (tmp_path / "notes.txt").write_text("not a query", encoding="utf-8")
    assert list(load_saved_queries(tmp_path)) == ["a-query", "b-query"]


def test_a_broken_file_is_named(tmp_path: Path) -> None:
    (tmp_path / "broken.rq").write_text("# title: T\nASK {}\n", encoding="utf-8")
    with pytest.raises(SavedQueryError, match=r"broken\.rq: the header has no 'description:'"):
        load_saved_queries(tmp_path)
