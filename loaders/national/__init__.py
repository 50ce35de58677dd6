"""The national skeleton from open data: councils, trusts, schools, hubs, Ofsted, neighbours.

One module per source turns official files into typed records
(:mod:`loaders.records`); :mod:`loaders.mapper` alone turns them into RDF;
:mod:`loaders.national.pipeline` loads each source into its own named graph.

================================  ===============  ==========================
source (named graph)              module           official files
================================  ===============  ==========================
``national-councils``             ``councils``     dfeR, mySociety, LGSF
``national-regions``              ``regions``      dfeR LA–region lookup
``national-groups``               ``groups``       GIAS allgroupsdata
``national-schools``              ``schools``      GIAS edubasealldata
``national-group-memberships``    ``memberships``  GIAS alllinksdata
``national-school-successions``   ``successions``  GIAS links_edubasealldata
``national-hubs``                 ``hubs``         DfE hub areas
``national-ofsted``               ``ofsted``       Ofsted LA outcomes (ILACS)
``national-neighbours``           ``neighbours``   DfE SN groupings
================================  ===============  ==========================
"""

from loaders.national.discovery import discover
from loaders.national.errors import MissingInput, NationalDataError, WrongColumns
from loaders.national.pipeline import (
    SOURCES,
    LoadObserver,
    NationalSummary,
    SourceResult,
    load_national,
)

__all__ = [
    "SOURCES",
    "LoadObserver",
    "MissingInput",
    "NationalDataError",
    "NationalSummary",
    "SourceResult",
    "WrongColumns",
    "discover",
    "load_national",
]
