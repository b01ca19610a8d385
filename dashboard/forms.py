"""The period picker shared by the pages that show a plan as it stood in a month."""

import datetime

from django import forms


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
