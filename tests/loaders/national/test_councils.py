"""The council index: codes, names, former councils, districts."""

from __future__ import annotations

from pathlib import Path

import pytest

from loaders.national import discover
from loaders.national.councils import CouncilIndex, UnknownCouncil, build_index, council_body
from loaders.national.tables import RowLog


@pytest.fixture(scope="module")
def index(national_dir: Path) -> tuple[CouncilIndex, RowLog]:
    log = RowLog("national-councils")
    return build_index(discover(national_dir), log), log


def test_codes_and_names_resolve_to_dfe_codes(index: tuple[CouncilIndex, RowLog]) -> None:
    councils, _log = index
    assert councils.code_for_gss("E08000032") == "380"
    assert councils.code_for_name("City of Bradford") == "380"
    assert councils.code_for_name("Pre-LGR 2019 Dorset") == "835"
    assert councils.code_for_name("Dorset") == "838"
    assert councils.code_for_gss("E06000028") == "837"
    assert len(councils.current()) == 18


def test_former_councils_point_at_their_successors(index: tuple[CouncilIndex, RowLog]) -> None:
    councils, _log = index
    cumbria = council_body(councils.councils["909"], councils)
    assert cumbria.valid_until is not None and cumbria.valid_until.isoformat() == "2023-04-01"
    assert cumbria.links["succeededBy"] == ("la/942", "la/943")
    assert cumbria.name == "Cumbria County Council"
    poole = council_body(councils.councils["836"], councils)
    assert poole.links["succeededBy"] == ("la/839",)


def test_a_council_body_carries_every_publisher(index: tuple[CouncilIndex, RowLog]) -> None:
    councils, _log = index
    bradford = council_body(councils.councils["380"], councils)
    assert bradford.key == "la/380" and bradford.name == "Bradford"
    assert bradford.identifiers == {"laCode": "380", "gssCode": "E08000032", "registerCode": "BRD"}
    assert bradford.region == "region/E12000003"
    assert bradford.attributes == {
        "authorityType": "MD",
        "portalSystem": "ModernGov",
        "portalUrl": "https://bradford.moderngov.co.uk",
    }
    assert bradford.links["combinedAuthority"] == ("council/west-yorkshire-combined-authority",)
    assert "City of Bradford Metropolitan District Council" in bradford.alt_names
    assert "bradford" not in bradford.alt_names  # a lower-case copy of the label


def test_districts_resolve_through_the_ons_lookup(index: tuple[CouncilIndex, RowLog]) -> None:
    councils, _log = index
    assert councils.councils_for_district("Kirklees N.") == {"382"}
    assert councils.councils_for_district("Christchurch and Poole") == {"839"}
    with pytest.raises(UnknownCouncil, match="unknown district 'Atlantis'"):
        councils.councils_for_district("Atlantis")


def test_outside_england(index: tuple[CouncilIndex, RowLog]) -> None:
    councils, _log = index
    assert councils.is_outside_england(code="681")
    assert councils.is_outside_england(name="BFPO Overseas Establishments")
    assert not councils.is_outside_england(code="380")
    assert not councils.is_outside_england(code="999")


def test_bad_council_rows_are_rejected_with_file_line_and_reason(
    index: tuple[CouncilIndex, RowLog],
) -> None:
    _councils, log = index
    assert [str(r) for r in log.rejects] == [
        "la_region_current_derived.csv:21: LA code is not three digits: 'z'",
        "la_region_current_derived.csv:22: unknown region code 'X99'",
        "old_la_codes.csv:10: malformed GSS code 'E0800002X'",
        "uk_local_authorities.csv:20: missing local-authority-code",
        "uk_local_authorities.csv:21: malformed date in 'start-date': '1974-13-01'",
        "lookup_name_to_registry.csv:6: missing la-name",
        "lgsf_council_democracy_portals.csv:4: malformed web address in "
        "'councillors_base_url': 'not a url'",
    ]
    assert log.skipped["outside England"] == 4
