"""The Django admin's forms for versioned records (improvement/versioning.py): no lost update.

A change form (or an inline row) carries the version of the record the person was shown. When
it is saved, the form locks the row and compares: if someone has saved the record since, the
save is refused with who changed it and when, and every value the person typed stays in the
form, now carrying the saved version, so saving again is a decision made knowing of the other
change. The lock is held until the admin's transaction ends, and the instance is given the
version the person was shown, so `Versioned.save()` enforces the same check.
"""

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import router, transaction
from django.utils import formats, timezone
from simple_history.admin import SimpleHistoryAdmin

from .versioning import Conflict, last_change, stale_versions


class VersionField(forms.IntegerField):
    """The version of the record the form showed: hidden, and never a change of its own."""

    widget = forms.HiddenInput

    def __init__(self, **kwargs):
        super().__init__(required=False, min_value=1, **kwargs)

    def has_changed(self, initial, data):
        return False


def conflict_message(record, noun):
    """'Sam Smith changed this figure at 14:32 on 3 March 2026 while you were editing. ...'"""
    who, when = last_change(record)
    name = (who.get_full_name() or who.get_username()) if who else "An import or command"
    at = ""
    if when is not None:
        when = timezone.localtime(when)
        at = f" at {formats.date_format(when, 'H:i')} on {formats.date_format(when, 'j F Y')}"
    return (
        f"{name} changed this {noun}{at} while you were editing. Your changes are below: "
        "check them against the saved record and save again."
    )


class VersionedAdminForm(forms.ModelForm):
    """A ModelAdmin's or an inline's form for a `Versioned` model (ModelAdmin.form)."""

    shown_version = VersionField()
    noun = "record"  # what the refusal calls the record: "figure", "action"
    # The admin saves a change form's record even when nothing in it changed; an inline row
    # only when it changed (an inline's form sets this to False).
    saves_unchanged = True

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.instance._state.adding:
            self.initial.setdefault("shown_version", self.instance.version)

    def will_save(self):
        """Whether submitting this form writes its record."""
        return self.saves_unchanged or self.has_changed()

    def clean(self):
        cleaned = super().clean()
        if not self.instance._state.adding and self.will_save():
            self.check_version(cleaned.get("shown_version"))
        return cleaned

    def check_version(self, shown):
        model = type(self.instance)
        using = router.db_for_write(model, instance=self.instance)
        if shown is None:
            saved = model._base_manager.using(using).filter(pk=self.instance.pk).first()
            if saved is None:  # deleted meanwhile: the admin says so in its own way
                return
            self.show_version(saved.version)
            raise ValidationError(
                f"This form did not say which version of the {self.noun} it showed. "
                "Check your changes against the saved record and save again.",
                code="no_version",
            )
        with transaction.atomic(using=using):  # the admin's own transaction keeps the lock
            stale = stale_versions(model, {self.instance.pk: shown}, using=using)
        if stale:
            self.show_version(stale[self.instance.pk].version)
            raise ValidationError(conflict_message(self.instance, self.noun), code="conflict")
        self.instance.version = shown

    def show_version(self, saved):
        """Shown again, the form carries the version saved now, so it can be saved again."""
        self.data = self.data.copy()
        self.data[self.add_prefix("shown_version")] = saved


class VersionCheckedAdmin:
    """A ModelAdmin mixin for pages that save versioned records (in the page's form or in its
    inlines). Their forms check the version under a row lock, so a `Conflict` at save is not
    expected; should one come (a change slipped in that the lock did not cover), the page's
    transaction has been rolled back and the page is shown again: the forms' check now
    names the change, with the person's values kept, rather than a server error."""

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except Conflict:
            return super().changeform_view(request, object_id, form_url, extra_context)


class HistoryAdmin(SimpleHistoryAdmin):
    """The Django admin of a model with an audit trail. Its history pages only read: reverting
    is turned off (SIMPLE_HISTORY_REVERT_DISABLED), and django-simple-history then only hides
    the button, so a revert posted anyway is refused here, not saved."""

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method == "POST" and self.revert_disabled(request):
            raise PermissionDenied("A record is not reverted from its history here: change it.")
        return super().history_form_view(request, object_id, version_id, extra_context)
