"""The upload page for the DfE's published figures, and what each load replaced.

For admins only: a superuser, or someone with the Admin role on at least one plan who
may add published figures. (This app is the bottom layer and imports nothing of the plans:
the role is read through the user's plan memberships.)
"""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, render

from .loading import LoadError, load_files
from .models import FigureChange, Load

MAX_BYTES = 50 * 1024 * 1024
ADMIN_MEMBERSHIP = "admin"  # improvement.models.PlanMembership.Role.ADMIN


def may_load(user):
    if user.is_superuser:
        return True
    return user.has_perm("comparators.add_publishedfigure") and (
        user.plan_memberships.filter(role=ADMIN_MEMBERSHIP).exists()
    )


def admin_only(view):
    @login_required
    def wrapped(request, *args, **kwargs):
        if not may_load(request.user):
            raise PermissionDenied(
                "Only an admin may load published statistics: ask your performance team."
            )
        return view(request, *args, **kwargs)

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return wrapped


@admin_only
def upload(request):
    """The form; a POST loads the files in the request, all or nothing, and says what it did."""
    report, error, status = None, None, 200
    if request.method == "POST":
        files = request.FILES.getlist("files")
        too_big = [f.name for f in files if f.size > MAX_BYTES]
        if not files:
            error = "Choose one or more files of published figures (.csv or .csv.gz)."
        elif too_big:
            error = f"{too_big[0]} is larger than 50 MB: load it with load_comparators instead."
        else:
            try:
                report = load_files(files, user=request.user)
            except LoadError as problem:
                error = str(problem)
        status = 400 if error else 200
    loads = Load.objects.select_related("loaded_by")[:20]
    context = {"report": report, "error": error, "loads": loads, "max_size": "50 MB"}
    return render(request, "comparators/upload.html", context, status=status)


@admin_only
def load_detail(request, load_id):
    """The figures one load replaced: what each was and what it became."""
    load = get_object_or_404(Load.objects.select_related("loaded_by"), pk=load_id)
    changes = FigureChange.objects.filter(load=load).select_related(
        "figure__indicator", "figure__place"
    )
    return render(request, "comparators/load_detail.html", {"load": load, "changes": changes})
