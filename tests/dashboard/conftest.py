"""A small plan as a board member would meet it, December 2020 being the latest month.

Early Help (Red this month, Amber last):
- "Visits on time" (%, higher is better): target 80, then 90 from July 2020; 90 in
  November (Green), 84 in December (Red, 6 percentage points below target); baseline 60;
  comparators SN 75, regional 72, England 78.
- "Children in need" (count of children, lower is better): target 500; 520 in November
  (Amber), 538 in December (Red, 38 children above target).
- "Re-referrals" (%, lower is better): target 20; 18 in November, none in December.
- Actions 1.1 (overdue since 30 Nov 2020), 1.2 (complete), 1.3 (due in 200 days).
Fostering (Green both months): "Foster carers approved" 12 against 10; actions 2.1 (not
started, due in 10 days: Amber today) and 2.2 (due June 2021, overdue today) whose text
and lead look like spreadsheet formulas.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.utils import timezone

from measures.models import Target
from tests import factories

VISITS = [70, 72, 74, 76, 78, 81, 84, 85, 86, 88, 90, 84]
CHILDREN = [480, 490, 495, 500, 505, 498, 502, 510, 515, 512, 520, 538]
REREFERRALS = [22, 21, 21, 20, 19, 19, 18, 18, 18, 19, 18, None]


@dataclass
class Board:
    plan: object
    periods: list
    area: object
    other_area: object
    visits: object
    children: object
    rereferrals: object
    foster: object
    actions: dict
    recommendations: dict

    @property
    def december(self):
        return self.periods[11]

    @property
    def november(self):
        return self.periods[10]


@pytest.fixture
def board(plan, periods, area, other_area):
    today = timezone.localdate()
    visits = factories.make_measure(
        area,
        "Visits on time",
        target=80,
        baseline=Decimal("60"),
        baseline_date=datetime.date(2019, 3, 1),
        data_source="Liquid Logic",
        order=1,
    )
    Target.objects.create(
        measure=visits, effective_from=datetime.date(2020, 7, 1), value=Decimal("90")
    )
    factories.make_benchmark(visits, "sn", 75)
    factories.make_benchmark(visits, "regional", 72)
    factories.make_benchmark(visits, "national", 78)
    children = factories.make_measure(
        area,
        "Children in need",
        unit="count",
        unit_label="children",
        direction="lower",
        decimal_places=0,
        target=500,
        order=2,
    )
    rereferrals = factories.make_measure(
        area, "Re-referrals", direction="lower", target=20, local_indicator=True, order=3
    )
    for i, period in enumerate(periods):
        factories.make_actual(
            visits, period, VISITS[i], commentary=f"Commentary for {period.label}"
        )
        factories.make_actual(children, period, CHILDREN[i])
        if REREFERRALS[i] is None:
            factories.make_actual(rereferrals, period, None, missing_reason="Data system outage")
        else:
            factories.make_actual(rereferrals, period, REREFERRALS[i])
    foster = factories.make_measure(
        other_area, "Foster carers approved", unit="count", decimal_places=0, target=10
    )
    for period in periods:
        factories.make_actual(foster, period, 12)

    rec1 = factories.make_recommendation(
        plan, "1", text="Improve the quality of assessments.", order=1
    )
    rec2 = factories.make_recommendation(
        plan, "2", text="Ensure enough foster carers are recruited.", order=2
    )
    rec3 = factories.make_recommendation(
        plan,
        "SPR 1",
        source="safeguarding_review",
        text="Share information across agencies.",
        order=3,
    )
    actions = {
        "1.1": factories.make_action(
            area,
            "Audit case files",
            reference="1.1",
            target_date=datetime.date(2020, 11, 30),
            lead="Head of Early Help",
            order=1,
        ),
        "1.2": factories.make_action(
            area,
            "Train family workers",
            reference="1.2",
            status="complete",
            target_date=datetime.date(2020, 10, 1),
            lead="Principal Social Worker",
            order=2,
        ),
        "1.3": factories.make_action(
            area,
            "Launch family hubs",
            reference="1.3",
            target_date=today + datetime.timedelta(days=200),
            lead="Jo Bloggs",
            order=3,
        ),
        "2.1": factories.make_action(
            other_area,
            "Recruit foster carers",
            reference="2.1",
            status="not_started",
            target_date=today + datetime.timedelta(days=10),
            lead="Fostering Manager",
            order=1,
        ),
        "2.2": factories.make_action(
            other_area,
            '=HYPERLINK("http://example.com","Click")',
            reference="2.2",
            target_date=datetime.date(2021, 6, 30),
            lead="@risk team",
            order=2,
        ),
    }
    actions["1.1"].recommendations.add(rec1)
    actions["1.2"].recommendations.add(rec1)
    actions["2.1"].recommendations.add(rec2)
    actions["2.2"].recommendations.add(rec2)

    factories.make_report(area, periods[10], current_rag="amber", suggested_rag="amber")
    factories.make_report(
        area,
        periods[11],
        previous_rag="amber",
        suggested_rag="red",
        current_rag="red",
        key_developments="Family hubs opened in three localities.",
        key_risks="Caseloads rising in the east locality.",
        progress="Visits recovered to 90% in November before falling back.",
        risks="Agency staff turnover.",
        evidence="Monthly audit of 40 case files.",
        status="submitted",
    )
    factories.make_report(other_area, periods[10], current_rag="green", suggested_rag="green")
    factories.make_report(
        other_area,
        periods[11],
        previous_rag="green",
        suggested_rag="green",
        current_rag="green",
        key_developments="Fostering panel running well.",
    )
    return Board(
        plan=plan,
        periods=periods,
        area=area,
        other_area=other_area,
        visits=visits,
        children=children,
        rereferrals=rereferrals,
        foster=foster,
        actions=actions,
        recommendations={"1": rec1, "2": rec2, "SPR 1": rec3},
    )
