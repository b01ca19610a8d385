"""A measure's figures as a download (CSV, .xlsx), with its SPC columns: for anyone who may
read the plan, at the period the measure's page shows (?period=YYYY-MM, else its latest
figure's)."""

from django.http import Http404, HttpResponse
from django.views.decorators.http import require_safe

from improvement import roles

from . import measure_exports, selectors
from .exports import XLSX_TYPE

CONTENT_TYPES = {"csv": "text/csv; charset=utf-8", "xlsx": XLSX_TYPE}


def _download(request, plan_slug, measure_id, kind):
    plan = selectors.plan_get(slug=plan_slug)
    measure = selectors.measure_get(plan=plan, measure_id=measure_id)
    choice = selectors.period_choose(plan=plan, data=request.GET)
    selectors.measure_latest_figure(measure=measure, choice=choice)
    if choice.not_found:
        raise Http404("The plan has no reporting period for that month.")
    detail = selectors.measure_detail_get(
        measure=measure, period=choice.period, plan_periods=choice.periods
    )
    write = measure_exports.measure_csv if kind == "csv" else measure_exports.measure_xlsx
    response = HttpResponse(write(detail, choice.period), content_type=CONTENT_TYPES[kind])
    name = measure_exports.filename(measure, choice.period, kind)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@roles.reader_required
@require_safe
def measure_figures_csv(request, plan_slug, measure_id):
    return _download(request, plan_slug, measure_id, "csv")


@roles.reader_required
@require_safe
def measure_figures_xlsx(request, plan_slug, measure_id):
    return _download(request, plan_slug, measure_id, "xlsx")
