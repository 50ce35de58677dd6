"""A tiny, fictional oversight graph used by the docstring examples of ``graph``.

It is shaped like Bradford's 2017 arrangements (a council, its Deputy Director,
a regional schools commissioner, one academy trust, the teaching school
alliances) but the trust and the frequencies are made up for the examples; the
curated seed graph (``loaders/seed``) holds the real arrangements.

>>> store = example_store()
>>> bool(store.query("ASK { ?r <https://w3id.org/oversight/def#kind> ?k }"))
True
>>> example_projection().graph.number_of_nodes()
7
"""

from __future__ import annotations

from datetime import date

from graph.projection import Projection, build_projection
from graph.store import SourceSpec, Store, open_store
from loaders.mapper import to_quads
from loaders.records import Body, Document, Evidence, Post, Record, Relationship

__all__ = ["example_projection", "example_records", "example_store"]


def example_records() -> list[Record]:
    """The records of the example graph (a fresh list each call).

    >>> sorted({type(r).__name__ for r in example_records()})
    ['Body', 'Document', 'Post', 'Relationship']
    """
    doc = "document/example-2017-report"
    ev = (Evidence(document=doc, sentence="An example sentence."),)
    return [
        Document(key=doc, title="Example report", date=date(2017, 6, 27), council="la/380"),
        Body(
            key="la/380",
            kind="LocalAuthority",
            name="City of Bradford Metropolitan District Council",
            alt_names=("Bradford",),
            identifiers={"laCode": "380"},
        ),
        Body(key="national/dfe", kind="GovernmentDepartment", name="Department for Education"),
        Body(
            key="rsc/yorkshire-and-the-humber",
            kind="RegionalSchoolsCommissioner",
            name="Regional Schools Commissioner, Yorkshire and the Humber",
            part_of="national/dfe",
        ),
        Post(
            key="la/380/deputy-director",
            kind="DeputyDirector",
            title="Deputy Director",
            post_in="la/380",
            council="la/380",
        ),
        Body(key="group/1001", kind="MultiAcademyTrust", name="Example Academy Trust"),
        Body(key="school/900001", kind="School", name="Example Academy", part_of="group/1001"),
        Body(
            key="la/380/teaching-school-alliances",
            kind="TeachingSchoolAlliance",
            name="Teaching school alliances",
            council="la/380",
        ),
        Relationship(
            key="relationship/dd-mat",
            kind="meetsWith",
            actors=("la/380/deputy-director",),
            targets=("group/1001",),
            stated_frequency="termly",
            evidence=ev,
        ),
        Relationship(
            key="relationship/dd-dfe",
            kind="meetsWith",
            actors=("la/380/deputy-director",),
            targets=("national/dfe",),
            stated_frequency="monthly",
            evidence=ev,
        ),
        Relationship(
            key="relationship/rsc-mat",
            kind="scrutinises",
            actors=("rsc/yorkshire-and-the-humber",),
            targets=("group/1001",),
            stated_frequency="unspecified",
            evidence=ev,
        ),
        Relationship(
            key="relationship/dd-tsa",
            kind="scrutinises",
            actors=("la/380/deputy-director",),
            targets=("la/380/teaching-school-alliances",),
            stated_frequency="asRequired",
            evidence=ev,
        ),
        Relationship(
            key="relationship/no-influence",
            kind="hasNoInfluenceOver",
            actors=("la/380",),
            targets=("la/380/teaching-school-alliances", "group/1001"),
            handed_to=("rsc/yorkshire-and-the-humber",),
            evidence=ev,
        ),
    ]


def example_store(records: list[Record] | None = None) -> Store:
    """A fresh in-memory store holding *records* (default: :func:`example_records`).

    >>> example_store().generation() != ""
    True
    """
    store = open_store(memory=True)
    graph = SourceSpec(name="example", title="Example").graph
    quads = list(to_quads(records if records is not None else example_records(), graph=graph))
    store.load_source(SourceSpec(name="example", title="Example graph"), quads, validate=False)
    return store


def example_projection(records: list[Record] | None = None) -> Projection:
    """The projection of :func:`example_store`.

    >>> example_projection().graph.nodes["group/1001"]["cls"]
    'MultiAcademyTrust'
    """
    return build_projection(example_store(records))
