"""Importing a workbook in our own format (a blank template filled in, or an export).

Sheets are read in dependency order (plan, periods, areas, recommendations, outcomes,
actions, progress updates, measures, targets, actuals, benchmarks, exception reports); each row is
matched to the plan's records by its natural keys through the ``Loader``. Which model
field each column holds is said once, in ``template.SHEETS``.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model

from comparators.names import council_named, indicator_named
from improvement.models import Recommendation, ReportingPeriod, ServiceArea
from measures.national import link_indicator

from .cells import figure_values, same, short
from .cells.fields import ACTUAL, BASELINE, FIGURE, RAG, TARGET, TARGET_DATE
from .layouts.reports import ReportWriter, keep_lines, read_report_rag
from .report import CREATED, UNCHANGED, Where
from .template import NOTES_SHEET, SHEETS
from .template_rows import template_rows


class TemplateImporter:
    """Reads a workbook in our format into a plan, sheet by sheet in dependency order."""

    def __init__(self, book, loader, report):
        self.book = book
        self.loader = loader
        self.report = report
        self.sheets = {name.strip().casefold(): name for name in book.sheet_names}
        self.area_links: list[tuple[ServiceArea, list[str], Where]] = []
        self.area_outcomes: dict[int, str] = {}  # what this import did to each area it read

    def rows(self, name):
        """The TemplateRows of one of our sheets (nothing if it is absent)."""
        sheet = self.sheets.get(name.casefold())
        if sheet is None:
            return iter(())
        return template_rows(self.book, sheet, name, self.report)

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
        self.reports()

    # --- one method per sheet ---------------------------------------------------

    def plan_sheet(self):
        for index, row in enumerate(self.rows("Plan")):
            if index:
                row.warning("Slug", "Only the first row of the Plan sheet is used.")
                continue
            values = {}
            row.texts(values, "Organisation", "Title", "Summary")
            row.dates(values, "Inspection date", "Starts", "Ends")
            for header in ("Framework", "Status"):
                if row.has(header) and row.text(header):
                    values[row.field(header)] = row.choice(header)
            if row.has("Judgement"):
                values["judgement"] = row.choice("Judgement", default="")
            if row.has("Neighbour model") and row.text("Neighbour model"):
                values["neighbour_model"] = row.choice("Neighbour model")
            if row.has("Council code"):
                values["council"] = self._council(row)
            values = {k: v for k, v in values.items() if k not in ("organisation", "title") or v}
            if row.ok:
                self.loader.plan_fields(values, row.where(), row.places())

    @staticmethod
    def _council(row):
        """The council a "Council code" cell names (852, or "852 Southampton"), or None."""
        text = row.text("Council code")
        if not text:
            return None
        council = council_named(text)
        if council is None:
            row.error(
                "Council code",
                f'"{text}" is not a council\'s three-digit DfE code (e.g. 852 for Southampton).',
            )
        return council

    def _indicator(self, row, values, name):
        """Link the national indicator a "National indicator" cell names; fill in the
        measure's direction and unit where the row gives none, warn where they disagree."""
        code = row.text("National indicator")
        if not code:
            values["indicator"] = None
            return
        indicator = indicator_named(code)
        if indicator is None:
            row.error(
                "National indicator",
                f'"{code}" is not a national indicator\'s code in the catalogue (e.g. '
                "ReReferral); see the admin's list of national indicators.",
            )
            return
        values["indicator"] = indicator
        fills, warnings = link_indicator(
            indicator,
            direction=values.get("direction", "") if row.text("Direction") else "",
            unit=values.get("unit", "") if row.text("Unit") else "",
            name=name,
        )
        for field, value in fills.items():
            values[field] = value
        for warning in warnings:
            row.warning("National indicator", warning)

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
            row.dates(values, "Deadline")
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
            self.loader.period(month, row.where("Month"), values, row.places())

    def areas(self):
        for row in self.rows("Areas"):
            name = row.required_text("Area")
            values = {}
            row.texts(values, "Lead", "Responsible officers", "Linked plans")
            if row.has("Order"):
                values["order"] = row.integer("Order")
            if not row.ok:
                continue
            before = len(self.report.changes)
            area = self.loader.area(name, row.where("Area"), values, places=row.places())
            self.area_outcomes[area.pk] = next(
                (c.outcome for c in self.report.changes[before:] if c.kind == "area"), UNCHANGED
            )
            if row.has("Recommendations"):
                self.area_links.append(
                    (area, row.items("Recommendations"), row.where("Recommendations"))
                )
            if row.has("Managers"):
                self._managers(row, area)

    def _managers(self, row, area):
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
            self.area_outcomes[area.pk],
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
            row.texts(values, "Recommendation", "Report reference", "Timeframe")
            if not values.get("text"):
                row.error("Recommendation", '"Recommendation" is blank; it is needed.')
            if row.has("Order"):
                values["order"] = row.integer("Order")
            if row.ok:
                self.loader.recommendation(
                    reference, row.where("Reference"), values, source=source, places=row.places()
                )

    def link_areas(self):
        for area, refs, where in self.area_links:
            recs = self._recommendations(
                refs, where, lambda message, where=where: self.report.warning(message, where)
            )
            self.loader.set_links(
                area,
                "recommendations",
                recs,
                "area",
                f'Service area "{area.name}"',
                where,
                self.area_outcomes[area.pk],
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
                self.loader.outcome(area, title, row.where("Outcome"), values, row.places())

    def actions(self):
        for row in self.rows("Actions"):
            area = self._area(row)
            text = row.required_text("Action")
            values = {}
            row.texts(
                values,
                "Target date wording",
                "Lead",
                "Key partners",
                "Success measure",
                "Cost",
                "Still to do",
                "Manual RAG reason",
                "Notes",
                "Needs attention",
            )
            if row.has("Target date"):
                self._target_date(row, values)
            if row.has("Status"):
                values["status"] = row.choice("Status", "not_started")
            if row.has("Manual RAG"):
                rag = row.read("Manual RAG", RAG)
                values["manual_rag"] = rag.value or ""
                row.keep_in_notes(values, "Manual RAG", rag, RAG)
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
            action = self.loader.action(
                area,
                row.where("Action"),
                reference=row.text("Reference") if row.has("Reference") else "",
                text=text,
                values=values,
                recommendations=recs,
                places=row.places(),
            )
            row.add_kept_notes(self.loader, action)

    @staticmethod
    def _target_date(row, values):
        read = row.read("Target date", TARGET_DATE)
        values["target_date"] = read.value
        if read.text and not values.get("target_date_text"):
            values["target_date_text"] = read.text  # words are kept as the wording
        row.keep_in_notes(values, "Target date", read, TARGET_DATE)

    def updates(self):
        seen_ids: dict[int, int] = {}  # Update ID: the row that named it
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
            row.texts(values, "Progress", "Impact", "Evidence", "Evidence link")
            if row.has("Status"):
                values["status"] = row.choice("Status", action.status if action else "")
            if row.has("Period"):
                month = row.month("Period")
                values["period"] = self.loader.period(month, row.where("Period")) if month else None
            if row.has("Author"):
                values["author"] = self._user(row, "Author")
            by_id = row.has("Update ID") and bool(row.text("Update ID"))
            existing = self._update_named(row, action, seen_ids) if by_id else None
            if row.ok and action is not None:
                self.loader.action_update(
                    action,
                    row.where("Date"),
                    created_at=created_at,
                    values=values,
                    places=row.places(),
                    by_id=by_id and created_at is not None,
                    existing=existing,
                )

    def _update_named(self, row, action, seen_ids: dict):
        """The progress update the row's Update ID names (None for a new one): one of this
        plan's, on the row's action, named by no other row. A plan this import creates has
        none, so there the IDs (another plan's) are not used."""
        pk = row.integer("Update ID", None)
        if pk is None or self.report.count(CREATED, "plan"):
            return None
        fix = "Correct the Update ID, or leave it blank to add the update as a new one."
        if pk in seen_ids:
            row.error("Update ID", f"Update ID {pk} is on row {seen_ids[pk]} too. {fix}")
            return None
        seen_ids[pk] = row.row.number
        update = self.loader.progress_update(pk)
        if update is None:
            row.error(
                "Update ID", f"Update ID {pk} is not one of this plan's progress updates. {fix}"
            )
        elif action is not None and update.action_id != action.pk:
            row.error(
                "Update ID",
                f"Update ID {pk} is a progress update on another action "
                f'("{short(update.action.text, 60)}"), not on this row\'s. {fix}',
            )
        return update if row.ok else None

    def measures(self):
        for row in self.rows("Measures"):
            area = self._area(row)
            name = row.required_text("Measure")
            values = {}
            row.texts(values, "Unit label", "Baseline wording", "Data source", "Outcome", "Notes")
            for header, default in (
                ("Unit", "percent"),
                ("Direction", "higher"),
                ("Frequency", "monthly"),
            ):
                if row.has(header):
                    values[row.field(header)] = row.choice(header, default)
            if row.has("Decimal places"):
                values["decimal_places"] = row.integer("Decimal places", 1)
            if row.has("Order"):
                values["order"] = row.integer("Order")
            if row.has("Baseline"):
                self._baseline(row, values, name)
            row.dates(values, "Baseline date")
            if row.has("Amber tolerance %"):
                tolerance = row.number("Amber tolerance %")
                if tolerance is not None:
                    values["tolerance_pct"] = tolerance
            if row.has("Local indicator"):
                values["local_indicator"] = row.boolean("Local indicator")
            if row.has("National indicator"):
                self._indicator(row, values, name)
            if row.ok and area is not None:
                self.loader.measure(
                    area,
                    row.where("Measure"),
                    reference=row.text("Reference") if row.has("Reference") else "",
                    name=name,
                    values=values,
                    places=row.places(),
                )

    @staticmethod
    def _baseline(row, values, name):
        read = row.read("Baseline", FIGURE, wording=name, role=BASELINE)
        values["baseline"] = read.value
        if read.text and not values.get("baseline_text"):
            values["baseline_text"] = read.text

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
            target = row.read(
                "Target", FIGURE, wording=measure.name if measure else "", role=TARGET
            )
            if target.value is None and not target.text and row.ok:
                row.error("Target", '"Target" is blank; it is needed.')
            values = {"value": target.value}
            if row.has("Upper"):
                values["upper"] = row.number("Upper")
            for column, field in (("Strict", "strict"), ("Trajectory", "trajectory")):
                if row.has(column):
                    values[field] = row.boolean(column)
            row.texts(values, "Note")
            if target.text and not values.get("note"):
                values["note"] = target.text  # the words typed beside the figure
            if target.unread:  # no target without a figure: its text goes to the notes
                if row.ok and measure is not None:
                    self.loader.append_note(measure, f"Target: {target.text}", row.where("Target"))
                continue
            if row.ok and measure is not None and effective_from is not None:
                self.loader.target(
                    measure, effective_from, values, row.where("Target"), row.places()
                )

    def actuals(self):
        for row in self.rows("Actuals"):
            measure = self._measure(row)
            month = row.month("Month")
            read = row.read(
                "Value",
                FIGURE,
                wording=measure.name if measure is not None else "",
                role=ACTUAL,
                month=month,
                unit=measure.unit if measure is not None else "",
            )
            values, warning = figure_values(
                read,
                commentary=row.text("Commentary") if row.has("Commentary") else None,
                missing_reason=row.text("Missing reason") if row.has("Missing reason") else None,
            )
            if values is None:
                row.error("Value", "There is no figure and no missing reason.")
                values = {}
            elif warning:
                row.warning("Value", warning)
            if row.has("Illustrative"):
                values["illustrative"] = row.boolean("Illustrative")
            if row.has("Entered by"):
                user = self._user(row, "Entered by")
                if user is not None:
                    values["entered_by"] = user
            if row.ok and measure is not None and month is not None:
                self.loader.actual(measure, month, values, row.where("Value"), row.places())

    def benchmarks(self):
        for row in self.rows("Benchmarks"):
            measure = self._measure(row)
            kind = row.choice("Kind")
            year = row.integer("Year", default=None)
            value = row.number("Value")
            if value is None and row.ok:
                row.error("Value", '"Value" is blank; it is needed.')
            values = {"value": value}
            row.texts(values, "Source")
            if row.ok and measure is not None and kind:
                self.loader.benchmark(measure, kind, year, values, row.where("Value"), row.places())

    def reports(self):
        writer = None
        for row in self.rows("Exception reports"):
            writer = writer or ReportWriter(self.loader)
            area = self._area(row)
            month = row.month("Period")
            values, typed = {}, []
            row.texts(
                values, "Reason", "Key developments", "Key risks", "Progress", "Risks", "Evidence"
            )
            for header in ("Previous RAG", "Suggested RAG", "Current RAG"):
                if row.has(header):
                    self._rag(row, header, values, typed)
            if row.has("Status"):
                values["status"] = row.choice("Status", "draft")
            if not row.ok or area is None or month is None:
                continue
            period = self.loader.period(month, row.where("Period"))
            if typed:
                existing = writer.find(area, period)
                base = values.get("reason", existing.reason if existing else "")
                values["reason"] = keep_lines(base, typed)
            writer.save(area, period, values, row.where("Area"), row.places())

    @staticmethod
    def _rag(row, header, values, typed):
        """A RAG cell: its rating, or (when it cannot be read) its text kept in the reason."""
        read = read_report_rag(row.raw(header), header)
        if read.warning:
            row.warning(header, read.warning)
        if read.value is None:
            typed.append(read.note)
            return
        values[row.field(header)] = read.value
