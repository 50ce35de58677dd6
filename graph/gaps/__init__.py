"""Oversight gaps: small named rules over the projection, each explaining itself.

Each rule is a module of this package with a ``RULE`` (:class:`Rule`): a name, a
plain-English description, a default severity, and a function from a
:class:`GapContext` (the graph as of a date, and the expectations of
``graph/expectations.toml``) to :class:`Gap` objects naming the bodies,
relationships and source documents involved.

==========================  =====================================================
rule                        finds
==========================  =====================================================
``unscrutinised``           bodies that ought to be scrutinised and are not, or
                            only "as required"
``infrequent``              oversight below the expected frequency
``uncovered-handoff``       "no influence over Y; the role is undertaken by Z",
                            and Z has no recorded relationship with Y
``single-overseer``         a scrutinisable body with exactly one overseer
``single-point-of-failure`` overseers whose loss leaves bodies with no route up
``stale-evidence``          the newest source of an arrangement is years old
``conflict-of-interest``    a member's declared interest in a body their
                            committee oversees
``mutual-oversight``        two bodies overseeing each other
``missing-arrangement``     expected arrangements absent from a council's documents
==========================  =====================================================

>>> from datetime import date
>>> from graph.examples import example_projection
>>> report = gap_report(example_projection(), as_of=date(2017, 7, 1), rules=["uncovered-handoff"])
>>> print(report.gaps[0].explanation)  # doctest: +NORMALIZE_WHITESPACE
City of Bradford Metropolitan District Council states it has no influence over Teaching
school alliances and that the role is undertaken by Regional Schools Commissioner,
Yorkshire and the Humber, but no relationship between Regional Schools Commissioner,
Yorkshire and the Humber and Teaching school alliances is recorded as of 2017-07-01:
nobody is recorded as picking up the oversight.
"""

from graph.gaps.base import SEVERITIES, Gap, GapContext, Rule, Severity
from graph.gaps.config import Expectations, load_expectations
from graph.gaps.council_profile import (
    ArrangementStatus,
    Comparison,
    CouncilProfile,
    compare_councils,
    council_profile,
    resolve_council,
)
from graph.gaps.report import RULES, GapReport, gap_report, get_rule, run_rule
from graph.gaps.uncovered_handoff import Handoff, handoffs

__all__ = [
    "RULES",
    "SEVERITIES",
    "ArrangementStatus",
    "Comparison",
    "CouncilProfile",
    "Expectations",
    "Gap",
    "GapContext",
    "GapReport",
    "Handoff",
    "Rule",
    "Severity",
    "compare_councils",
    "council_profile",
    "gap_report",
    "get_rule",
    "handoffs",
    "load_expectations",
    "resolve_council",
    "run_rule",
]
