"""Forms for uploading a workbook and for choosing how a council sheet's columns are read."""

from django import forms

from .importers import ACTUALS, COUNCIL, KIND_LABELS, PLAN
from .layouts import FIELD_LABELS, IGNORE, field_choices
from .layouts import KIND_LABELS as SHEET_KIND_LABELS
from .layouts.mapping import REPEATABLE, mapping_problems
from .layouts.reports import month_of
from .reader import SpreadsheetError, check_upload, max_bytes


class UploadForm(forms.Form):
    file = forms.FileField(
        label="Workbook",
        help_text="An Excel workbook (.xlsx).",
        error_messages={"required": "Choose the workbook to upload."},
    )
    kind = forms.ChoiceField(
        label="What does it hold?",
        choices=[(k, KIND_LABELS[k]) for k in (PLAN, COUNCIL, ACTUALS)],
        widget=forms.RadioSelect,
        initial=PLAN,
        error_messages={"required": "Say what the workbook holds."},
    )
    period = forms.CharField(
        label="Which month are its exception reports for?",
        help_text="Only for a council's exception report workbook (one row per area). "
        "Year and month, for example 2020-07.",
        required=False,
        max_length=10,
    )

    def clean_period(self):
        text = self.cleaned_data.get("period", "").strip()
        if text and month_of(text) is None:
            raise forms.ValidationError(
                f'"{text}" is not a month: give the year and month, for example 2020-07.'
            )
        return month_of(text).strftime("%Y-%m") if text else ""

    def clean(self):
        cleaned = super().clean()
        upload = cleaned.get("file")
        if upload is None:
            return cleaned
        if upload.size > max_bytes():
            size = upload.size / (1024 * 1024)
            limit = max_bytes() / (1024 * 1024)
            self.add_error(
                "file",
                f"The file is {size:.0f} MB; the largest file that can be imported is "
                f"{limit:.0f} MB.",
            )
            return cleaned
        data = upload.read()
        try:
            check_upload(upload.name, data)
        except SpreadsheetError as error:
            self.add_error("file", str(error))
            return cleaned
        cleaned["data"] = data
        return cleaned


class MappingForm(forms.Form):
    """One kind select per sheet (of `kinds`, or any), and one field select per column of
    each sheet."""

    def __init__(self, *args, mappings, kinds=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.mappings = mappings
        kind_choices = [
            (kind, label)
            for kind, label in SHEET_KIND_LABELS.items()
            if kinds is None or kind in kinds
        ]
        self.sheets = []
        for number, mapping in enumerate(mappings):
            kind_name = f"sheet{number}_kind"
            self.fields[kind_name] = forms.ChoiceField(
                label=f'What does the sheet "{mapping.sheet}" hold?',
                choices=kind_choices,
                initial=mapping.kind,
                required=False,
            )
            columns = []
            if mapping.kind:
                for index, letter, header, chosen in mapping.rows():
                    name = f"sheet{number}_col{index}"
                    self.fields[name] = forms.ChoiceField(
                        label=f'Column {letter}: "{header}"' if header else f"Column {letter}",
                        choices=field_choices(mapping.kind),
                        initial=chosen,
                        required=False,
                    )
                    columns.append((self[name], index))
            self.sheets.append(
                {"mapping": mapping, "kind_field": self[kind_name], "columns": columns}
            )

    def clean(self):
        cleaned = super().clean()
        for number, mapping in enumerate(self.mappings):
            kind = cleaned.get(f"sheet{number}_kind") or IGNORE
            if kind != mapping.kind:
                continue  # the columns are proposed again for the new kind
            seen = {}
            columns = {}
            for _index, _letter, _header, _chosen in mapping.rows():
                name = f"sheet{number}_col{_index}"
                chosen = cleaned.get(name) or IGNORE
                if chosen:
                    columns[_index] = chosen
                if not chosen or chosen in REPEATABLE:
                    continue
                if chosen in seen:
                    label = FIELD_LABELS[kind][chosen]
                    self.add_error(
                        name,
                        f'"{label}" is already read from column {seen[chosen]}; choose '
                        "one column for it.",
                    )
                seen[chosen] = _letter
            for problem in mapping_problems(kind, columns, mapping.headers):
                self.add_error(
                    f"sheet{number}_kind", f'On "{mapping.sheet}": {problem} Or skip the sheet.'
                )
        return cleaned

    def kinds_changed(self) -> list[int]:
        return [
            number
            for number, mapping in enumerate(self.mappings)
            if (self.cleaned_data.get(f"sheet{number}_kind") or IGNORE) != mapping.kind
        ]

    def apply(self):
        """The mappings with the admin's choices."""
        for number, mapping in enumerate(self.mappings):
            mapping.kind = self.cleaned_data.get(f"sheet{number}_kind") or IGNORE
            columns = {}
            for index, _letter, _header, _chosen in mapping.rows():
                chosen = self.cleaned_data.get(f"sheet{number}_col{index}") or IGNORE
                if chosen:
                    columns[index] = chosen
            if columns != mapping.columns:
                mapping.notes = []  # the proposal's notes no longer describe the mapping
            mapping.columns = columns
        return self.mappings
