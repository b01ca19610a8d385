"""A council's sheet of measures: one row per measure, with its baseline, latest figure and
target (comparators typed beside them), unit, direction and frequency."""

from __future__ import annotations

import datetime
import re

from comparators.names import indicator_named
from measures.national import link_indicator
from measures.rules import (
    decimal_places_of,
    strict_from_words,
    usual_decimal_places,
)

from ..cells import figure_values, read_field
from ..cells.fields import (
    ACTUAL,
    BASELINE,
    DIRECTION,
    FIGURE,
    FREQUENCY,
    TARGET,
    UNIT,
    checked,
)
from .base import Sheet
from .mapping import MEASURES
from .wording import COMPARISON_RE, header_month


class MeasureSheet(Sheet):
    kind = MEASURES
    places_of = {
        "measure": ("name",),
        "baseline": ("baseline", "baseline_text", "baseline_date"),
        "outcome": ("outcome_text",),
        "national_indicator": ("indicator",),
    }

    def section(self, text, row):
        self.grouping["area"] = (text, self.where(row, row.filled()[0]))

    def number(self, key, cell, name, notes, month):
        """Read a figure cell by the measure's wording and its column's heading ("Target:
        95%" in a Target column), through the one entry point; its warning is reported.
        Text with no record to keep it (a target with no figure, a latest figure whose
        heading names no month) is kept in the measure's notes."""
        role = {"baseline": BASELINE, "target": TARGET}.get(key, ACTUAL if month else "")
        read = read_field(
            FIGURE,
            cell.value,
            number_format=cell.format,
            wording=f"{name}\n{self.header(key)}",
            role=role,
            month=month,
        )
        if read.warning:
            self.report.warning(read.warning, cell.where)
        if read.unread and role == TARGET:
            notes.append(f"{self.mapping.headers[cell.column]}: {cell.text}")
        return read

    def record(self, row, name):
        area = self.area(row)
        values: dict = {}
        create: dict = {}
        notes: list[str] = []
        cells = {key: self.cell(row, key) for key in ("baseline", "target", "actual")}
        months = {key: header_month(self.header(key)) for key in ("actual", "baseline")}
        parsed = {
            key: self.number(key, cell, name, notes, months.get(key))
            for key, cell in cells.items()
            if cell is not None
        }
        figures = [read.cell for read in parsed.values()]
        if "baseline" in parsed:
            self.baseline(parsed["baseline"], months["baseline"], values)
        if (cell := self.cell(row, "data_source")) is not None:
            values["data_source"] = cell.text[:200]
        if (cell := self.cell(row, "outcome")) is not None:
            values["outcome_text"] = cell.text
        target_text = cells["target"].text if cells["target"] is not None else ""
        self.kind_of_figure(row, name, figures, target_text, values, create, notes)
        self.national_indicator(row, name, values, create)
        # as many places as its figures have, and at least the unit's usual ones: a rate whose
        # first figures were whole still takes next month's 29.6
        seen = [decimal_places_of(f.value) for f in figures if f.value is not None]
        unit = values.get("unit") or create.get("unit") or "percent"  # the model's default
        create["decimal_places"] = min(4, max([usual_decimal_places(unit), *seen]))
        if "actual" in parsed or "baseline" in parsed:
            values["local_indicator"] = any(f.local_indicator for f in figures)
        if values.get("indicator"):
            values["local_indicator"] = False  # a national indicator is not a local one
        if (cell := self.cell(row, "notes")) is not None and cell.text:
            notes.insert(0, cell.text)
        notes.extend(self.extra_notes(row))
        actual_note = ""
        if "actual" in parsed and months["actual"] is None and cells["actual"].text:
            actual_note = f"{self.header('actual')}: {cells['actual'].text}"
            if actual_note not in notes:
                notes.append(actual_note)
        values["notes"] = "\n".join(notes)
        cell = self.cell(row, "reference")
        measure = self.loader.measure(
            area,
            self.where(row, self.by_field["measure"][0]),
            reference=cell.text[:30] if cell is not None else "",
            name=name,
            values=values,
            create_values=create,
            places=self.places(row),
        )
        self.previous = measure
        self.figures(measure, parsed, cells, months, actual_note)

    @staticmethod
    def baseline(baseline, month, values):
        values["baseline"] = baseline.value
        values["baseline_text"] = baseline.text[:300]
        if month:
            values["baseline_date"] = month

    def kind_of_figure(self, row, name, figures, target_text, values, create, notes):
        """Unit, direction and frequency as the sheet words them; a measure created with
        no (readable) unit or direction has them guessed from its figures and wording."""
        _cell, unit = self.read(
            row, "unit", UNIT, notes, instead="guessed from the figures instead"
        )
        unit = unit.value
        if unit:
            values["unit"] = unit
        else:
            create["unit"] = unit = self.guess_unit(name, figures)
            if unit == "rate" and ("10,000" in name or "10000" in name):
                create["unit_label"] = "per 10,000 children aged 0-17"
        _cell, direction = self.read(
            row, "direction", DIRECTION, notes, instead="guessed from the measure's wording instead"
        )
        direction = direction.value
        if direction:
            values["direction"] = direction
        else:
            create["direction"] = self.guess_direction(name, target_text)
        _cell, frequency = self.read(row, "frequency", FREQUENCY, notes)
        frequency = frequency.value
        if frequency:
            values["frequency"] = frequency

    def national_indicator(self, row, name, values, create):
        """Link the national indicator the row names by its code: its direction and unit
        replace those guessed (not those the sheet gives, which are warned if they differ)."""
        cell = self.cell(row, "national_indicator")
        if cell is None or not cell.text:
            return
        indicator = indicator_named(cell.text)
        if indicator is None:
            self.report.error(
                f'"{cell.text}" is not a national indicator\'s code in the catalogue (e.g. '
                "ReReferral); see the admin's list of national indicators.",
                cell.where,
            )
            return
        values["indicator"] = indicator
        fills, warnings = link_indicator(
            indicator, direction=values.get("direction", ""), unit=values.get("unit", ""), name=name
        )
        for field, value in fills.items():
            create.pop(field, None)
            values[field] = value
        for warning in warnings:
            self.report.warning(warning, cell.where)

    def figures(self, measure, parsed, cells, months, actual_note):
        """The row's target, latest figure and the comparators typed beside them."""
        if "target" in parsed:
            self.target(measure, parsed["target"], cells["target"], months)
        if "actual" in parsed:
            if actual_note:
                self.report.warning(
                    f'The heading "{self.header("actual")}" names no month, so the figure was '
                    "kept in the notes, not as a monthly figure. Name the month in the "
                    'heading, e.g. "Actual (July 2020)", or import it as a monthly figure.',
                    cells["actual"].where,
                )
            else:
                self.actual(measure, parsed["actual"], cells["actual"], months["actual"])
        done = set()
        for key in ("actual", "baseline", "target"):
            if key not in parsed:
                continue
            for kind in ("sn", "regional", "national"):
                value = getattr(parsed[key].cell, kind)
                if value is None or kind in done:
                    continue
                done.add(kind)
                source = self.header(key) or self.mapping.sheet
                values = {"value": value, "source": source[:200]}
                # A scorecard types comparators beside a figure without their year: the
                # year is left unstated, not taken from the figure's month.
                self.loader.benchmark(measure, kind, None, values, cells[key].where)

    def target(self, measure, target, cell, months):
        """A target from the plan's start (else the month of the figures beside it)."""
        if target.value is None:
            return  # its text is in the measure's notes, and warned (number)
        plan = self.loader.plan
        effective = (
            plan.starts.replace(day=1)
            if plan.starts
            else months["actual"] or months["baseline"] or datetime.date.today().replace(day=1)
        )
        note = target.text[:300]
        values = {"value": target.value, "note": note}
        # "above 95%" against "95% or more": the target cell's words, else the measure's own.
        strict = strict_from_words(target.cell.text)
        if strict is None:
            strict = strict_from_words(measure.name)
        if strict is not None:
            values["strict"] = strict
        self.loader.target(measure, effective, values, cell.where)

    def actual(self, measure, parsed, cell, month):
        """The latest figure, as a monthly figure of the month its heading names."""
        read = checked(parsed, measure.unit, role=ACTUAL, month=month)
        if read is not parsed:
            self.report.warning(read.warning, cell.where)
        values, warning = figure_values(read)
        if values is None:
            return
        if warning:
            self.report.warning(warning, cell.where)
        self.loader.actual(measure, month, values, cell.where)

    @staticmethod
    def guess_unit(name: str, figures) -> str:
        units = {f.unit for f in figures if f.value is not None}
        wording = name.lower()
        if "percent" in units:
            return "percent"
        if "days" in units:
            return "days"
        if not units - {""} and re.search(r"%|\bpercent(?:age)?\b", wording):
            # No figure says its unit (none was read, or none typed one): a measure
            # worded as a percentage ("Ensure 75% or more of ...") is one.
            return "percent"
        if "rate" in units or re.search(r"\brate\b|per 10,?000", wording):
            return "rate"
        values = [f.value for f in figures if f.value is not None]
        if values and any(v != v.to_integral_value() for v in values):
            return "rate"
        return "count"

    @staticmethod
    def guess_direction(name: str, target_text: str) -> str:
        """Monitor, then a "<"/">" target, then the measure's verb, then "or less"."""
        wording = name.lower()
        if re.match(r"^\s*monitor\b", wording):
            return "monitor"
        match = COMPARISON_RE.match(target_text or "")
        if match:
            return "lower" if match.group(1) in {"<", "<=", "=<", "≤"} else "higher"
        if re.match(r"^\s*(?:safely\s+)?(?:reduce|decrease|lower|minimise|minimize)\b", wording):
            return "lower"
        if re.match(r"^\s*(?:increase|ensure|maintain|improve|raise)\b", wording):
            return "higher"
        if re.search(r"\bor (?:less|fewer|lower|below)\b", wording):
            return "lower"
        return "higher"
