"""Every figure of a plan's measures to a period, one tuple of floats per measure in month
order: what the SPC readings of RAG at a glance and the scorecards are worked out from
(measures.scorecard._series).

A county's plan has 24,000 figures. Read a row each, they cost more in Python than in the
database: a tuple per row for the driver to make, and for the garbage collector to look at
(the collections that many new objects set off cost as much again). So the database
aggregates them, one row per measure: how many rows it has and the sum of their periods'
ids, and its figures as a JSON array ("[520000,null,515000]", null for a month with a row
but no figure), which `json.loads` reads in C. A figure goes as a whole number of its own
unit, the ten-thousandth (Actual.value has four decimal places), which both databases write
and Python reads in half the time of a float; dividing it by 10,000 here gives the float
nearest the figure, exactly the float of the figure's Decimal (both numbers are exact in a
float, and division is correctly rounded).

The figures come in the order of their periods' ids: PostgreSQL is told so; SQLite (before
3.44) cannot be told an aggregate's order and aggregates in the order it reads the rows,
the actual_measure_series index's (measure, then period), the only index that holds every
column read. A measure with a row for every month (nearly all) is taken as it comes, or
put in month order where the periods' ids are not (months added out of order); one without
a row for one month (this month's figure not in yet) has it found by the sum of the ids;
the few others are read again with their periods' ids ("7,8,9") and placed month by month.
Aggregating the ids as text for every measure costs a quarter of the query.
"""

import json

from django.db.models import Aggregate, Count, Sum, TextField

from .models import Actual

# A figure's unit: Actual.value's smallest step (four decimal places).
SCALE = 10 ** Actual._meta.get_field("value").decimal_places


class _InPeriodOrder(Aggregate):
    """A measure's figures' rows aggregated as text; by period on PostgreSQL (SQLite's
    `template`: in the order the rows are read)."""

    output_field = TextField()
    postgresql_template = ""

    def as_postgresql(self, compiler, connection, **extra_context):
        extra_context["template"] = self.postgresql_template
        return self.as_sql(compiler, connection, **extra_context)


class PeriodIds(_InPeriodOrder):
    """ "7,8,9": the periods' ids of a measure's figures."""

    template = "GROUP_CONCAT(%(expressions)s, ',')"
    postgresql_template = "STRING_AGG(%(expressions)s::text, ',' ORDER BY period_id)"


class Figures(_InPeriodOrder):
    """ "[520000,null,515000]": a measure's figures in whole numbers of `scale` (a power of
    ten) as a JSON array, in the order of PeriodIds over the same rows."""

    template = "JSON_GROUP_ARRAY(CAST(ROUND(%(expressions)s * %(scale)s) AS INTEGER))"
    postgresql_template = "JSON_AGG((%(expressions)s * %(scale)s)::bigint ORDER BY period_id)::text"


def figures_by_measure(measures, period_ids, later_ids):
    """{measure id: (figure as a float or None, ...)}, one per period of `period_ids` (in month
    order), of the measures (a queryset of their ids) that have a figure in any of them: one
    query, two when some measures lack rows for two or more of the months. `later_ids`, the
    plan's periods after those, are left out (a figure's period is one of its measure's plan:
    Actual.clean)."""
    rows = _rows(measures, later_ids, count=Count("period_id"), total=Sum("period_id"))
    by_id = sorted(period_ids)  # the order a measure's figures come in
    month_order = by_id == list(period_ids)
    expected = sum(period_ids)
    values, unplaced = {}, []
    rows = list(rows)
    every = json.loads(f"[{','.join([row[-1] for row in rows])}]")  # one parse for them all
    for (measure_id, count, total, _), units in zip(rows, every, strict=True):
        figures = _floats(units)
        if count == len(by_id) and month_order:
            values[measure_id] = figures
        elif count == len(by_id):
            values[measure_id] = placed(by_id, figures, period_ids)
        elif count == len(by_id) - 1:  # one month without a row: the ids' sum says which
            missing = expected - total
            values[measure_id] = placed((i for i in by_id if i != missing), figures, period_ids)
        else:
            unplaced.append(measure_id)
    if unplaced:
        again = _rows(unplaced, later_ids, periods=PeriodIds("period_id"))
        for measure_id, periods, units in again:
            figures = _floats(json.loads(units))
            values[measure_id] = placed(map(int, periods.split(",")), figures, period_ids)
    return values


def _rows(measures, later_ids, **aggregates):
    """(measure id, *aggregates, figures) of each measure with a figure's row."""
    rows = Actual.objects.filter(measure_id__in=measures)
    if later_ids:  # leaving out the later months keeps the index in use (a list would not)
        rows = rows.exclude(period_id__in=later_ids)
    return (
        rows.order_by()
        .values("measure_id")
        .annotate(**aggregates, figures=Figures("value", scale=SCALE))
        .values_list("measure_id", *aggregates, "figures")
    )


_UNIT = float(SCALE)


def _floats(units):
    """The figures as floats, from whole numbers of 1/SCALE (None stays None)."""
    if None in units:
        return tuple([None if n is None else n / _UNIT for n in units])
    return tuple(map(_UNIT.__rtruediv__, units))  # n / SCALE, each


def placed(period_ids, figures, ids):
    """The figures (each of the period of `period_ids` at the same place) one per period of
    `ids`, None where there is none."""
    index_of = {pk: i for i, pk in enumerate(ids)}
    in_place = [None] * len(ids)
    for period_id, figure in zip(period_ids, figures, strict=True):
        if period_id in index_of:
            in_place[index_of[period_id]] = figure
    return tuple(in_place)
