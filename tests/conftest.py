"""Fixtures every test module can use: a small plan and the three roles, members of it."""

import datetime

import pytest

from . import factories


@pytest.fixture
def catalogue(db):
    """The national indicator catalogue, councils, regions and neighbours, as the migration
    loads them (a transactional test elsewhere, such as a browser test, may have flushed
    them)."""
    from comparators.catalogue.sync import sync_catalogue
    from comparators.models import Indicator

    if not Indicator.objects.exists():
        sync_catalogue()


@pytest.fixture
def plan(db):
    return factories.make_plan(slug="test-plan", organisation="Testshire", title="Test Plan")


@pytest.fixture
def periods(plan):
    """Twelve monthly periods, January to December 2020."""
    return factories.make_periods(plan, first=datetime.date(2020, 1, 1), count=12)


@pytest.fixture
def area(plan):
    return factories.make_area(plan, name="Early Help", order=1)


@pytest.fixture
def other_area(plan):
    return factories.make_area(plan, name="Fostering", order=2)


@pytest.fixture
def admin_user(plan):
    """An admin of the test plan."""
    return factories.make_admin(plans=[plan])


@pytest.fixture
def board_user(plan):
    """A board member of the test plan."""
    return factories.make_board_member(plans=[plan])


@pytest.fixture
def manager_user(area):
    """A service manager who owns `area` (and not `other_area`)."""
    return factories.make_manager(areas=[area])


@pytest.fixture
def admin_client(client, admin_user):
    client.force_login(admin_user)
    return client


@pytest.fixture
def board_client(client, board_user):
    client.force_login(board_user)
    return client


@pytest.fixture
def manager_client(client, manager_user):
    client.force_login(manager_user)
    return client
