"""Forms of the monthly return. Rules come from measures.rules; nothing here re-implements one."""

import datetime
from decimal import Decimal

from django import forms
from django.forms import BaseFormSet, formset_factory

from exceptions.rules import AREA_RAGS, reason_required
from improvement.fields import NARRATIVE, REASON, TEXT, too_long_message
from improvement.models import ACTION_STATUS_CHOICES
from improvement.rules import RAG
from measures.models import Rebase
from measures.rules import figure_is_missing, figure_text, format_value, is_due, validate_value

from .services import REPORT_TEXT_FIELDS, FigureEntry


def plain_number(value):
    """Decimal("75.5000") -> "75.5": the figure as it was entered, without its unit."""
    if value is None:
        return ""
    return figure_text(value)


def textarea(rows=3):
    return forms.Textarea(attrs={"rows": rows, "class": "govuk-textarea"})


def text_field(label, limit, *, rows=3, name="", **kwargs):
    """A free-text box holding at most `limit` characters (shown with a character count);
    `name` is what its error calls it when the label does not read well there."""
    too_long = too_long_message(limit, name or label)
    messages = {"max_length": too_long} | kwargs.pop("error_messages", {})
    return forms.CharField(
        label=label, max_length=limit, widget=textarea(rows), error_messages=messages, **kwargs
    )


def make_read_only(form):
    for field in form.fields.values():
        field.disabled = True


class VersionField(forms.IntegerField):
    """The version of the record the page showed (0 when there was none)."""

    def __init__(self, **kwargs):
        super().__init__(min_value=0, widget=forms.HiddenInput, **kwargs)


# Monthly figures -----------------------------------------------------------------------


def unit_hint(measure):
    """What the value box takes, in words, from the measure's unit."""
    what = measure.unit_label.strip()
    return {
        "percent": "A percentage from 0 to 100",
        "count": f"A whole number{' of ' + what if what else ''}",
        "rate": f"A rate{' ' + what if what else ''}, not negative",
        "days": "A number of days",
        "ratio": "A ratio, not negative",
    }.get(measure.unit, what or "A number")


LARGEST = Decimal("9999999999")  # the most a figure's 10 whole digits hold


class FigureForm(forms.Form):
    measure_id = forms.IntegerField(widget=forms.HiddenInput)
    version = VersionField()
    value = forms.DecimalField(
        required=False,
        max_value=LARGEST,  # its decimal places are the measure's: see validate_value
        min_value=-LARGEST,
        widget=forms.TextInput(
            attrs={
                "class": "govuk-input govuk-input--width-5",
                "inputmode": "decimal",
                "spellcheck": "false",
                "autocomplete": "off",
            }
        ),
        error_messages={
            "invalid": "Enter the value as a number, like 42 or 87.5",
            "max_value": "Enter a smaller number",
            "min_value": "Enter a larger number",
        },
    )
    missing_reason = text_field(
        "Why there is no value", REASON, rows=2, name="The reason", required=False
    )
    commentary = text_field("Commentary", TEXT, required=False)

    def __init__(self, *args, row, **kwargs):
        self.row = row
        self.measure = row.measure
        actual = row.actual
        kwargs["initial"] = {
            "measure_id": row.measure.pk,
            "version": actual.version if actual else 0,
            "value": plain_number(actual.value) if actual else "",
            "missing_reason": actual.missing_reason if actual else "",
            "commentary": actual.commentary if actual else "",
        }
        super().__init__(*args, **kwargs)
        self.conflict = None  # the figure as someone else saved it, after a conflict
        self.summary_label = self.measure.name  # names the measure in the error summary
        self.fields["value"].label = "This period's value"
        self.fields["value"].help_text = unit_hint(self.measure)

    def clean_measure_id(self):
        if self.cleaned_data["measure_id"] != self.measure.pk:
            raise forms.ValidationError(
                "The measures of this area changed while you were editing: check and save again"
            )
        return self.cleaned_data["measure_id"]

    def clean(self):
        data = super().clean()
        if self.errors.get("value"):
            return data
        value = data.get("value")
        if value is not None:
            for message in validate_value(value, self.measure.unit, self.measure.decimal_places):
                self.add_error("value", message)
            if self.errors.get("value"):
                return data
        entered = data.get("missing_reason") or data.get("commentary")
        if figure_is_missing(value, data.get("missing_reason")) and (
            is_due(self.measure.frequency) or entered
        ):
            self.add_error(
                "missing_reason", "Enter a value for this period, or explain why there is none"
            )
        error = self.measure.commentary_error(value, data.get("commentary"), self.row.target)
        if error:
            self.add_error("commentary", error)
        return data

    def rag_for(self, value):
        return self.measure.rag_for(value, self.row.target)

    @property
    def value_rag(self):
        """The RAG the value on the page gets: the typed one when it can be read."""
        if self.is_bound:
            raw = self.data.get(self.add_prefix("value"), "")
            try:
                value = Decimal(str(raw).strip()) if str(raw).strip() else None
            except ArithmeticError:
                return None
            if value is not None and (
                not value.is_finite()
                or validate_value(value, self.measure.unit, self.measure.decimal_places)
            ):
                return None
            return self.rag_for(value)
        return self.row.rag

    def entry(self):
        data = self.cleaned_data
        return FigureEntry(
            measure=self.measure,
            value=data.get("value"),
            missing_reason=data.get("missing_reason", ""),
            commentary=data.get("commentary", ""),
            version=data.get("version") or 0,
        )

    def conflict_text(self):
        """The saved figure, in words, for the conflict box."""
        actual = self.conflict
        if actual is None:
            return ""
        if actual.value is None:
            return f"No value: {actual.missing_reason}" if actual.missing_reason else "No value"
        return format_value(actual.value, self.measure.unit, self.measure.decimal_places)


class BaseFiguresFormSet(BaseFormSet):
    """One FigureForm per measure of the area, in the area's order."""

    def __init__(self, *args, rows, **kwargs):
        self.rows = rows
        super().__init__(*args, **kwargs)

    def total_form_count(self):
        return len(self.rows)

    def initial_form_count(self):
        return len(self.rows)

    def get_form_kwargs(self, index):
        return {"row": self.rows[index]}

    def entries(self):
        return [form.entry() for form in self.forms]


FiguresFormSet = formset_factory(
    FigureForm, formset=BaseFiguresFormSet, extra=0, max_num=1000, absolute_max=1000
)


# Action updates ------------------------------------------------------------------------


class ActionUpdateForm(forms.Form):
    version = VersionField()
    status = forms.ChoiceField(
        label="Status", choices=ACTION_STATUS_CHOICES, widget=forms.RadioSelect
    )
    progress = text_field(
        "Progress this period",
        NARRATIVE,
        rows=5,
        name="Progress",
        error_messages={"required": "Enter the progress made this period"},
    )
    impact = text_field(
        "Impact",
        NARRATIVE,
        rows=4,
        required=False,
        help_text="What difference it has made for children and families.",
    )
    evidence = text_field(
        "Evidence",
        NARRATIVE,
        required=False,
        help_text="What shows the progress and impact, e.g. an audit, a report, a dataset.",
    )
    evidence_url = forms.URLField(
        label="Link to evidence (optional)",
        required=False,
        max_length=500,
        assume_scheme="https",
        widget=forms.URLInput(attrs={"class": "govuk-input", "spellcheck": "false"}),
        error_messages={"invalid": "Enter a web address, like https://example.org/report"},
    )


# Exception reports ---------------------------------------------------------------------

AREA_RAG_CHOICES = [(r.value, r.label) for r in AREA_RAGS]
SUBMIT_REQUIRED = {
    "current_rag": "Choose the RAG you judge this area to be this period",
    "key_developments": "Enter the key developments this period",
    "key_risks": "Enter the key risks",
    "progress": "Enter your analysis of progress",
}


class ReportForm(forms.Form):
    version = VersionField()
    key_developments = text_field("Key developments", NARRATIVE, rows=5, required=False)
    key_risks = text_field("Key risks", NARRATIVE, rows=5, required=False)
    progress = text_field("Analysis of progress", NARRATIVE, rows=6, required=False)
    risks = text_field("Analysis of risks", NARRATIVE, rows=6, required=False)
    evidence = text_field(
        "Evidence",
        NARRATIVE,
        rows=4,
        required=False,
        help_text="What the analysis rests on: audits, data, feedback.",
    )
    current_rag = forms.ChoiceField(
        label="Your RAG for this area this period",
        choices=AREA_RAG_CHOICES,
        required=False,
        widget=forms.RadioSelect,
    )
    reason = text_field(
        "Why your RAG differs from the suggested one", TEXT, name="The reason", required=False
    )

    # Where a new draft starts with the wording the SPC charts suggest (measures.report_wording).
    CHART_WORDING_FIELD = "progress"

    def __init__(
        self, *args, report=None, suggested_rag=None, submitting=False, chart_wording="", **kwargs
    ):
        """`chart_wording` goes into CHART_WORDING_FIELD of a report never saved, and only
        there: a saved report's text (even left empty) is never replaced."""
        if report is not None:
            kwargs["initial"] = {
                name: getattr(report, name)
                for name in [*REPORT_TEXT_FIELDS, "current_rag", "reason"]
            } | {"version": report.version}
        else:
            kwargs["initial"] = {"version": 0}
            if chart_wording:
                kwargs["initial"][self.CHART_WORDING_FIELD] = chart_wording
        super().__init__(*args, **kwargs)
        self.suggested_rag = suggested_rag
        self.submitting = submitting
        self.conflict = None

    def clean(self):
        data = super().clean()
        current, suggested = data.get("current_rag"), self.suggested_rag
        if reason_required(current=current, suggested=suggested) and not data.get("reason"):
            self.add_error(
                "reason",
                f"Explain why your RAG ({RAG(current).label}) differs from the one the data "
                f"suggests ({RAG(suggested).label})",
            )
        if self.submitting:
            for name, message in SUBMIT_REQUIRED.items():
                if not data.get(name) and name not in self.errors:
                    self.add_error(name, message)
        return data


class ReturnForChangesForm(forms.Form):
    version = VersionField()
    comment = text_field(
        "What needs changing",
        TEXT,
        rows=4,
        error_messages={"required": "Enter what the manager needs to change"},
    )


# Reporting periods ---------------------------------------------------------------------


class OpenPeriodForm(forms.Form):
    """A new period: the month reported on and the deadline for returns (GOV.UK date inputs)."""

    month_month = forms.IntegerField(required=False)
    month_year = forms.IntegerField(required=False)
    deadline_day = forms.IntegerField(required=False)
    deadline_month = forms.IntegerField(required=False)
    deadline_year = forms.IntegerField(required=False)

    def clean(self):
        data = super().clean()
        try:
            data["month"] = datetime.date(data["month_year"], data["month_month"], 1)
        except (TypeError, ValueError, KeyError):
            self.add_error("month_month", "Enter the month reported on, like 4 2020")
        try:
            data["deadline"] = datetime.date(
                data["deadline_year"], data["deadline_month"], data["deadline_day"]
            )
        except (TypeError, ValueError, KeyError):
            self.add_error("deadline_day", "Enter the deadline as a real date, like 10 5 2020")
        if data.get("month") and data.get("deadline") and data["deadline"] < data["month"]:
            self.add_error("deadline_day", "The deadline must be after the month begins")
        return data


class PeriodChoiceForm(forms.Form):
    """?period=YYYY-MM on pages that default to the current period."""

    period = forms.RegexField(regex=r"^\d{4}-\d{2}$", required=False)

    def month(self):
        if not self.is_valid() or not self.cleaned_data.get("period"):
            return None
        year, month = self.cleaned_data["period"].split("-")
        try:
            return datetime.date(int(year), int(month), 1)
        except ValueError:
            return None


def error_summary(*forms_):
    """[(anchor, message)] for the GOV.UK error summary, in page order."""
    items = []
    for form in forms_:
        if form is None or not form.is_bound:
            continue
        label = getattr(form, "summary_label", "")
        for name, errors in form.errors.items():
            if name == "__all__":
                anchor = ""
            else:
                anchor = form[name].auto_id
                if isinstance(form.fields[name].widget, forms.RadioSelect):
                    anchor = f"{anchor}_0"
            for message in errors:
                items.append((anchor, f"{label}: {message}" if label else message))
    return items


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
