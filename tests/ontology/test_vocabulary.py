"""Relationship kinds and meeting frequencies as read from the Turtle files."""

from __future__ import annotations

import pytest

from ontology.vocabulary import FREQUENCIES, KINDS, UnknownFrequency, normalise_frequency

# The table of ../shared/DOMAIN.md ("Meeting frequencies"): concept -> meetings a year.
DOMAIN_TABLE: dict[str, float | None] = {
    "weekly": 52,
    "fortnightly": 26,
    "fourWeekly": 13,
    "monthly": 12,
    "halfTermly": 6,
    "bimonthly": 6,
    "quarterly": 4,
    "termly": 3,
    "sixMonthly": 2,
    "annual": 1,
    "asRequired": None,
    "unspecified": None,
}


def test_the_frequency_scheme_is_the_domain_table() -> None:
    assert {name: f.per_year for name, f in FREQUENCIES.items()} == DOMAIN_TABLE


def test_frequencies_come_most_frequent_first() -> None:
    known = [f.per_year for f in FREQUENCIES.values() if f.per_year is not None]
    assert known == sorted(known, reverse=True)


def test_as_required_and_unspecified_are_different_concepts() -> None:
    """Neither has a number, but one guarantees nothing and the other is unknown."""
    assert FREQUENCIES["asRequired"].iri != FREQUENCIES["unspecified"].iri
    assert FREQUENCIES["asRequired"].notation == "as-required"
    assert FREQUENCIES["unspecified"].notation == "unspecified"


@pytest.mark.parametrize(
    ("phrase", "concept"),
    [
        ("on a termly basis", "termly"),
        ("every four weeks", "fourWeekly"),
        ("six meeting dates a year", "bimonthly"),
        ("as and when required", "asRequired"),
        ("every six months", "sixMonthly"),
        ("each month", "monthly"),
        ("half-termly", "halfTermly"),
        ("Half-Termly", "halfTermly"),
        ("weekly", "weekly"),
        ("fortnightly", "fortnightly"),
        ("bi-monthly", "bimonthly"),
        ("quarterly", "quarterly"),
        ("six-monthly review", "sixMonthly"),
        ("annual self-evaluation", "annual"),
        ("annually", "annual"),
        ("ad hoc", "asRequired"),
        ("regular", "unspecified"),
        ("The Board meets every  four weeks.", "fourWeekly"),
        ("four-weekly", "fourWeekly"),
    ],
)
def test_document_phrases_normalise(phrase: str, concept: str) -> None:
    assert normalise_frequency(phrase) == concept


def test_concept_names_and_notations_normalise_to_themselves() -> None:
    for name, freq in FREQUENCIES.items():
        assert normalise_frequency(name) == name
        assert normalise_frequency(freq.notation) == name


def test_an_unknown_phrase_is_refused() -> None:
    with pytest.raises(UnknownFrequency, match="every blue moon"):
        normalise_frequency("every blue moon")


@pytest.mark.parametrize(
    ("kind", "direction"),
    [
        ("scrutinises", "ActorOversees"),
        ("meetsWith", "Mutual"),
        ("reportsTo", "TargetOversees"),
        ("memberOf", "ActorOversees"),
        ("inspects", "ActorOversees"),
        ("hasNoInfluenceOver", "NoOversight"),
        ("declaredInterestIn", "NoOversight"),
    ],
)
def test_kind_directions(kind: str, direction: str) -> None:
    assert KINDS[kind].direction == direction


def test_every_kind_has_its_own_shortcut() -> None:
    assert len(KINDS) == 13
    assert len({k.shortcut for k in KINDS.values()}) == 13
    for name, kind in KINDS.items():
        assert kind.shortcut.endswith("#" + name)
        assert kind.symmetric is (name == "meetsWith")
