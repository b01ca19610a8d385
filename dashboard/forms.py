"""The period picker shared by the pages that show a plan as it stood in a month."""

import datetime

from django import forms

from improvement.fields import REASON
from measures.models import Rebase
from returns.forms import text_field


def period_key(period):
    """How a period is named in addresses: ?period=2020-07."""
    return period.month.strftime("%Y-%m")


def month_from_key(key):
    """The month an address names (?period=2031-01 -> 1 January 2031), or None when it names
    no month (?period=garbage)."""
    try:
        return datetime.datetime.strptime(key or "", "%Y-%m").date()
    except ValueError:
        return None


class PeriodForm(forms.Form):
    period = forms.ChoiceField(label="Reporting period", required=False)

    def __init__(self, *args, periods, **kwargs):
        super().__init__(*args, **kwargs)
        self.periods = {period_key(p): p for p in periods}
        self.fields["period"].choices = [
            (key, p.label) for key, p in sorted(self.periods.items(), reverse=True)
        ]
        self.fields["period"].error_messages["invalid_choice"] = (
            "There is no reporting period for that month."
        )

    def clean_period(self):
        return self.periods.get(self.cleaned_data.get("period"))


class RebaseForm(forms.ModelForm):
    """A month a measure's process changed, and what changed: the model's own checks
    (Rebase.clean) run on save, and a month already marked is refused in words."""

    version = forms.IntegerField(min_value=1, required=False, widget=forms.HiddenInput)
    period = forms.ChoiceField(
        label="The first month of the new process",
        help_text="Its figure and every later one are read as the new process.",
        error_messages={
            "required": "Choose the month the new process started",
            "invalid_choice": "Choose one of this plan's months",
        },
    )
    reason = text_field(
        "What changed",
        REASON,
        rows=4,
        name="What changed",
        help_text="For example, a new front door, a new service model or a change in how "
        "the measure is counted. The board reads this beside the chart.",
        required=False,  # Rebase.clean says why it is needed
    )

    class Meta:
        model = Rebase
        fields = ["period", "reason"]

    def __init__(self, *args, periods, **kwargs):
        super().__init__(*args, **kwargs)
        self.periods = {str(p.pk): p for p in periods}
        self.fields["period"].choices = [
            (str(p.pk), p.label) for p in sorted(periods, key=lambda p: p.month, reverse=True)
        ]
        if not self.instance._state.adding:
            self.fields["period"].disabled = True  # to mark another month, remove this one
            self.initial["period"] = str(self.instance.period_id)
            self.initial.setdefault("version", self.instance.version)

    def clean_period(self):
        period = self.periods[self.cleaned_data["period"]]
        marked = Rebase.objects.filter(measure=self.instance.measure, period=period)
        marked = marked.exclude(pk=self.instance.pk).first()
        if marked is not None:
            raise forms.ValidationError(already_marked(marked))
        return period


def already_marked(rebase):
    """'July 2020 already starts a new process: a new front door.'"""
    return f"{rebase.period.label} already starts a new process: {rebase.reason}"
