"""The SHACL shapes, their fast SPARQL translation, and pySHACL as the reference.

A conforming fixture is built from records with the one mapper; each file in
``tests/data/shapes/broken/`` is a SPARQL Update that breaks it in one way and
says (``# expect:`` lines) which node fails which shape on which path. Both
validators must find those violations, and exactly the same (focus node, shape,
path) triples as each other.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from pyoxigraph import DefaultGraph, Literal, NamedNode, Quad, RdfFormat, Store, serialize

from graph.shacl import ShapesError, UnsupportedShape, compile_shapes
from graph.store import NTriples, SourceSpec, ValidationFailed, Violation, open_store
from graph.validation import (
    ONTOLOGY_GRAPH,
    ontology_structure,
    validate_quads,
    validate_store,
    validate_with_pyshacl,
)
from loaders.mapper import to_quads
from loaders.records import (
    Body,
    Document,
    Evidence,
    Holding,
    Inspection,
    Meeting,
    Membership,
    Person,
    Post,
    Record,
    Relationship,
)
from ontology.identifiers import key_to_iri, source_iri
from ontology.namespaces import ID, PREFIXES, RDFS, SHAPE

DATA = Path(__file__).resolve().parent.parent / "data" / "shapes"
BROKEN = sorted((DATA / "broken").glob("*.ru"))
GRAPH = source_iri("shapes-test")
DOC = "document/report"


def _evidence(sentence: str) -> tuple[Evidence, ...]:
    return (Evidence(document=DOC, sentence=sentence, locator="para 4"),)


def conforming_records() -> list[Record]:
    """Every record type, every relationship direction: the base of all fixtures."""
    return [
        Document(
            key=DOC,
            title="Scrutiny of school improvement",
            date=date(2017, 6, 27),
            council="la/380",
            kind="report",
            file_name="report.txt",
            sha256="0123456789abcdef" * 4,
        ),
        Body(
            key="la/380",
            kind="LocalAuthority",
            name="Example Metropolitan District Council",
            region="region/E12000003",
            identifiers={"laCode": "380", "gssCode": "E08000032"},
        ),
        Body(
            key="la/380/scrutiny",
            kind="ScrutinyCommittee",
            name="Children's Services Scrutiny Committee",
            council="la/380",
            part_of="la/380",
            valid_from=date(2015, 5, 1),
            valid_until=date(2020, 5, 1),
        ),
        Body(
            key="la/380/eisb",
            kind="EducationImprovementBoard",
            name="Education Improvement Strategy Board",
            alt_names=("EISB",),
            council="la/380",
        ),
        Body(
            key="rsc/north",
            kind="RegionalSchoolsCommissioner",
            name="Regional Director, North",
            part_of="national/dfe",
        ),
        Body(
            key="group/1234",
            kind="MultiAcademyTrust",
            name="Example Academy Trust",
            identifiers={"groupUid": "1234", "companiesHouseNumber": "08123456"},
        ),
        Body(
            key="school/100000",
            kind="School",
            name="Example Primary School",
            identifiers={"urn": "100000"},
        ),
        Post(
            key="la/380/dcs",
            kind="DirectorOfChildrensServices",
            title="Strategic Director of Children's Services",
            post_in="la/380",
            council="la/380",
        ),
        Post(key="la/380/scrutiny/chair", kind="Chair", title="Chair", post_in="la/380/scrutiny"),
        Person(key="la/380/person/alex-example", name="Alex Example"),
        Holding(
            person="la/380/person/alex-example",
            post="la/380/dcs",
            valid_from=date(2016, 1, 1),
            evidence=_evidence("Alex Example, Strategic Director, introduced the report."),
        ),
        Relationship(
            key="relationship/scrutiny",
            kind="scrutinises",
            actors=("la/380/scrutiny",),
            targets=("la/380/dcs",),
            stated_frequency="termly",
            observed_frequency="halfTermly",
            valid_from=date(2017, 1, 1),
            valid_until=date(2018, 1, 1),
            confidence=0.9,
            evidence=_evidence("The committee holds the Director to account each term."),
        ),
        Relationship(
            key="relationship/meeting",
            kind="meetsWith",
            actors=("la/380/dcs",),
            targets=("rsc/north", "group/1234"),
            stated_frequency="termly",
            evidence=_evidence("The DCS meets with the RSC and MAT CEOs on a termly basis."),
        ),
        Relationship(
            key="relationship/report",
            kind="reportsTo",
            actors=("la/380/dcs",),
            targets=("la/380/eisb",),
            stated_frequency="monthly",
            evidence=_evidence("The Director presents a monthly report to the Board."),
        ),
        Relationship(
            key="relationship/no-influence",
            kind="hasNoInfluenceOver",
            actors=("la/380",),
            targets=("group/1234",),
            handed_to=("rsc/north",),
            evidence=_evidence("The LA has no influence; this role is undertaken by the RSC."),
        ),
        Relationship(
            key="relationship/interest",
            kind="declaredInterestIn",
            actors=("la/380/person/alex-example",),
            targets=("school/100000",),
        ),
        Relationship(
            key="relationship/inspection",
            kind="inspects",
            actors=("national/ofsted",),
            targets=("la/380",),
        ),
        Inspection(
            key="la/380/inspection/2018-01-15",
            relationship="relationship/inspection",
            inspector="national/ofsted",
            inspected="la/380",
            start_date=date(2018, 1, 15),
            publication_date=date(2018, 3, 1),
            judgements={"overallEffectiveness": "Requires improvement"},
            latest=True,
        ),
        Membership(member="school/100000", organization="group/1234", valid_from=date(2016, 9, 1)),
        Meeting(body="la/380/eisb", date=date(2017, 1, 10), document=DOC),
    ]


def conforming_quads() -> list[Quad]:
    return list(to_quads(conforming_records(), graph=GRAPH))


def _prologue() -> str:
    prefixes = "\n".join(f"PREFIX {p}: <{ns}>" for p, ns in PREFIXES.items() if p != "id")
    return f"BASE <{ID}>\n{prefixes}\n"


def broken_quads(update_file: Path) -> list[Quad]:
    """The conforming fixture with the SPARQL Update of *update_file* applied."""
    store = Store()
    store.extend(Quad(q.subject, q.predicate, q.object) for q in conforming_quads())
    store.update(_prologue() + update_file.read_text(encoding="utf-8"))
    graph = NamedNode(GRAPH)
    return [
        Quad(q.subject, q.predicate, q.object, graph)
        for q in store.quads_for_pattern(None, None, None, DefaultGraph())
    ]


def expectations(update_file: Path) -> list[tuple[str, str, str | None]]:
    """The ``# expect: <key> <shape> [<path>]`` lines of a fixture, as (IRI, shape, path)."""
    found = []
    for line in update_file.read_text(encoding="utf-8").splitlines():
        if line.startswith("# expect:"):
            key, shape, *path = line.removeprefix("# expect:").split()
            found.append((key_to_iri(key), shape, path[0] if path else None))
    assert found, f"{update_file.name} has no '# expect:' line"
    return found


def keyed(violations: list[Violation]) -> set[tuple[str, str, str | None]]:
    return {(v.focus_node, v.shape, v.path) for v in violations}


# --- the conforming fixture -------------------------------------------------------


def test_conforming_fixture_has_no_violations() -> None:
    quads = conforming_quads()
    assert len(quads) > 150
    assert validate_quads(quads) == []


@pytest.mark.slow
def test_pyshacl_accepts_the_conforming_fixture() -> None:
    assert validate_with_pyshacl(conforming_quads()) == []


def test_an_empty_load_conforms() -> None:
    assert validate_quads([]) == []


# --- the broken fixtures ------------------------------------------------------------


def test_every_shape_is_broken_by_some_fixture() -> None:
    broken_shapes = {shape for f in BROKEN for _, shape, _ in expectations(f)}
    assert broken_shapes == set(SHAPE.__annotations__)


@pytest.mark.parametrize("update_file", BROKEN, ids=lambda p: p.stem)
def test_broken_fixture_is_caught(update_file: Path) -> None:
    quads = broken_quads(update_file)
    assert {q.triple for q in quads} != {q.triple for q in conforming_quads()}, "no-op update"
    violations = validate_quads(quads)
    found = keyed(violations)
    for focus, shape, path in expectations(update_file):
        assert (focus, shape, path) in found, f"{focus} {shape} {path} not in {sorted(found)}"
    for violation in violations:
        assert violation.message and violation.severity == "Violation"
        assert violation.focus_node in str(violation)


@pytest.mark.slow
@pytest.mark.parametrize("update_file", BROKEN, ids=lambda p: p.stem)
def test_broken_fixture_same_as_pyshacl(update_file: Path) -> None:
    quads = broken_quads(update_file)
    assert keyed(validate_quads(quads)) == keyed(validate_with_pyshacl(quads))


@pytest.mark.parametrize("update_file", [None, *BROKEN], ids=lambda p: p.stem if p else "none")
def test_a_first_load_on_disk_finds_the_same_violations(
    update_file: Path | None, tmp_path: Path
) -> None:
    """The embedded store validates its in-memory copy of a first load (one default
    graph, the ontology structure added to it): the same violations as validate_quads."""
    quads = conforming_quads() if update_file is None else broken_quads(update_file)
    expected = [v for v in validate_quads(quads) if v.severity == "Violation"]
    text = NTriples([serialize([q.triple for q in quads], format=RdfFormat.N_TRIPLES)])
    spec = SourceSpec(name="shapes-test", title="Shapes test")
    with open_store(tmp_path / "store") as store:
        if not expected:
            assert store.load_source(spec, text).triples == len({q.triple for q in quads})
            return
        with pytest.raises(ValidationFailed) as caught:
            store.load_source(spec, text)
        assert caught.value.violations == expected
        assert store.sources() == []


def test_messages_say_what_is_wrong_in_plain_english() -> None:
    (violation,) = validate_quads(broken_quads(DATA / "broken" / "confidence-too-high.ru"))
    assert violation.path == "ov:confidence"
    assert "between 0 and 1" in violation.message and '"1.7"' in violation.message
    assert str(violation).startswith(
        key_to_iri("relationship/scrutiny") + " fails RelationshipShape"
    )


def test_contact_messages_do_not_repeat_the_contact_details() -> None:
    violations = validate_quads(broken_quads(DATA / "broken" / "email-in-a-comment.ru"))
    assert violations and all("example.org" not in str(v) for v in violations)


# --- contact details in literals ------------------------------------------------------

FLAGGED = [
    "clerk@example.org",
    "Write to j.smith+scrutiny@example.co.uk.",
    "01632 960000",
    "(01632) 960 000",
    "Tel: 0113 496 0000",
    "+44 1632 960000",
    "+44 (0)1632 960 000",
    "020 7946 0000 ext 4",
    "07700 900000",
]
NOT_FLAGGED = [
    "2017-06-27",
    "E08000032",
    "08123456",
    "100000",
    "0.900",
    "0123456789abcdef" * 4,
    "Met on 01/02/2017 and 03/04/2017.",
    "Minute 123/2017, item 0004",
    "Schools @ the heart of the community",
    "012345678901234",
]


def _body_with_comment(text: str) -> list[Quad]:
    records = [Body(key="la/380", kind="LocalAuthority", name="Example", note=text)]
    return list(to_quads(records, graph=GRAPH))


@pytest.mark.parametrize("text", FLAGGED)
def test_contact_details_in_a_literal_are_refused(text: str) -> None:
    violations = validate_quads(_body_with_comment(text))
    assert keyed(violations) == {(key_to_iri("la/380"), "ContactDetailsShape", "rdfs:comment")}


@pytest.mark.parametrize("text", NOT_FLAGGED)
def test_codes_dates_and_hashes_are_not_mistaken_for_contact_details(text: str) -> None:
    assert validate_quads(_body_with_comment(text)) == []


# --- the translation is generic over the shapes file --------------------------------


@pytest.mark.slow
def test_other_shacl_components_agree_with_pyshacl() -> None:
    """Components our shapes do not use yet are translated like pySHACL reads them."""
    shapes = DATA / "components-shapes.ttl"
    quads = [
        Quad(q.subject, q.predicate, q.object, NamedNode(GRAPH))
        for q in _parse_turtle(DATA / "components-data.ttl")
    ]
    fast = validate_quads(quads, shapes=shapes)
    assert keyed(fast) == keyed(validate_with_pyshacl(quads, shapes=shapes))
    expected = {
        line.removeprefix("# expect:").strip()
        for line in (DATA / "components-data.ttl").read_text().splitlines()
        if line.startswith("# expect:")
    }
    shown = {f"{v.focus_node.rsplit('/', 1)[-1]} {v.shape} {_ex(v.path)}" for v in fast}
    assert shown == expected


def _ex(path: str | None) -> str | None:
    return path.replace("<http://example.org/", "ex:").rstrip(">") if path else path


def _parse_turtle(path: Path) -> list[Quad]:
    from pyoxigraph import RdfFormat, parse

    return list(parse(path=str(path), format=RdfFormat.TURTLE))


def test_every_check_of_the_project_shapes_compiles() -> None:
    from graph.validation import shapes_file

    compiled = compile_shapes(shapes_file())
    assert {c.shape for check in compiled.checks for c in check.constraints} == set(
        SHAPE.__annotations__
    )
    components = {c.component for check in compiled.checks for c in check.constraints}
    assert components >= {"minCount", "maxCount", "class", "datatype", "pattern", "sparql"}
    assert {check.mode for check in compiled.checks} == {
        "values",
        "counts",
        "missing",
        "single",
        "sparql",
    }


def test_an_unsupported_feature_is_refused_naming_the_shape(tmp_path: Path) -> None:
    shapes = tmp_path / "shapes.ttl"
    shapes.write_text(
        """@prefix sh: <http://www.w3.org/ns/shacl#> .
        @prefix ex: <http://example.org/> .
        ex:OddShape a sh:NodeShape ; sh:targetClass ex:Thing ;
            sh:or ( [ sh:class ex:A ] [ sh:class ex:B ] ) .
        """
    )
    with pytest.raises(UnsupportedShape, match=r"shape OddShape: sh:or is not supported"):
        compile_shapes(str(shapes))


def test_a_malformed_shapes_file_is_refused_naming_the_file(tmp_path: Path) -> None:
    shapes = tmp_path / "broken-shapes.ttl"
    shapes.write_text("this is not turtle")
    with pytest.raises(ShapesError, match=r"broken-shapes\.ttl"):
        compile_shapes(str(shapes))


# --- running on a store -------------------------------------------------------------


def test_validate_store_checks_the_graphs_it_is_given_and_leaves_no_scratch_graph() -> None:
    store = Store()
    store.extend(broken_quads(DATA / "broken" / "body-without-kind.ru"))
    store.extend(ontology_structure())
    other = NamedNode(source_iri("other"))
    store.extend(Quad(q.subject, q.predicate, q.object, other) for q in _body_with_comment("fine"))
    graphs_before, size_before = set(store.named_graphs()), len(store)
    assert validate_store(store, graphs=[other, ONTOLOGY_GRAPH]) == []
    found = keyed(validate_store(store))
    assert (key_to_iri("la/380/eisb"), "BodyShape", None) in found
    assert set(store.named_graphs()) == graphs_before and len(store) == size_before


def test_the_same_triple_in_two_graphs_is_one_value() -> None:
    quads = conforming_quads()
    label = next(q for q in quads if q.predicate.value == str(RDFS.label))
    copy = Quad(label.subject, label.predicate, Literal(label.object.value), NamedNode(ID + "x"))
    assert validate_quads([*quads, copy]) == []
