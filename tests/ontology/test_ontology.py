"""The OWL ontology, the SKOS schemes and the shapes agree with ontology/namespaces.py."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DefinedNamespace

from ontology.namespaces import (
    DCTERMS,
    FOAF,
    FREQ,
    KIND,
    ORG,
    OV,
    OWL,
    PROV,
    RDF,
    RDFS,
    SH,
    SHAPE,
    SKOS,
)
from ontology.vocabulary import KINDS, ONTOLOGY_FILES, load_ontology_graph, ontology_files

OURS: list[type[DefinedNamespace]] = [OV, KIND, FREQ, SHAPE]
ONTOLOGY = URIRef("https://w3id.org/oversight/def")


@pytest.fixture(scope="module")
def graph() -> Graph:
    return load_ontology_graph()


def terms(namespace: type[DefinedNamespace]) -> set[str]:
    return {str(namespace._NS) + name for name in namespace.__annotations__}


def declared(graph: Graph, namespace: type[DefinedNamespace]) -> set[str]:
    """IRIs in *namespace* that the Turtle files type (``a owl:Class``, ``a skos:Concept``...)."""
    ns = str(namespace._NS)
    return {
        str(s) for s in graph.subjects(RDF.type, None) if str(s).startswith(ns) and str(s) != ns
    }


def test_every_ontology_file_is_present_and_parses() -> None:
    names = [Path(p).name for p in ontology_files()]
    assert names == [n for n in ONTOLOGY_FILES if n in names]
    assert {"oversight.ttl", "kinds.ttl", "frequencies.ttl", "shapes.ttl"} <= set(names)
    for path in ontology_files():
        assert len(Graph().parse(path, format="turtle")) > 10, path


def test_shapes_load_after_the_vocabulary_they_use() -> None:
    order = list(ONTOLOGY_FILES)
    assert order.index("oversight.ttl") < order.index("kinds.ttl") < order.index("shapes.ttl")
    assert order.index("frequencies.ttl") < order.index("shapes.ttl")
    assert order[-1] == "shapes.ttl"


@pytest.mark.parametrize("namespace", OURS, ids=lambda n: n.__name__)
def test_every_listed_term_is_declared(graph: Graph, namespace: type[DefinedNamespace]) -> None:
    missing = terms(namespace) - declared(graph, namespace)
    assert not missing, f"listed in namespaces.py but not declared in the Turtle: {sorted(missing)}"


@pytest.mark.parametrize("namespace", OURS, ids=lambda n: n.__name__)
def test_every_declared_term_is_listed(graph: Graph, namespace: type[DefinedNamespace]) -> None:
    extra = declared(graph, namespace) - terms(namespace)
    assert not extra, f"declared in the Turtle but not listed in namespaces.py: {sorted(extra)}"


def test_the_ontology_header(graph: Graph) -> None:
    assert (ONTOLOGY, RDF.type, OWL.Ontology) in graph
    assert graph.value(ONTOLOGY, DCTERMS.title) is not None
    assert graph.value(ONTOLOGY, OWL.versionInfo) is not None
    assert graph.value(ONTOLOGY, DCTERMS.license) is not None


def our_classes(graph: Graph) -> list[URIRef]:
    return sorted(s for s in graph.subjects(RDF.type, OWL.Class) if str(s).startswith(str(OV._NS)))


def test_every_class_has_a_label_and_a_definition(graph: Graph) -> None:
    classes = our_classes(graph)
    assert len(classes) > 60
    for cls in classes:
        assert isinstance(graph.value(cls, RDFS.label), Literal), cls
        definition = graph.value(cls, SKOS.definition) or graph.value(cls, RDFS.comment)
        assert isinstance(definition, Literal) and len(str(definition)) > 10, cls


def test_every_property_is_typed_and_labelled(graph: Graph) -> None:
    kinds = (OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)
    for name in OV.__annotations__:
        if name[0].islower():
            term = OV[name]
            assert any((term, RDF.type, k) in graph for k in kinds), term
            assert graph.value(term, RDFS.label) is not None, term


def superclasses(graph: Graph, cls: URIRef) -> set[URIRef]:
    return set(graph.transitive_objects(cls, RDFS.subClassOf)) - {cls}


@pytest.mark.parametrize(
    ("cls", "ancestors"),
    [
        (OV.Body, {ORG.Organization}),
        (OV.ScrutinyCommittee, {OV.CouncilCommittee, OV.Body, ORG.Organization}),
        (OV.MultiAcademyTrust, {OV.AcademyTrust, OV.SchoolBody, OV.Body}),
        (OV.RegionalSchoolsCommissioner, {OV.NationalBody, OV.Body}),
        (OV.ImprovementBoard, {OV.PartnershipBoard, OV.Body}),
        (OV.ChildrenInCareCouncil, {OV.VoiceBody, OV.Body}),
        (OV.Post, {ORG.Post, ORG.Role}),
        (OV.DirectorOfChildrensServices, {OV.Post, ORG.Post}),
        (OV.Relationship, {PROV.Entity}),
        (OV.Evidence, {PROV.Entity}),
        (OV.SourceDocument, {FOAF.Document, PROV.Entity}),
        (OV.RelationshipKind, {SKOS.Concept}),
        (OV.Frequency, {SKOS.Concept}),
    ],
)
def test_class_hierarchy(graph: Graph, cls: URIRef, ancestors: set[URIRef]) -> None:
    assert ancestors <= superclasses(graph, cls)


def test_every_kind_of_body_or_post_is_a_body_or_a_post_but_not_both(graph: Graph) -> None:
    for cls in our_classes(graph):
        above = superclasses(graph, cls)
        assert not (OV.Body in above and OV.Post in above), cls
    bodies = [c for c in our_classes(graph) if OV.Body in superclasses(graph, c)]
    posts = [c for c in our_classes(graph) if OV.Post in superclasses(graph, c)]
    assert len(bodies) > 35 and len(posts) > 12
    assert (OV.Body, OWL.disjointWith, OV.Post) in graph


def test_regional_director_is_another_name_of_the_rsc(graph: Graph) -> None:
    labels = {str(x) for x in graph.objects(OV.RegionalSchoolsCommissioner, SKOS.altLabel)}
    assert "Regional Director" in labels


def test_shortcut_properties(graph: Graph) -> None:
    assert (OV.meetsWith, RDF.type, OWL.SymmetricProperty) in graph
    shortcuts = {URIRef(k.shortcut) for k in KINDS.values()}
    assert len(shortcuts) == 13
    for prop in shortcuts:
        assert (prop, RDF.type, OWL.ObjectProperty) in graph, prop
        assert graph.value(prop, SKOS.definition) is not None, prop
    assert {p for p in shortcuts if (p, RDF.type, OWL.SymmetricProperty) in graph} == {OV.meetsWith}


def test_directions_are_the_four_individuals(graph: Graph) -> None:
    individuals = {OV.ActorOversees, OV.TargetOversees, OV.Mutual, OV.NoOversight}
    assert set(graph.subjects(RDF.type, OV.OversightDirection)) == individuals
    used = set(graph.objects(None, OV.direction))
    assert used <= individuals and len(used) == 4


@pytest.mark.parametrize(
    ("cls", "scheme"), [(OV.RelationshipKind, KIND.scheme), (OV.Frequency, FREQ.scheme)]
)
def test_scheme_members_are_exactly_the_class_instances(
    graph: Graph, cls: URIRef, scheme: URIRef
) -> None:
    """The shapes check "in the scheme" with sh:class, so the two must coincide."""
    assert set(graph.subjects(SKOS.inScheme, scheme)) == set(graph.subjects(RDF.type, cls))


def test_every_shape_is_named_and_explained(graph: Graph) -> None:
    shapes = set(graph.subjects(RDF.type, SH.NodeShape))
    assert {str(s) for s in shapes} == terms(SHAPE)
    for shape in shapes:
        assert str(graph.value(shape, RDFS.label)) == str(shape).rsplit("/", 1)[-1]
        assert graph.value(shape, RDFS.comment) is not None
        for prop in graph.objects(shape, SH.property):
            assert graph.value(prop, SH.name) is not None, (shape, prop)
            assert graph.value(prop, SH.message) is not None, (shape, prop)
        for constraint in graph.objects(shape, SH.sparql):
            assert graph.value(constraint, SH.message) is not None, (shape, constraint)
