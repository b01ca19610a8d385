"""What a published pack holds, read once for both its files: the board pack of the period
(dashboard.selectors.board_pack_get: RAG at a glance, exception reports, scorecards,
overdue actions) and the plan's recommendations with their progress; for the public version,
the same made fit for the council's website (packs.public)."""

from dataclasses import dataclass, field

from dashboard.selectors import board_pack_get, recommendation_list


@dataclass
class PackContent:
    plan: object
    period: object
    meeting: str
    pack: object  # dashboard.selectors.BoardPack
    recommendations: list = field(default_factory=list)  # [(source label, [progress])]
    public: bool = False
    notes: list = field(default_factory=list)  # what the public version left out, in words


def pack_content(plan, period, *, meeting="", public=False) -> PackContent:
    pack = board_pack_get(plan=plan, period=period)
    content = PackContent(
        plan=plan,
        period=period,
        meeting=meeting,
        pack=pack,
        recommendations=recommendation_list(plan=plan, on=pack.as_of),
    )
    if public:
        from .public import make_public

        make_public(content)
    return content
