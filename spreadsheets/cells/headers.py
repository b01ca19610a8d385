"""Header rows: which row holds the headings, and which field each heading names.

Written once for every reader: the template reader matches its own headings with
``match_headers(..., prefix=False)``, the council-layout reader (actions, measures and
monthly figures sheets) proposes its mapping with ``find_header_row``, ``match_headers``
and ``month_columns``.
"""

from __future__ import annotations

import datetime
import itertools
import re
import unicodedata
from collections.abc import Iterable, Sequence

from .dates import parse_period_heading
from .text import cell_text as _cell_text


def normalise_header(text) -> str:
    """Lower case, punctuation to spaces, single spaces.

    "Actual (July 2020)" -> "actual july 2020"; "Children's" -> "childrens"; None -> "".
    """
    if text is None:
        return ""
    wording = unicodedata.normalize("NFKC", str(text)).lower()
    wording = re.sub(r"['\u2018\u2019\u02bc]", "", wording)  # "children's" -> "childrens"
    wording = re.sub(r"[\W_]+", " ", wording)
    return " ".join(wording.split())


# Field -> header wordings, already normalised. Exact matches win; a header that starts
# with a wording and a space also matches ("actual july 2020" -> actual).
ACTION_FIELDS: dict[str, tuple[str, ...]] = {
    "area": ("area", "service area", "theme", "workstream", "work stream", "areas"),
    "recommendation": (
        "recommendation",
        "recommendations",
        "rec",
        "ofsted recommendation",
        "recommendation ref",
        "core ofsted recommendation",
        # Ofsted's recommendations are its "what needs to improve" (West Sussex 2019).
        "objectives what needs to improve",
        "what needs to improve",
    ),
    # Where in the inspection report a recommendation is ("Pg 3 Para 2"): West Sussex 2019.
    "report_reference": (
        "ofsted ref",
        "ofsted reference",
        "ofsted report ref",
        "ofsted report reference",
        "report ref",
        "report reference",
        "inspection report ref",
        "inspection report reference",
        "ofsted para",
        "ofsted paragraph",
        "report paragraph",
    ),
    "outcome": (
        "outcome",
        "outcomes",
        "objective",
        "objectives",
        "improvement outcomes",
    ),
    "reference": (
        "ref",
        "no",
        "number",
        "action ref",
        "reference",
        "ref no",
        "action no",
        "action number",
    ),
    "action": (
        "action",
        "actions",
        "priority",
        "priorities",
        "action required",
        "actions required",
        "priorities actions",
        "what we will do",
    ),
    "target_date": (
        "target date",
        "due",
        "due date",
        "timetable end date",
        "timescale",
        "timescales",
        "deadline",
        "by when",
        "completion date",
        "end date",
        "target completion date",
        "timeframe",
        "date due",
        # The Southampton 2020 plan heads some target-date columns just "TARGET".
        "target",
    ),
    "lead": (
        "lead",
        "leads",
        "lead officer",
        "lead officers",
        "lead person responsible",
        "responsible officer",
        "responsible officers",
        "owner",
        "action owner",
        "responsible",
        "accountable officer",
    ),
    "key_partners": ("key partners", "partners"),
    "success_measure": (
        "performance measurement",
        "measure of success",
        "measures of success",
        "success measure",
        "success measures",
        "how will we measure success",
        "key performance indicators measure of success",
        "success criteria",
    ),
    "status": ("status",),
    "rag": (
        "rag",
        "rag status",
        "brag",
        "rag rating",
        "current rag",
        "brag rating",
        "manual rag",
    ),
    "progress": ("progress", "progress update", "update", "analysis progress risks"),
    "impact": ("impact",),
    "still_to_do": ("what do we still need to do", "still to do", "next steps"),
    "cost": ("cost", "resources", "costs"),
    "notes": ("key points to note", "notes", "comments", "commentary"),
}

MEASURE_FIELDS: dict[str, tuple[str, ...]] = {
    "area": ("area", "service area", "theme", "workstream", "work stream"),
    "reference": ("ref", "no", "number", "reference", "measure ref", "kpi ref", "kpi no"),
    "measure": (
        "measure",
        "measures",
        "indicator",
        "kpi",
        "measure name",
        "performance indicator",
        "key performance indicator",
        "indicator name",
    ),
    "baseline": ("baseline", "baseline figure", "starting point"),
    "actual": ("actual", "latest", "current", "latest actual", "current performance"),
    "target": ("target", "target figure", "goal"),
    "outcome": ("outcome", "outcomes"),
    "unit": ("unit", "units", "unit of measure"),
    "direction": ("direction", "polarity", "good is", "direction of travel"),
    "data_source": ("source", "data source"),
    "frequency": ("frequency", "reporting frequency"),
    "national_indicator": (
        "national indicator",
        "national indicator code",
        "lait code",
        "lait indicator",
        "dfe indicator",
    ),
}

ACTUAL_FIELDS: dict[str, tuple[str, ...]] = {
    "measure": (
        "measure",
        "indicator",
        "kpi",
        "measure name",
        "performance indicator",
        "indicator name",
    ),
    "reference": ("ref", "reference", "measure ref", "kpi ref", "no", "number"),
    "period": ("period", "month", "date", "reporting period", "month ending"),
    "value": ("value", "actual", "figure", "result"),
    "commentary": ("commentary", "comment", "comments", "narrative", "notes"),
}


# A sheet of monthly figures: the measure (or its reference) and either one column per
# month ("wide", the months are the headings) or a period and a value column ("long").
FIGURE_FIELDS: dict[str, tuple[str, ...]] = {
    "area": MEASURE_FIELDS["area"],
    "reference": ACTUAL_FIELDS["reference"],
    "measure": tuple(dict.fromkeys(ACTUAL_FIELDS["measure"] + MEASURE_FIELDS["measure"])),
    "period": ACTUAL_FIELDS["period"],
    "value": ACTUAL_FIELDS["value"],
    "commentary": ACTUAL_FIELDS["commentary"],
    "missing_reason": ("missing reason", "reason missing", "why missing", "reason"),
}


def month_columns(headers: Sequence, skip: Iterable[int] = ()) -> dict[int, datetime.date]:
    """{column index: month} of the headings naming a month ("Jul-20", an Excel date)."""
    skipped = set(skip)
    months = {}
    for index, value in enumerate(headers):
        if index in skipped or value is None:
            continue
        month = parse_period_heading(value)
        if month is not None:
            months[index] = month
    return months


def match_headers(
    headers: Sequence, fields: dict[str, tuple[str, ...]], *, prefix: bool = True
) -> tuple[dict[int, str], list[int]]:
    """Map header cells to fields: ({column index: field}, [unmatched column indexes]).

    Exact wordings first, then (with `prefix`) headers that start with a wording and a
    space. Each field goes to one column only (the first: a repeated heading is
    unmatched); blank headers are left out of both.
    """
    names = [normalise_header(header) for header in headers]
    exact: dict[str, str] = {}
    for field, synonyms in fields.items():
        for synonym in synonyms:
            exact.setdefault(synonym, field)

    matched: dict[int, str] = {}
    for index, name in enumerate(names):
        field = exact.get(name)
        if name and field and field not in matched.values():
            matched[index] = field
    for index, name in enumerate(names):
        if not prefix or not name or index in matched:
            continue
        candidates = [
            (len(synonym), field)
            for field, synonyms in fields.items()
            if field not in matched.values()
            for synonym in synonyms
            if name.startswith(synonym + " ")
        ]
        if candidates:
            matched[index] = max(candidates, key=lambda item: item[0])[1]
    unmatched = [index for index, name in enumerate(names) if name and index not in matched]
    return dict(sorted(matched.items())), unmatched


def _non_empty(row: Iterable | None) -> list:
    return [cell for cell in (row or ()) if _cell_text(cell)]


def find_header_row(
    rows: Iterable[Sequence], fields: dict[str, tuple[str, ...]], *, max_scan: int = 20
) -> int | None:
    """Index of the header row: the first of the first max_scan rows with two known headers.

    A title row (one filled cell, such as "Measures that matter") is never the header.
    """
    for index, row in enumerate(itertools.islice(rows, max_scan)):
        cells = list(row or ())
        if len(_non_empty(cells)) < 2:
            continue
        matched, _unmatched = match_headers(cells, fields)
        if len(matched) >= 2:
            return index
    return None


def is_section_row(row: Sequence | None) -> str | None:
    """The text of a row's only filled cell ("Within three months"), else None."""
    cells = _non_empty(row)
    if len(cells) != 1:
        return None
    return _cell_text(cells[0])
