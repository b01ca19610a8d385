"""The Improvement Board's pages: read only (GET), for every signed-in user with a role."""

import contextlib
import functools

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.views.decorators.http import require_safe
from django_tables2 import RequestConfig

from improvement import roles
from improvement.context_processors import set_current_plan
from measures import spc

from . import charts, exports, selectors
from .forms import period_key
from .tables import TrackerTable

TRACKER_PAGE_SIZE = 25


def _page(request, template, plan, page_title, context=None, status=200):
    set_current_plan(request, plan)
    context = {"plan": plan, "page_title": page_title, **(context or {})}
    return render(request, template, context, status=status)


def _period_or_page(request, plan, choice, *, periods_needed=True):
    """None when the choice has a period to show (or the page needs none); else the page
    saying why not: a month asked for that the plan has no period for (404, with the nearest
    periods), or a plan with no periods yet."""
    if choice.not_found:
        return _period_not_found(request, plan, choice)
    if choice.period is None and periods_needed:
        return _page(request, "dashboard/no_periods.html", plan, "No reporting periods yet")
    return None


def _period_not_found(request, plan, choice):
    def link(period):
        query = request.GET.copy()
        query.pop("page", None)
        query.pop("_export", None)  # offer the page of that month, not its download
        query["period"] = period_key(period)
        return {"period": period, "url": f"{request.path}?{query.urlencode()}"}

    month = choice.asked_month
    context = {
        "asked_for": month.strftime("%B %Y") if month else choice.asked_for,
        "names_a_month": month is not None,
        "before": link(choice.before) if choice.before else None,
        "after": link(choice.after) if choice.after else None,
        "latest": link(choice.default) if choice.default else None,
        "choice": choice,
    }
    return _page(
        request,
        "dashboard/period_not_found.html",
        plan,
        "No reporting period for that month",
        context,
        status=404,
    )


def _period_page(view=None, *, periods_needed=True, admins_only=False):
    """A board page of one period: the view gets the plan and the period chosen
    (selectors.PeriodChoice); a month with no period gets a page saying so, and so does a
    plan with no periods yet unless the page lists what it has without them
    (periods_needed=False: the tracker and recommendations of a plan just imported).
    admins_only: a preview for the plan's admins; anyone else is sent to the published
    board packs with a message saying why (`_to_published_packs`)."""
    if view is None:
        return functools.partial(
            _period_page, periods_needed=periods_needed, admins_only=admins_only
        )

    @roles.reader_required
    @require_safe
    @functools.wraps(view)
    def wrapper(request, plan_slug, **kwargs):
        plan = selectors.plan_get(slug=plan_slug)
        if admins_only and not roles.can_manage_plan(request.user, plan):
            return _to_published_packs(request, plan)
        choice = selectors.period_choose(plan=plan, data=request.GET)
        not_shown = _period_or_page(request, plan, choice, periods_needed=periods_needed)
        return not_shown or view(request, plan, choice, **kwargs)

    return wrapper


def _to_published_packs(request, plan):
    """Where a board member (or a service manager) who asks for the live board pack goes:
    the Board packs page, which lists the packs as published for the meetings, with a
    message saying why they are there rather than on the live pack."""
    messages.info(
        request,
        "The board pack you read is the one published for the meeting, listed here. The live "
        "pack, made from the figures as they stand today, is a preview for the plan's admins.",
    )
    return redirect("packs:list", plan.slug)


@_period_page
def at_a_glance(request, plan, choice):

    glance = selectors.glance_get(plan=plan, period=choice.period, plan_periods=choice.periods)
    context = {
        "choice": choice,
        "period": choice.period,
        "glance": glance,
        "previews_pack": roles.can_manage_plan(request.user, plan),
    }
    if glance.awaiting and roles.is_admin(request.user):
        with contextlib.suppress(NoReverseMatch):  # where an admin chases missing figures
            context["returns_status_url"] = (
                reverse("returns:status", args=[plan.slug]) + f"?period={period_key(choice.period)}"
            )
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
    selectors.measure_latest_figure(measure=measure_obj, choice=choice)
    if choice.not_found:
        return _period_not_found(request, plan, choice)

    detail = selectors.measure_detail_get(
        measure=measure_obj, period=choice.period, plan_periods=choice.periods
    )
    months = [row.period.month for row in detail.points]
    spc_months = charts.table_months(measure_obj, months, detail.reading, detail.rebases)
    context = {
        "choice": choice,
        "period": choice.period,
        "measure": measure_obj,
        "area": measure_obj.area,
        "detail": detail,
        "figure": charts.measure_figure(
            measure_obj,
            detail.points,
            detail.latest_benchmarks,
            detail.reading,
            detail.rebases,
            detail.published,
        ),
        "rows": list(reversed(list(zip(detail.points, spc_months, strict=True)))),
        "can_manage": roles.can_manage_plan(request.user, plan),
        "min_points": spc.MIN_POINTS,
    }
    return _page(request, "dashboard/measure.html", plan, measure_obj.name, context)


def _export_url(request, kind):
    query = request.GET.copy()
    query.pop("page", None)
    query["_export"] = kind
    return f"?{query.urlencode()}"


@_period_page(periods_needed=False)
def tracker(request, plan, choice):
    on = choice.judged_on
    export = request.GET.get("_export")
    if export in ("csv", "xlsx"):
        return _tracker_download(request, plan, on, export)

    filterset, rows = selectors.action_list(plan=plan, filters=request.GET, on=on)
    table = TrackerTable(rows)
    RequestConfig(request, paginate={"per_page": TRACKER_PAGE_SIZE}).configure(table)
    selectors.attach_recommendations(list(table.page.object_list.data) if rows else [])
    context = {
        "choice": choice,
        "period": choice.period,
        "filter": filterset,
        "table": table,
        "row_count": len(rows),
        "overdue_count": sum(1 for row in rows if row.overdue),
        "csv_url": _export_url(request, "csv"),
        "xlsx_url": _export_url(request, "xlsx"),
        "judged_on": on,
    }
    title = f"Action tracker: {choice.period.label}" if choice.period else "Action tracker"
    return _page(request, "dashboard/tracker.html", plan, title, context)


def _tracker_download(request, plan, on, kind):
    """The filtered actions, in the table's order, judged on the period's date, as CSV or
    .xlsx (never cached): the date is in the BRAG and overdue headings and the file name."""
    filterset, rows = selectors.action_list(plan=plan, filters=request.GET, on=on, download=True)
    table = TrackerTable(rows)
    RequestConfig(request, paginate=False).configure(table)
    ordered = selectors.attach_recommendations(list(table.data))
    if kind == "csv":
        response = HttpResponse(
            exports.tracker_csv(ordered, judged_on=on), content_type="text/csv; charset=utf-8"
        )
    else:
        response = HttpResponse(
            exports.tracker_xlsx(ordered, judged_on=on), content_type=exports.XLSX_TYPE
        )
    filename = f"{plan.slug}-actions-judged-{on.isoformat()}.{kind}"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@_period_page(periods_needed=False)
def recommendations(request, plan, choice):
    on = choice.judged_on
    groups = selectors.recommendation_list(plan=plan, on=on)
    context = {"choice": choice, "period": choice.period, "groups": groups, "judged_on": on}
    title = f"Recommendations: {choice.period.label}" if choice.period else "Recommendations"
    return _page(request, "dashboard/recommendations.html", plan, title, context)


@_period_page(admins_only=True)
def board_pack(request, plan, choice):
    """The live pack: a preview for the plan's admins of what publishing would make now
    (packs' Board packs page); the board reads the published packs."""

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
        request,
        "dashboard/board_pack.html",
        plan,
        f"Board pack preview: {choice.period.label}",
        context,
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
