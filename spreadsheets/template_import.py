"""Importing a workbook in our own format (a blank template filled in, or an export).

Sheets are read in dependency order (plan, periods, areas, recommendations, outcomes,
actions, progress updates, measures, targets, actuals, benchmarks); each row is
matched to the plan's records by its natural keys through the ``Loader``.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.utils import timezone
from openpyxl.utils import get_column_letter

from improvement.models import Recommendation, ReportingPeriod, ServiceArea
from measures.rules import validate_value

from .cells import normalise_header, parse_date_cell, parse_number_cell, same
from .report import Where
from .template import NOTES_SHEET, SHEETS, Column


class TemplateRow:
    """One data row of a template sheet, with typed access and issues reported."""

    def __init__(self, sheet_name, row, columns: dict[str, tuple[int, Column]], report):
        self.sheet_name = sheet_name
        self.row = row
        self.columns = columns
        self.report = report
        self.ok = True

    def where(self, header=None) -> Where:
        if header and header in self.columns:
            index = self.columns[header][0]
            return Where(
                self.sheet_name, self.row.number, f'{get_column_letter(index + 1)} ("{header}")'
            )
        return Where(self.sheet_name, self.row.number)

    def has(self, header) -> bool:
        return header in self.columns

    def raw(self, header):
        if header not in self.columns:
            return None
        return self.row.value(self.columns[header][0])

    def error(self, header, message):
        self.ok = False
        self.report.error(message, self.where(header), header)

    def warning(self, header, message):
        self.report.warning(message, self.where(header), header)

    def text(self, header) -> str:
        value = self.raw(header)
        if value is None:
            return ""
        if isinstance(value, datetime.datetime):
            return value.strftime("%d/%m/%Y")
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        return str(value).strip()

    def required_text(self, header) -> str:
        text = self.text(header)
        if not text:
            self.error(header, f'"{header}" is blank; it is needed.')
        return text

    def number(self, header) -> Decimal | None:
        value = self.raw(header)
        index = self.columns[header][0] if header in self.columns else 0
        cell = parse_number_cell(value, number_format=self.row.format(index))
        if cell.value is None and cell.text:
            self.error(header, f'"{cell.text}" is not a number.')
        elif cell.warning:
            self.error(header, cell.warning.replace("kept as text", "give the figure alone"))
        return cell.value

    def integer(self, header, default=0) -> int:
        value = self.number(header)
        if value is None:
            return default
        if value != value.to_integral_value() or value < 0:
            self.error(header, f'"{self.text(header)}" is not a whole number.')
            return default
        return int(value)

    def date(self, header) -> datetime.date | None:
        value = self.raw(header)
        if value is None or (isinstance(value, str) and not value.strip()):
            return None
        cell = parse_date_cell(value)
        if cell.date is None or cell.warning:
            self.error(header, f'"{self.text(header)}" is not a date.')
            return None
        if cell.month_only:
            return cell.date.replace(day=1)
        return cell.date

    def month(self, header) -> datetime.date | None:
        value = self.date(header)
        return value.replace(day=1) if value else None

    def datetime(self, header) -> datetime.datetime | None:
        value = self.raw(header)
        if value is None or value == "":
            return None
        if isinstance(value, datetime.datetime):
            result = value
        else:
            day = self.date(header)
            if day is None:
                return None
            result = datetime.datetime.combine(day, datetime.time())
        result = result.replace(microsecond=0)
        return timezone.make_aware(result) if timezone.is_naive(result) else result

    def boolean(self, header) -> bool:
        value = self.raw(header)
        if isinstance(value, bool):
            return value
        text = self.text(header).casefold()
        if text in {"", "no", "n", "false", "0"}:
            return False
        if text in {"yes", "y", "true", "1"}:
            return True
        self.error(header, f'"{self.text(header)}" should be Yes or No.')
        return False

    def choice(self, header, default=None):
        text = self.text(header)
        if not text:
            return default
        column = self.columns[header][1]
        for value, label in column.choices:
            if text.casefold() in {str(value).casefold(), str(label).casefold()}:
                return value
        allowed = ", ".join(str(label) for _, label in column.choices)
        self.error(header, f'"{text}" is not one of: {allowed}.')
        return default

    def items(self, header) -> list[str]:
        text = self.text(header)
        parts = text.replace(";", "\n").split("\n")
        return [part.strip() for part in parts if part.strip()]


class TemplateImporter:
    """Reads a workbook in our format into a plan, sheet by sheet in dependency order."""

    def __init__(self, book, loader, report):
        self.book = book
        self.loader = loader
        self.report = report
        self.sheets = {name.strip().casefold(): name for name in book.sheet_names}
        self.area_links: list[tuple[ServiceArea, list[str], Where]] = []

    def rows(self, name):
        """Yield TemplateRow objects of one of our sheets (nothing if it is absent)."""
        actual = self.sheets.get(name.casefold())
        if actual is None:
            return
        _description, columns = SHEETS[name]
        by_header = {normalise_header(c.header): c for c in columns}
        mapped: dict[str, tuple[int, Column]] = {}
        stream = self.book.rows(actual)
        header = next(stream, None)
        if header is None:
            return
        for index, value in enumerate(header.values):
            key = normalise_header(value)
            if not key:
                continue
            column = by_header.get(key)
            if column is None:
                self.report.warning(
                    f'The column "{value}" is not one of the template\'s; it was not imported.',
                    Where(actual, header.number, get_column_letter(index + 1)),
                )
            elif column.header not in mapped:
                mapped[column.header] = (index, column)
        missing = [c.header for c in columns if c.required and c.header not in mapped]
        if missing:
            self.report.error(
                f"The sheet has no {', '.join(missing)} column, so it cannot be imported.",
                Where(actual, header.number),
            )
            return
        for row in stream:
            if not row.filled():
                continue
            yield TemplateRow(actual, row, mapped, self.report)

    def run(self, *, apply_plan_sheet=True):
        for name in self.sheets.values():
            if name not in SHEETS and name.casefold() != NOTES_SHEET.casefold():
                self.report.warning(
                    f'The sheet "{name}" is not one of the template\'s sheets; it was not imported.'
                )
        if apply_plan_sheet:
            self.plan_sheet()
        self.periods()
        self.areas()
        self.recommendations()
        self.link_areas()
        self.outcomes()
        self.actions()
        self.updates()
        self.measures()
        self.targets()
        self.actuals()
        self.benchmarks()

    # --- one method per sheet ---------------------------------------------------

    def plan_sheet(self):
        for index, row in enumerate(self.rows("Plan")):
            if index:
                row.warning("Slug", "Only the first row of the Plan sheet is used.")
                continue
            values = {}
            for header, name in (
                ("Organisation", "organisation"),
                ("Title", "title"),
                ("Summary", "summary"),
            ):
                if row.has(header):
                    values[name] = row.text(header)
            for header, name in (
                ("Inspection date", "inspection_date"),
                ("Starts", "starts"),
                ("Ends", "ends"),
            ):
                if row.has(header):
                    values[name] = row.date(header)
            for header, name in (("Framework", "framework"), ("Status", "status")):
                if row.has(header) and row.text(header):
                    values[name] = row.choice(header)
            if row.has("Judgement"):
                values["judgement"] = row.choice("Judgement", default="")
            values = {k: v for k, v in values.items() if k not in ("organisation", "title") or v}
            if row.ok:
                self.loader.plan_fields(values, row.where())

    def _user(self, row, header):
        name = row.text(header)
        if not name:
            return None
        user = get_user_model().objects.filter(username=name).first()
        if user is None:
            row.warning(header, f'There is no user called "{name}"; left blank.')
        return user

    def periods(self):
        for row in self.rows("Periods"):
            month = row.month("Month")
            values = {}
            if row.has("Deadline"):
                values["deadline"] = row.date("Deadline")
            if row.has("Status"):
                values["status"] = row.choice("Status", ReportingPeriod.Status.OPEN)
            if row.has("Locked by"):
                values["locked_by"] = self._user(row, "Locked by")
            if row.has("Locked at"):
                values["locked_at"] = row.datetime("Locked at")
            if month is None or not row.ok:
                continue
            existing = self.loader.periods.get(month)
            if existing is not None and existing.is_locked:
                # A month locked before the import is left exactly as it is.
                if any(not same(getattr(existing, k), v) for k, v in values.items()):
                    row.warning(
                        "Month",
                        f"{existing.label} is locked, so it was left as it is. Unlock it on "
                        "the periods page to change it.",
                    )
                continue
            self.loader.period(month, row.where("Month"), values)

    def areas(self):
        for row in self.rows("Areas"):
            name = row.required_text("Area")
            values = {}
            for header, field in (
                ("Lead", "lead"),
                ("Responsible officers", "responsible_officers"),
                ("Linked plans", "linked_plans"),
            ):
                if row.has(header):
                    values[field] = row.text(header)
            if row.has("Order"):
                values["order"] = row.integer("Order")
            if not row.ok:
                continue
            area = self.loader.area(name, row.where("Area"), values)
            if row.has("Recommendations"):
                self.area_links.append(
                    (area, row.items("Recommendations"), row.where("Recommendations"))
                )
            if row.has("Managers"):
                users = []
                for username in row.items("Managers"):
                    user = get_user_model().objects.filter(username=username).first()
                    if user is None:
                        row.warning(
                            "Managers",
                            f'There is no user called "{username}"; '
                            "add them and link them to the area on screen.",
                        )
                    else:
                        users.append(user)
                self.loader.set_links(
                    area,
                    "managers",
                    users,
                    "area",
                    f'Service area "{area.name}"',
                    row.where("Area"),
                    "unchanged" if ("area", area.pk) in self.loader.seen else "",
                )

    def _recommendations(self, refs, where, warn) -> list[Recommendation]:
        found = []
        for ref in refs:
            source = None
            reference = ref
            if ":" in ref:
                maybe_source, _, rest = ref.partition(":")
                if maybe_source.strip() in Recommendation.Source.values:
                    source, reference = maybe_source.strip(), rest.strip()
            rec = self.loader.find_recommendation(reference, source)
            if rec is None:
                warn(f'There is no recommendation "{ref}"; that link was not made.')
            else:
                found.append(rec)
        return found

    def recommendations(self):
        for row in self.rows("Recommendations"):
            reference = row.required_text("Reference")
            source = row.choice("Source", Recommendation.Source.OFSTED)
            values = {}
            for header, field in (
                ("Recommendation", "text"),
                ("Report reference", "report_reference"),
                ("Timeframe", "timeframe"),
            ):
                if row.has(header):
                    values[field] = row.text(header)
            if not values.get("text"):
                row.error("Recommendation", '"Recommendation" is blank; it is needed.')
            if row.has("Order"):
                values["order"] = row.integer("Order")
            if row.ok:
                self.loader.recommendation(reference, row.where("Reference"), values, source=source)

    def link_areas(self):
        for area, refs, where in self.area_links:
            recs = self._recommendations(
                refs, where, lambda message, where=where: self.report.warning(message, where)
            )
            outcome = "unchanged" if ("area", area.pk) in self.loader.seen else ""
            self.loader.set_links(
                area, "recommendations", recs, "area", f'Service area "{area.name}"', where, outcome
            )

    def _area(self, row):
        name = row.required_text("Area")
        if not name:
            return None
        area = self.loader.find_area(name)
        if area is None:
            area = self.loader.area(name, row.where("Area"))
        return area

    def outcomes(self):
        for row in self.rows("Outcomes"):
            area = self._area(row)
            title = row.required_text("Outcome")
            values = {"order": row.integer("Order")} if row.has("Order") else {}
            if row.ok and area is not None:
                self.loader.outcome(area, title, row.where("Outcome"), values)

    def actions(self):
        for row in self.rows("Actions"):
            area = self._area(row)
            text = row.required_text("Action")
            values = {}
            simple = (
                ("Target date wording", "target_date_text"),
                ("Lead", "lead"),
                ("Key partners", "key_partners"),
                ("Success measure", "success_measure"),
                ("Cost", "cost"),
                ("Still to do", "still_to_do"),
                ("Manual RAG reason", "manual_rag_reason"),
                ("Notes", "notes"),
            )
            for header, field in simple:
                if row.has(header):
                    values[field] = row.text(header)
            if row.has("Target date"):
                raw = row.raw("Target date")
                cell = parse_date_cell(raw)
                if cell.date is not None and not cell.warning and not cell.month_only:
                    values["target_date"] = cell.date
                elif cell.text:
                    # Words in the date column are kept as the wording, never dropped.
                    values["target_date"] = cell.date
                    if not values.get("target_date_text"):
                        values["target_date_text"] = cell.text
                    if cell.warning:
                        row.warning("Target date", cell.warning)
                else:
                    values["target_date"] = None
            if row.has("Status"):
                values["status"] = row.choice("Status", "not_started")
            if row.has("Manual RAG"):
                values["manual_rag"] = row.choice("Manual RAG", "")
            if row.has("Order"):
                values["order"] = row.integer("Order")
            if area is not None and row.has("Outcome"):
                title = row.text("Outcome")
                values["outcome"] = (
                    self.loader.outcome(area, title, row.where("Outcome")) if title else None
                )
            recs = None
            if row.has("Recommendations"):
                recs = self._recommendations(
                    row.items("Recommendations"),
                    row.where("Recommendations"),
                    lambda message, row=row: row.warning("Recommendations", message),
                )
            if not row.ok or area is None:
                continue
            self.loader.action(
                area,
                row.where("Action"),
                reference=row.text("Reference") if row.has("Reference") else "",
                text=text,
                values=values,
                recommendations=recs,
            )

    def updates(self):
        for row in self.rows("Progress updates"):
            area = self._area(row)
            text = row.required_text("Action")
            created_at = row.datetime("Date")
            if created_at is None:
                row.error("Date", '"Date" is blank; it is needed.')
            action = None
            if area is not None and text:
                action = self.loader.find_action(area, row.text("Action reference"), text)
                if action is None:
                    row.error("Action", f'No action "{text[:80]}" in {area.name}.')
            values = {}
            for header, field in (
                ("Progress", "progress"),
                ("Impact", "impact"),
                ("Evidence", "evidence"),
                ("Evidence link", "evidence_url"),
            ):
                if row.has(header):
                    values[field] = row.text(header)
            if row.has("Status"):
                values["status"] = row.choice("Status", action.status if action else "")
            if row.has("Period"):
                month = row.month("Period")
                values["period"] = self.loader.period(month, row.where("Period")) if month else None
            if row.has("Author"):
                values["author"] = self._user(row, "Author")
            if row.ok and action is not None:
                self.loader.action_update(
                    action, row.where("Date"), created_at=created_at, values=values
                )

    def measures(self):
        for row in self.rows("Measures"):
            area = self._area(row)
            name = row.required_text("Measure")
            values = {}
            for header, field in (
                ("Unit label", "unit_label"),
                ("Baseline wording", "baseline_text"),
                ("Data source", "data_source"),
                ("Outcome", "outcome_text"),
                ("Notes", "notes"),
            ):
                if row.has(header):
                    values[field] = row.text(header)
            for header, field, default in (
                ("Unit", "unit", "percent"),
                ("Direction", "direction", "higher"),
                ("Frequency", "frequency", "monthly"),
            ):
                if row.has(header):
                    values[field] = row.choice(header, default)
            if row.has("Decimal places"):
                values["decimal_places"] = row.integer("Decimal places", 1)
            if row.has("Order"):
                values["order"] = row.integer("Order")
            if row.has("Baseline"):
                raw = row.raw("Baseline")
                cell = parse_number_cell(
                    raw, number_format=row.row.format(row.columns["Baseline"][0])
                )
                values["baseline"] = cell.value
                if cell.text and (cell.value is None or cell.warning):
                    row.warning(
                        "Baseline",
                        cell.warning
                        or f'"{cell.text}" is not a figure; kept as the baseline wording.',
                    )
                    if not values.get("baseline_text"):
                        values["baseline_text"] = cell.text
            if row.has("Baseline date"):
                values["baseline_date"] = row.date("Baseline date")
            if row.has("Amber tolerance %"):
                tolerance = row.number("Amber tolerance %")
                if tolerance is not None:
                    values["tolerance_pct"] = tolerance
            if row.has("Local indicator"):
                values["local_indicator"] = row.boolean("Local indicator")
            if row.ok and area is not None:
                self.loader.measure(
                    area,
                    row.where("Measure"),
                    reference=row.text("Reference") if row.has("Reference") else "",
                    name=name,
                    values=values,
                )

    def _measure(self, row):
        name = row.text("Measure")
        reference = row.text("Measure reference")
        area = self.loader.find_area(row.text("Area")) if row.text("Area") else None
        if not name and not reference:
            row.error("Measure", '"Measure" is blank; it is needed.')
            return None
        measure, problem = self.loader.find_measure(reference, name, area)
        if measure is None:
            row.error("Measure", problem)
        return measure

    def targets(self):
        for row in self.rows("Targets"):
            measure = self._measure(row)
            effective_from = row.month("Effective from")
            value = row.number("Target")
            if value is None and row.ok:
                row.error("Target", '"Target" is blank; it is needed.')
            values = {"value": value}
            if row.has("Upper"):
                values["upper"] = row.number("Upper")
            if row.has("Note"):
                values["note"] = row.text("Note")
            if row.ok and measure is not None and effective_from is not None:
                self.loader.target(measure, effective_from, values, row.where("Target"))

    def actuals(self):
        for row in self.rows("Actuals"):
            measure = self._measure(row)
            month = row.month("Month")
            values = {}
            raw = row.raw("Value")
            cell = parse_number_cell(
                raw,
                number_format=row.row.format(row.columns["Value"][0]) if row.has("Value") else "",
            )
            values["value"] = cell.value
            for header, field in (
                ("Missing reason", "missing_reason"),
                ("Commentary", "commentary"),
            ):
                if row.has(header):
                    values[field] = row.text(header)
            if cell.text and (cell.value is None or cell.warning):
                row.warning("Value", cell.warning or f'"{cell.text}" is not a figure.')
                key = "commentary" if cell.value is not None else "missing_reason"
                if not values.get(key):
                    values[key] = cell.text
            if cell.value is None and not values.get("missing_reason"):
                row.error("Value", "There is no figure and no missing reason.")
            if row.has("Illustrative"):
                values["illustrative"] = row.boolean("Illustrative")
            if row.has("Entered by"):
                user = self._user(row, "Entered by")
                if user is not None:
                    values["entered_by"] = user
            if measure is not None and cell.value is not None:
                for message in validate_value(cell.value, measure.unit):
                    row.error("Value", message)
            if row.ok and measure is not None and month is not None:
                self.loader.actual(measure, month, values, row.where("Value"))

    def benchmarks(self):
        for row in self.rows("Benchmarks"):
            measure = self._measure(row)
            kind = row.choice("Kind")
            year = row.integer("Year")
            value = row.number("Value")
            if value is None and row.ok:
                row.error("Value", '"Value" is blank; it is needed.')
            values = {"value": value}
            if row.has("Source"):
                values["source"] = row.text("Source")
            if row.ok and measure is not None and kind:
                self.loader.benchmark(measure, kind, year, values, row.where("Value"))
