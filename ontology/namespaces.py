"""Namespaces of the Oversight Graph vocabulary and the vocabularies it reuses.

Our own terms are :class:`rdflib.namespace.DefinedNamespace` classes, so a mistyped
term fails at once instead of minting a silent new IRI:

>>> str(OV.Relationship)
'https://w3id.org/oversight/def#Relationship'
>>> OV.Relatoinship
Traceback (most recent call last):
...
AttributeError: term 'Relatoinship' not in namespace 'https://w3id.org/oversight/def#'
>>> str(KIND.scrutinises)
'https://w3id.org/oversight/kind/scrutinises'
>>> str(FREQ.termly)
'https://w3id.org/oversight/frequency/termly'

Every term listed here is declared in the Turtle files beside this module, and
every term those files declare in our namespaces is listed here (tested).
"""

from __future__ import annotations

from rdflib import Namespace, URIRef
from rdflib.namespace import (
    DCTERMS,
    FOAF,
    ORG,
    OWL,
    PROV,
    RDF,
    RDFS,
    SDO,
    SH,
    SKOS,
    TIME,
    XSD,
    DefinedNamespace,
)

__all__ = [
    "BASE",
    "DCAT",
    "DCTERMS",
    "FOAF",
    "FREQ",
    "ID",
    "KIND",
    "ORG",
    "OV",
    "OWL",
    "PREFIXES",
    "PROV",
    "RDF",
    "RDFS",
    "SD",
    "SDO",
    "SH",
    "SHAPE",
    "SKOS",
    "TIME",
    "VOID",
    "XSD",
]

BASE = "https://w3id.org/oversight/"
"""Root of every IRI the project mints."""

ID = Namespace(BASE + "id/")
"""Instances: bodies, posts, people, relationships, documents, sources."""

SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
VOID = Namespace("http://rdfs.org/ns/void#")
DCAT = Namespace("http://www.w3.org/ns/dcat#")


class OV(DefinedNamespace):
    """Classes and properties that the reused vocabularies lack."""

    _NS = Namespace(BASE + "def#")
    _fail = True

    # --- bodies (all subclasses of org:Organization via ov:Body) ---
    Body: URIRef
    LocalAuthority: URIRef
    CouncilCommittee: URIRef
    ScrutinyCommittee: URIRef
    GovernanceAndAuditCommittee: URIRef
    Cabinet: URIRef
    FullCouncil: URIRef
    TaskGroup: URIRef
    PartnershipBoard: URIRef
    ImprovementBoard: URIRef
    EducationImprovementBoard: URIRef
    CorporateParentingForum: URIRef
    SafeguardingBoard: URIRef
    RegionalDCSGroup: URIRef
    WorkingGroup: URIRef
    StaffReferenceGroup: URIRef
    SchoolBody: URIRef
    School: URIRef
    AcademyTrust: URIRef
    MultiAcademyTrust: URIRef
    SingleAcademyTrust: URIRef
    SchoolSponsor: URIRef
    Federation: URIRef
    TeachingSchoolAlliance: URIRef
    TeachingSchoolHub: URIRef
    Diocese: URIRef
    SchoolPartnership: URIRef
    NationalBody: URIRef
    GovernmentDepartment: URIRef
    RegionalSchoolsCommissioner: URIRef
    HeadteacherBoard: URIRef
    Inspectorate: URIRef
    LocalGovernmentAssociation: URIRef
    Parliament: URIRef
    VoiceBody: URIRef
    ChildrenInCareCouncil: URIRef
    TeachingUnion: URIRef
    ThirdSectorOrganisation: URIRef
    ExternalOrganisation: URIRef
    ServiceProvider: URIRef
    Region: URIRef

    # --- posts (subclasses of org:Post via ov:Post) ---
    Post: URIRef
    DirectorOfChildrensServices: URIRef
    DeputyDirector: URIRef
    AssistantDirector: URIRef
    Director: URIRef
    LeadMember: URIRef
    Chair: URIRef
    ViceChair: URIRef
    CommitteeMember: URIRef
    CoOptedMember: URIRef
    VirtualHeadTeacher: URIRef
    ScrutinyOfficer: URIRef
    Representative: URIRef
    ChiefExecutive: URIRef
    Inspector: URIRef
    Minister: URIRef
    Officer: URIRef
    ElectedMember: URIRef

    # --- relationships, evidence, documents ---
    Relationship: URIRef
    RelationshipKind: URIRef
    Frequency: URIRef
    Evidence: URIRef
    SourceDocument: URIRef
    Meeting: URIRef
    OversightDirection: URIRef
    ActorOversees: URIRef
    TargetOversees: URIRef
    Mutual: URIRef
    NoOversight: URIRef

    # relationship node properties
    kind: URIRef
    actor: URIRef
    target: URIRef
    overseer: URIRef
    overseen: URIRef
    party: URIRef
    statedFrequency: URIRef
    observedFrequency: URIRef
    hasEvidence: URIRef
    confidence: URIRef
    handedTo: URIRef
    # evidence properties
    sentence: URIRef
    document: URIRef
    locator: URIRef
    # kind and frequency concept properties
    shortcut: URIRef
    direction: URIRef
    meetingsPerYear: URIRef
    phrase: URIRef
    interval: URIRef
    # documents and bodies
    council: URIRef
    extractOf: URIRef
    documentKind: URIRef
    sha256: URIRef
    fileName: URIRef
    meetingDate: URIRef
    laCode: URIRef
    gssCode: URIRef
    registerCode: URIRef
    urn: URIRef
    groupUid: URIRef
    groupId: URIRef
    companiesHouseNumber: URIRef
    region: URIRef
    succeededBy: URIRef
    # sources (named graphs) and their provenance
    loader: URIRef
    loaderVersion: URIRef
    tripleCount: URIRef
    generation: URIRef
    # limits a SPARQL endpoint publishes in its service description
    queryTimeLimit: URIRef
    resultRowLimit: URIRef

    # --- shortcut properties, one per relationship kind ---
    scrutinises: URIRef
    meetsWith: URIRef
    reportsTo: URIRef
    memberOf: URIRef
    chairs: URIRef
    attends: URIRef
    inspects: URIRef
    issuesNoticeTo: URIRef
    funds: URIRef
    commissions: URIRef
    monitors: URIRef
    hasNoInfluenceOver: URIRef
    declaredInterestIn: URIRef

    # --- national data (loaders/national) ---
    CombinedAuthority: URIRef
    FoundationTrust: URIRef
    UmbrellaTrust: URIRef
    ChildrensCentreGroup: URIRef
    ChildrensCentre: URIRef
    Inspection: URIRef
    StatisticalNeighbourLink: URIRef
    RejectedRow: URIRef
    RowCount: URIRef
    formerGssCode: URIRef
    formerRegisterCode: URIRef
    authorityType: URIRef
    combinedAuthority: URIRef
    portalSystem: URIRef
    portalUrl: URIRef
    phase: URIRef
    status: URIRef
    establishmentType: URIRef
    groupType: URIRef
    hubArea: URIRef
    leadSchool: URIRef
    servesCouncil: URIRef
    hasInspection: URIRef
    latestInspection: URIRef
    inspectedBy: URIRef
    inspectedBody: URIRef
    inspectionType: URIRef
    visitTheme: URIRef
    overallEffectiveness: URIRef
    leadershipJudgement: URIRef
    helpAndProtectionJudgement: URIRef
    childrenInCareJudgement: URIRef
    careLeaversJudgement: URIRef
    statisticalNeighbour: URIRef
    neighbour: URIRef
    rank: URIRef
    closeness: URIRef
    rowsRead: URIRef
    rowsLoaded: URIRef
    rowsRejected: URIRef
    rejectedRow: URIRef
    line: URIRef
    reason: URIRef
    skippedRows: URIRef
    expectedCount: URIRef
    category: URIRef
    rowCount: URIRef


class KIND(DefinedNamespace):
    """SKOS concepts of the relationship kinds (scheme ``KIND.scheme``)."""

    _NS = Namespace(BASE + "kind/")
    _fail = True

    scheme: URIRef
    scrutinises: URIRef
    meetsWith: URIRef
    reportsTo: URIRef
    memberOf: URIRef
    chairs: URIRef
    attends: URIRef
    inspects: URIRef
    issuesNoticeTo: URIRef
    funds: URIRef
    commissions: URIRef
    monitors: URIRef
    hasNoInfluenceOver: URIRef
    declaredInterestIn: URIRef


class FREQ(DefinedNamespace):
    """SKOS concepts of meeting frequencies (scheme ``FREQ.scheme``)."""

    _NS = Namespace(BASE + "frequency/")
    _fail = True

    scheme: URIRef
    weekly: URIRef
    fortnightly: URIRef
    fourWeekly: URIRef
    monthly: URIRef
    halfTermly: URIRef
    bimonthly: URIRef
    quarterly: URIRef
    termly: URIRef
    sixMonthly: URIRef
    annual: URIRef
    asRequired: URIRef
    unspecified: URIRef


class SHAPE(DefinedNamespace):
    """SHACL node shapes of ``shapes.ttl``; a violation names the shape by local name."""

    _NS = Namespace(BASE + "shape/")
    _fail = True

    BodyShape: URIRef
    PostShape: URIRef
    PersonShape: URIRef
    MembershipShape: URIRef
    RelationshipShape: URIRef
    ShortcutShape: URIRef
    HandOffShape: URIRef
    EvidenceShape: URIRef
    SourceDocumentShape: URIRef
    MeetingShape: URIRef
    InspectionShape: URIRef
    ContactDetailsShape: URIRef


PREFIXES: dict[str, str] = {
    "ov": str(OV._NS),
    "kind": str(KIND._NS),
    "freq": str(FREQ._NS),
    "id": str(ID),
    "org": str(ORG),
    "prov": str(PROV),
    "skos": str(SKOS),
    "time": str(TIME),
    "foaf": str(FOAF),
    "schema": str(SDO),
    "dcterms": str(DCTERMS),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "owl": str(OWL),
    "xsd": str(XSD),
    "sh": str(SH),
}
"""Prefix → namespace IRI, used for SPARQL prologues, Turtle output and the editor."""
