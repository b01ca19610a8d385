"""Fixtures for the monthly returns tests: an area with measures and actions, a second manager."""

import datetime

import pytest

from tests import factories


@pytest.fixture
def period(periods):
    """March 2020, open, deadline 10 April 2020."""
    return periods[2]


@pytest.fixture
def percent_measure(area):
    """Higher is better, target 80%, 5% tolerance: 76 and up is Amber, below 76 Red."""
    return factories.make_measure(
        area, "Assessments completed in 45 days", unit="percent", target=80, order=1
    )


@pytest.fixture
def count_measure(area):
    return factories.make_measure(
        area,
        "Children on a child protection plan",
        unit="count",
        direction="monitor",
        unit_label="children",
        order=2,
    )


@pytest.fixture
def measures(percent_measure, count_measure):
    return [percent_measure, count_measure]


@pytest.fixture
def action(area):
    return factories.make_action(
        area,
        "Audit supervision quality every quarter",
        reference="1.1",
        status="in_progress",
        target_date=datetime.date(2020, 12, 31),
    )


@pytest.fixture
def other_manager(other_area):
    """A service manager of Fostering only."""
    return factories.make_manager("manager2", areas=[other_area])


@pytest.fixture
def other_manager_client(client, other_manager):
    client.force_login(other_manager)
    return client


def figures_post(forms, prefix="figures"):
    """POST data for the monthly figures formset: forms is a list of dicts, one per measure."""
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(forms)),
        f"{prefix}-INITIAL_FORMS": str(len(forms)),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    for i, form in enumerate(forms):
        defaults = {"version": 0, "value": "", "missing_reason": "", "commentary": ""}
        for key, value in (defaults | form).items():
            data[f"{prefix}-{i}-{key}"] = "" if value is None else str(value)
    return data
