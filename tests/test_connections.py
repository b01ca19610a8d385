"""A database connection dropped between requests (a database restart, a failover, an idle
timeout) costs the next request a reconnect, not a server error: CONN_HEALTH_CHECKS."""

import pytest
from django.conf import settings
from django.db import close_old_connections, connection
from django.db.utils import Error as DatabaseError
from django.urls import reverse

from tests import factories

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="drops a live connection from the server's side: PostgreSQL (CI runs it there)",
    ),
]


def _drop_from_the_server_side():
    """What a database restart does to a kept connection: the server ends it, the client
    does not know yet."""
    connection.ensure_connection()
    pid = connection.connection.info.backend_pid
    other = connection.copy()
    with other.cursor() as cursor:
        cursor.execute("SELECT pg_terminate_backend(%s)", [pid])
    other.close()


@pytest.fixture
def page(client):
    plan = factories.make_plan(slug="kept-connection")
    client.force_login(factories.make_board_member(plans=[plan]))
    return reverse("dashboard:recommendations", args=[plan.slug])


def test_connections_are_kept_and_checked_before_use():
    assert settings.DATABASES["default"]["CONN_MAX_AGE"] > 0
    assert settings.DATABASES["default"]["CONN_HEALTH_CHECKS"] is True


def test_the_first_request_after_a_dropped_connection_is_served(client, page):
    _drop_from_the_server_side()
    close_old_connections()  # what Django does as every request starts (request_started)

    response = client.get(page)

    assert response.status_code == 200


def test_without_the_check_that_request_would_fail(client, page):
    """The check is what saves it: the same drop with it off breaks the next query."""
    _drop_from_the_server_side()
    close_old_connections()
    connection.health_check_enabled = False
    try:
        with pytest.raises(DatabaseError), connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    finally:
        connection.close()  # the next test starts with a fresh connection
