"""The plan's published board packs: listed for everyone who reads the plan, published by
its admins, downloaded as they were sent."""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from improvement import roles
from improvement.models import Plan
from improvement.roles import admin_required, reader_required

from .forms import PublishForm
from .models import FILES, PublishedPack
from .publishing import PublishError, publish

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _plan(plan_slug):
    return get_object_or_404(Plan, slug=plan_slug)


def _list(request, plan, form, status=200):
    packs = list(plan.published_packs.listed())
    return render(
        request,
        "packs/list.html",
        {
            "plan": plan,
            "current": [p for p in packs if p.superseded_by_id is None],
            "superseded": [p for p in packs if p.superseded_by_id is not None],
            "form": form,
            "can_publish": roles.can_manage_plan(request.user, plan),
            "page_title": "Board packs",
        },
        status=status,
    )


@reader_required
def pack_list(request, plan_slug):
    plan = _plan(plan_slug)
    return _list(request, plan, PublishForm(plan=plan))


@admin_required
@require_POST
def pack_publish(request, plan_slug):
    plan = _plan(plan_slug)
    form = PublishForm(request.POST, plan=plan)
    if not form.is_valid():
        return _list(request, plan, form, status=400)
    data = form.cleaned_data
    try:
        pack = publish(
            plan,
            data["period"],
            meeting=data["meeting"],
            meeting_date=data["meeting_date"],
            user=request.user,
            public=data["public"],
        )
    except PublishError as error:
        form.add_error(None, str(error))
        return _list(request, plan, form, status=500)
    messages.success(request, f"Published the pack for {pack.meeting} (version {pack.version}).")
    return redirect("packs:list", plan.slug)


@reader_required
def pack_download(request, plan_slug, pack_id, kind):
    if kind not in FILES:
        raise Http404("No such file.")
    plan = _plan(plan_slug)
    files = PublishedPack.objects.only(kind, "meeting", "version", "period")
    pack = get_object_or_404(files, plan=plan, pk=pack_id)
    data = getattr(pack, kind)
    if not data:
        raise Http404("This pack has no public version.")
    extension = kind.rsplit("_", 1)[-1]
    response = HttpResponse(bytes(data), content_type=CONTENT_TYPES[extension])
    response["Content-Disposition"] = f'attachment; filename="{pack.file_name(kind)}"'
    return response
