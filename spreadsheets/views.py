"""Import and export pages (admins only): thin views over importers, layouts and template.

Upload keeps the workbook in an ImportBatch; the preview reads it again and shows what
would change; confirm reads it once more and writes it in one transaction, so what is
written is exactly what was previewed, unless someone has saved a record it changes since
the preview: then nothing is written and the page says who (services.py).
"""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from improvement.models import Plan
from improvement.roles import admin_required

from .actuals import figure_mappings
from .error_file import error_filename
from .export import export_filename, export_plan
from .forms import MappingForm, UploadForm
from .importers import ACTUALS, COUNCIL, PLAN, detect_kind
from .layouts import FIGURES, IGNORE, SheetMapping, propose_mappings, remap
from .layouts.reports import REPORTS
from .models import ImportBatch
from .reader import SpreadsheetError, max_bytes, open_workbook
from .report import CREATED, UNCHANGED, UPDATED
from .services import (
    ISSUE_LIMIT,  # errors, then warnings, listed on the preview; all are in the error file
    batch_confirm,
    batch_error_file,
    batch_preview,
    imported_summary,
)
from .template import blank_template

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Uploads whose columns the admin checks on the mapping page, and the kinds of sheet each
# may be read as (None: any).
MAPPED = {COUNCIL: None, ACTUALS: (FIGURES, IGNORE)}
LIST_LIMIT = 200  # records listed per outcome on the preview; the counts are always complete


def _plan(plan_slug):
    return get_object_or_404(Plan, slug=plan_slug)


def _batch(plan, batch_id):
    return get_object_or_404(
        ImportBatch.objects.select_related("uploaded_by"), plan=plan, pk=batch_id
    )


def _workbook_response(data: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _home(request, plan, form, status=200):
    batches = plan.import_batches.select_related("uploaded_by").defer("file_data")[:20]
    return render(
        request,
        "spreadsheets/home.html",
        {
            "plan": plan,
            "form": form,
            "batches": batches,
            "max_size": f"{max_bytes() / (1024 * 1024):.0f} MB",
            "page_title": "Import and export",
        },
        status=status,
    )


@admin_required
def home(request, plan_slug):
    return _home(request, _plan(plan_slug), UploadForm())


@admin_required
def template(request, plan_slug):
    _plan(plan_slug)
    return _workbook_response(blank_template(), "improvement-tracker-template.xlsx")


@admin_required
def export(request, plan_slug):
    plan = _plan(plan_slug)
    return _workbook_response(export_plan(plan), export_filename(plan))


@admin_required
@require_POST
def upload(request, plan_slug):
    plan = _plan(plan_slug)
    form = UploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return _home(request, plan, form, status=400)
    data = form.cleaned_data["data"]
    upload_file = form.cleaned_data["file"]
    kind = form.cleaned_data["kind"]
    mapping = []
    try:
        with open_workbook(data, upload_file.name) as book:
            if kind == PLAN and detect_kind(book) == COUNCIL:
                kind = COUNCIL
                messages.info(
                    request,
                    "The workbook is not in the Improvement Tracker template, so it will be "
                    "read as the council's own layout: check how its columns are read.",
                )
            if kind == COUNCIL:
                proposed = propose_mappings(book)
                for item in proposed:
                    item.period = form.cleaned_data["period"]
                mapping = [m.as_dict() for m in proposed]
            elif kind == ACTUALS:
                mapping = [m.as_dict() for m in figure_mappings(book)]
    except SpreadsheetError as error:
        form.add_error("file", str(error))
        return _home(request, plan, form, status=400)
    reports = [m["sheet"] for m in mapping if m["kind"] == REPORTS]
    if reports and not form.cleaned_data["period"]:
        form.add_error(
            "period",
            f'The sheet "{reports[0]}" holds exception reports: say which month they are '
            "for, for example 2020-07, and upload the workbook again.",
        )
        return _home(request, plan, form, status=400)
    batch = ImportBatch.objects.create(
        plan=plan,
        kind=kind,
        file_name=upload_file.name[:255],
        file_size=len(data),
        file_data=data,
        mapping=mapping,
        uploaded_by=request.user,
    )
    if kind in MAPPED:
        return redirect("spreadsheets:mapping", plan.slug, batch.pk)
    return redirect("spreadsheets:preview", plan.slug, batch.pk)


@admin_required
def mapping(request, plan_slug, batch_id):
    plan = _plan(plan_slug)
    batch = _batch(plan, batch_id)
    if batch.kind not in MAPPED or batch.status != ImportBatch.Status.UPLOADED:
        return redirect("spreadsheets:preview", plan.slug, batch.pk)
    mappings = [SheetMapping.from_dict(item) for item in batch.mapping]
    form = MappingForm(request.POST or None, mappings=mappings, kinds=MAPPED[batch.kind])
    if request.method == "POST" and form.is_valid():
        changed = form.kinds_changed()
        mappings = form.apply()
        changed = [number for number in changed if mappings[number].kind]
        if changed:
            with open_workbook(batch.data, batch.file_name) as book:
                for number in changed:
                    mappings[number] = remap(mappings[number], book)
        batch.mapping = [m.as_dict() for m in mappings]
        batch.preview_versions = None  # a preview of the old mapping no longer stands
        batch.save(update_fields=["mapping", "preview_versions"])
        if changed:
            messages.info(request, "The columns were matched again for the new kind of sheet.")
            return redirect("spreadsheets:mapping", plan.slug, batch.pk)
        return redirect("spreadsheets:preview", plan.slug, batch.pk)
    return render(
        request,
        "spreadsheets/mapping.html",
        {"plan": plan, "batch": batch, "form": form, "page_title": "Check the columns"},
        status=400 if form.errors else 200,
    )


def _sections(report):
    sections = []
    for heading, outcome in report.sections():
        changes = report.listed(outcome)
        sections.append(
            {
                "heading": heading,
                "outcome": outcome,
                "summary": report.summary(outcome),
                "count": len(changes),
                "changes": changes[:LIST_LIMIT],
                "more": max(0, len(changes) - LIST_LIMIT),
            }
        )
    return sections


def _issues(report):
    """The first ISSUE_LIMIT problems, errors first, and how many of each are not shown."""
    errors, warnings = report.errors, report.warnings
    shown_errors = errors[:ISSUE_LIMIT]
    shown_warnings = warnings[: ISSUE_LIMIT - len(shown_errors)]
    return {
        "errors": shown_errors,
        "errors_count": len(errors),
        "errors_more": len(errors) - len(shown_errors),
        "warnings": shown_warnings,
        "warnings_count": len(warnings),
        "warnings_more": len(warnings) - len(shown_warnings),
    }


def _preview_page(request, plan, batch, report, status=200):
    return render(
        request,
        "spreadsheets/preview.html",
        {
            "plan": plan,
            "batch": batch,
            "report": report,
            "sections": _sections(report),
            "issues": _issues(report),
            "page_title": f"Check the import of {batch.file_name}",
            "CREATED": CREATED,
            "UPDATED": UPDATED,
            "UNCHANGED": UNCHANGED,
        },
        status=status,
    )


@admin_required
def preview(request, plan_slug, batch_id):
    plan = _plan(plan_slug)
    batch = _batch(plan, batch_id)
    if batch.status == ImportBatch.Status.IMPORTED:
        return render(
            request,
            "spreadsheets/imported.html",
            {"plan": plan, "batch": batch, "page_title": f"Import of {batch.file_name}"},
        )
    report = batch_preview(batch=batch, user=request.user)
    return _preview_page(request, plan, batch, report)


@admin_required
@require_POST
def confirm(request, plan_slug, batch_id):
    plan = _plan(plan_slug)
    batch = _batch(plan, batch_id)
    report = batch_confirm(batch=batch, user=request.user)
    if report is None:
        messages.info(request, f"{batch.file_name} has already been imported.")
        return redirect("spreadsheets:home", plan.slug)
    if report.has_errors:
        return _preview_page(request, plan, batch, report, status=400)
    messages.success(request, f"Imported {batch.file_name}. {imported_summary(report)}")
    return redirect("spreadsheets:home", plan.slug)


@admin_required
def problems(request, plan_slug, batch_id):
    """The errors and warnings of the batch's import as an .xlsx, every one of them."""
    plan = _plan(plan_slug)
    batch = _batch(plan, batch_id)
    data = batch_error_file(batch=batch, user=request.user)
    return _workbook_response(data, error_filename(batch.file_name))
