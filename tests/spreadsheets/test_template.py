"""Our own format: the blank template, plan exports, and the round trip back in."""

import datetime
import io
import zipfile
from decimal import Decimal

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from improvement.models import (
    Action,
    ActionUpdate,
    Outcome,
    Plan,
    Recommendation,
    ReportingPeriod,
    ServiceArea,
)
from measures.models import Actual, Benchmark, Measure, Target
from spreadsheets.export import export_plan
from spreadsheets.template import SHEETS, blank_template
from tests import factories

from .conftest import run_template, workbook

pytestmark = pytest.mark.django_db

ALL_SHEETS = [
    "Plan",
    "Periods",
    "Areas",
    "Outcomes",
    "Recommendations",
    "Actions",
    "Progress updates",
    "Measures",
    "Targets",
    "Actuals",
    "Benchmarks",
    "Exception reports",
    "Notes",
]


def at(*args):
    return timezone.make_aware(datetime.datetime(*args))


@pytest.fixture
def full_plan(admin_user, manager_user):
    """A plan with every field of every record filled in."""
    plan = factories.make_plan(
        slug="full",
        organisation="Fullshire County Council",
        title="Improvement Plan 2020-21",
        framework=Plan.Framework.SIF,
        inspection_date=datetime.date(2019, 11, 4),
        judgement=Plan.Judgement.INADEQUATE,
        starts=datetime.date(2020, 4, 1),
        ends=datetime.date(2021, 3, 1),
        status=Plan.Status.DRAFT,
        summary="Our plan.\nSecond line.",
    )
    april, may, june = factories.make_periods(plan, first=datetime.date(2020, 4, 1), count=3)
    april.status = ReportingPeriod.Status.LOCKED
    april.locked_by = admin_user
    april.locked_at = at(2020, 5, 20, 14, 30, 5)
    april.save()
    rec1 = factories.make_recommendation(
        plan,
        "1",
        text="=Improve assessments",
        report_reference="Pg 3 Para 2",
        timeframe="Within three months",
        order=1,
    )
    rec1_peer = factories.make_recommendation(
        plan, "1", source="peer_review", text="Peer review finding", order=2
    )
    rec2 = factories.make_recommendation(
        plan,
        "REC 2",
        source="safeguarding_review",
        text="Learn lessons",
        timeframe="Immediately",
        order=3,
    )
    help_area = factories.make_area(
        plan,
        "Early Help",
        order=1,
        lead="Head of Early Help",
        responsible_officers="Ann One\nBob Two",
        linked_plans="Early Help strategy",
    )
    help_area.recommendations.add(rec1, rec2)
    help_area.managers.add(manager_user)
    fostering = factories.make_area(plan, "Fostering", order=2)
    fostering.recommendations.add(rec1_peer)
    outcome = Outcome.objects.create(area=help_area, title="Families get help early", order=1)
    Outcome.objects.create(area=fostering, title="More carers", order=1)
    action = factories.make_action(
        help_area,
        "=SUM(A1:A9) audits a month",
        reference="1.1",
        status="at_risk",
        target_date=datetime.date(2020, 10, 31),
        outcome=outcome,
        target_date_text="Oct-20",
        lead="Ann One, Bob Two",
        key_partners="Police\nHealth",
        success_measure="+10% more audits",
        cost="-£5,000",
        still_to_do="@Recruit auditors",
        manual_rag="amber",
        manual_rag_reason="Recruitment is slow",
        notes="Target: - see notes",
        order=1,
    )
    action.recommendations.add(rec1, rec2)
    second = factories.make_action(
        fostering, "Recruit carers", reference="", status="complete", order=1
    )
    second.recommendations.add(rec1_peer)
    ActionUpdate.objects.create(
        action=action,
        period=may,
        status="in_progress",
        progress="Two audits done",
        impact="Better plans",
        evidence="Audit reports",
        evidence_url="https://example.org/a",
        author=manager_user,
        created_at=at(2020, 5, 3, 9, 15, 0),
    )
    measure = factories.make_measure(
        help_area,
        "Rate of early help assessments per 10,000",
        unit="rate",
        direction="lower",
        reference="EH1",
        unit_label="per 10,000 children aged 0-17",
        decimal_places=2,
        baseline=Decimal("81.12"),
        baseline_date=datetime.date(2020, 3, 1),
        baseline_text="81.1 (March)",
        tolerance_pct=Decimal("7.50"),
        frequency="quarterly",
        data_source="Mosaic",
        local_indicator=True,
        outcome_text="Needs met early",
        notes="Baseline: 81.1 (March)",
        order=1,
    )
    Target.objects.create(
        measure=measure,
        effective_from=datetime.date(2020, 4, 1),
        value=Decimal("120"),
        upper=Decimal("130"),
        note="Interim",
    )
    Target.objects.create(
        measure=measure,
        effective_from=datetime.date(2020, 10, 1),
        value=Decimal("125.5"),
        strict=True,  # "above 125.5": the round trip keeps it
    )
    percent = factories.make_measure(fostering, "Placements in house", order=1)
    factories.make_actual(
        measure, april, "101.4", commentary="=Up again", illustrative=True, entered_by=manager_user
    )
    factories.make_actual(measure, may, None, missing_reason="System down")
    factories.make_actual(percent, june, "47.5")
    for kind, value in (("sn", "86"), ("regional", "53.25"), ("national", "65")):
        Benchmark.objects.create(
            measure=measure, kind=kind, year=2019, value=Decimal(value), source="DfE CLA 2019"
        )
    factories.make_benchmark(percent, "national", "50", year=2020)
    factories.make_benchmark(percent, "sn", "48", year=None)  # the source gives no year
    return plan


# --- comparing every field --------------------------------------------------------------

SKIP = {"id", "plan", "version", "updated_at"}


def natural_key(obj):
    if obj is None:
        return None
    match obj:
        case ReportingPeriod():
            return obj.month
        case ServiceArea():
            return obj.name
        case Outcome():
            return (obj.area.name, obj.title)
        case Recommendation():
            return (obj.source, obj.reference)
        case Action():
            return (obj.area.name, obj.reference, obj.text)
        case Measure():
            return (obj.area.name, obj.reference, obj.name)
        case _ if hasattr(obj, "get_username"):
            return obj.get_username()
    raise AssertionError(f"no natural key for {obj!r}")


def fields(obj):
    values = {}
    for field in obj._meta.concrete_fields:
        if field.name in SKIP:
            continue
        value = getattr(obj, field.name)
        values[field.name] = natural_key(value) if field.is_relation else value
    for field in obj._meta.many_to_many:
        values[field.name] = sorted(natural_key(o) for o in getattr(obj, field.name).all())
    return values


def snapshot(plan):
    records = {"plan": fields(plan)}
    records["plan"].pop("slug")
    groups = {
        "periods": (plan.periods.all(), natural_key),
        "areas": (plan.areas.all(), natural_key),
        "recommendations": (plan.recommendations.all(), natural_key),
        "outcomes": (Outcome.objects.filter(area__plan=plan), natural_key),
        "actions": (Action.objects.filter(area__plan=plan), natural_key),
        "updates": (
            ActionUpdate.objects.filter(action__area__plan=plan),
            lambda u: (natural_key(u.action), u.created_at),
        ),
        "measures": (Measure.objects.filter(area__plan=plan), natural_key),
        "targets": (
            Target.objects.filter(measure__area__plan=plan),
            lambda t: (natural_key(t.measure), t.effective_from),
        ),
        "actuals": (
            Actual.objects.filter(measure__area__plan=plan),
            lambda a: (natural_key(a.measure), a.period.month),
        ),
        "benchmarks": (
            Benchmark.objects.filter(measure__area__plan=plan),
            lambda b: (natural_key(b.measure), b.kind, b.year),
        ),
    }
    for name, (queryset, key) in groups.items():
        records[name] = {key(obj): fields(obj) for obj in queryset}
    return records


def test_export_imported_as_a_new_plan_reproduces_every_field(full_plan):
    original = snapshot(full_plan)
    data = export_plan(full_plan)

    report = run_template(data, plan_slug="full-copy")

    assert not report.has_errors, [str(e) for e in report.errors]
    copy = Plan.objects.get(slug="full-copy")
    assert snapshot(copy) == original
    assert report.count("created", "actual") == 3
    assert report.count("created", "benchmark") == 5
    # Every kind of record is there, so the comparison above is not of empty lists.
    assert all(original[name] for name in original if name != "plan")


def test_importing_an_export_into_its_own_plan_changes_nothing(full_plan):
    report = run_template(export_plan(full_plan), plan=full_plan)

    assert not report.has_errors, [str(e) for e in report.errors]
    assert (report.count("created"), report.count("updated")) == (0, 0)
    assert report.count("unchanged", "action") == 2


def test_export_writes_text_that_looks_like_a_formula_as_text(full_plan):
    data = export_plan(full_plan)

    book = load_workbook(io.BytesIO(data))
    actions = book["Actions"]
    headers = [c.value for c in actions[1]]
    row = {h: c for h, c in zip(headers, actions[2], strict=False)}
    for header, text in (
        ("Action", "=SUM(A1:A9) audits a month"),
        ("Success measure", "+10% more audits"),
        ("Cost", "-£5,000"),
        ("Still to do", "@Recruit auditors"),
    ):
        assert row[header].value == text
        assert row[header].data_type == "s"
        assert row[header].quotePrefix is True
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/"):
                assert b"<f>" not in archive.read(name), name


def test_blank_template_has_a_sheet_per_record_kind_and_notes(admin_user):
    book = load_workbook(io.BytesIO(blank_template()))

    assert book.sheetnames == ALL_SHEETS
    assert [c.value for c in book["Actions"][1]][:6] == [
        "Area",
        "Reference",
        "Action",
        "Outcome",
        "Target date",
        "Target date wording",
    ]
    assert book["Actuals"].max_row == 1
    notes = {
        (row[0], row[1]): row[2] for row in book["Notes"].iter_rows(min_row=5, values_only=True)
    }
    assert notes[("Actions", "Target date wording")].startswith(
        'When there is no exact date: "Ongoing", "TBC", "Oct-20".'
    )
    assert "One of: Percentage (%), Count" in notes[("Measures", "Unit")]
    for name, (_description, columns) in SHEETS.items():
        for column in columns:
            assert notes[(name, column.header)], (name, column.header)


def test_filled_in_template_reads_cells_as_people_type_them(plan):
    data = workbook(
        {
            "Areas": [["Area", "Lead"], ["Early Help", "Head of Early Help"]],
            "Actions": [
                ["Area", "Reference", "Action", "Target date", "Status"],
                ["Early Help", "1.1", "Audit plans", "Oct-20", "In progress"],
                ["Early Help", "1.2", "Train staff", "TBC", "complete"],
            ],
            "Measures": [
                ["Area", "Measure", "Unit", "Direction", "Baseline"],
                ["Early Help", "Plans on time", "Percentage (%)", "Higher is better", 0.75],
            ],
            "Actuals": [
                ["Area", "Measure", "Month", "Value"],
                ["Early Help", "Plans on time", "Jul-20", 0.93],
            ],
            "Notes": [["Sheet"]],
        },
        formats={("Measures", "E2"): "0%", ("Actuals", "D2"): "0%"},
    )

    report = run_template(data, plan=plan)

    assert not report.has_errors, [str(e) for e in report.errors]
    audit = Action.objects.get(reference="1.1")
    assert (audit.target_date, audit.target_date_text, audit.status) == (
        datetime.date(2020, 10, 31),
        "Oct-20",
        "in_progress",
    )
    train = Action.objects.get(reference="1.2")
    assert (train.target_date, train.target_date_text, train.status) == (None, "TBC", "complete")
    measure = Measure.objects.get(name="Plans on time")
    assert measure.baseline == 75
    assert measure.actuals.get().value == 93
    assert measure.actuals.get().period.month == datetime.date(2020, 7, 1)


def test_template_errors_name_sheet_row_and_column_and_write_nothing(plan):
    data = workbook(
        {
            "Measures": [
                ["Area", "Measure", "Unit"],
                ["Early Help", "Plans on time", "Kilograms"],
            ],
            "Actuals": [
                ["Area", "Measure", "Month", "Value"],
                ["Early Help", "No such measure", "Jul-20", 5],
            ],
            "Notes": [["Sheet"]],
        }
    )

    report = run_template(data, plan=plan)

    errors = [(e.sheet, e.row, e.column, e.message) for e in report.errors]
    assert errors[0][:3] == ("Measures", 2, 'C ("Unit")')
    assert errors[0][3].startswith('"Kilograms" is not one of: Percentage (%), Count')
    assert errors[1] == (
        "Actuals",
        2,
        'B ("Measure")',
        'No measure in this plan is called "No such measure".',
    )
    assert not ServiceArea.objects.filter(plan=plan).exists()
    assert not Measure.objects.exists()


def test_text_too_long_for_its_field_is_an_error_naming_the_cell(plan):
    data = workbook(
        {
            "Areas": [["Area"], ["Early Help"]],
            "Actions": [["Area", "Action", "Cost"], ["Early Help", "Audit", "£" + "9" * 250]],
            "Notes": [["Sheet"]],
        }
    )

    report = run_template(data, plan=plan)

    assert [(e.sheet, e.row, e.message[:40]) for e in report.errors] == [
        ("Actions", 2, 'The cost "£99999999999999999999999999999')
    ]
    assert "is 251 characters long; at most 200 fit. Shorten it." in report.errors[0].message
    assert not Action.objects.exists()
