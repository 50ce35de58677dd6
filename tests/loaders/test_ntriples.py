"""N-Triples text from the mapper: every term exactly as pyoxigraph writes it.

The mapper writes text that the store's bulk loader parses (no Python object per
term), and :func:`loaders.mapper.to_quads` parses the same text, so these tests
check the text itself: each term is pyoxigraph's own N-Triples form of the term
the old object road built, and every chunk is canonical (re-serialising what
pyoxigraph parses from it gives it back byte for byte).
"""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pyoxigraph import Literal, NamedNode, RdfFormat, Triple, parse, serialize

from bench.generate import generate
from graph.examples import example_records
from loaders.mapper import MappingError, to_ntriples, to_quads
from loaders.ntriples import TermError, date_literal, iri, key_iri, literal, typed
from loaders.records import Body, Document, Inspection, NeighbourLink, Record, SourceAudit
from ontology.identifiers import is_key, key_to_iri

GRAPH = "https://w3id.org/oversight/id/source/text-test"

# Every code point but lone surrogates (which are not Unicode text).
TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=40)


@given(TEXT)
def test_a_string_literal_is_written_as_pyoxigraph_writes_it(text: str) -> None:
    written = literal(text)
    assert written == str(Literal(text))
    (quad,) = parse(f"<urn:s> <urn:p> {written} .\n", format=RdfFormat.N_TRIPLES)
    assert quad.object == Literal(text)


@pytest.mark.parametrize(
    "text",
    ['"', "\\", "\n", "\r", "\t", "\x00", "\x08", "\x0c", "\x1f", "\x7f", "\u2028", 'a\\"b'],
)
def test_characters_the_grammar_or_oxigraph_escape(text: str) -> None:
    assert literal(text) == str(Literal(text))
    assert "\n" not in literal(text) and "\r" not in literal(text)


def test_a_lone_surrogate_is_refused_by_the_mapper() -> None:
    with pytest.raises(TermError, match="Unicode"):
        literal("half \ud800 a pair")
    body = Body(key="la/380", kind="LocalAuthority", name="Bad \udc00 name")
    with pytest.raises(MappingError, match="la/380: not valid Unicode"):
        list(to_ntriples([body]))


@given(st.one_of(st.integers(), st.booleans(), st.floats(allow_nan=False), TEXT))
def test_typed_literals_match_pyoxigraph(value: int | bool | float | str) -> None:
    assert typed(value) == str(Literal(value))


def test_a_date_is_an_xsd_date() -> None:
    day = date(2017, 6, 27)
    xsd_date = NamedNode("http://www.w3.org/2001/XMLSchema#date")
    assert date_literal(day) == str(Literal("2017-06-27", datatype=xsd_date))


@given(st.from_regex(r"\A[a-z0-9][a-z0-9._-]{0,8}(/[A-Za-z0-9][A-Za-z0-9._-]{0,8}){0,3}\Z"))
def test_every_key_makes_a_valid_iri(key: str) -> None:
    assert is_key(key)
    assert key_iri(key) == str(NamedNode(key_to_iri(key)))


@pytest.mark.parametrize("bad", ["no scheme", "http://x/a b", "http://x/<a>", 'http://x/"'])
def test_an_invalid_iri_is_a_term_error(bad: str) -> None:
    with pytest.raises(TermError, match="not a valid IRI"):
        iri(bad)


def test_an_invalid_url_in_a_record_is_a_mapping_error() -> None:
    body = Body(key="la/380", kind="LocalAuthority", name="B", homepage="https://x.org/a page")
    with pytest.raises(MappingError, match="la/380: not a valid IRI"):
        list(to_ntriples([body]))
    inspection = Inspection(
        key="la/380/inspection/1",
        relationship="relationship/r",
        inspector="national/ofsted",
        inspected="la/380",
        start_date=date(2020, 1, 2),
        report_url="https://reports.ofsted.gov.uk/{id}",
    )
    with pytest.raises(MappingError, match="inspection/1: not a valid IRI"):
        list(to_ntriples([inspection]))


def _awkward_records() -> list[Record]:
    """Records whose literals need escaping, with typed values and URLs."""
    return [
        Body(
            key="la/380",
            kind="LocalAuthority",
            name='City of "Bradford"\\Metropolitan\nDistrict\tCouncil\x00',
            alt_names=("Bradford ☃", "\u2028"),
            homepage="https://www.bradford.gov.uk/café?x=1#top",
            attributes={"authorityType": "MD\r"},
            identifiers={"laCode": "380"},
        ),
        Document(key="document/d", title="Minutes\x7f", url="https://example.org/ü"),
        NeighbourLink(council="la/380", neighbour="la/381", rank=2, closeness="0.91"),
        SourceAudit(source="text-test", rows_read=3, rows_loaded=2, files=("a.csv",)),
    ]


def _samples() -> list[list[Record]]:
    return [
        list(example_records()),
        list(generate(seed=3, scale=0.01)),
        _awkward_records(),
    ]


@pytest.mark.parametrize("records", _samples(), ids=["examples", "generated", "awkward"])
def test_the_text_is_canonical_n_triples(records: list[Record]) -> None:
    chunks = list(to_ntriples(records, chunk_lines=500))
    assert all(chunk.endswith(" .\n") for chunk in chunks)
    text = "".join(chunks)
    triples = [q.triple for q in parse(text, format=RdfFormat.N_TRIPLES)]
    assert len(triples) == text.count("\n") > 0
    assert serialize(triples, format=RdfFormat.N_TRIPLES).decode() == text


@pytest.mark.parametrize("records", _samples(), ids=["examples", "generated", "awkward"])
def test_quads_are_the_text_in_the_graph(records: list[Record]) -> None:
    quads = list(to_quads(records, graph=GRAPH))
    text = "".join(to_ntriples(records))
    expected = [q.triple for q in parse(text, format=RdfFormat.N_TRIPLES)]
    assert [q.triple for q in quads] == expected
    assert {q.graph_name for q in quads} == {NamedNode(GRAPH)}
    assert all(isinstance(t, Triple) for t in expected)


def test_chunks_hold_whole_lines_and_at_most_the_asked_number() -> None:
    records = list(generate(seed=3, scale=0.01))
    chunks = list(to_ntriples(records, chunk_lines=1_000))
    assert len(chunks) > 2
    assert all(c.count("\n") == 1_000 for c in chunks[:-1]) and chunks[-1].count("\n") <= 1_000
    assert "".join(chunks) == "".join(to_ntriples(records, chunk_lines=10**9))
