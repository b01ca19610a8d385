"""The Improvement Board's pages: read only (GET), for every signed-in user with a role."""

import contextlib
import functools

from django.http import HttpResponse
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.views.decorators.http import require_safe
from django_tables2 import RequestConfig

from improvement import roles
from improvement.context_processors import set_current_plan

from . import charts, exports, selectors
from .forms import period_key
from .tables import TrackerTable

TRACKER_PAGE_SIZE = 25


def _page(request, template, plan, page_title, context=None, status=200):
    set_current_plan(request, plan)
    context = {"plan": plan, "page_title": page_title, **(context or {})}
    return render(request, template, context, status=status)


def _period_page(view):
    """A board page of one period: the view gets the plan and the period chosen
    (selectors.PeriodChoice); a plan with no periods yet gets a page saying so."""

    @roles.reader_required
    @require_safe
    @functools.wraps(view)
    def wrapper(request, plan_slug, **kwargs):
        plan = selectors.plan_get(slug=plan_slug)
        choice = selectors.period_choose(plan=plan, data=request.GET)
        if choice.period is None:
            return _page(request, "dashboard/no_periods.html", plan, "No reporting periods yet")
        return view(request, plan, choice, **kwargs)

    return wrapper


@_period_page
def at_a_glance(request, plan, choice):

    glance = selectors.glance_get(plan=plan, period=choice.period, plan_periods=choice.periods)
    context = {"choice": choice, "period": choice.period, "glance": glance}
    return _page(
        request,
        "dashboard/at_a_glance.html",
        plan,
        f"RAG at a glance: {choice.period.label}",
        context,
    )


def _edit_links(user, plan, area):
    """Where someone who may change this area does so (nothing for board members)."""
    if not roles.can_edit_area(user, area):
        return []
    links = []
    with contextlib.suppress(NoReverseMatch):  # the returns app may not be installed yet
        links.append(
            (
                "Update this area's monthly return",
                reverse("returns:my_returns", args=[plan.slug]),
            )
        )
    if roles.can_manage_plan(user, plan):
        links.append(
            (
                "Edit this area in the admin",
                reverse("admin:improvement_servicearea_change", args=[area.pk]),
            )
        )
    return links


@_period_page
def scorecard(request, plan, choice, area_id):
    area = selectors.area_get(plan=plan, area_id=area_id)
    edit_links = _edit_links(request.user, plan, area)

    summary = selectors.area_summary_get(
        plan=plan, area=area, period=choice.period, plan_periods=choice.periods
    )
    context = {
        "choice": choice,
        "period": choice.period,
        "area": area,
        "summary": summary,
        "edit_links": edit_links,
    }
    return _page(
        request, "dashboard/scorecard.html", plan, f"{area.name}: {choice.period.label}", context
    )


@roles.reader_required
@require_safe
def measure(request, plan_slug, measure_id):
    plan = selectors.plan_get(slug=plan_slug)
    measure_obj = selectors.measure_get(plan=plan, measure_id=measure_id)
    choice = selectors.period_choose(plan=plan, data=request.GET)

    detail = selectors.measure_detail_get(
        measure=measure_obj, period=choice.period, plan_periods=choice.periods
    )
    context = {
        "choice": choice,
        "period": choice.period,
        "measure": measure_obj,
        "area": measure_obj.area,
        "detail": detail,
        "figure": charts.measure_figure(measure_obj, detail.points, detail.latest_benchmarks),
        "rows": list(reversed(detail.points)),
    }
    return _page(request, "dashboard/measure.html", plan, measure_obj.name, context)


def _export_url(request, kind):
    query = request.GET.copy()
    query.pop("page", None)
    query["_export"] = kind
    return f"?{query.urlencode()}"


@roles.reader_required
@require_safe
def tracker(request, plan_slug):
    plan = selectors.plan_get(slug=plan_slug)
    export = request.GET.get("_export")
    if export in ("csv", "xlsx"):
        return _tracker_download(request, plan, export)

    filterset, rows = selectors.action_list(plan=plan, filters=request.GET)
    table = TrackerTable(rows)
    RequestConfig(request, paginate={"per_page": TRACKER_PAGE_SIZE}).configure(table)
    selectors.attach_recommendations(list(table.page.object_list.data) if rows else [])
    context = {
        "filter": filterset,
        "table": table,
        "row_count": len(rows),
        "overdue_count": sum(1 for row in rows if row.overdue),
        "csv_url": _export_url(request, "csv"),
        "xlsx_url": _export_url(request, "xlsx"),
        "today": timezone.localdate(),
    }
    return _page(request, "dashboard/tracker.html", plan, "Action tracker", context)


def _tracker_download(request, plan, kind):
    """The filtered actions, in the table's order, as CSV or .xlsx (never cached)."""
    filterset, rows = selectors.action_list(plan=plan, filters=request.GET, download=True)
    table = TrackerTable(rows)
    RequestConfig(request, paginate=False).configure(table)
    ordered = selectors.attach_recommendations(list(table.data))
    stamp = timezone.localdate().isoformat()
    if kind == "csv":
        response = HttpResponse(
            exports.tracker_csv(ordered), content_type="text/csv; charset=utf-8"
        )
    else:
        response = HttpResponse(exports.tracker_xlsx(ordered), content_type=exports.XLSX_TYPE)
    filename = f"{plan.slug}-actions-{stamp}.{kind}"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@roles.reader_required
@require_safe
def recommendations(request, plan_slug):
    plan = selectors.plan_get(slug=plan_slug)

    groups = selectors.recommendation_list(plan=plan)
    context = {"groups": groups, "today": timezone.localdate()}
    return _page(request, "dashboard/recommendations.html", plan, "Recommendations", context)


@_period_page
def board_pack(request, plan, choice):

    pack = selectors.board_pack_get(plan=plan, period=choice.period, plan_periods=choice.periods)
    context = {
        "choice": choice,
        "period": choice.period,
        "pack": pack,
        "glance": pack.glance,
        "xlsx_url": reverse("dashboard:board_pack_xlsx", args=[plan.slug])
        + f"?period={period_key(choice.period)}",
    }
    return _page(
        request, "dashboard/board_pack.html", plan, f"Board pack: {choice.period.label}", context
    )


@_period_page
def board_pack_xlsx(request, plan, choice):

    summaries = selectors.scorecard_download_get(
        plan=plan, period=choice.period, plan_periods=choice.periods
    )
    workbook = exports.scorecard_xlsx(summaries, choice.period)
    response = HttpResponse(workbook, content_type=exports.XLSX_TYPE)
    filename = f"{plan.slug}-scorecard-{period_key(choice.period)}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
