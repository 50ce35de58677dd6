"""The file formats the national loaders read, with every name their columns go by.

Each :class:`~loaders.national.tables.TableSpec` lists the official column names
first (what a new download from GIAS, Ofsted, ONS, DfE or mySociety carries) and
then those of the variants shipped in ``../shared/data``. Files are recognised by
their header, whatever their name; a file *named* like a format (``patterns``)
but lacking its columns is refused, naming the missing ones.

>>> [s.role for s in SPECS][:3]
['la-current', 'la-codes', 'geo-hierarchy']
>>> GIAS_GROUPS.missing(["Group UID", "Group Name", "Group Type"])
['Group Status']
"""

from __future__ import annotations

from loaders.national.tables import Column, TableSpec

__all__ = [
    "GEO_HIERARCHY",
    "GIAS_ESTABLISHMENTS",
    "GIAS_GROUPS",
    "GIAS_GROUP_LINKS",
    "GIAS_LINKS",
    "LA_CODES",
    "LA_CURRENT",
    "LGSF_PORTALS",
    "LTLA_UTLA",
    "MYSOCIETY_LAS",
    "MYSOCIETY_NAMES",
    "OFSTED_OUTCOMES",
    "REGIONS",
    "SN_CODES",
    "SN_NAMES",
    "SPECS",
    "TSH_AREAS",
]


def _c(field: str, *names: str, required: bool = True) -> Column:
    return Column(field, names, required)


def _o(field: str, *names: str) -> Column:
    return Column(field, names, False)


LA_CURRENT = TableSpec(
    "la-current",
    "dfeR current local authorities (LA code, GSS code, region)",
    (
        _c("la_code", "old_la_code"),
        _c("gss", "new_la_code"),
        _c("name", "la_name"),
        _c("region_code", "region_code"),
        _c("region_name", "region_name"),
        _o("devolved_code", "english_devolved_area_code"),
        _o("devolved_name", "english_devolved_area_name"),
        _o("country", "country_name"),
    ),
    ("la_region*",),
)

LA_CODES = TableSpec(
    "la-codes",
    "dfeR LA codes (old_la_codes)",
    (_c("name", "la_name"), _c("la_code", "old_la_code"), _c("gss", "new_la_code")),
    ("old_la_codes*",),
)

GEO_HIERARCHY = TableSpec(
    "geo-hierarchy",
    "dfeR geography hierarchy",
    (
        _c("lad_code", "lad_code"),
        _c("lad_name", "lad_name"),
        _c("la_code", "old_la_code"),
        _c("gss", "new_la_code"),
        _c("name", "la_name"),
        _c("latest_year", "most_recent_year_included"),
    ),
    ("geo_hierarchy*",),
)

_YEARS = tuple(range(30, 18, -1))
LTLA_UTLA = TableSpec(
    "ltla-utla",
    "ONS lower-tier to upper-tier local authority lookup",
    (
        _c("lad_code", *(f"LTLA{y}CD" for y in _YEARS)),
        _c("lad_name", *(f"LTLA{y}NM" for y in _YEARS)),
        _c("gss", *(f"UTLA{y}CD" for y in _YEARS)),
        _c("name", *(f"UTLA{y}NM" for y in _YEARS)),
    ),
    ("ltla*utla*",),
)

REGIONS = TableSpec(
    "regions",
    "dfeR regions",
    (_c("region_code", "region_code"), _c("region_name", "region_name")),
    ("regions.csv",),
)

MYSOCIETY_LAS = TableSpec(
    "mysociety-las",
    "mySociety UK local authorities",
    (
        _c("code", "local-authority-code"),
        _c("official_name", "official-name"),
        _c("nice_name", "nice-name"),
        _c("gss", "gss-code"),
        _c("start", "start-date"),
        _c("end", "end-date"),
        _c("replaced_by", "replaced-by"),
        _c("nation", "nation"),
        _c("type", "local-authority-type"),
        _o("type_name", "local-authority-type-name"),
        _o("region", "region"),
        _o("combined", "combined-authority"),
        _o("alt_names", "alt-names"),
        _o("former_gss", "former-gss-codes"),
        _o("dfe_code", "old-ons-la-code"),
    ),
    ("uk_local_authorities*",),
)

MYSOCIETY_NAMES = TableSpec(
    "mysociety-names",
    "mySociety name-to-register-code lookup",
    (_c("name", "la-name"), _c("code", "local-authority-code")),
    ("lookup_name_to_registry*",),
)

LGSF_PORTALS = TableSpec(
    "lgsf-portals",
    "Democracy Club LGSF council portals",
    (
        _c("code", "official_identifier"),
        _c("cms", "councillors_cms_type"),
        _c("url", "councillors_base_url"),
        _o("name", "common_name"),
        _o("territory", "territory_code"),
        _o("end", "end_date"),
        _o("disabled", "disabled"),
    ),
    ("lgsf*",),
)

GIAS_GROUPS = TableSpec(
    "gias-groups",
    "GIAS groups (allgroupsdata)",
    (
        _c("uid", "Group UID"),
        _c("name", "Group Name"),
        _c("type", "Group Type"),
        _c("status", "Group Status"),
        _o("gid", "Group ID"),
        _o("companies_house", "Companies House Number"),
        _o("type_code", "Group Type (code)"),
        _o("closed", "Closed Date"),
        _o("open", "Open date"),
        _o("incorporated", "Incorporated on (open date)"),
    ),
    ("allgroupsdata*", "groups*"),
    forbidden=("URN",),
)

GIAS_GROUP_LINKS = TableSpec(
    "gias-group-links",
    "GIAS group links (alllinksdata)",
    (
        _c("urn", "URN"),
        _c("uid", "Group UID"),
        _c("joined", "Joined date"),
        _o("type", "Group Type"),
        _o("name", "EstablishmentName"),
    ),
    ("alllinksdata*", "group_links*", "grouplinks*"),
)

GIAS_ESTABLISHMENTS = TableSpec(
    "gias-establishments",
    "GIAS establishments (edubasealldata)",
    (
        _c("urn", "URN"),
        _c("name", "EstablishmentName", "name"),
        _c("la_name", "LA (name)", "local_authority_name"),
        _c("status", "EstablishmentStatus (name)", "status"),
        _o("la_code", "LA (code)"),
        _o("phase", "PhaseOfEducation (name)", "phase_of_education"),
        _o("type", "TypeOfEstablishment (name)"),
        _o("open", "OpenDate"),
        _o("close", "CloseDate"),
    ),
    ("edubase*", "gias_establishments*"),
)

GIAS_LINKS = TableSpec(
    "gias-links",
    "GIAS establishment links (links_edubasealldata)",
    (
        _c("urn", "URN"),
        _c("link_urn", "LinkURN"),
        _c("link_type", "LinkType"),
        _o("date", "LinkEstablishedDate"),
        _o("link_name", "LinkName"),
    ),
    ("links_edubase*", "links.csv"),
)

TSH_AREAS = TableSpec(
    "tsh-areas",
    "DfE teaching school hub areas",
    (
        _c("area", "tsh_area_code"),
        _c("districts", "districts_served"),
        _c("urn", "lead_school_urn"),
        _c("name", "teaching_school_hub_name"),
        _o("region", "english_region"),
        _o("lead_name", "lead_school_name"),
    ),
    ("tsh_*",),
)

_JUDGEMENTS = (
    (
        "leadershipJudgement",
        "The impact of leaders on social work practice with children and families",
    ),
    (
        "helpAndProtectionJudgement",
        "The experiences and progress of children who need help and protection",
    ),
    ("childrenInCareJudgement", "The experiences and progress of children in care"),
    ("careLeaversJudgement", "The experiences and progress of care leavers"),
)

OFSTED_OUTCOMES = TableSpec(
    "ofsted-outcomes",
    "Ofsted local authority inspection outcomes (ILACS)",
    (
        _c("gss", "Local authority area code"),
        _c("name", "Local authority name"),
        _c("date", "Inspection date", "Inspection/Visit date"),
        _c("published", "Publication date"),
        _c("overallEffectiveness", "Overall effectiveness"),
        *(_o(field, name) for field, name in _JUDGEMENTS),
        _o("url", "Web link", "Ofsted report page URL"),
        _o("type", "Inspection type", "Inspection/Visit type"),
        _o("region", "Ofsted region", "Region"),
        _o("status", "Local authority status"),
        _o("theme", "Visit Theme"),
        _o("dfe_code", "DfE LA code (from URL)"),
    ),
    ("ilacs*", "*inspection_outcomes*"),
)

SN_CODES = TableSpec(
    "sn-codes",
    "DfE statistical neighbour groupings",
    (
        _c("la", "LA number", "LA num"),
        *(_c(f"sn{k}", f"SN{k}") for k in range(1, 11)),
        _c("closeness", "SNP"),
        _o("name", "LA Name"),
    ),
    ("*statistical_neighbour*",),
)

SN_NAMES = TableSpec(
    "sn-names",
    "statistical neighbours by name",
    (
        _c("name", "LA.Name"),
        _c("la", "LA.number"),
        *(_c(f"sn{k}", f"SN{k}") for k in range(1, 11)),
    ),
    ("stats_neighbours*",),
)

SPECS: tuple[TableSpec, ...] = (
    LA_CURRENT,
    LA_CODES,
    GEO_HIERARCHY,
    LTLA_UTLA,
    REGIONS,
    MYSOCIETY_LAS,
    MYSOCIETY_NAMES,
    LGSF_PORTALS,
    GIAS_GROUPS,
    GIAS_GROUP_LINKS,
    GIAS_ESTABLISHMENTS,
    GIAS_LINKS,
    TSH_AREAS,
    OFSTED_OUTCOMES,
    SN_CODES,
    SN_NAMES,
)
"""Every format, in the order ties between equally specific matches are broken."""

JUDGEMENT_FIELDS = ("overallEffectiveness", *(field for field, _name in _JUDGEMENTS))
"""Ofsted judgement fields, named as the ``ov:`` properties they become."""
