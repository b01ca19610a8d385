"""The public version of a pack, for the council's website: `make_public(content)` changes a
PackContent's data in place, so the PDF and the workbook show the public version without
knowing its rules (packs.suppression has them).

The content is read for one render and never saved: nothing here calls save(), and every
object changed is one the pack's own queries made (areas, measures, figures, reports, action
rows), never the caller's plan or period.

What changes, so a renderer prints the right thing:
- Names: each area's `lead` and `responsible_officers` are "", each action row's
  `cells["lead"]` and its action's `lead` are "", each exception report's `submitted_by` and
  `updated_by` are None. The pack shows no progress updates, so no update's author.
- Internal commentary: nothing is marked internal in the model (measures.models.Actual,
  exceptions.models.ExceptionReport), so the monthly figures' commentary is left out
  altogether (each figure becomes a record of measures.scorecard.BOARD_FIGURE_FIELDS, with
  no commentary and no `entered_by`), and so is an exception report's `return_comment` (what
  an admin wrote returning it for changes). Exception reports' text is kept: public board
  papers include them.
- Small counts, in each scorecard row (measures.scorecard.MeasureRow) of a count measure:
  a suppressed figure's text is "c" in `row.cells` ("value", "last_known", "baseline") and in
  `row.figures` ((period, None, "c"): charts leave a gap, tables print "c"); its number is
  gone from the data (`row.value`, `row.actual`, `row.previous`, `row.history`, and
  `measure.baseline`, whose `baseline_text` becomes "c"), so a renderer that prints numbers
  shows none rather than the figure; `row.gap_text` and `cells["gap"]` are "" when the
  period's figure is hidden; `row.trend` is Trend.NO_DATA when this month or the last is
  hidden; `row.reading` and `cells["reading"]` are None when any figure of the series (the
  reading's, up to the period) is hidden, so no mean or limits are drawn or printed; the
  glance's special-cause list leaves those measures out (its counts of readings are counts
  of measures, kept).
- Rates and percentages worked out from a small count (packs.suppression's rule: a rate or
  percentage measure of the same area about what the count counts): the months where that
  count is c are c in the rate's row too, with the same consequences (gap, trend, reading,
  and its baseline when the count's baseline is c).
"""

from collections import namedtuple

from improvement.rules import Trend
from measures.scorecard import BOARD_FIGURE_FIELDS

from . import suppression
from .suppression import SUPPRESSED

NOTES = (
    suppression.NOTE,
    "Where a figure is shown as c, so are its gap to target and its change from the month "
    "before, and its chart shows no mean or process limits.",
    "No commentary is marked internal in the tracker, so the commentary on monthly figures is "
    "left out; exception reports are published as written.",
    "A percentage or rate is shown as c in a month where a count of 1 to 5 of the same "
    "service area, of the children (or whatever else) it is about, is shown as c. The "
    "tracker holds no numerator or base for a percentage or rate: one with no such count in "
    "its area is shown as reported.",
)

AREA_NAMES = ("lead", "responsible_officers")  # blanked on every area
REPORT_AUTHORS = ("submitted_by", "updated_by")  # set to None on every exception report
REPORT_INTERNAL = ("return_comment",)  # blanked on every exception report

PublicFigure = namedtuple("PublicFigure", BOARD_FIGURE_FIELDS)


def make_public(content):
    """Make the pack's content (packs.content.PackContent) the public version: see the
    module."""
    pack = content.pack
    areas, reports, action_rows = {}, {}, {}
    for summary in pack.summaries:
        areas[id(summary.area)] = summary.area
        for report in (summary.report, summary.previous_report):
            if report is not None:
                reports[id(report)] = report
        worked_out = suppression.worked_from_small_counts(
            [_area_measure(row) for row in summary.measures]
        )
        for row in summary.measures:
            _public_measure_row(row, *worked_out.get(id(row), ((), False)))
        for row in summary.actions:
            action_rows[id(row)] = row
    for _, progress_list in content.recommendations:
        for progress in progress_list:
            for row in progress.rows:
                action_rows[id(row)] = row
    for row in action_rows.values():
        _blank_action_lead(row)
        areas[id(row.area)] = row.area
    for changed in (*pack.glance.changed, *pack.glance.special):
        areas[id(changed.area)] = changed.area
    for area in areas.values():
        for name in AREA_NAMES:
            setattr(area, name, "")
    for report in reports.values():
        for name in REPORT_AUTHORS:
            setattr(report, name, None)
        for name in REPORT_INTERNAL:
            setattr(report, name, "")
    pack.glance.special = [c for c in pack.glance.special if c.row.reading is not None]
    content.public = True
    content.notes = list(NOTES)
    return content


def _blank_action_lead(row):
    """An action row without its lead: the text it shows and the action (a record or, on
    pages that read the whole action, a model instance) it reads."""
    row.cells["lead"] = ""
    action = row.action
    if hasattr(action, "_replace"):
        row.action = action._replace(lead="")
    else:
        action.lead = ""


def _period_key(period):
    return getattr(period, "pk", period)


def _area_measure(row):
    """What packs.suppression's rule for rates reads of a scorecard row."""
    measure = row.measure
    return suppression.AreaMeasure(
        key=id(row),
        unit=measure.unit,
        name=measure.name,
        unit_label=measure.unit_label,
        values={_period_key(period): value for period, value, _ in row.figures},
        baseline=measure.baseline,
    )


def _public_measure_row(row, worked_out_months=(), baseline_worked_out=False):
    """Suppress a count measure's small figures in its row, and a rate's or percentage's
    figures in `worked_out_months` (period keys; see the module); every row loses its
    figures' commentary."""
    measure = row.measure
    cells, figures = row.cells, row.figures  # worked out from the figures as entered
    unit = measure.unit
    also = {
        i for i, (period, _, _) in enumerate(figures) if _period_key(period) in worked_out_months
    }
    plan = suppression.series([value for _, value, _ in figures], unit, also=also)
    hidden = plan.hidden
    last = len(figures) - 1
    if row.reading is not None and (
        not plan.total_shown or suppression.primary(row.reading.values, unit)
    ):
        row.reading = cells["reading"] = None
    if last in hidden:
        cells["value"] = SUPPRESSED
        row.gap_text = cells["gap"] = ""
    previous_hidden = suppression.is_small(_value(row.previous), unit) or (
        row.previous is not None and row.previous.period_id in worked_out_months
    )
    if last in hidden or previous_hidden:
        row.trend = cells["trend"] = Trend.NO_DATA
    known = next((i for i in range(last, -1, -1) if figures[i][1] is not None), None)
    if cells["last_known"] and known in hidden:
        cells["last_known"] = (SUPPRESSED, cells["last_known"][1])
    if baseline_worked_out or suppression.is_small(measure.baseline, unit):
        cells["baseline"] = SUPPRESSED
        measure.baseline, measure.baseline_text = None, SUPPRESSED
    row.figures = [
        (period, None, SUPPRESSED) if i in hidden else (period, value, text)
        for i, (period, value, text) in enumerate(figures)
    ]
    row.history = [
        (period, _public_figure(actual, i in hidden))
        for i, (period, actual) in enumerate(row.history)
    ]
    if row.history:
        row.actual = row.history[-1][1]
    row.previous = _public_figure(row.previous, previous_hidden)


def _value(actual):
    return actual.value if actual is not None else None


def _public_figure(actual, hidden):
    """A figure as the public version holds it: what the board reads of it (no commentary,
    no one's name), its value None when hidden."""
    if actual is None:
        return None
    return PublicFigure(
        *(
            None if hidden and name == "value" else getattr(actual, name)
            for name in BOARD_FIGURE_FIELDS
        )
    )
