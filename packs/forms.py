from django import forms

from .models import PublishedPack


class PublishForm(forms.Form):
    period = forms.ModelChoiceField(
        queryset=None, label="Month the pack reports on", empty_label=None
    )
    meeting = forms.CharField(
        max_length=PublishedPack._meta.get_field("meeting").max_length,
        label="Meeting",
        help_text='As the committee papers name it, e.g. "Improvement Board, 14 August 2020". '
        "Publishing again for the same meeting keeps the earlier pack as superseded.",
    )
    meeting_date = forms.DateField(
        required=False, label="Date of the meeting", help_text="For example, 2020-08-14."
    )
    public = forms.BooleanField(
        required=False,
        label="Also make a public version for the council's website (no names; figures of 1 "
        "to 5 children suppressed)",
    )

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        periods = plan.periods.order_by("-month")
        self.fields["period"].queryset = periods
        self.fields["period"].label_from_instance = lambda period: period.label
