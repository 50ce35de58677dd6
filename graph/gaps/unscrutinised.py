"""Rule ``unscrutinised``: a body that ought to be scrutinised and is not, or only "as required".

Which bodies ought to be scrutinised, and which relationship kinds count as
scrutiny, are set in ``[unscrutinised]`` of the expectations file. Structural
links (a committee of its council, a school of its trust) are not scrutiny.

* **high**: nobody is recorded as scrutinising the body;
* **medium**: every recorded scrutiny is "as required" — no meeting is guaranteed;
* **low**: every recorded scrutiny has no stated frequency ("regular", unstated).

>>> from graph.examples import example_projection
>>> from graph.gaps.report import run_rule
>>> [(g.bodies[0], g.severity) for g in run_rule(example_projection(), "unscrutinised")]
[('la/380', 'high'), ('la/380/teaching-school-alliances', 'medium')]
"""

from __future__ import annotations

from collections.abc import Iterator

from graph.gaps.base import Gap, GapContext, Rule, describe, frequency_phrase

__all__ = ["RULE", "check"]


def check(ctx: GapContext) -> Iterator[Gap]:
    """Gaps for every scrutinisable body with no, or no guaranteed, scrutiny."""
    nodes = ctx.view.graph._node
    for node, incoming in ctx.scrutiny().items():
        attrs = nodes[node]
        label = attrs["label"]
        councils = ctx.councils([node])
        if not incoming:
            yield Gap.make(
                "unscrutinised",
                "high",
                f"Nobody is recorded as scrutinising {label}",
                f"{label} is a kind of body that ought to be scrutinised "
                f"({attrs['cls']}), but no relationship of scrutiny into it is recorded "
                f"as of {ctx.as_of.isoformat()}.",
                bodies=[node],
                councils=councils,
            )
            continue
        if any(data["width"] > 0 for _, data in incoming):
            continue
        rels = sorted({data["relationship"] for _, data in incoming})
        by = sorted({u for u, _ in incoming})
        as_required = any(data["frequency"] == "asRequired" for _, data in incoming)
        phrase = "only 'as required'" if as_required else "with no stated frequency"
        details = "; ".join(
            f"{describe(data['kind'], ctx.label(u), 'it')} {frequency_phrase(data['frequency'])}"
            for u, data in sorted(incoming, key=lambda ud: (ud[0], ud[1]["relationship"]))
        )
        yield Gap.make(
            "unscrutinised",
            "medium" if as_required else "low",
            f"{label} is scrutinised {phrase}",
            f"No meeting with {label} is guaranteed: {details}.",
            bodies=[node, *by],
            relationships=rels,
            sources=ctx.sources(rels),
            councils=councils,
        )


RULE = Rule(
    name="unscrutinised",
    title="Unscrutinised body",
    description=(
        "A body of a kind that ought to be scrutinised (a trust, a teaching school "
        "alliance, a partnership board...) that nobody is recorded as scrutinising, or "
        "only 'as and when required'."
    ),
    severity="high",
    check=check,
)
